"""Linking reports to indicators as they are saved: counters, distinct reporters, the warning
list, the per-value cap, and analysts' confirmation of identifiers found in narratives."""

import pytest
from django.db import connection
from django.utils import timezone

from tests.factories import report_draft
from vigilance.indicators.models import Indicator, WarningListEntry
from vigilance.indicators.warning_list import warning_list_changed
from vigilance.intake import correlation, services
from vigilance.intake.correlation import (
    FoundIdentifier,
    extracted_sightings,
    sighting_confirm,
    sightings_link,
)
from vigilance.intake.models import Sighting

SUSPECT = [services.IdentifierInput(type="phone", value="6 99 88 77 66")]


def _submit(email: str = "john@example.cm", **changes: object) -> services.SubmittedReport:
    reporter = services.ReporterInput(name="Someone", email=email)
    return services.report_submit(
        draft=report_draft(reporter=reporter, identifiers=SUSPECT, **changes), channel="web"
    )


@pytest.mark.django_db
def test_two_reports_naming_one_number_share_one_indicator() -> None:
    first = _submit(email="a@example.cm").report
    second = _submit(email="b@example.cm").report
    indicator = Indicator.objects.get(type="phone", value="+237699887766")
    assert indicator.report_count == 2
    assert indicator.reporter_count == 2
    assert indicator.first_seen == first.submitted_at
    assert indicator.last_seen == second.submitted_at
    assert indicator.categories == ["online_purchase_scam"]
    linked = Sighting.objects.filter(indicator=indicator).values_list("report_id", flat=True)
    assert sorted(linked) == [first.pk, second.pk]


@pytest.mark.django_db
def test_one_reporter_reporting_twice_counts_once() -> None:
    _submit(email="same@example.cm")
    _submit(email="Same@Example.cm")
    indicator = Indicator.objects.get(type="phone", value="+237699887766")
    assert (indicator.report_count, indicator.reporter_count) == (2, 1)


@pytest.mark.django_db
def test_categories_of_every_report_are_kept() -> None:
    _submit(email="a@example.cm")
    _submit(email="b@example.cm", category="mobile_money_fraud")
    indicator = Indicator.objects.get(type="phone", value="+237699887766")
    assert indicator.categories == ["online_purchase_scam", "mobile_money_fraud"]


@pytest.mark.django_db
def test_warning_listed_value_is_counted_but_never_links() -> None:
    WarningListEntry.objects.create(type="phone", value="+237699887766", reason="customer care")
    warning_list_changed()
    report = _submit().report
    sighting = report.identifiers.get()
    indicator = Indicator.objects.get(type="phone", value="+237699887766")
    assert indicator.is_warning_listed
    assert indicator.report_count == 1
    assert sighting.indicator is None


@pytest.mark.django_db
def test_beyond_the_cap_links_are_counted_not_materialised(settings) -> None:  # type: ignore[no-untyped-def]
    settings.INDICATOR_LINK_CAP = 2
    reports = [_submit(email=f"r{n}@example.cm").report for n in range(3)]
    indicator = Indicator.objects.get(type="phone", value="+237699887766")
    assert indicator.report_count == 3
    assert indicator.reporter_count == 3
    linked = [report.identifiers.get().indicator_id for report in reports]
    assert linked == [indicator.pk, indicator.pk, None]


@pytest.mark.django_db
def test_identifier_found_in_a_narrative_links_only_once_confirmed(investigator_centre) -> None:  # type: ignore[no-untyped-def]
    report = _submit().report
    found = extracted_sightings(report, [FoundIdentifier("email", "crook@example.net")])
    Sighting.objects.bulk_create(found)
    sighting = Sighting.objects.get(report=report, source="extracted")
    assert not sighting.is_counted
    assert sighting.indicator is None
    assert not Indicator.objects.filter(value="crook@example.net").exists()

    confirmed = sighting_confirm(sighting=sighting, actor=investigator_centre)

    indicator = Indicator.objects.get(type="email", value="crook@example.net")
    assert confirmed.is_counted
    assert confirmed.indicator == indicator
    assert (indicator.report_count, indicator.reporter_count) == (1, 1)


@pytest.mark.django_db
def test_extraction_leaves_out_what_the_reporter_typed() -> None:
    report = _submit().report
    found = extracted_sightings(
        report,
        [
            FoundIdentifier("phone", "+237699887766", "mtn"),
            FoundIdentifier("email", "x@example.net"),
        ],
    )
    assert [(s.type, s.value) for s in found] == [("email", "x@example.net")]


@pytest.mark.django_db
def test_linking_a_report_takes_a_few_queries_whatever_it_names(
    django_assert_max_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    _submit(email="a@example.cm")
    five = [services.IdentifierInput(type="phone", value=f"6 99 88 77 6{n}") for n in range(5)]
    reporter = services.ReporterInput(name="B", email="b@example.cm")
    clean = services.report_validate(report_draft(reporter=reporter, identifiers=five))
    report = services.report_submit(draft=report_draft(reporter=reporter), channel="web").report
    # "Already named by this reporter", then PostgreSQL: one statement; SQLite: ensure (select,
    # insert, select) and one update per indicator.
    most = 2 if connection.vendor == "postgresql" else 4 + len(five)
    with django_assert_max_num_queries(most):
        sightings_link(report=report, sightings=clean.identifiers)
    assert Indicator.objects.filter(value__startswith="+2376998877").count() == 1 + 5
    assert all(sighting.indicator_id for sighting in clean.identifiers)


@pytest.mark.django_db
def test_identifiers_in_the_narrative_are_kept_to_confirm_not_counted() -> None:
    report = _submit(
        description="Il m'a dit de payer au 6 55 44 33 22 ou d'écrire à arnaque@example.net.",
    ).report
    found = report.identifiers.filter(source="extracted").order_by("pk")
    assert [(s.type, s.value, s.is_counted) for s in found] == [
        ("phone", "+237655443322", False),
        ("email", "arnaque@example.net", False),
    ]
    assert not Indicator.objects.filter(value="+237655443322").exists()


@pytest.mark.django_db
def test_the_number_paid_in_a_pasted_receipt_is_a_suspect_to_confirm() -> None:
    receipt = (
        "Vous avez transfere 50000 FCFA a JEAN DUPONT (237677123456) le 2026-03-12 15:30:21. "
        "Frais 250 FCFA. Nouveau solde: 12500 FCFA. Financial Transaction Id: 7364519283."
    )
    loss = services.LossInput(amount=None, channel="mtn_momo", receipt=receipt)
    report = _submit(loss=loss).report
    assert report.loss_receipt == receipt
    paid = report.identifiers.get(source="extracted", value="+237677123456")
    assert (paid.type, paid.role, paid.is_counted) == ("momo_account", "suspect", False)


@pytest.mark.django_db
def test_the_reporters_own_number_in_the_narrative_is_not_taken() -> None:
    reporter = services.ReporterInput(name="Awa", phone="6 77 88 99 00")
    report = services.report_submit(
        draft=report_draft(
            reporter=reporter, description="Rappelez-moi au 677 88 99 00 s'il vous plaît."
        ),
        channel="web",
    ).report
    assert not report.identifiers.filter(source="extracted").exists()


@pytest.mark.django_db
def test_a_reporter_is_new_to_each_pair_they_had_not_named() -> None:
    first = [
        services.IdentifierInput(type="phone", value="6 99 88 77 66"),
        services.IdentifierInput(type="email", value="agent.one@example.com"),
    ]
    second = [
        services.IdentifierInput(type="phone", value="6 99 88 77 66"),
        services.IdentifierInput(type="email", value="agent.two@example.com"),
        services.IdentifierInput(type="momo_account", value="+237 6 99 88 77 66"),
    ]
    reporter = services.ReporterInput(name="Someone", email="same@example.cm")
    for identifiers in (first, second):
        services.report_submit(
            draft=report_draft(reporter=reporter, identifiers=identifiers), channel="web"
        )

    counts = {
        (kind, value): (reports, reporters)
        for kind, value, reports, reporters in Indicator.objects.values_list(
            "type", "value", "report_count", "reporter_count"
        )
    }
    assert counts[("phone", "+237699887766")] == (2, 1)  # twice by the same person
    assert counts[("email", "agent.one@example.com")] == (1, 1)
    assert counts[("email", "agent.two@example.com")] == (1, 1)
    # The wallet shares the phone's digits but is another pair: new to this reporter.
    [wallet] = [counts[pair] for pair in counts if pair[0] == "momo_account"]
    assert wallet == (1, 1)


@pytest.mark.django_db
def test_earlier_namings_are_probed_by_the_unique_index_not_the_trigram_one() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the plan is PostgreSQL's")
    _submit(email="a@example.cm")
    # With a few thousand values analysed, the planner took the trigram index for the values
    # asked as one list (20 ms a filing instead of 0.05).
    kinds = ["phone", "email", "momo_account", "url", "domain", "bank_account"]
    now = timezone.now()
    Indicator.objects.bulk_create(
        Indicator(type=kinds[n % 6], value=f"+2376{n:08d}", first_seen=now, last_seen=now)
        for n in range(3000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE indicators_indicator")
        cursor.execute(
            f"EXPLAIN {correlation.named_before_sql(2)}",
            ["key", "phone", "+237699887766", "email", "a@example.com"],
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "indicator_unique_type_value" in plan
    assert "trgm" not in plan
