"""The public pages of the site: home, advice, helpline and the error pages, in both languages."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import translation

from vigilance.core.views import server_error

pytestmark = pytest.mark.django_db

PAGES = ["home", "advice", "helpline"]


def _url(name: str, language: str) -> str:
    with translation.override(language):
        return reverse(name)


def _has_inline_script_or_style(html: str) -> bool:
    scripts_without_src = [
        tag for tag in re.findall(r"<script\b[^>]*>", html, flags=re.I) if "src=" not in tag
    ]
    return bool(scripts_without_src) or bool(re.search(r"\sstyle\s*=", html, flags=re.I))


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("language", ["fr", "en"])
def test_public_page_answers_in_its_language(client: Client, name: str, language: str) -> None:
    response = client.get(_url(name, language))

    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.content.decode()


def test_home_page_leads_to_reporting_following_and_the_helpline(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.HELPLINE = "1500"

    page = client.get("/en/").content.decode()

    assert 'href="/en/report/"' in page
    assert 'href="/en/follow/"' in page
    assert "Check a number or link before you pay" in page
    assert "No alert at the moment" in page
    assert 'href="tel:1500"' in page


def test_every_page_carries_the_layout(client: Client) -> None:
    page = client.get("/en/advice/").content.decode()

    assert "Vigilance" in page
    assert "National platform against cybercrime" in page
    assert "No one from Vigilance will ever ask you for money or your PIN" in page
    assert 'href="/en/report/privacy/"' in page
    assert 'href="/fr/advice/"' in page  # the language switch, a plain link


def test_advice_page_covers_each_kind_of_offence(client: Client) -> None:
    page = client.get("/en/advice/").content.decode()

    for heading in (
        "Mobile-money fraud",
        "Hacked account",
        "sextortion",
        "Online purchase scams",
        "Phishing",
        "Attacks on a business",
    ):
        assert heading in page
    assert "fraud line at once" in page
    assert "You are not to blame" in page


def test_helpline_page_says_the_call_is_free_from_a_basic_phone(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.HELPLINE = "8080"

    page = client.get("/en/helpline/").content.decode()

    assert "8080" in page
    assert "free" in page
    assert "basic phone" in page


@pytest.mark.parametrize("language", ["fr", "en"])
def test_unknown_page_gets_a_404_in_the_site_layout_and_language(
    client: Client, language: str
) -> None:
    response = client.get(f"/{language}/no-such-page/")

    page = response.content.decode()
    assert response.status_code == 404
    assert f'<html lang="{language}">' in page
    assert f'href="/{language}/"' in page


def test_404_page_is_in_english_for_an_english_address(client: Client) -> None:
    page = client.get("/en/no-such-page/").content.decode()

    assert "Page not found" in page


def test_server_error_page_needs_no_database(rf, settings) -> None:  # type: ignore[no-untyped-def]
    request = rf.get("/en/")
    with translation.override("en"), connection.execute_wrapper(_refuse_queries):
        response = server_error(request)

    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def _refuse_queries(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
    raise AssertionError("the error page must not query the database")


@pytest.mark.parametrize(
    "path", ["/fr/", "/en/", "/fr/advice/", "/en/helpline/", "/en/follow/", "/fr/nothing/"]
)
def test_pages_have_no_inline_script_or_style(client: Client, path: str) -> None:
    html = client.get(path).content.decode()

    assert not _has_inline_script_or_style(html)
