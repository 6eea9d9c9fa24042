from django.urls import path

from vigilance import workspace_placeholder as placeholder

urlpatterns = [
    path("staff/cases/", placeholder.pending, name="case_list"),
]
