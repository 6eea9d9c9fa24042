"""Addresses of the cluster pages of a report and of a case, the requests for access posted from
them, and the confirmation of identifiers found in a narrative. Listed before the report and case
actions, whose ``<slug:action>/`` would otherwise take ``cluster/``."""

from django.urls import path

from vigilance.cases.views import cluster, sightings

urlpatterns = [
    path(
        "staff/reports/<uuid:report_id>/cluster/",
        cluster.report_cluster_page,
        name="report_cluster",
    ),
    path(
        "staff/reports/<uuid:report_id>/cluster/ask/",
        cluster.report_cluster_ask,
        name="report_cluster_ask",
    ),
    path(
        "staff/reports/<uuid:report_id>/sightings/<int:sighting_id>/confirm/",
        sightings.report_sighting_confirm,
        name="report_sighting_confirm",
    ),
    path("staff/cases/<uuid:case_id>/cluster/", cluster.case_cluster_page, name="case_cluster"),
    path(
        "staff/cases/<uuid:case_id>/cluster/ask/", cluster.case_cluster_ask, name="case_cluster_ask"
    ),
]
