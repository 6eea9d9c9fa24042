"""Public pages: following a report with its reference and tracking code."""

from django.urls import path

from vigilance.intake.views import contact, follow

urlpatterns = [
    path("", follow.sign_in, name="follow"),
    path("confirm-email/<str:token>/", contact.confirm_email, name="follow_confirm_email"),
    path("<str:reference>/", follow.report_page, name="follow_report"),
    path("<str:reference>/information/", follow.add_information, name="follow_information"),
    path("<str:reference>/evidence/", follow.add_evidence, name="follow_evidence"),
    path("<str:reference>/identity/", follow.complete_identity, name="follow_identity"),
    path(
        "<str:reference>/contact/send/",
        follow.send_contact_verification,
        name="follow_contact_send",
    ),
    path("<str:reference>/contact/confirm/", follow.confirm_contact, name="follow_contact_confirm"),
    path("<str:reference>/stop/", follow.stop_following, name="follow_stop"),
    path("<str:reference>/receipt.pdf", follow.receipt, name="follow_receipt"),
]
