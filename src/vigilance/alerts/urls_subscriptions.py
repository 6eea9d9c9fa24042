"""Addresses of the subscription pages, under the language prefix."""

from django.urls import path

from vigilance.alerts.views import subscriptions as views

app_name = "alerts_subscriptions"

urlpatterns = [
    path("alerts/subscribe/", views.subscribe, name="subscribe"),
    path("alerts/subscribe/confirm-code/", views.confirm_code, name="confirm_code"),
    path("alerts/subscribe/confirm/<str:token>/", views.confirm_link, name="confirm_link"),
    path("alerts/subscriptions/<uuid:subscriber_id>/<str:token>/", views.manage, name="manage"),
    path(
        "alerts/subscriptions/<uuid:subscriber_id>/<str:token>/unsubscribe/",
        views.unsubscribe,
        name="unsubscribe",
    ),
    path("a/<str:reference>/", views.short_link, name="short_link"),
]
