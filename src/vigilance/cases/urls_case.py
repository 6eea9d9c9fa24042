"""Addresses of the case list, the case page and the actions posted from it."""

from django.urls import path

from vigilance.cases.views import case as views
from vigilance.cases.views.export import case_export

urlpatterns = [
    path("staff/cases/", views.case_list, name="case_list"),
    path("staff/cases/<uuid:case_id>/", views.case_detail, name="case_detail"),
    path(
        "staff/cases/<uuid:case_id>/tasks/<int:task_id>/done/",
        views.case_task_done,
        name="case_task_done",
    ),
    path(
        "staff/cases/<uuid:case_id>/shares/<int:share_id>/revoke/",
        views.case_share_revoke,
        name="case_share_revoke",
    ),
    path("staff/cases/<uuid:case_id>/reports/", views.case_reports, name="case_reports"),
    path("staff/cases/<uuid:case_id>/case-file.pdf", case_export, name="case_export"),
    path("staff/cases/<uuid:case_id>/<slug:action>/", views.case_action, name="case_action"),
]
