"""Routing rules, edited by administrators in the workspace."""

from django.urls import path

from vigilance.directory import views

app_name = "directory"

urlpatterns = [
    path("staff/routing/", views.routing_rule_list, name="routing_rule_list"),
    path("staff/routing/new/", views.routing_rule_create, name="routing_rule_create"),
    path("staff/routing/<int:rule_id>/", views.routing_rule_edit, name="routing_rule_edit"),
    path(
        "staff/routing/<int:rule_id>/deactivate/",
        views.routing_rule_deactivate,
        name="routing_rule_deactivate",
    ),
]
