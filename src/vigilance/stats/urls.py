"""Addresses of the stats pages, under the language prefix."""

from django.urls import path

from vigilance.stats.views import public

app_name = "stats"

urlpatterns = [
    path("statistics/", public.statistics, name="statistics"),
]
