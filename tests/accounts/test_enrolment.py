"""TOTP required after the first sign-in: a new account signs in once with its password only,
enrols an authenticator app on the enrolment page, and needs a code at every sign-in after that."""

import re
import time
from base64 import b32encode

import pytest
from django.http import HttpRequest
from django.test import Client
from django.utils import translation
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.conftest import PASSWORD, current_code
from vigilance.accounts import services
from vigilance.accounts.api_auth import staff_session
from vigilance.accounts.forms import ENROL_CODE_WRONG
from vigilance.accounts.models import User
from vigilance.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

SIGN_IN = "/fr/staff/sign-in/"
ENROL = "/fr/staff/enrol/"
HOME = "/fr/staff/"


@pytest.fixture
def newcomer() -> services.StaffAccount:
    return services.user_create_staff(
        username="new.agent", email="new.agent@police.cm", password=PASSWORD
    )


def pending_device(user: User) -> TOTPDevice:
    return TOTPDevice.objects.get(user=user, name=services.AUTHENTICATOR_NAME)


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def sign_in(client: Client, code: str = "") -> object:
    return client.post(SIGN_IN, {"username": "new.agent", "password": PASSWORD, "otp_token": code})


def test_first_sign_in_end_to_end_in_french(
    client: Client, newcomer: services.StaffAccount
) -> None:
    first = sign_in(client)
    assert first.status_code == 302
    assert first["Location"].startswith(ENROL)

    page = client.get(first["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert 'src="data:image/svg+xml;base64,' in html
    device = pending_device(newcomer.user)
    secret = re.search(r'<code class="authenticator-secret">([A-Z2-7 ]+)</code>', html)
    assert secret
    assert secret.group(1).replace(" ", "") == b32encode(device.bin_key).decode()
    assert "Code à usage unique" in client.get(SIGN_IN).content.decode()

    refused = client.post(ENROL, {"code": wrong(current_code(device)), "next": HOME})
    assert refused.status_code == 400
    with translation.override("fr"):
        assert str(ENROL_CODE_WRONG) in refused.content.decode()
    assert '<html lang="fr">' in refused.content.decode()
    assert client.get(HOME).status_code == 302

    time.sleep(1.1)  # the authenticator refuses any code for a second after a wrong one
    done = client.post(ENROL, {"code": current_code(device), "next": HOME})
    assert done.status_code == 200
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", done.content.decode())
    assert len(codes) == 5
    assert f'href="{HOME}"' in done.content.decode()
    assert client.get(HOME).status_code == 200

    newcomer.user.refresh_from_db()
    assert not newcomer.user.must_enrol_authenticator
    assert pending_device(newcomer.user).confirmed
    assert StaticDevice.objects.get(user=newcomer.user).token_set.count() == 5
    assert AuditEvent.objects.filter(action="account.authenticator_enrolled").count() == 1

    client.post("/fr/staff/sign-out/")
    without_code = sign_in(client)
    assert without_code.status_code == 200
    assert client.get(HOME).status_code == 302
    assert sign_in(client, codes[0]).status_code == 302
    assert client.get(HOME).status_code == 200


def test_unenrolled_session_is_sent_to_enrolment_from_every_staff_page(
    client: Client, newcomer: services.StaffAccount
) -> None:
    sign_in(client)
    for address in (HOME, "/fr/staff/account/", "/fr/staff/routing/"):
        response = client.get(address)
        assert response.status_code == 302
        assert response["Location"].startswith(ENROL)


def test_unenrolled_session_is_not_verified_for_the_api(newcomer: services.StaffAccount) -> None:
    request = HttpRequest()
    user = newcomer.user
    user.is_verified = lambda: True  # type: ignore[attr-defined]
    request.user = user
    assert staff_session.authenticate(request, None) is None
    user.must_enrol_authenticator = False
    assert staff_session.authenticate(request, None) is user


def test_code_of_the_pending_authenticator_does_not_sign_in(
    client: Client, newcomer: services.StaffAccount
) -> None:
    code = current_code(pending_device(newcomer.user))
    assert services.user_verify_code(user=newcomer.user, code=code) is None
    sign_in(client, code)
    assert client.get(HOME)["Location"].startswith(ENROL)


def test_enrolment_page_without_sign_in_goes_to_the_sign_in(client: Client) -> None:
    response = client.get(ENROL)
    assert response.status_code == 302
    assert response["Location"].startswith(SIGN_IN)


def test_five_wrong_enrolment_codes_lock_out_and_sign_out(
    client: Client, newcomer: services.StaffAccount
) -> None:
    sign_in(client)
    code = wrong(current_code(pending_device(newcomer.user)))
    statuses = [client.post(ENROL, {"code": code}).status_code for _attempt in range(5)]
    assert statuses == [400, 400, 400, 400, 429]
    assert client.get(ENROL)["Location"].startswith(SIGN_IN)
    again = sign_in(client)
    assert again.status_code == 429


def test_admin_site_never_accepts_a_password_only_first_sign_in(client: Client) -> None:
    services.user_create_staff(
        username="new.admin", email="a@vigilance.cm", password=PASSWORD, is_staff=True
    )
    response = client.post("/admin/login/", {"username": "new.admin", "password": PASSWORD})
    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302


def test_enrolled_account_visiting_enrolment_goes_on(client: Client) -> None:
    account = services.user_create_staff(
        username="old.hand",
        email="o@police.cm",
        password=PASSWORD,
        must_enrol_authenticator=False,
    )
    client.post(
        SIGN_IN,
        {"username": "old.hand", "password": PASSWORD, "otp_token": current_code(account.device)},
    )
    response = client.get(ENROL)
    assert response.status_code == 302
    assert response["Location"] == HOME
