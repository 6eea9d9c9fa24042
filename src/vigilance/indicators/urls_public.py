"""Public pages of the indicators app (see urls.py): the check and the owner's dispute."""

from django.urls import URLPattern, path

from vigilance.indicators import views_public

urlpatterns: list[URLPattern] = [
    path("check/", views_public.check, name="check"),
    path("check/dispute/", views_public.dispute, name="dispute"),
    path("check/dispute/sent/", views_public.dispute_sent, name="dispute_sent"),
]
