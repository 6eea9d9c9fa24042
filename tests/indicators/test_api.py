"""The public identifier endpoints: live normalisation for the report form, and the list of types."""

import pytest
from django.test import Client

from vigilance.indicators.normalise import TYPES

NORMALISE = "/api/v1/identifiers/normalise"


def normalise(client: Client, type: str, value: str, language: str = "en"):  # type: ignore[no-untyped-def]
    return client.get(
        NORMALISE, {"type": type, "value": value}, headers={"accept-language": language}
    )


def test_a_phone_number_comes_back_normalised_with_its_operator(client: Client) -> None:
    response = normalise(client, "phone", "6 77 12 34 56")

    assert response.status_code == 200
    assert response.json() == {
        "type": "phone",
        "value": "+237677123456",
        "provider": "MTN",
        "display": "+237 6 77 12 34 56",
    }


def test_a_momo_account_names_its_money_provider(client: Client) -> None:
    body = normalise(client, "momo_account", "699 12 34 56").json()

    assert (body["value"], body["provider"]) == ("+237699123456", "orange_money")


def test_a_link_is_displayed_defanged(client: Client) -> None:
    body = normalise(client, "url", "hxxps://Login.Example[.]cm/pay#x").json()

    assert body["value"] == "https://login.example.cm/pay"
    assert body["display"] == "hxxps://login[.]example[.]cm/pay"


def test_an_internal_address_is_accepted_as_data(client: Client) -> None:
    body = normalise(client, "url", "http://127.0.0.1:8000/admin").json()

    assert body["value"] == "http://127.0.0.1:8000/admin"
    assert "127[.]0[.]0[.]1" in body["display"]


def test_an_invalid_value_is_a_422_naming_the_value_field(client: Client) -> None:
    response = normalise(client, "bank_account", "GB82WEST12345698765433")

    assert response.status_code == 422
    assert response.json() == {
        "error": {
            "code": "invalid",
            "message": "Some fields are not valid.",
            "fields": {"value": ["This IBAN's check digits are wrong: check each character."]},
        }
    }


def test_a_javascript_link_is_refused(client: Client) -> None:
    response = normalise(client, "url", "javascript:alert(document.cookie)")

    assert response.status_code == 422
    assert "Only web links" in response.json()["error"]["fields"]["value"][0]


def test_an_unknown_type_is_a_422_naming_the_type_field(client: Client) -> None:
    response = normalise(client, "fax", "677123456")

    assert response.status_code == 422
    assert response.json()["error"]["fields"] == {"type": ["Unknown type of identifier."]}


def test_missing_parameters_are_a_422(client: Client) -> None:
    response = client.get(NORMALISE, {"type": "phone"})

    assert response.status_code == 422
    assert "value" in response.json()["error"]["fields"]


@pytest.mark.parametrize(
    "value", ["", "\x00", "6" * 5000, "%", "http://[", "ﾟ" * 40, "\u202e677123456", "\U0001f600"]
)
@pytest.mark.parametrize("type", sorted(TYPES))
def test_hostile_values_get_a_4xx_never_a_5xx(client: Client, type: str, value: str) -> None:
    response = normalise(client, type, value)

    assert response.status_code in (200, 400, 422)
    if response.status_code != 200:
        assert response.json()["error"]["fields"]["value"]


def test_a_value_that_is_not_utf8_is_a_422(client: Client) -> None:
    response = client.get(f"{NORMALISE}?type=phone&value=%ED%A0%80%FF")

    assert response.status_code == 422


def test_errors_speak_french_when_asked(client: Client) -> None:
    english = normalise(client, "phone", "hello", "en").json()["error"]
    french = normalise(client, "phone", "hello", "fr").json()["error"]

    assert french["message"] != english["message"]


def test_the_list_of_types_has_a_label_and_an_example_each(client: Client) -> None:
    response = client.get("/api/v1/identifiers/types", headers={"accept-language": "en"})

    assert response.status_code == 200
    body = response.json()
    assert [entry["type"] for entry in body] == list(TYPES)
    phone = body[0]
    assert phone == {"type": "phone", "label": "Phone number", "placeholder": "677 12 34 56"}
    assert all(entry["label"] and entry["placeholder"] for entry in body)


def test_the_list_of_types_is_translated(client: Client) -> None:
    english = client.get("/api/v1/identifiers/types", headers={"accept-language": "en"}).json()
    french = client.get("/api/v1/identifiers/types", headers={"accept-language": "fr"}).json()

    assert french[0]["label"] != english[0]["label"]


def test_example_values_are_valid_identifiers(client: Client) -> None:
    for entry in client.get("/api/v1/identifiers/types").json():
        if "..." in entry["placeholder"]:
            continue
        response = normalise(client, entry["type"], entry["placeholder"])
        assert response.status_code == 200, entry


def test_live_normalisation_is_rate_limited(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.RATE_LOOKUP_PER_IP = "3/m"

    answers = [normalise(client, "phone", "677123456").status_code for _ in range(4)]

    assert answers == [200, 200, 200, 429]
    refused = normalise(client, "phone", "677123456")
    assert refused["Retry-After"] == "60"
    assert refused.json()["error"]["code"] == "rate_limited"
