"""Filing a report on behalf of a victim, at a counter or on the phone (staff only)."""

from django.urls import path

from vigilance import workspace_placeholder as placeholder

app_name = "counter"

urlpatterns = [path("staff/counter/", placeholder.pending, name="report")]
