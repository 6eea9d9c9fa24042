"""Re-authentication before sensitive actions: a sign-in older than REAUTH_MAX_AGE_SECONDS sends
the person to the confirm page (password and code again), then back to where they were going."""

import time

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client
from pytest_django.fixtures import Settings

from tests import personas
from vigilance.accounts import reauth
from vigilance.accounts.models import User

pytestmark = pytest.mark.django_db

CONFIRM = "/en/staff/confirm/"


def age_sign_in(client: Client, seconds: int) -> None:
    session = client.session
    session[reauth.AUTHENTICATED_AT_SESSION_KEY] = int(time.time()) - seconds
    session.save()


@pytest.fixture
def member_page(administrator_user: User, investigator_centre: User) -> str:
    return f"/en/staff/admin/people/{investigator_centre.pk}/"


def test_recent_sign_in_opens_a_sensitive_page(administrator_user: User, member_page: str) -> None:
    client = personas.signed_in_client(administrator_user)
    assert client.get(member_page).status_code == 200


def test_old_sign_in_is_sent_to_the_confirm_page(
    administrator_user: User, member_page: str
) -> None:
    client = personas.signed_in_client(administrator_user)
    age_sign_in(client, 11 * 60)
    response = client.get(member_page)
    assert response.status_code == 302
    assert response["Location"] == f"{CONFIRM}?next=%2Fen%2Fstaff%2Fadmin%2Fpeople%2F" + (
        member_page.rsplit("/", 2)[1] + "%2F"
    )


def test_max_age_comes_from_the_settings(
    administrator_user: User, member_page: str, settings: Settings
) -> None:
    settings.REAUTH_MAX_AGE_SECONDS = 60
    client = personas.signed_in_client(administrator_user)
    age_sign_in(client, 90)
    assert client.get(member_page).status_code == 302
    settings.REAUTH_MAX_AGE_SECONDS = 120
    assert client.get(member_page).status_code == 200


def test_password_and_code_on_the_confirm_page_lead_back(
    administrator_user: User, member_page: str
) -> None:
    client = personas.signed_in_client(administrator_user)
    age_sign_in(client, 3600)
    page = client.get(CONFIRM, {"next": member_page})
    assert page.status_code == 200
    assert "Confirm it is you" in page.content.decode()
    response = client.post(
        CONFIRM,
        {
            "password": personas.PASSWORD,
            "otp_token": personas.current_code(administrator_user),
            "next": member_page,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == member_page
    assert client.get(member_page).status_code == 200


def test_wrong_password_on_the_confirm_page_is_refused(
    administrator_user: User, member_page: str
) -> None:
    client = personas.signed_in_client(administrator_user)
    age_sign_in(client, 3600)
    response = client.post(
        CONFIRM,
        {
            "password": "not the password 123",
            "otp_token": personas.current_code(administrator_user),
            "next": member_page,
        },
    )
    assert response.status_code == 400
    assert "The password or the one-time code is wrong." in response.content.decode()
    assert client.get(member_page).status_code == 302


def test_confirm_page_never_sends_elsewhere(administrator_user: User) -> None:
    client = personas.signed_in_client(administrator_user)
    response = client.post(
        CONFIRM,
        {
            "password": personas.PASSWORD,
            "otp_token": personas.current_code(administrator_user),
            "next": "https://evil.example/",
        },
    )
    assert response["Location"] == "/en/staff/"


def test_five_failures_on_the_confirm_page_sign_out(administrator_user: User) -> None:
    client = personas.signed_in_client(administrator_user)
    form = {"password": "wrong password 123", "otp_token": "000000"}
    statuses = [client.post(CONFIRM, form).status_code for _attempt in range(5)]
    assert statuses == [400, 400, 400, 400, 429]
    assert client.get("/en/staff/account/")["Location"].startswith("/en/staff/sign-in/")


def test_decorator_redirects_a_request_without_a_recorded_sign_in(rf) -> None:  # type: ignore[no-untyped-def]
    @reauth.require_recent_authentication(max_age=5)
    def sensitive(request: HttpRequest) -> HttpResponse:
        return HttpResponse("done")

    request = rf.get("/en/staff/export/")
    request.session = {}
    assert sensitive(request).status_code == 302
    reauth.authentication_record(request)
    assert sensitive(request).status_code == 200
