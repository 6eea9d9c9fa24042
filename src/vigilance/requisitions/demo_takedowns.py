"""Demonstration takedowns and requests abroad on ``seed_workspace``'s open cases, one in each
state, so that the case pages and the operators' desks show them.

Takedowns are addressed to Orange and MTN (operators block links) and to the regulator (a
short code); a takedown is answered by the addressee's first responder, and stays sent when the
organisation has none yet.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from vigilance.accounts.models import Organisation, Role, User
from vigilance.cases.models import Case, CaseStatus
from vigilance.requisitions.models_abroad import ForeignRequest
from vigilance.requisitions.models_takedown import TakedownRequest
from vigilance.requisitions.services import abroad, takedowns

# (addressee, action, target type, target, what becomes of it)
TAKEDOWNS = (
    ("orange", "block", "url", "https://orange-money-bonus.example.com/gain", "done"),
    ("mtn", "block", "domain", "mtn-momo-promo.example.net", "acknowledged"),
    ("mtn", "block", "url", "https://momo-remboursement.example.org/", "sent"),
    ("orange", "block", "url", "https://om-cadeau.example.com/jeu", "refused"),
    ("art", "block", "short_code", "8055", "awaiting_approval"),
)
JUSTIFICATION = (
    "Page d'hameçonnage imitant le service mobile money, citée par les signalements du dossier : "
    "elle recueille les codes secrets des victimes."
)
REFUSAL = "Le domaine n'est pas hébergé sur notre réseau : adressez-vous à l'hébergeur."

# (kind, addressee code or None, name when not in the directory, country, legal basis, outcome)
FOREIGN = (
    ("interpol", "interpol_ncb", "", "NG", "interpol-rules", "acknowledged"),
    ("mutual_legal_assistance", None, "Ministère de la Justice (France)", "FR", "budapest", "sent"),
    ("preservation", None, "Meta Platforms Ireland", "IE", "platform-policy", "answered"),
    ("mutual_legal_assistance", None, "Attorney General (Ghana)", "GH", "malabo", "no_answer"),
    ("preservation", None, "Telegram FZ-LLC", "AE", "platform-policy", "refused"),
    (
        "mutual_legal_assistance",
        None,
        "Ministry of Justice (Nigeria)",
        "NG",
        "bilateral",
        "awaiting_approval",
    ),
)


@dataclass(frozen=True)
class DemoOutward:
    takedowns: int
    foreign_requests: int


def _cases() -> list[Case]:
    return list(
        Case.objects.exclude(status=CaseStatus.CLOSED)
        .filter(lead__isnull=False, owning_unit__code__in=("dgsn-cyber-lt", "dgsn-cyber-ce"))
        .select_related("lead", "owning_unit")
        .order_by("opened_at", "pk")[:4]
    )


def _responder(organisation: Organisation) -> User | None:
    members = User.objects.filter(organisation=organisation, is_active=True).order_by("pk")
    return next((user for user in members if user.has_role(Role.PARTNER_RESPONDER)), None)


def _takedown(case: Case, supervisor: User, spec: tuple[str, ...]) -> TakedownRequest:
    code, action, target_type, target, outcome = spec
    addressee = Organisation.objects.get(code=code)
    request = takedowns.takedown_draft(
        actor=case.lead,  # type: ignore[arg-type]
        case=case,
        addressee=addressee,
        action=action,
        target_type=target_type,
        target=target,
        justification=JUSTIFICATION,
    )
    if outcome == "awaiting_approval":
        return request
    request = takedowns.takedown_approve(actor=supervisor, takedown=request)
    responder = _responder(addressee)
    if outcome == "sent" or responder is None:
        return request
    request = takedowns.takedown_acknowledge(actor=responder, takedown=request)
    if outcome == "done":
        return takedowns.takedown_done(actor=responder, takedown=request)
    if outcome == "refused":
        return takedowns.takedown_refuse(actor=responder, takedown=request, reason=REFUSAL)
    return request


def _foreign(case: Case, supervisor: User, spec: tuple[str | None, ...]) -> ForeignRequest:
    kind, code, name, country, basis, outcome = spec
    lead: User = case.lead  # type: ignore[assignment]
    request = abroad.foreign_request_draft(
        actor=lead,
        case=case,
        kind=str(kind),
        country=str(country),
        legal_basis=str(basis),
        asked="Identifier le titulaire du compte et conserver les journaux de connexion.",
        addressee=Organisation.objects.get(code=code) if code else None,
        addressee_name=str(name),
    )
    if outcome == "awaiting_approval":
        return request
    request = abroad.foreign_request_approve(actor=supervisor, foreign_request=request)
    if outcome == "sent":
        return request
    note = {
        "answered": "Données conservées pour 90 jours ; une demande d'entraide doit suivre.",
        "refused": "Demande refusée : la plateforme exige une décision d'un juge étranger.",
    }.get(str(outcome), "")
    return abroad.foreign_request_record(
        actor=lead,
        foreign_request=request,
        outcome=str(outcome),
        on=timezone.localdate(),
        note=note,
    )


@transaction.atomic
def seed_takedowns_and_abroad(*, supervisor_username: str = "supervisor") -> DemoOutward:
    """A few takedowns and requests abroad in every state, on the demo's open cases."""
    cases = _cases()
    supervisor = User.objects.filter(username=supervisor_username).first()
    if not cases or supervisor is None:
        return DemoOutward(takedowns=0, foreign_requests=0)
    for index, spec in enumerate(TAKEDOWNS):
        _takedown(cases[index % len(cases)], supervisor, spec)
    for index, foreign in enumerate(FOREIGN):
        _foreign(cases[index % len(cases)], supervisor, foreign)
    return DemoOutward(takedowns=len(TAKEDOWNS), foreign_requests=len(FOREIGN))
