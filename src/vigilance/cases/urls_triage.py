from django.urls import path

from vigilance import workspace_placeholder as placeholder

urlpatterns = [
    path("staff/triage/", placeholder.pending, name="triage_queue"),
]
