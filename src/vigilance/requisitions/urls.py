"""Addresses of the requisition pages, under the language prefix."""

from django.urls import path

from vigilance.requisitions.views import abroad as abroad_views
from vigilance.requisitions.views import authorisation as authorisation_views
from vigilance.requisitions.views import freezes as freeze_views
from vigilance.requisitions.views import requisition as views
from vigilance.requisitions.views import stats as stats_views
from vigilance.requisitions.views import takedowns as takedown_views

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
        "staff/requisitions/<uuid:requisition_id>/pdf/",
        views.requisition_pdf,
        name="requisition_pdf",
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
    path(
        "staff/cases/<uuid:case_id>/takedowns/",
        takedown_views.case_takedowns,
        name="case_takedowns",
    ),
    path(
        "staff/reports/<uuid:report_id>/takedowns/new/",
        takedown_views.report_takedown,
        name="report_takedown",
    ),
    path(
        "staff/takedowns/<uuid:takedown_id>/",
        takedown_views.takedown_detail,
        name="takedown_detail",
    ),
    path(
        "staff/takedowns/<uuid:takedown_id>/<slug:action>/",
        takedown_views.takedown_action,
        name="takedown_action",
    ),
    path("staff/cases/<uuid:case_id>/abroad/", abroad_views.case_abroad, name="case_abroad"),
    path(
        "staff/abroad/<uuid:foreign_request_id>/",
        abroad_views.foreign_request_detail,
        name="foreign_request_detail",
    ),
    path(
        "staff/abroad/<uuid:foreign_request_id>/documents/<uuid:evidence_id>/",
        abroad_views.foreign_request_document,
        name="foreign_request_document",
    ),
    path(
        "staff/abroad/<uuid:foreign_request_id>/<slug:action>/",
        abroad_views.foreign_request_action,
        name="foreign_request_action",
    ),
]
