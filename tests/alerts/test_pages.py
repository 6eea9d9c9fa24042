"""The alert pages as people see them: the editors' workflow, the public list and page, the home
page and the public check."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from tests import personas
from tests.alerts.factories import content, published_alert
from vigilance.accounts.models import User
from vigilance.alerts.models import Alert, AlertStatus
from vigilance.alerts.services.alerts import alert_draft, alert_withdraw

pytestmark = pytest.mark.django_db

FORM = {
    "title_fr": "Faux prêts rapides",
    "title_en": "Fake quick loans",
    "summary_fr": "Ne payez pas de caution.",
    "summary_en": "Do not pay a deposit.",
    "body_fr": "L'application **ment**.",
    "body_en": "The app **lies**.",
    "severity": "warning",
    "audience": "public",
    "tlp": "clear",
    "identifiers": "phone: 677 10 20 30",
}


def _png() -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (60, 40), "orange").save(output, format="PNG")
    return output.getvalue()


def test_an_editor_drafts_and_another_publishes_through_the_pages(
    editor: User, second_editor: User
) -> None:
    writer = personas.signed_in_client(editor)
    response = writer.post("/en/staff/alerts/new/", FORM)
    assert response.status_code == 302
    alert = Alert.objects.get()
    assert response["Location"] == f"/en/staff/alerts/{alert.reference}/"
    assert writer.post(f"/en/staff/alerts/{alert.reference}/submit/").status_code == 302
    assert writer.post(f"/en/staff/alerts/{alert.reference}/publish/").status_code == 403
    approver = personas.signed_in_client(second_editor)
    page = approver.get(f"/en/staff/alerts/{alert.reference}/")
    assert "Approve and publish" in page.content.decode()
    assert approver.post(f"/en/staff/alerts/{alert.reference}/publish/").status_code == 302
    alert.refresh_from_db()
    assert alert.status == AlertStatus.PUBLISHED
    assert alert.identifiers.get().value == "+237677102030"


def test_an_alert_without_english_gets_a_400_naming_each_field_in_french(editor: User) -> None:
    data = {**FORM, "title_en": "", "summary_en": ""}
    response = personas.signed_in_client(editor).post("/fr/staff/alerts/new/", data)
    assert response.status_code == 400
    text = response.content.decode()
    assert "Écrivez le titre en anglais." in text
    assert "Écrivez le résumé en anglais." in text
    assert not Alert.objects.exists()


def test_a_picture_needs_its_descriptions_and_is_served_with_caching(
    editor: User, second_editor: User
) -> None:
    client = personas.signed_in_client(editor)
    picture = SimpleUploadedFile("p.png", _png(), content_type="image/png")
    refused = client.post("/en/staff/alerts/new/", {**FORM, "picture": picture})
    assert refused.status_code == 400
    assert "Picture description in English" in refused.content.decode()
    picture = SimpleUploadedFile("p.png", _png(), content_type="image/png")
    data = {**FORM, "picture": picture, "picture_alt_fr": "Capture", "picture_alt_en": "Screen"}
    assert client.post("/en/staff/alerts/new/", data).status_code == 302
    alert = Alert.objects.get()
    client.post(f"/en/staff/alerts/{alert.reference}/submit/")
    personas.signed_in_client(second_editor).post(f"/en/staff/alerts/{alert.reference}/publish/")
    detail = Client().get(f"/en/alerts/{alert.reference}/{alert.slug_en}/").content.decode()
    image = re.search(r'<meta property="og:image" content="([^"]+)"', detail)
    assert image is not None
    served = Client().get(image.group(1))
    assert served.status_code == 200
    assert served["Content-Type"] == "image/png"
    assert "max-age=86400" in served["Cache-Control"]
    again = Client().get(image.group(1), HTTP_IF_NONE_MATCH=served["ETag"])
    assert again.status_code == 304


def test_a_draft_is_not_public(editor: User) -> None:
    alert = alert_draft(actor=editor, content=content())
    assert Client().get(f"/fr/alerts/{alert.reference}/{alert.slug_fr}/").status_code == 404


def test_the_public_page_has_its_slug_per_language_and_redirects_others(
    editor: User, second_editor: User
) -> None:
    alert = published_alert(editor, second_editor)
    french = Client().get(f"/fr/alerts/{alert.reference}/{alert.slug_fr}/")
    assert french.status_code == 200
    text = french.content.decode()
    assert '<meta property="og:title" content="Faux remboursements MoMo">' in text
    assert (
        f'hreflang="en" href="http://testserver/en/alerts/{alert.reference}/fake-momo-refunds/"'
        in text
    )
    assert '<meta property="og:locale" content="fr_FR">' in text
    assert 'name="twitter:card"' in text
    wrong = Client().get(f"/en/alerts/{alert.reference}/{alert.slug_fr}/")
    assert wrong.status_code == 301
    assert wrong["Location"] == f"/en/alerts/{alert.reference}/fake-momo-refunds/"
    short = Client().get(f"/fr/alerts/{alert.reference}/")
    assert short.status_code == 301


def test_an_updated_alert_says_so_at_the_same_address(editor: User, second_editor: User) -> None:
    from vigilance.alerts.services.alerts import alert_update

    alert = published_alert(editor, second_editor)
    alert_update(actor=editor, alert=alert, content=content(title_fr="Nouveau titre"))
    page = Client().get(f"/fr/alerts/{alert.reference}/{alert.slug_fr}/").content.decode()
    assert "Mis à jour le" in page
    assert "Nouveau titre" in page


def test_a_withdrawn_alert_says_why_and_leaves_the_list(editor: User, second_editor: User) -> None:
    alert = published_alert(editor, second_editor)
    alert_withdraw(actor=editor, alert=alert, reason="Fausse alerte.")
    page = Client().get(f"/fr/alerts/{alert.reference}/{alert.slug_fr}/")
    assert page.status_code == 200
    assert "Fausse alerte." in page.content.decode()
    assert alert.title_fr not in Client().get("/fr/alerts/").content.decode()


def test_the_list_filters_by_category_and_region(editor: User, second_editor: User) -> None:
    from vigilance.core.models import OffenceCategory, Region

    littoral = published_alert(
        editor,
        second_editor,
        title_en="Littoral loans",
        category=OffenceCategory.objects.get(code="loan_scam"),
        regions=[Region.objects.get(code="LT")],
    )
    north = published_alert(
        editor, second_editor, title_en="North only", regions=[Region.objects.get(code="NO")]
    )
    nationwide = published_alert(editor, second_editor, title_en="Everywhere")
    shown = Client().get("/en/alerts/?region=LT").content.decode()
    assert littoral.title_en in shown
    assert nationwide.title_en in shown
    assert north.title_en not in shown
    shown = Client().get("/en/alerts/?category=loan_scam").content.decode()
    assert littoral.title_en in shown
    assert nationwide.title_en not in shown
    assert Client().get("/en/alerts/?region=XX").status_code == 400


def test_the_home_page_shows_the_three_latest_public_alerts(
    editor: User, second_editor: User
) -> None:
    titles = [f"Alert number {n}" for n in range(4)]
    for title in titles:
        published_alert(editor, second_editor, title_en=title)
    published_alert(editor, second_editor, title_en="Partners only", audience="partners", tlp="red")
    page = Client().get("/en/").content.decode()
    assert [title in page for title in titles] == [False, True, True, True]
    assert "Partners only" not in page
    assert 'href="/en/alerts/feed/rss/"' in page


def test_the_home_page_says_when_there_is_no_alert() -> None:
    assert "No alert at the moment." in Client().get("/en/").content.decode()


def test_the_public_check_shows_the_alert_naming_the_number(
    editor: User, second_editor: User
) -> None:
    alert = published_alert(editor, second_editor, identifiers=[("phone", "+237677102030")])
    page = Client().get("/en/check/", {"type": "phone", "value": "677 10 20 30"})
    text = page.content.decode()
    assert page.status_code == 200
    assert f"/en/alerts/{alert.reference}/fake-momo-refunds/" in text
    other = Client().get("/en/check/", {"type": "phone", "value": "699 00 00 01"})
    assert alert.reference not in other.content.decode()


def test_partner_alerts_follow_their_tlp(
    editor: User, second_editor: User, mtn_responder: User, investigator_centre: User
) -> None:
    amber = published_alert(
        editor, second_editor, title_en="Amber", audience="partners", tlp="amber"
    )
    red = published_alert(editor, second_editor, title_en="Red", audience="partners", tlp="red")
    responder = personas.signed_in_client(mtn_responder)
    assert responder.get(f"/en/staff/alerts/partners/{amber.reference}/").status_code == 200
    assert responder.get(f"/en/staff/alerts/partners/{red.reference}/").status_code == 404
    investigator = personas.signed_in_client(investigator_centre)
    assert investigator.get(f"/en/staff/alerts/partners/{red.reference}/").status_code == 200
    assert Client().get(f"/en/alerts/{amber.reference}/{amber.slug_en}/").status_code == 404
