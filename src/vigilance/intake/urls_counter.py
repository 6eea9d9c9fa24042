"""Filing a report on behalf of a victim, at a counter or on the phone (staff only)."""

from django.urls import path

from vigilance.intake.views import counter

app_name = "counter"

urlpatterns = [
    path("staff/counter/", counter.report, name="report"),
    path("staff/counter/done/", counter.done, name="done"),
    path("staff/counter/<str:reference>/receipt.pdf", counter.receipt, name="receipt"),
]
