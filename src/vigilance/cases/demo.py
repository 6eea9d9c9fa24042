"""Demonstration work on top of ``seed_demo``'s reports: about half routed by a triage officer,
about twenty cases grouping reports that name the same identifiers, with tasks, notes and a
few closed, so that every workspace page has something to show.

Everything goes through the services (routing, case lifecycle, tasks, notes), so the audit
trail and the reports' histories are those a real day would leave. Deterministic: the same
reports and seed give the same work.
"""

import datetime as dt
import random
import secrets
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from vigilance.accounts.models import Role, Unit, User
from vigilance.accounts.services import user_create_staff
from vigilance.cases.models import Case, CaseStatus, CaseTask
from vigilance.cases.services import lifecycle, work
from vigilance.intake import arrival
from vigilance.intake import staff as report_staff
from vigilance.intake.models import Outcome, Report, ReportStatus, Sighting

CASES = 20
LARGEST_GROUP = 6
CLOSED = 3
INVESTIGATED_UNITS = ("dgsn-cyber-ce", "dgsn-cyber-lt")


@dataclass(frozen=True)
class DemoActor:
    username: str
    unit: str
    role: str
    first_name: str
    last_name: str


# The same people as ``accounts``' demo_logins, which later sets their passwords and prints them.
ACTORS = (
    DemoActor("triage", "coord-triage", Role.TRIAGE_OFFICER, "Mireille", "Atangana"),
    DemoActor("investigator.centre", "dgsn-cyber-ce", Role.INVESTIGATOR, "Hamadou", "Bello"),
    DemoActor("investigator.littoral", "dgsn-cyber-lt", Role.INVESTIGATOR, "Eric", "Ekwalla"),
    DemoActor("supervisor", "dgsn-cyber", Role.SUPERVISOR, "Jeanne", "Mbarga"),
)

TASKS = (
    "Requérir auprès de l'opérateur l'identité du titulaire du numéro",
    "Entendre la victime et recueillir les captures d'écran",
    "Demander le gel des fonds au service mobile money",
    "Vérifier les signalements liés dans les autres régions",
    "Rédiger le procès-verbal de synthèse",
)
NOTES = (
    "Le numéro suspect apparaît dans plusieurs signalements de la même semaine.",
    "La victime a été rappelée : elle confirme le montant et l'heure du transfert.",
    "Réponse de l'opérateur attendue sous 72 heures.",
)


@dataclass(frozen=True)
class DemoWork:
    routed: int
    cases: int
    tasks: int
    closed: int


def _actor(spec: DemoActor) -> User:
    """The demo account, made (with a random password, reset later by demo_logins) if missing."""
    user = User.objects.filter(username=spec.username).first()
    if user is None:
        user = user_create_staff(
            username=spec.username,
            email=f"{spec.username}@vigilance.example",
            password=secrets.token_urlsafe(24),
            first_name=spec.first_name,
            last_name=spec.last_name,
            must_enrol_authenticator=False,
        ).user
    unit = Unit.objects.select_related("organisation").get(code=spec.unit)
    if user.unit_id != unit.pk or list(user.roles or []) != [str(spec.role)]:
        user.organisation, user.unit, user.roles = unit.organisation, unit, [str(spec.role)]
        user.must_enrol_authenticator = False
        user.save(update_fields=["organisation", "unit", "roles", "must_enrol_authenticator"])
    return user


def _route_half(rng: random.Random, triage: User) -> int:
    """Route about half of the reports still waiting, to the unit the rules chose."""
    waiting = list(
        Report.objects.filter(status=ReportStatus.RECEIVED).select_related("unit").order_by("pk")
    )
    for report in waiting:
        if report.unit_id is None:
            arrival.report_route_and_prioritise(report)
    chosen = [report for report in waiting if report.unit is not None and rng.random() < 0.5]
    for report in chosen:
        assert report.unit is not None
        report_staff.report_route(report=report, unit=report.unit, actor=triage)
    return len(chosen)


def _groups() -> list[list[Report]]:
    """Routed reports of one unit that name the same identifier, largest groups first; then
    single reports, so that there is always something to open a case from."""
    routed = {
        report.pk: report
        for report in Report.objects.filter(status=ReportStatus.TRIAGED, case_link__isnull=True)
        .select_related("unit", "category")
        .order_by("pk")
    }
    by_identifier: dict[tuple[str, str, int], list[int]] = defaultdict(list)
    rows = Sighting.objects.filter(report_id__in=list(routed), role="suspect")
    for report_id, kind, value in rows.order_by("report_id", "pk").values_list(
        "report_id", "type", "value"
    ):
        unit_id = routed[report_id].unit_id
        assert unit_id is not None
        members = by_identifier[(kind, value, unit_id)]
        if report_id not in members:
            members.append(report_id)
    taken: set[int] = set()
    groups: list[list[Report]] = []
    ranked = sorted(by_identifier.items(), key=lambda item: (-len(item[1]), item[0]))
    for _key, report_ids in ranked:
        members = [pk for pk in report_ids if pk not in taken][:LARGEST_GROUP]
        if len(members) < 2:
            continue
        taken.update(members)
        groups.append([routed[pk] for pk in members])
    groups += [[report] for pk, report in routed.items() if pk not in taken]
    # Cases of the two demo investigators' units first: their pages are the ones shown.
    groups.sort(key=lambda group: group[0].unit.code not in INVESTIGATED_UNITS)  # type: ignore[union-attr]
    return groups


def _case_title(group: list[Report]) -> str:
    first = group[0]
    if len(group) == 1:
        return f"{first.category.name_fr} — {first.reference}"
    return f"{first.category.name_fr} — {len(group)} signalements liés"


def _work_on(
    case: Case, rng: random.Random, lead: User, supervisor: User, index: int, today: dt.date
) -> int:
    """Tasks (one due today, one overdue on the first case) and a note, as a real team would."""
    titles = rng.sample(TASKS, k=2)
    work.case_task_add(case=case, title=titles[0], actor=supervisor, assignee=lead, due_date=today)
    later = work.case_task_add(
        case=case,
        title=titles[1],
        actor=lead,
        assignee=lead,
        due_date=today + dt.timedelta(days=rng.randint(1, 10)),
    )
    if index == 0:
        # A task cannot be given a date in the past: this one is dated back, as if forgotten.
        CaseTask.objects.filter(pk=later.pk).update(due_date=today - dt.timedelta(days=2))
    work.case_note_add(case=case, body=rng.choice(NOTES), actor=supervisor)
    return 2


@transaction.atomic
def workspace_demo_create(*, seed: int = 2026) -> DemoWork:
    """Route, open cases, give tasks and close a few, on the reports already filed."""
    rng = random.Random(seed)  # demonstration data, not secrets  # noqa: S311  # nosec B311
    actors = {spec.username: _actor(spec) for spec in ACTORS}
    triage, supervisor = actors["triage"], actors["supervisor"]
    investigators = {
        "dgsn-cyber-ce": actors["investigator.centre"],
        "dgsn-cyber-lt": actors["investigator.littoral"],
    }
    routed = _route_half(rng, triage)
    today = timezone.localdate()
    opened: list[tuple[Case, User | None]] = []
    for group in _groups()[:CASES]:
        unit = group[0].unit
        assert unit is not None
        lead = investigators.get(unit.code)
        case = lifecycle.case_open(
            report=group[0], actor=lead or triage, unit=unit, title=_case_title(group)
        )
        for report in group[1:]:
            lifecycle.case_attach_report(case=case, report=report, actor=lead or triage)
        opened.append((case, lead))
    led = [(case, lead) for case, lead in opened if lead is not None]
    tasks = closed = 0
    for index, (case, lead) in enumerate(led):
        lifecycle.case_transition(case=case, status=CaseStatus.INVESTIGATING, actor=lead)
        if index >= max(2, len(led) - CLOSED):
            lifecycle.case_transition(
                case=case, status=CaseStatus.CLOSED, outcome=rng.choice(Outcome.values), actor=lead
            )
            closed += 1
        else:
            tasks += _work_on(case, rng, lead, supervisor, index, today)
    return DemoWork(routed=routed, cases=len(opened), tasks=tasks, closed=closed)
