"""The Django administration site shows no secret and changes nobody's access: no authenticator
key, backup code or password hash anywhere, no page to set a password, roles, unit,
organisation and superuser flags read-only; and a superuser flag opens no case content."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests import personas
from tests.factories import report_draft
from vigilance.accounts import services
from vigilance.accounts.models import Role, Unit, User
from vigilance.accounts.permissions import Permission, can
from vigilance.cases.models import Case
from vigilance.cases.services import lifecycle
from vigilance.intake import services as intake_services
from vigilance.intake import staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(administrator_user: User) -> Client:
    administrator_user.is_staff = administrator_user.is_superuser = True
    administrator_user.save()
    return personas.signed_in_client(administrator_user)


@pytest.fixture
def backup_codes(investigator_centre: User) -> list[str]:
    return services.user_backup_codes_reset(user=investigator_centre)


def _secrets(user: User, backup_codes: list[str]) -> list[str]:
    device = TOTPDevice.objects.get(user=user)
    authenticator = services.authenticator_secret(device)
    return [device.key, authenticator, authenticator.replace(" ", ""), *backup_codes]


def _assert_no_secret(page: str, user: User, backup_codes: list[str]) -> None:
    for secret in _secrets(user, backup_codes):
        assert secret not in page
    assert user.password not in page
    assert "argon2" not in page.lower()


def test_authenticator_page_shows_no_key(
    superuser_client: Client, investigator_centre: User, backup_codes: list[str]
) -> None:
    device = TOTPDevice.objects.get(user=investigator_centre)
    response = superuser_client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/")
    assert response.status_code == 200
    _assert_no_secret(response.content.decode(), investigator_centre, backup_codes)
    listing = superuser_client.get("/admin/otp_totp/totpdevice/").content.decode()
    _assert_no_secret(listing, investigator_centre, backup_codes)


@pytest.mark.parametrize("page", ["config", "qrcode"])
def test_authenticator_qr_code_pages_are_gone(
    superuser_client: Client, investigator_centre: User, page: str
) -> None:
    device = TOTPDevice.objects.get(user=investigator_centre)
    # django-otp's own admin served the key there, as a QR code or an otpauth:// address.
    response = superuser_client.get(f"/admin/otp_totp/totpdevice/{device.pk}/{page}/", follow=True)
    page_text = response.content.decode()
    assert "otpauth://" not in page_text
    assert device.key not in page_text
    assert "image/svg" not in response["Content-Type"]


def test_backup_codes_page_shows_no_code(
    superuser_client: Client, investigator_centre: User, backup_codes: list[str]
) -> None:
    device = StaticDevice.objects.get(user=investigator_centre)
    response = superuser_client.get(f"/admin/otp_static/staticdevice/{device.pk}/change/")
    assert response.status_code == 200
    _assert_no_secret(response.content.decode(), investigator_centre, backup_codes)


def test_authenticators_cannot_be_changed_or_added(
    superuser_client: Client, investigator_centre: User
) -> None:
    device = TOTPDevice.objects.get(user=investigator_centre)
    assert superuser_client.get("/admin/otp_totp/totpdevice/add/").status_code == 403
    response = superuser_client.post(
        f"/admin/otp_totp/totpdevice/{device.pk}/change/",
        {"user": investigator_centre.pk, "name": "mine", "confirmed": "on", "key": "00" * 20},
    )
    assert response.status_code == 403
    device.refresh_from_db()
    assert (device.name, device.key) != ("mine", "00" * 20)


def test_person_page_shows_no_secret(
    superuser_client: Client, investigator_centre: User, backup_codes: list[str]
) -> None:
    response = superuser_client.get(f"/admin/accounts/user/{investigator_centre.pk}/change/")
    assert response.status_code == 200
    _assert_no_secret(response.content.decode(), investigator_centre, backup_codes)


def test_password_page_of_the_admin_is_gone(
    superuser_client: Client, investigator_centre: User
) -> None:
    address = f"/admin/accounts/user/{investigator_centre.pk}/password/"
    assert superuser_client.get(address).status_code == 404
    response = superuser_client.post(
        address, {"password1": "taken over 12345 !", "password2": "taken over 12345 !"}
    )
    assert response.status_code == 404
    investigator_centre.refresh_from_db()
    assert investigator_centre.check_password(personas.PASSWORD)


def test_no_account_is_added_or_deleted_in_the_admin(
    superuser_client: Client, investigator_centre: User
) -> None:
    assert superuser_client.get("/admin/accounts/user/add/").status_code == 403
    deletion = f"/admin/accounts/user/{investigator_centre.pk}/delete/"
    assert superuser_client.post(deletion, {"post": "yes"}).status_code == 403
    assert User.objects.filter(pk=investigator_centre.pk).exists()


def _hidden_inputs(page: str) -> dict[str, str]:
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))


def test_posting_access_fields_to_the_person_page_changes_none_of_them(
    superuser_client: Client, administrator_user: User, intake_officer: User
) -> None:
    address = f"/admin/accounts/user/{administrator_user.pk}/change/"
    form = _hidden_inputs(superuser_client.get(address).content.decode())
    form.pop("csrfmiddlewaretoken", None)
    other_unit = Unit.objects.get(code="dgsn-cyber-lt")
    response = superuser_client.post(
        address,
        {
            **form,
            "first_name": "Renamed",
            "last_name": "",
            "language": "en",
            "roles": '["investigator", "supervisor", "administrator"]',
            "unit": other_unit.pk,
            "organisation": other_unit.organisation_id,
            "email": "attacker@example.com",
            "is_superuser": "on",
            "is_staff": "on",
            "is_active": "on",
            "must_change_password": "",
            "user_permissions": [1, 2],
            "password": "pbkdf2_sha256$1$salt$forged",
        },
    )
    assert response.status_code == 302
    administrator_user.refresh_from_db()
    assert administrator_user.first_name == "Renamed"
    assert administrator_user.roles == [Role.ADMINISTRATOR]
    assert administrator_user.unit_id != other_unit.pk
    assert administrator_user.email == "administrator_user@example.cm"
    assert not administrator_user.user_permissions.exists()
    assert administrator_user.check_password(personas.PASSWORD)
    # The same on another person's page: their superuser flag cannot be granted either.
    other = f"/admin/accounts/user/{intake_officer.pk}/change/"
    form = _hidden_inputs(superuser_client.get(other).content.decode())
    form.pop("csrfmiddlewaretoken", None)
    superuser_client.post(
        other,
        {**form, "first_name": "x", "language": "fr", "is_superuser": "on", "is_staff": "on"},
    )
    intake_officer.refresh_from_db()
    assert not intake_officer.is_superuser
    assert not intake_officer.is_staff


def test_superuser_flag_grants_no_permission(administrator_user: User) -> None:
    administrator_user.is_staff = administrator_user.is_superuser = True
    administrator_user.roles = []
    administrator_user.save()
    assert not any(can(administrator_user, permission) for permission in Permission.values)


def test_superuser_reads_no_case(
    triage_officer: User, investigator_littoral: User, administrator_user: User
) -> None:
    report = intake_services.report_submit(draft=report_draft(region="LT"), channel="web").report
    staff.report_route(
        report=report, unit=Unit.objects.get(code="dgsn-cyber-lt"), actor=triage_officer
    )
    case: Case = lifecycle.case_open(report=report, actor=investigator_littoral)
    administrator_user.is_staff = administrator_user.is_superuser = True
    administrator_user.save()
    client = personas.signed_in_client(administrator_user)
    detail = reverse("cases:case_detail", kwargs={"case_id": case.public_id})
    assert client.get(detail).status_code == 404
    assert client.get(f"/api/v1/cases/{case.public_id}").status_code == 404
    assert case.number not in client.get("/admin/").content.decode()


def test_a_unit_cannot_be_moved_in_the_admin(superuser_client: Client) -> None:
    unit = Unit.objects.get(code="dgsn-cyber-lt")
    other_parent = Unit.objects.get(code="sed-cyber")
    response = superuser_client.post(
        f"/admin/accounts/unit/{unit.pk}/change/",
        {
            "name_fr": unit.name_fr,
            "name_en": unit.name_en,
            "code": "moved",
            "organisation": other_parent.organisation_id,
            "parent": other_parent.pk,
            "regions": ["LT"],
            "email": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    moved = Unit.objects.get(pk=unit.pk)
    assert (moved.code, moved.parent_id, moved.path) == (unit.code, unit.parent_id, unit.path)
