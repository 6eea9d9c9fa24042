"""The agencies' workspace, under the language prefix: /fr/staff/... and /en/staff/..."""

from vigilance.cases import urls_case, urls_cluster, urls_triage, urls_workspace

app_name = "cases"

urlpatterns = [
    *urls_workspace.urlpatterns,
    *urls_cluster.urlpatterns,
    *urls_triage.urlpatterns,
    *urls_case.urlpatterns,
]
