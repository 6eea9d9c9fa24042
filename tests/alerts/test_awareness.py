"""Awareness content: guides drafted and published by editors, campaigns and their runs, the
counts the statistics read, and the poster."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from tests import personas
from tests.intake.test_receipts import pdf_text
from vigilance.accounts.models import User
from vigilance.alerts.models_guidance import Campaign, CampaignMedium, Guide
from vigilance.alerts.selectors.awareness import campaign_run_counts
from vigilance.alerts.services import awareness
from vigilance.audit.models import AuditEvent
from vigilance.core.errors import InvalidAction, NotAllowed
from vigilance.core.models import Region

pytestmark = pytest.mark.django_db

CONTENT = awareness.GuideContent(
    title_fr="Protéger son compte WhatsApp",
    title_en="Protect your WhatsApp account",
    summary_fr="Trois réglages qui empêchent le vol de votre compte.",
    summary_en="Three settings that stop your account being stolen.",
    body_fr="Activez la **validation en deux étapes**.",
    body_en="Turn on **two-step verification**.",
    video_url="https://www.youtube.com/watch?v=abc",
)


def _campaign(editor: User, **changes: object) -> Campaign:
    values: dict[str, object] = {
        "name_fr": "Mon code, c'est secret",
        "name_en": "My code is my secret",
        "starts_on": dt.date(2024, 1, 15),
        "poster_headline_fr": "Ne donnez jamais votre code",
        "poster_headline_en": "Never give your code",
        "poster_message_fr": "Aucun agent MTN ou Orange ne vous demandera votre code secret.",
        "poster_message_en": "No MTN or Orange agent will ever ask for your secret code.",
        **changes,
    }
    return awareness.campaign_create(
        actor=editor,
        content=awareness.CampaignContent(**values),  # type: ignore[arg-type]
    )


def test_campaign_runs_are_counted_by_month_and_medium(editor: User) -> None:
    campaign = _campaign(editor)
    centre = Region.objects.get(code="CE")
    for day, medium, audience in (
        (dt.date(2025, 3, 3), CampaignMedium.RADIO, 120_000),
        (dt.date(2025, 3, 20), CampaignMedium.RADIO, None),
        (dt.date(2025, 3, 21), CampaignMedium.SCHOOLS, 400),
        (dt.date(2025, 4, 2), CampaignMedium.SOCIAL, None),
        (dt.date(2025, 6, 1), CampaignMedium.SCHOOLS, 50),
    ):
        awareness.campaign_run_log(
            actor=editor,
            campaign=campaign,
            medium=medium,
            place="CRTV Radio",
            held_on=day,
            region=centre,
            audience=audience,
        )

    counts = campaign_run_counts(date_from=dt.date(2025, 3, 1), date_to=dt.date(2025, 4, 30))

    assert counts == [
        {"month": dt.date(2025, 3, 1), "medium": "radio", "runs": 2, "audience": 120_000},
        {"month": dt.date(2025, 3, 1), "medium": "schools", "runs": 1, "audience": 400},
        {"month": dt.date(2025, 4, 1), "medium": "social", "runs": 1, "audience": None},
    ]


def test_a_run_cannot_be_logged_in_the_future_or_before_the_campaign(editor: User) -> None:
    campaign = _campaign(editor)
    for day in (timezone.localdate() + dt.timedelta(days=1), dt.date(2023, 12, 31)):
        with pytest.raises(InvalidAction) as refused:
            awareness.campaign_run_log(
                actor=editor, campaign=campaign, medium="radio", place="CRTV", held_on=day
            )
        assert "held_on" in refused.value.fields
    assert not campaign.runs.exists()


def test_a_campaign_cannot_end_before_it_starts(editor: User) -> None:
    with pytest.raises(InvalidAction) as refused:
        _campaign(editor, ends_on=dt.date(2023, 1, 1))
    assert "ends_on" in refused.value.fields


def test_an_editor_publishes_a_guide_and_the_trail_says_so(editor: User) -> None:
    guide = awareness.guide_create(actor=editor, content=CONTENT)
    assert guide.slug == "proteger-son-compte-whatsapp"
    assert not guide.is_published

    awareness.guide_publish(actor=editor, guide=guide)
    awareness.guide_unpublish(actor=editor, guide=guide)

    actions = list(AuditEvent.objects.filter(object_id=guide.slug).values_list("action", flat=True))
    assert actions == ["guide.created", "guide.published", "guide.unpublished"]


@pytest.mark.parametrize(
    "link",
    [
        "http://www.youtube.com/watch?v=abc",
        "https://evil.example.com/video",
        "javascript:alert(1)",
        "https://youtube.com.evil.example/x",
    ],
)
def test_a_guide_refuses_a_video_link_outside_the_allowed_sites(editor: User, link: str) -> None:
    content = awareness.GuideContent(**{**CONTENT.__dict__, "video_url": link})
    with pytest.raises(InvalidAction) as refused:
        awareness.guide_create(actor=editor, content=content)
    assert "video_url" in refused.value.fields
    assert not Guide.objects.exists()


@pytest.mark.parametrize("name", ["statistician", "investigator_centre", "administrator_user"])
def test_only_editors_change_awareness_content(name: str) -> None:
    with pytest.raises(NotAllowed):
        awareness.guide_create(actor=personas.persona(name), content=CONTENT)
    assert not Guide.objects.exists()


def test_the_public_sees_only_published_guides(editor: User) -> None:
    draft = awareness.guide_create(actor=editor, content=CONTENT)
    published = awareness.guide_create(
        actor=editor,
        content=awareness.GuideContent(**{**CONTENT.__dict__, "title_fr": "Arnaques à l'emploi"}),
    )
    awareness.guide_publish(actor=editor, guide=published)
    client = Client()

    listing = client.get("/fr/guides/")
    assert "Arnaques à l&#x27;emploi" in listing.content.decode()
    assert "Protéger son compte" not in listing.content.decode()
    assert client.get(f"/fr/guides/{published.slug}/").status_code == 200
    assert client.get(f"/fr/guides/{draft.slug}/").status_code == 404


def test_the_poster_is_an_a4_pdf_with_both_languages_and_the_helpline(
    editor: User, settings: object
) -> None:
    campaign = _campaign(editor)

    response = Client().get(f"/fr/campaigns/{campaign.slug}/poster.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = " ".join(pdf_text(response.content).split())
    assert "Ne donnez jamais votre code" in text
    assert "Never give your code" in text
    assert "Ligne verte gratuite" in text or "Numéro vert" in text or "1500" in text
    assert "Free helpline" in text


def test_an_unknown_campaign_has_no_poster() -> None:
    assert Client().get("/fr/campaigns/no-such-campaign/poster.pdf").status_code == 404


def test_an_editor_publishes_a_guide_through_the_pages(editor: User) -> None:
    client = personas.signed_in_client(editor)
    created = client.post("/en/staff/awareness/guides/new/", {**CONTENT.__dict__, "video_url": ""})
    guide = Guide.objects.get()
    assert created.status_code == 302
    assert Client().get(f"/en/guides/{guide.slug}/").status_code == 404

    client.post(f"/en/staff/awareness/guides/{guide.slug}/publish/")

    page = Client().get(f"/en/guides/{guide.slug}/")
    assert page.status_code == 200
    assert "<strong>two-step verification</strong>" in page.content.decode()


def test_a_guide_with_a_forbidden_video_link_is_shown_again_with_the_message(
    editor: User,
) -> None:
    response = personas.signed_in_client(editor).post(
        "/en/staff/awareness/guides/new/",
        {**CONTENT.__dict__, "video_url": "https://evil.example.com/v"},
    )

    assert response.status_code == 400
    assert "Give an https link to YouTube" in response.content.decode()
    assert not Guide.objects.exists()


def test_an_editor_logs_a_campaign_run_and_a_bad_one_is_refused_with_a_message(
    editor: User,
) -> None:
    campaign = _campaign(editor)
    client = personas.signed_in_client(editor)
    page = f"/fr/staff/awareness/campaigns/{campaign.slug}/"
    run = {"medium": "radio", "place": "CRTV Poste national", "held_on": "2025-02-03"}

    assert client.post(page, {**run, "audience": "150000", "region": "CE"}).status_code == 302
    refused = client.post(page, {**run, "audience": "beaucoup"})

    assert refused.status_code == 400
    assert "Indiquez un nombre entier" in refused.content.decode()
    assert campaign.runs.get().audience == 150_000
    assert "CRTV Poste national" in client.get(page).content.decode()


@pytest.mark.parametrize(
    "name", ["statistician", "investigator_littoral", "auditor", "administrator_user"]
)
def test_only_editors_reach_the_editors_pages(editor: User, name: str) -> None:
    campaign = _campaign(editor)
    guide = awareness.guide_create(actor=editor, content=CONTENT)
    client = personas.signed_in_client(personas.persona(name))

    for path in (
        "/fr/staff/awareness/",
        "/fr/staff/guidance/",
        "/fr/staff/guidance/keep_evidence/",
        f"/fr/staff/awareness/guides/{guide.slug}/",
        f"/fr/staff/awareness/campaigns/{campaign.slug}/",
    ):
        assert client.get(path).status_code == 404, path
    assert client.post(f"/fr/staff/awareness/guides/{guide.slug}/publish/").status_code == 404
    guide.refresh_from_db()
    assert not guide.is_published
