"""Addresses of the alerts pages, under the language prefix."""

from django.urls import URLPattern

app_name = "alerts_subscriptions"

urlpatterns: list[URLPattern] = []
