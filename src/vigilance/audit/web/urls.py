"""The auditors' read-only view of the trail."""

from django.urls import path

from vigilance.audit.web import views

app_name = "audit"

urlpatterns = [
    path("staff/audit/", views.event_list, name="event_list"),
    path("staff/audit/verify/", views.chain_verify, name="chain_verify"),
]
