"""Public pages: following a report with its reference and tracking code."""

from django.urls import path

from vigilance.intake.views import follow

urlpatterns = [
    path("", follow.sign_in, name="follow"),
    path("<str:reference>/", follow.report_page, name="follow_report"),
    path("<str:reference>/information/", follow.add_information, name="follow_information"),
    path("<str:reference>/evidence/", follow.add_evidence, name="follow_evidence"),
    path("<str:reference>/identity/", follow.complete_identity, name="follow_identity"),
    path("<str:reference>/stop/", follow.stop_following, name="follow_stop"),
    path("<str:reference>/receipt.pdf", follow.receipt, name="follow_receipt"),
]
