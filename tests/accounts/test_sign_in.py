"""Staff sign-in: a password alone never opens the staff pages or the administration site."""

import pytest
from django.test import Client
from django_otp.plugins.otp_static.models import StaticDevice

from tests.accounts.conftest import PASSWORD, current_code
from vigilance.accounts import services

pytestmark = pytest.mark.django_db

SIGN_IN = "/en/staff/sign-in/"
HOME = "/en/staff/"
ADMIN_LOGIN = "/admin/login/"
WRONG = "The username, the password or the one-time code is wrong."


def sign_in(client: Client, username: str, password: str, code: str = "") -> object:
    return client.post(SIGN_IN, {"username": username, "password": password, "otp_token": code})


def test_sign_in_page_asks_for_the_three_fields_in_english(client: Client) -> None:
    page = client.get(SIGN_IN).content.decode()
    assert "Staff sign-in" in page
    assert 'name="username"' in page
    assert 'name="password"' in page
    assert 'name="otp_token"' in page
    assert "One-time code" in page


def test_staff_home_sends_anonymous_visitors_to_the_sign_in(client: Client) -> None:
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(SIGN_IN)


def test_password_without_code_does_not_sign_in(
    client: Client, investigator: services.StaffAccount
) -> None:
    response = sign_in(client, "investigator.centre", PASSWORD)
    assert response.status_code == 200
    assert WRONG in response.content.decode()
    assert client.get(HOME).status_code == 302


def test_password_only_session_is_refused_by_staff_home(
    client: Client, investigator: services.StaffAccount
) -> None:
    client.force_login(investigator.user)
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(SIGN_IN)


def test_password_and_current_code_sign_in(
    client: Client, investigator: services.StaffAccount
) -> None:
    response = sign_in(client, "investigator.centre", PASSWORD, current_code(investigator.device))
    assert response.status_code == 302
    assert response["Location"] == HOME
    page = client.get(HOME)
    assert page.status_code == 200
    assert "My work" in page.content.decode()


def test_wrong_code_is_refused_with_a_readable_message(
    client: Client, investigator: services.StaffAccount
) -> None:
    right = current_code(investigator.device)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    response = sign_in(client, "investigator.centre", PASSWORD, wrong)
    assert response.status_code == 200
    assert WRONG in response.content.decode()
    assert client.get(HOME).status_code == 302


def test_wrong_password_with_right_code_is_refused(
    client: Client, investigator: services.StaffAccount
) -> None:
    response = sign_in(
        client, "investigator.centre", "not the password at all", current_code(investigator.device)
    )
    assert response.status_code == 200
    assert WRONG in response.content.decode()
    assert client.get(HOME).status_code == 302


def test_backup_code_signs_in_once(client: Client, investigator: services.StaffAccount) -> None:
    codes = services.user_backup_codes_reset(user=investigator.user)
    assert len(codes) == 5
    assert sign_in(client, "investigator.centre", PASSWORD, codes[0]).status_code == 302
    assert client.get(HOME).status_code == 200
    client.post("/en/staff/sign-out/")
    assert client.get(HOME).status_code == 302
    again = sign_in(client, "investigator.centre", PASSWORD, codes[0])
    assert again.status_code == 200
    assert StaticDevice.objects.get(user=investigator.user).token_set.count() == 4


def test_sign_out_needs_a_post(client: Client, investigator: services.StaffAccount) -> None:
    sign_in(client, "investigator.centre", PASSWORD, current_code(investigator.device))
    assert client.get("/en/staff/sign-out/").status_code == 405
    assert client.get(HOME).status_code == 200
    assert client.post("/en/staff/sign-out/").status_code == 302
    assert client.get(HOME).status_code == 302


def test_five_failures_lock_the_account_out_with_a_readable_page(
    client: Client, investigator: services.StaffAccount
) -> None:
    for _attempt in range(4):
        assert sign_in(client, "investigator.centre", "wrong password 1234").status_code == 200
    locked = sign_in(client, "investigator.centre", "wrong password 1234")
    assert locked.status_code == 429
    assert "Too many failed sign-in attempts" in locked.content.decode()
    assert int(locked["Retry-After"]) > 0
    # Even the right password and code are refused while locked out.
    after = sign_in(client, "investigator.centre", PASSWORD, current_code(investigator.device))
    assert after.status_code == 429
    assert client.get(HOME).status_code == 302


def test_wrong_codes_count_towards_the_lockout(
    client: Client, investigator: services.StaffAccount
) -> None:
    statuses = [
        sign_in(client, "investigator.centre", PASSWORD, "00000000").status_code for _ in range(5)
    ]
    assert statuses == [200, 200, 200, 200, 429]


def test_lockout_is_per_username_and_address(
    client: Client, investigator: services.StaffAccount
) -> None:
    for _attempt in range(5):
        sign_in(client, "investigator.centre", "wrong password 1234")
    other_address = Client(REMOTE_ADDR="10.1.2.3")
    response = other_address.post(
        SIGN_IN,
        {
            "username": "investigator.centre",
            "password": PASSWORD,
            "otp_token": current_code(investigator.device),
        },
    )
    assert response.status_code == 302


def test_admin_refuses_a_password_only_sign_in(
    client: Client, administrator: services.StaffAccount
) -> None:
    response = client.post(ADMIN_LOGIN, {"username": "admin", "password": PASSWORD})
    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302


def test_admin_refuses_a_password_only_session(
    client: Client, administrator: services.StaffAccount
) -> None:
    client.force_login(administrator.user)
    assert client.get("/admin/").status_code == 302


def test_admin_refuses_a_wrong_code(client: Client, administrator: services.StaffAccount) -> None:
    response = client.post(
        ADMIN_LOGIN, {"username": "admin", "password": PASSWORD, "otp_token": "123456"}
    )
    if current_code(administrator.device) == "123456":  # one chance in a million
        pytest.skip("the wrong code happened to be the right one")
    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302


def test_admin_accepts_password_and_code_and_shows_no_reports(
    client: Client, administrator: services.StaffAccount
) -> None:
    response = client.post(
        ADMIN_LOGIN,
        {
            "username": "admin",
            "password": PASSWORD,
            "otp_token": current_code(administrator.device),
            "next": "/admin/",
        },
    )
    assert response.status_code == 302
    index = client.get("/admin/")
    assert index.status_code == 200
    page = index.content.decode()
    assert "/admin/accounts/user/" in page
    assert "/admin/core/region/" in page
    assert "/admin/core/offencecategory/" in page
    assert "/admin/intake/" not in page
    assert "/admin/evidence/" not in page
    assert client.get("/admin/accounts/user/").status_code == 200


def test_admin_refuses_an_agent_without_admin_rights(
    client: Client, investigator: services.StaffAccount
) -> None:
    client.post(
        ADMIN_LOGIN,
        {
            "username": "investigator.centre",
            "password": PASSWORD,
            "otp_token": current_code(investigator.device),
        },
    )
    assert client.get("/admin/").status_code == 302
