"""Addresses of the guidance wizard and of awareness content, under the language prefix."""

from django.urls import path

from vigilance.alerts.views import awareness, guidance

app_name = "alerts_guidance"

urlpatterns = [
    path("what-happened/", guidance.question, name="start"),
    path("what-happened/advice/", guidance.advice, name="advice"),
    path("what-happened/<slug:key>/", guidance.question, name="question"),
    path("guides/", awareness.guide_list, name="guide_list"),
    path("guides/<slug:slug>/", awareness.guide_detail, name="guide_detail"),
    path("campaigns/<slug:slug>/poster.pdf", awareness.campaign_poster, name="campaign_poster"),
    path("staff/guidance/", guidance.staff_advice_list, name="staff_advice_list"),
    path("staff/guidance/<slug:key>/", guidance.staff_advice_edit, name="staff_advice_edit"),
    path("staff/awareness/", awareness.staff_awareness, name="staff_awareness"),
    path("staff/awareness/guides/new/", awareness.staff_guide_create, name="staff_guide_create"),
    path(
        "staff/awareness/guides/<slug:slug>/", awareness.staff_guide_edit, name="staff_guide_edit"
    ),
    path(
        "staff/awareness/guides/<slug:slug>/publish/",
        awareness.staff_guide_publish,
        name="staff_guide_publish",
    ),
    path(
        "staff/awareness/guides/<slug:slug>/unpublish/",
        awareness.staff_guide_unpublish,
        name="staff_guide_unpublish",
    ),
    path(
        "staff/awareness/campaigns/new/",
        awareness.staff_campaign_create,
        name="staff_campaign_create",
    ),
    path(
        "staff/awareness/campaigns/<slug:slug>/",
        awareness.staff_campaign,
        name="staff_campaign",
    ),
]
