from django.urls import path

from vigilance import workspace_placeholder as placeholder

urlpatterns = [
    path("staff/", placeholder.pending, name="home"),
    path("staff/search/", placeholder.pending, name="search"),
]
