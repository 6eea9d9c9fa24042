"""Staff sign-in answers the same whether the password or the code is wrong, and pauses an
account, whatever the address, after repeated failures (besides the per-address lockout)."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone
from pytest_django.fixtures import Settings

from tests import personas
from vigilance.accounts.models import SignInBackoff, User
from vigilance.accounts.services.backoff import pause_after

pytestmark = pytest.mark.django_db

SIGN_IN = "/en/staff/sign-in/"
HOME = "/en/staff/"
ADMIN_LOGIN = "/admin/login/"


def _attempt(address: str, username: str, password: str, code: str = "") -> tuple[Client, object]:
    client = Client(REMOTE_ADDR=address)
    response = client.post(SIGN_IN, {"username": username, "password": password, "otp_token": code})
    return client, response


def _page(response: object) -> str:
    """The page without its per-response CSRF token."""
    html = response.content.decode()  # type: ignore[attr-defined]
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def _wrong_code(user: User) -> str:
    right = personas.current_code(user)
    return f"{(int(right) + 1) % 1_000_000:06d}"


@pytest.fixture
def small_backoff(settings: Settings) -> None:
    settings.SIGN_IN_BACKOFF_FAILURES = 3
    settings.SIGN_IN_BACKOFF_FIRST_SECONDS = 60
    settings.SIGN_IN_BACKOFF_LONGEST_SECONDS = 3600


def test_wrong_code_and_wrong_password_give_the_same_page(investigator_centre: User) -> None:
    code = _wrong_code(investigator_centre)
    wrong_password_client, wrong_password = _attempt(
        "10.0.0.1", "investigator_centre", "not the password 1234", code
    )
    wrong_code_client, wrong_code = _attempt(
        "10.0.0.2", "investigator_centre", personas.PASSWORD, code
    )
    assert wrong_password.status_code == wrong_code.status_code == 200  # type: ignore[attr-defined]
    assert _page(wrong_password) == _page(wrong_code)
    for client in (wrong_password_client, wrong_code_client):
        assert "_auth_user_id" not in client.session
        assert client.get(HOME).status_code == 302


def test_missing_code_with_the_right_password_gives_the_same_page(
    investigator_centre: User,
) -> None:
    _client, wrong_password = _attempt("10.0.0.1", "investigator_centre", "not it 123456789")
    _client, right_password = _attempt("10.0.0.2", "investigator_centre", personas.PASSWORD)
    assert _page(wrong_password) == _page(right_password)
    assert "The username, the password or the one-time code is wrong." in _page(right_password)


def test_unknown_username_gives_the_same_page(investigator_centre: User) -> None:
    _client, unknown = _attempt("10.0.0.1", "nobody_here", "not it 123456789", "123456")
    _client, known = _attempt("10.0.0.2", "investigator_centre", personas.PASSWORD, "123456")
    if personas.current_code(investigator_centre) == "123456":
        pytest.skip("the wrong code happened to be the right one")
    assert _page(unknown).replace("nobody_here", "investigator_centre") == _page(known)


def test_admin_sign_in_gives_the_same_answer_for_a_wrong_code(
    administrator_user: User,
) -> None:
    administrator_user.is_staff = True
    administrator_user.save()
    code = _wrong_code(administrator_user)
    answers = []
    for address, password in (("10.0.0.1", "not the password 1"), ("10.0.0.2", personas.PASSWORD)):
        response = Client(REMOTE_ADDR=address).post(
            ADMIN_LOGIN,
            {"username": "administrator_user", "password": password, "otp_token": code},
        )
        assert response.status_code == 200
        answers.append(_page(response))
    assert answers[0] == answers[1]


def test_failures_from_many_addresses_pause_the_account(
    small_backoff: None, investigator_centre: User
) -> None:
    for index in range(3):
        _client, response = _attempt(f"10.0.1.{index}", "investigator_centre", "wrong 123456789")
        assert response.status_code == 200  # type: ignore[attr-defined]
    # A fourth address, with the right password and code: refused while the pause lasts.
    client, paused = _attempt(
        "10.0.1.9",
        "investigator_centre",
        personas.PASSWORD,
        personas.current_code(investigator_centre),
    )
    assert paused.status_code == 429  # type: ignore[attr-defined]
    assert 0 < int(paused["Retry-After"]) <= 60  # type: ignore[index]
    assert "signing in to it is paused: try again in 1 minute" in _page(paused)
    assert client.get(HOME).status_code == 302


def test_the_pause_does_not_tell_whether_the_account_exists(
    small_backoff: None, investigator_centre: User
) -> None:
    answers = []
    for username in ("investigator_centre", "nobody_here"):
        for index in range(3):
            _attempt(f"10.0.2.{index}", username, "wrong 123456789")
        _client, paused = _attempt("10.0.2.9", username, "wrong 123456789")
        assert paused.status_code == 429  # type: ignore[attr-defined]
        answers.append(_page(paused).replace(username, "USERNAME"))
    assert answers[0] == answers[1]


def test_wrong_codes_count_towards_the_pause(
    small_backoff: None, investigator_centre: User
) -> None:
    for index in range(3):
        _attempt(f"10.0.3.{index}", "investigator_centre", personas.PASSWORD, "000000")
    _client, paused = _attempt(
        "10.0.3.9",
        "investigator_centre",
        personas.PASSWORD,
        personas.current_code(investigator_centre),
    )
    assert paused.status_code == 429  # type: ignore[attr-defined]


def test_the_pause_grows_after_each_further_failure(
    small_backoff: None, investigator_centre: User
) -> None:
    for index in range(3):
        _attempt(f"10.0.4.{index}", "investigator_centre", "wrong 123456789")
    first = SignInBackoff.objects.get(username="investigator_centre")
    assert first.blocked_until is not None
    # The pause is over: the next failure pauses the account for longer.
    first.blocked_until = timezone.now() - dt.timedelta(seconds=1)
    first.save()
    _attempt("10.0.4.8", "investigator_centre", "wrong 123456789")
    _client, paused = _attempt("10.0.4.9", "investigator_centre", "wrong 123456789")
    assert paused.status_code == 429  # type: ignore[attr-defined]
    assert 60 < int(paused["Retry-After"]) <= 120  # type: ignore[index]
    assert [pause_after(failures) for failures in (2, 3, 4, 5, 30)] == [0, 60, 120, 240, 3600]


def test_a_complete_sign_in_clears_the_count(
    small_backoff: None, investigator_centre: User
) -> None:
    for index in range(2):
        _attempt(f"10.0.5.{index}", "investigator_centre", "wrong 123456789")
    _client, signed_in = _attempt(
        "10.0.5.7",
        "investigator_centre",
        personas.PASSWORD,
        personas.current_code(investigator_centre),
    )
    assert signed_in.status_code == 302  # type: ignore[attr-defined]
    assert not SignInBackoff.objects.filter(username="investigator_centre").exists()
    for index in range(2):
        _attempt(f"10.0.5.{index + 2}", "investigator_centre", "wrong 123456789")
    _client, still_open = _attempt("10.0.5.8", "investigator_centre", "wrong 123456789")
    assert still_open.status_code == 200  # type: ignore[attr-defined]


def test_the_pause_counts_usernames_whatever_their_case(
    small_backoff: None, investigator_centre: User
) -> None:
    for index, username in enumerate(
        ("Investigator_Centre", "INVESTIGATOR_CENTRE", " investigator_centre")
    ):
        _attempt(f"10.0.6.{index}", username, "wrong 123456789")
    _client, paused = _attempt("10.0.6.9", "investigator_centre", "wrong 123456789")
    assert paused.status_code == 429  # type: ignore[attr-defined]
