"""The sign-in page says what to put in the code field in each case (authenticator set up, or
first sign-in), the same for every account, as the description of the field itself."""

import re

import pytest
from django.test import Client

from tests.accounts.conftest import PASSWORD
from vigilance.accounts import services

pytestmark = pytest.mark.django_db

SET_UP = {
    "en": "Authenticator app already set up: the 6-digit code it shows now, or one of your backup",
    "fr": "Application d\N{RIGHT SINGLE QUOTATION MARK}authentification déjà configurée : le code à 6 chiffres",
}
FIRST = {
    "en": "First sign-in, or authenticator reset by your administrator: leave this empty",
    "fr": "Première connexion, ou authentification réinitialisée par votre administrateur : "
    "laissez ce champ vide",
}


def _code_description(page: str) -> str:
    """The text the code field points to with aria-describedby."""
    [field] = re.findall(r'<input[^>]*name="otp_token"[^>]*>', page)
    [described_by] = re.findall(r'aria-describedby="([^"]+)"', field)
    [description] = re.findall(rf'id="{described_by}"[^>]*>(.*?)</p>', page, re.DOTALL)
    return " ".join(description.split())


@pytest.mark.parametrize("language", ["en", "fr"])
def test_code_field_describes_both_cases(client: Client, language: str) -> None:
    page = client.get(f"/{language}/staff/sign-in/").content.decode()

    description = _code_description(page)

    assert SET_UP[language] in description
    assert FIRST[language] in description


def _refused_page(username: str) -> str:
    page = Client().post(
        "/en/staff/sign-in/", {"username": username, "password": "wrong password", "otp_token": ""}
    )
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page.content.decode())


def test_refusal_says_the_same_for_an_enrolled_and_a_new_account(
    investigator: services.StaffAccount,
) -> None:
    services.user_create_staff(
        username="new.officer",
        email="new.officer@vigilance.example",
        password=PASSWORD,
        first_name="Nouvel",
        last_name="Agent",
    )

    enrolled = _refused_page("investigator.centre")
    new = _refused_page("new.officer")

    assert enrolled.replace("investigator.centre", "new.officer") == new
    assert FIRST["en"] in _code_description(new)
