"""The demonstration awareness content: guides the public reads, a campaign with its runs."""

import pytest
from django.test import Client

from vigilance.accounts.models import User
from vigilance.alerts.demo_guidance import seed
from vigilance.alerts.models_guidance import Campaign, CampaignRun, Guide

pytestmark = pytest.mark.django_db


def test_the_demo_publishes_two_guides_and_a_campaign_run_over_three_years(editor: User) -> None:
    said = seed()

    assert said == "Awareness: 2 guides, 1 campaign, 8 campaign runs added."
    assert Guide.objects.filter(is_published=True).count() == 2
    assert set(CampaignRun.objects.values_list("medium", flat=True)) == {
        "radio",
        "schools",
        "social",
        "businesses",
    }
    listing = Client().get("/fr/guides/").content.decode()
    assert "Protéger son compte WhatsApp" in listing


def test_the_demo_seeded_twice_adds_nothing(editor: User) -> None:
    seed()

    assert seed() == "Awareness: 0 guides, 0 campaign, 0 campaign runs added."
    assert Campaign.objects.count() == 1
    assert CampaignRun.objects.count() == 8


def test_on_a_fresh_database_the_demo_makes_its_editor_first() -> None:
    assert seed() == "Awareness: 2 guides, 1 campaign, 8 campaign runs added."
    assert User.objects.get(username="editor").unit.code == "antic-communication"
