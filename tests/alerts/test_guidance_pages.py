"""The "What happened to you?" pages without script: one question a page, the advice, and the
report form started with what was said."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.utils import timezone

from vigilance.alerts.models_guidance import AdviceBlock

pytestmark = pytest.mark.django_db


def _answer(client: Client, path: str, **answers: str) -> str:
    """Send one page's form as a browser would; return where it leads."""
    response = client.get(path, {**answers, "sent": "1"})
    assert response.status_code == 302, response.content.decode()[:500]
    return str(response["Location"])


def test_the_questions_lead_to_the_advice_and_a_prefilled_report() -> None:
    client = Client()
    page = client.get("/fr/what-happened/")
    assert page.status_code == 200
    assert "Que vous est-il arrivé ?" in page.content.decode()

    where = _answer(client, "/fr/what-happened/", what="mobile_money")
    assert urlsplit(where).path == "/fr/what-happened/when/"
    where = _answer(client, urlsplit(where).path, what="mobile_money", when="hour")
    where = _answer(client, urlsplit(where).path, what="mobile_money", when="hour", paid="yes")
    assert urlsplit(where).path == "/fr/what-happened/provider/"
    where = _answer(
        client, "/fr/what-happened/provider/", what="mobile_money", when="hour", paid="yes",
        provider="mtn",
    )  # fmt: skip
    assert urlsplit(where).path == "/fr/what-happened/advice/"

    advice = client.get(where)
    text = advice.content.decode()
    assert advice.status_code == 200
    block_wallet = AdviceBlock.objects.get(key="block_wallet")
    assert block_wallet.title_fr in text
    assert text.index(block_wallet.title_fr) < text.index("Gardez les preuves")
    assert "8787" in text  # MTN's customer service
    report_link = next(
        line.split('href="')[1].split('"')[0]
        for line in text.splitlines()
        if "/fr/report/?" in line
    )
    query = parse_qs(urlsplit(report_link.replace("&amp;", "&")).query)
    assert query["category"] == ["mobile_money_fraud"]
    assert query["channel"] == ["mtn_momo"]
    assert query["incident_date"] == [timezone.localdate().isoformat()]

    started = client.get(report_link.replace("&amp;", "&"))
    assert started.status_code == 302
    client.post("/fr/report/who/", {"is_anonymous": "yes", "type": "person", "role": "victim"})
    what = client.get("/fr/report/what/").content.decode()
    assert 'id="category-mobile_money_fraud" value="mobile_money_fraud" checked' in what
    assert f'value="{timezone.localdate().isoformat()}"' in what
    loss = client.get("/fr/report/loss/").content.decode()
    assert '<option value="mtn_momo" selected>' in loss


def test_a_question_sent_without_an_answer_is_shown_again_with_a_message() -> None:
    response = Client().get("/en/what-happened/when/", {"what": "fake_shop", "sent": "1"})

    assert response.status_code == 400
    text = response.content.decode()
    assert "Choose when it happened." in text
    assert 'class="error-summary"' in text
    assert 'name="what" value="fake_shop"' in text


def test_a_forged_answer_in_the_address_gets_a_400_that_says_to_start_again() -> None:
    client = Client()
    for path, query in (
        ("/en/what-happened/when/", {"what": "<script>"}),
        ("/en/what-happened/advice/", {"what": "mobile_money", "when": "yesterday", "paid": "no"}),
    ):
        response = client.get(path, query)
        assert response.status_code == 400
        assert "Please answer the questions again" in response.content.decode()
        assert "<script>" not in response.content.decode()


def test_an_answer_outside_the_choices_is_refused_on_its_own_page() -> None:
    response = Client().get("/en/what-happened/", {"what": "lottery", "sent": "1"})

    assert response.status_code == 400
    assert "Choose what happened to you." in response.content.decode()


def test_skipping_a_question_leads_back_to_it() -> None:
    response = Client().get("/en/what-happened/advice/", {"what": "harassment", "paid": "no"})

    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == "/en/what-happened/when/"


def test_the_back_link_keeps_the_answers_given() -> None:
    page = (
        Client()
        .get("/en/what-happened/paid/", {"what": "account_hacked", "when": "today"})
        .content.decode()
    )

    assert 'href="/en/what-happened/when/?what=account_hacked&amp;when=today"' in page


def test_the_report_form_ignores_forged_or_unknown_prefill_values() -> None:
    client = Client()
    client.get(
        "/en/report/",
        {
            "category": "no_such_offence",
            "incident_date": "2999-01-01",
            "has_loss": "yes",
            "channel": "<b>bitcoin</b>",
            "reporter": "admin",
        },
    )
    client.post("/en/report/who/", {"is_anonymous": "yes", "type": "person", "role": "victim"})

    what = client.get("/en/report/what/").content.decode()
    assert " checked" not in what.split('name="category"', 1)[1].split("</fieldset>", 1)[0]
    assert "2999" not in what
    loss = client.get("/en/report/loss/").content.decode()
    assert "<b>bitcoin</b>" not in loss
    channel = loss.split('name="channel"', 1)[1].split("</select>", 1)[0]
    assert channel.count(" selected>") == 1
    assert '<option value="" selected>' in channel


def test_a_prefilled_step_is_not_finished_until_the_reporter_sends_it() -> None:
    client = Client()
    client.get("/en/report/", {"category": "sextortion", "has_loss": "no"})
    client.post("/en/report/who/", {"is_anonymous": "yes", "type": "person", "role": "victim"})

    review = client.get("/en/report/review/")

    assert review.status_code == 302
    assert urlsplit(review["Location"]).path == "/en/report/what/"


def test_an_answered_step_keeps_its_answers_over_a_later_prefill() -> None:
    client = Client()
    client.post("/en/report/who/", {"is_anonymous": "yes", "type": "person", "role": "victim"})
    client.post(
        "/en/report/what/",
        {
            "category": "phishing",
            "region": "LT",
            "description": "A fake bank page asked for my card number.",
        },
    )
    client.get("/en/report/", {"category": "sextortion"})

    what = client.get("/en/report/what/").content.decode()
    assert 'value="phishing" checked' in what
