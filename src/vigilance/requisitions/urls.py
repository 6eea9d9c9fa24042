"""Addresses of the requisition pages, under the language prefix."""

from django.urls import path

from vigilance.requisitions.views import authorisation as authorisation_views
from vigilance.requisitions.views import freezes as freeze_views
from vigilance.requisitions.views import requisition as views
from vigilance.requisitions.views import stats as stats_views

app_name = "requisitions"

urlpatterns = [
    path(
        "staff/cases/<uuid:case_id>/requisitions/",
        views.case_requisitions,
        name="case_requisitions",
    ),
    path("staff/requisitions/overdue/", views.overdue, name="overdue"),
    path(
        "staff/requisitions/authorisations/",
        authorisation_views.authorisation_queue,
        name="authorisation_queue",
    ),
    path("staff/requisitions/statistics/", stats_views.statistics, name="statistics"),
    path(
        "staff/requisitions/<uuid:requisition_id>/",
        views.requisition_detail,
        name="requisition_detail",
    ),
    path(
        "staff/requisitions/<uuid:requisition_id>/files/<uuid:evidence_id>/",
        views.requisition_file,
        name="requisition_file",
    ),
    path(
        "staff/requisitions/<uuid:requisition_id>/<slug:action>/",
        views.requisition_action,
        name="requisition_action",
    ),
    path("staff/desk/", views.partner_desk, name="partner_desk"),
    path(
        "staff/cases/<uuid:case_id>/money-trail/",
        freeze_views.case_money_trail,
        name="case_money_trail",
    ),
    path("staff/freezes/<uuid:freeze_id>/", freeze_views.freeze_detail, name="freeze_detail"),
    path(
        "staff/freezes/<uuid:freeze_id>/<slug:action>/",
        freeze_views.freeze_action,
        name="freeze_action",
    ),
]
