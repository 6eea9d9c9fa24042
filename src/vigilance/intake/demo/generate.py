"""Synthetic but realistic reports for demonstrations, benchmarks and tests.

Every report goes through ``report_submit``, so it is exactly what a victim could have filed. The
same seed gives the same reports; a few "rings" of offenders reuse their phone numbers, wallets,
addresses and links across many reports, so that correlation has something to find.
"""

import datetime as dt
import random
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from vigilance.core.models import Department
from vigilance.intake.correlation import sightings_count_verified
from vigilance.intake.demo.scenarios import SCENARIOS, Scenario
from vigilance.intake.models import (
    Channel,
    ContactVerification,
    ReferenceCounter,
    Report,
    ReportEvent,
)
from vigilance.intake.services import (
    IdentifierInput,
    LossInput,
    ReportDraft,
    ReporterInput,
    ReportInvalid,
    SubmittedReport,
    report_submit,
)
from vigilance.intake.tracking import format_reference

DOUALA = ZoneInfo("Africa/Douala")
HISTORY_DAYS = 540  # about 18 months

# Where reports come from: the two big cities first, as in the study's figures.
REGION_WEIGHTS = {
    "CE": 30,
    "LT": 28,
    "OU": 8,
    "SW": 6,
    "NW": 5,
    "NO": 5,
    "EN": 4,
    "AD": 4,
    "SU": 4,
    "ES": 3,
}
ENGLISH_SPEAKING = {"NW", "SW"}
CHANNEL_WEIGHTS = {Channel.WEB: 60, Channel.COUNTER: 18, Channel.PHONE: 12, Channel.API: 10}

# Mobile prefixes (first 3 digits of the 9) that Cameroonian operators really use.
MTN_PREFIXES = ("650", "651", "652", "653", "654", "670", "671", "672", "673", "677", "678", "680")
ORANGE_PREFIXES = ("655", "656", "657", "658", "659", "690", "691", "693", "694", "696", "699")
OTHER_PREFIXES = ("620", "662", "666")

FIRST_NAMES = (
    "Awa", "Jean-Pierre", "Brice", "Clarisse", "Ngozi", "Emmanuel", "Aïcha", "Hervé", "Mireille",
    "Samuel", "Fadimatou", "Blaise", "Yvonne", "Christian", "Hamadou", "Nadège", "Ebenezer",
    "Sandrine", "Boris", "Carine", "Divine", "Moussa", "Gaëlle", "Paul", "Solange", "Franck",
)  # fmt: skip
LAST_NAMES = (
    "Mbarga", "Nkoulou", "Fotso", "Ebai", "Tchoupo", "Ndongo", "Abessolo", "Bello", "Nguema",
    "Kamga", "Tabi", "Eto'o", "Manga", "Ayuk", "Oumarou", "Mvondo", "Ngassa", "Atangana",
    "Njoya", "Fon", "Beyala", "Essomba", "Tchinda", "Wandji",
)  # fmt: skip
BUSINESSES = (
    "Quincaillerie Ndongo et Fils",
    "Pharmacie du Rond-Point",
    "Cabinet comptable Fotso & Associés",
    "Boulangerie La Bonne Miche",
    "Clinique Sainte-Rita",
    "Transit Express Douala SARL",
    "Mankon Hardware Ltd",
    "Collège Bilingue Les Lauréats",
)
ITEMS_FR = ("un téléphone Samsung", "un iPhone 12", "un ordinateur portable", "un sac de riz de 50 kg",
            "une moto Nanfang", "des pagnes wax", "un congélateur", "des pièces détachées")  # fmt: skip
ITEMS_EN = ("a Samsung phone", "an iPhone 12", "a laptop", "a 50 kg bag of rice",
            "a motorbike", "wax fabric", "a freezer", "spare parts")  # fmt: skip


@dataclass(frozen=True)
class Ring:
    """One group of offenders and the identifiers it reuses from victim to victim."""

    phone: str  # 9 national digits
    momo: str
    email: str
    url: str
    profile: str


@dataclass(frozen=True)
class DemoReport:
    """A report to file, with the moment it is said to have been filed."""

    draft: ReportDraft
    channel: str
    submitted_at: dt.datetime
    # Proves their phone or e-mail on the follow page afterwards (when they gave one).
    verifies_contact: bool = False


@dataclass
class _Context:
    rng: random.Random
    rings: list[Ring]
    departments: dict[str, list[str]] = field(default_factory=dict)


def write_phone(national: str, rng: random.Random) -> str:
    """A Cameroonian number (9 digits) the way people type it."""
    n = national
    forms = (
        f"{n[:3]} {n[3:5]} {n[5:7]} {n[7:]}",
        f"+237 {n[0]} {n[1:3]} {n[3:5]} {n[5:7]} {n[7:]}",
        f"00237{n}",
        f"{n[0]}-{n[1:3]}-{n[3:5]}-{n[5:7]}-{n[7:]}",
        f"(237) {n}",
        n,
        f"+237{n}",
        f"{n[0]} {n[1:3]} {n[3:5]} {n[5:7]} {n[7:]}",
    )
    return rng.choice(forms)


def _national(rng: random.Random, prefixes: Sequence[str]) -> str:
    return rng.choice(prefixes) + f"{rng.randrange(1_000_000):06d}"


def _defanged(url: str, rng: random.Random) -> str:
    """Some victims paste links as found, others defanged, as security notices taught them."""
    style = rng.randrange(3)
    if style == 1:
        return url.replace("https://", "hxxps://").replace("http://", "hxxp://").replace(".", "[.]")
    if style == 2:
        return url.removeprefix("https://").removeprefix("http://")
    return url


def _new_ring(rng: random.Random, index: int, *, lone: bool = False) -> Ring:
    """A ring's identifiers; a lone offender's get a number so that they stay his own."""
    handles = ("vente.rapide.237", "bonnes.affaires.douala", "marie.claire.officiel",
               "promo.cameroun", "john.military.usa", "iphone.pas.cher.yde")  # fmt: skip
    sites = ("mtn-bonus-cm.com", "orange-cadeau.net", "afriland-securite.info", "doublez-vite.biz",
             "ecobank-verif.online", "cnps-aides.org")  # fmt: skip
    handle, site = handles[index % len(handles)], sites[index % len(sites)]
    if lone:
        number = rng.randrange(100, 100_000)
        handle, site = f"{handle}.{number}", site.replace(".", f"-{number}.", 1)
    return Ring(
        phone=_national(rng, MTN_PREFIXES + ORANGE_PREFIXES),
        momo=_national(rng, MTN_PREFIXES + ORANGE_PREFIXES),
        email=f"{rng.choice(('service.client', 'douane.colis', 'recrutement', 'maitre.avocat'))}"
        f"{rng.randrange(10, 99)}@gmail.com",
        url=f"https://{site}/{rng.choice(('gagner', 'login', 'verif'))}",
        profile=f"https://www.facebook.com/{handle}",
    )


def _amount(rng: random.Random) -> Decimal:
    # Log-uniform between 5 000 and 2 000 000 XAF, rounded as people round (to 500 or 1 000).
    value = 5000 * (400 ** rng.random())
    step = 500 if value < 50_000 else 1000
    return Decimal(int(value // step * step))


def _spoken_amount(amount: Decimal, language: str) -> str:
    whole = f"{int(amount):,}"
    return f"{whole.replace(',', ' ')} FCFA" if language == "fr" else f"{whole} CFA francs"


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _identifiers(ring: Ring, uses: Sequence[str], rng: random.Random) -> dict[str, tuple[str, str]]:
    """For each identifier the narrative names: (type, value as the victim wrote it)."""
    written: dict[str, tuple[str, str]] = {}
    for use in uses:
        if use == "phone":
            written[use] = ("phone", write_phone(ring.phone, rng))
        elif use == "momo":
            written[use] = ("momo_account", write_phone(ring.momo, rng))
        elif use == "email":
            email = ring.email
            written[use] = ("email", email.upper() if rng.random() < 0.1 else email)
        elif use == "url":
            written[use] = ("url", _defanged(ring.url, rng))
        elif use == "profile":
            written[use] = ("social_profile", ring.profile)
    return written


def _reporter(ctx: _Context, scenario: Scenario) -> ReporterInput:
    rng = ctx.rng
    if not scenario.business and rng.random() < 0.08:
        return ReporterInput(is_anonymous=True, role=rng.choice(("victim", "witness")))
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    phone = write_phone(_national(rng, MTN_PREFIXES + ORANGE_PREFIXES + OTHER_PREFIXES), rng)
    email = ""
    if rng.random() < 0.35:
        local = unicodedata.normalize("NFKD", f"{first}.{last}".lower().replace("'", ""))
        local = local.encode("ascii", "ignore").decode()
        email = f"{local}@example.{rng.choice(('com', 'org', 'net'))}"
    if scenario.business:
        return ReporterInput(type="business", name=rng.choice(BUSINESSES), phone=phone, email=email)
    role = "third_party" if rng.random() < 0.1 else "victim"
    return ReporterInput(name=f"{first} {last}", phone=phone, email=email, role=role)


def _one(ctx: _Context, index: int, today: dt.date, now: dt.datetime) -> DemoReport:
    rng = ctx.rng
    scenario = rng.choices(SCENARIOS, weights=[s.weight for s in SCENARIOS])[0]
    region = _pick(rng, REGION_WEIGHTS)
    english = rng.random() < (0.8 if region in ENGLISH_SPEAKING else 0.15)
    language = "en" if english else "fr"
    # Every seventh report comes from the busiest ring, so that one is always worth finding;
    # about a third of the others come from one of the rings, the rest from lone offenders.
    if index % 7 == 0:
        ring = ctx.rings[0]
    elif rng.random() < 0.35:
        ring = rng.choice(ctx.rings)
    else:
        ring = _new_ring(rng, rng.randrange(100), lone=True)
    written = _identifiers(ring, scenario.uses, rng)
    amount = _amount(rng)
    values = {use: raw for use, (_type, raw) in written.items()}
    values["amount"] = _spoken_amount(amount, language)
    values["item"] = rng.choice(ITEMS_EN if english else ITEMS_FR)
    template = rng.choice(scenario.en if english else scenario.fr)
    departments = ctx.departments.get(region, [])
    department = rng.choice(departments) if departments and rng.random() < 0.7 else ""
    loss = None
    if scenario.loss_channels:
        loss = LossInput(amount=amount, channel=rng.choice(scenario.loss_channels))
    days_ago = int(rng.triangular(0, HISTORY_DAYS, 0)) + 1  # more reports lately
    incident = today - dt.timedelta(days=days_ago)
    delay = 0 if rng.random() < 0.4 else rng.randint(1, 21)
    filed_on = min(incident + dt.timedelta(days=delay), today)
    filed_at = dt.datetime.combine(
        filed_on, dt.time(rng.randint(7, 21), rng.randrange(60), rng.randrange(60)), DOUALA
    )
    draft = ReportDraft(
        category=scenario.category,
        description=template.format(**values),
        incident_date=incident,
        region=region,
        department=department,
        reporter=_reporter(ctx, scenario),
        identifiers=[IdentifierInput(type=kind, value=raw) for kind, raw in written.values()],
        loss=loss,
        language=language,
        consent=True,
    )
    channel = _pick(rng, {str(k): v for k, v in CHANNEL_WEIGHTS.items()})
    # A third of reporters prove their contact; chosen without the generator, so that the
    # reports themselves stay the same for a seed.
    return DemoReport(
        draft=draft,
        channel=channel,
        submitted_at=min(filed_at, now),
        verifies_contact=index % 3 == 0,
    )


def demo_plan(*, count: int, seed: int, today: dt.date, now: dt.datetime) -> list[DemoReport]:
    """The reports to file, oldest first; the same arguments always give the same list."""
    rng = random.Random(seed)  # demonstration data, not secrets  # noqa: S311  # nosec B311
    ctx = _Context(rng=rng, rings=[_new_ring(rng, index) for index in range(6)])
    for code, region_id in Department.objects.order_by("code").values_list("code", "region_id"):
        ctx.departments.setdefault(region_id, []).append(code)
    plan = [_one(ctx, index, today, now) for index in range(count)]
    return sorted(plan, key=lambda item: item.submitted_at)


def _submit(item: DemoReport) -> SubmittedReport:
    try:
        return report_submit(draft=item.draft, channel=item.channel)
    except ReportInvalid as error:
        # An identifier the normalisers refuse is left out rather than losing the whole report.
        refused = {int(name.split(".")[1]) for name in error.fields if name.startswith("suspects.")}
        if not refused or set(error.fields) - {f"suspects.{i}.value" for i in refused}:
            raise
        kept = [x for i, x in enumerate(item.draft.identifiers) if i not in refused]
        return report_submit(draft=replace(item.draft, identifiers=kept), channel=item.channel)


def _backdate(submitted: SubmittedReport, at: dt.datetime, numbers: dict[int, int]) -> None:
    """Date a report as filed at ``at``, with the reference of that year.

    Reports are filed oldest first, so the reference taken from the counter of this year is free
    once the older reports have moved to their own year.
    """
    year = at.astimezone(DOUALA).year
    numbers[year] = numbers.get(year, 0) + 1
    reference = format_reference(year, numbers[year])
    Report.objects.filter(pk=submitted.report.pk).update(
        submitted_at=at, consent_at=at, reference=reference
    )
    ReportEvent.objects.filter(report_id=submitted.report.pk).update(created_at=at)
    submitted.report.reference = reference
    submitted.report.submitted_at = at


def _verify_contact(report: Report, at: dt.datetime) -> None:
    """What the follow page records once the reporter typed the code sent to their phone (or
    opened the link sent to their e-mail), without sending demonstration SMS."""
    channel = "phone" if report.reporter_phone else "email"
    contact = report.reporter_phone or report.reporter_email
    if not contact:
        return
    ContactVerification.objects.create(
        report=report, channel=channel, contact=contact, expires_at=at, used_at=at
    )
    report.contact_verified_at = at
    report.save(update_fields=["contact_verified_at"])
    sightings_count_verified(report=report)


def demo_reports_create(*, count: int, seed: int) -> list[SubmittedReport]:
    """File ``count`` demonstration reports, each dated as if filed after its incident.

    One transaction: on SQLite, committing each report separately would take most of the time.
    """
    now = timezone.now()
    plan = demo_plan(count=count, seed=seed, today=timezone.localdate(), now=now)
    created: list[SubmittedReport] = []
    with transaction.atomic():
        numbers = dict(ReferenceCounter.objects.values_list("year", "last_number"))
        for item in plan:
            submitted = _submit(item)
            _backdate(submitted, item.submitted_at, numbers)
            if item.verifies_contact:
                _verify_contact(submitted.report, item.submitted_at)
            created.append(submitted)
        for year, last_number in numbers.items():
            ReferenceCounter.objects.update_or_create(
                year=year, defaults={"last_number": last_number}
            )
    return created
