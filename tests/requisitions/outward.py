"""Helpers for takedowns and requests abroad: a supervisor of the child protection squad, a
host and its responder, a child-abuse case of the Littoral, and drafting shortcuts."""

from tests import personas
from tests.factories import report_draft
from vigilance.accounts import services as account_services
from vigilance.accounts.models import Organisation, OrganisationKind, Role, Unit, User
from vigilance.cases.models import Case
from vigilance.cases.services import lifecycle
from vigilance.intake import services, staff
from vigilance.requisitions.models_abroad import ForeignRequest
from vigilance.requisitions.models_takedown import TakedownRequest
from vigilance.requisitions.services import abroad, takedowns

LINK = "https://pay-mtn-bonus.example.com/claim/step2?id=778"
CSAM_LINK = "https://files.example.net/gallery/abc123/photo.jpg"


def staff_member(username: str, unit_code: str, roles: list[str]) -> User:
    existing = User.objects.filter(username=username).first()
    if existing is not None:
        return existing
    unit = Unit.objects.select_related("organisation").get(code=unit_code)
    user = account_services.user_create_staff(
        username=username,
        email=f"{username}@example.cm",
        password=personas.PASSWORD,
        must_enrol_authenticator=False,
    ).user
    user.organisation = unit.organisation
    user.unit = unit
    user.roles = roles
    user.save()
    return user


def child_protection_supervisor() -> User:
    return staff_member("minors_supervisor", "dgsn-minors", [Role.SUPERVISOR])


def host() -> Organisation:
    organisation, _created = Organisation.objects.get_or_create(
        code="hostco",
        defaults={"kind": OrganisationKind.HOST, "name_fr": "HostCo", "name_en": "HostCo"},
    )
    return organisation


def host_responder() -> User:
    existing = User.objects.filter(username="hostco_responder").first()
    if existing is not None:
        return existing
    user = account_services.user_create_staff(
        username="hostco_responder",
        email="abuse@hostco.example",
        password=personas.PASSWORD,
        must_enrol_authenticator=False,
    ).user
    user.organisation = host()
    user.roles = [Role.PARTNER_RESPONDER]
    user.save()
    return user


def littoral_case(triage_officer: User, investigator: User, **changes: object) -> Case:
    report = services.report_submit(
        draft=report_draft(region="LT", **changes), channel="web"
    ).report
    staff.report_route(
        report=report, unit=Unit.objects.get(code="dgsn-cyber-lt"), actor=triage_officer
    )
    return lifecycle.case_open(report=report, actor=investigator)


def child_abuse_case(triage_officer: User, investigator: User) -> Case:
    return littoral_case(
        triage_officer,
        investigator,
        category="child_sexual_abuse",
        description="A link to pictures of a child was sent to my son on WhatsApp.",
        identifiers=[services.IdentifierInput(type="url", value=CSAM_LINK)],
        loss=None,
    )


def takedown(case: Case, actor: User, *, target: str = LINK, to: str = "hostco") -> TakedownRequest:
    host()
    return takedowns.takedown_draft(
        actor=actor,
        case=case,
        addressee=Organisation.objects.get(code=to),
        action="take_down",
        target_type="url",
        target=target,
        justification="Phishing page imitating MTN MoMo, cited by the case's reports.",
    )


def foreign_request(case: Case, actor: User) -> ForeignRequest:
    return abroad.foreign_request_draft(
        actor=actor,
        case=case,
        kind="preservation",
        country="IE",
        legal_basis="platform-policy",
        asked="Preserve the account's data and connection logs for 90 days.",
        addressee_name="Meta Platforms Ireland (law enforcement portal)",
        identifiers=[("phone", "+237677123456")],
    )
