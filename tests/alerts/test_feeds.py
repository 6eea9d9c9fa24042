"""RSS and Atom feeds: published public alerts only, in the feed's language, with dates."""

import pytest
from defusedxml.ElementTree import fromstring
from django.test import Client

from tests.alerts.factories import content, published_alert
from vigilance.accounts.models import User
from vigilance.alerts.services.alerts import alert_draft, alert_update, alert_withdraw

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def test_the_rss_feed_lists_published_public_alerts_in_its_language(
    editor: User, second_editor: User
) -> None:
    alert = published_alert(editor, second_editor)
    published_alert(
        editor, second_editor, title_en="For partners", audience="partners", tlp="amber"
    )
    alert_draft(actor=editor, content=content(title_en="Still a draft"))
    withdrawn = published_alert(editor, second_editor, title_en="Withdrawn one")
    alert_withdraw(actor=editor, alert=withdrawn, reason="Fini.")
    response = Client().get("/en/alerts/feed/rss/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = fromstring(response.content).find("channel")
    assert channel is not None
    assert channel.findtext("language") == "en"
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["Fake MoMo refunds"]
    assert (
        items[0].findtext("link")
        == f"http://testserver/en/alerts/{alert.reference}/fake-momo-refunds/"
    )
    assert "<strong>balance</strong>" in (items[0].findtext("description") or "")


def test_the_french_atom_feed_is_in_french_with_updated_dates(
    editor: User, second_editor: User
) -> None:
    alert = published_alert(editor, second_editor)
    alert_update(actor=editor, alert=alert, content=content(title_fr="Titre corrigé"))
    response = Client().get("/fr/alerts/feed/atom/")
    assert response.status_code == 200
    feed = fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == ["Titre corrigé"]
    assert entries[0].findtext(f"{ATOM}updated") != entries[0].findtext(f"{ATOM}published")
    link = entries[0].find(f"{ATOM}link")
    assert link is not None
    assert link.get("href", "").endswith(f"/fr/alerts/{alert.reference}/faux-remboursements-momo/")
