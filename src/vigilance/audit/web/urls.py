"""The auditors' read-only view of the trail."""

from django.urls import path

from vigilance import workspace_placeholder as placeholder

app_name = "audit"

urlpatterns = [path("staff/audit/", placeholder.pending, name="event_list")]
