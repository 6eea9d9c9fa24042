"""Pages of the indicators app (see urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
