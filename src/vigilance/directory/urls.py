"""Routing rules, edited by administrators in the workspace."""

from django.urls import path

from vigilance import workspace_placeholder as placeholder

app_name = "directory"

urlpatterns = [path("staff/routing/", placeholder.pending, name="routing_rule_list")]
