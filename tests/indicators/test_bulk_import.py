"""``manage.py import_indicators``: valid and invalid rows, duplicates, statuses and history."""

import io
import random
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from vigilance.audit.models import AuditEvent
from vigilance.indicators.bulk_import import fast_normalise, indicators_import
from vigilance.indicators.models import (
    Indicator,
    IndicatorStatus,
    IndicatorStatusChange,
    WarningListEntry,
)
from vigilance.indicators.normalise import InvalidIdentifier, normalise
from vigilance.indicators.warning_list import warning_list_changed

pytestmark = pytest.mark.django_db

CSV = """type,value,provider
phone,677 12 34 56,
phone,+237677123456,
phone,12345,
email,Arnaque@Example.CM,
url,hxxps://promo-gratuit[.]example[.]com/gain,
momo_account,+237650112233,
domain,,
bitcoin,1BoatSLRHtKNngkdXEeobR76b53LETtpyT,
imei,35 209900 176148 1,
"""


@pytest.fixture(autouse=True)
def _english():  # type: ignore[no-untyped-def]
    with translation.override("en"):
        yield


def run(tmp_path: Path, text: str, *arguments: str) -> tuple[str, str]:
    path = tmp_path / "list.csv"
    path.write_text(text, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    call_command("import_indicators", str(path), *arguments, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_valid_rows_are_imported_normalised_and_invalid_ones_reported_by_line(
    tmp_path: Path,
) -> None:
    out, err = run(tmp_path, CSV, "--jobs", "1")

    assert set(Indicator.objects.values_list("type", "value", "provider")) == {
        ("phone", "+237677123456", "MTN"),
        ("email", "arnaque@example.cm", ""),
        ("url", "https://promo-gratuit.example.com/gain", ""),
        ("momo_account", "+237650112233", "mtn_momo"),
        ("imei", "352099001761481", ""),
    }
    assert "line 4: " in err
    assert "line 8: This value is empty." in err
    assert "line 9: Unknown type of identifier." in err
    assert "3 invalid rows, not imported" in err
    assert "9 rows read" in out
    assert "6 valid (5 distinct values), 3 invalid. 5 indicators created, 0 already known" in out
    assert set(Indicator.objects.values_list("status", flat=True)) == {"unverified"}
    assert not IndicatorStatusChange.objects.exists()
    [event] = AuditEvent.objects.filter(action="indicator.imported")
    assert event.actor_label == "command:import_indicators"
    assert event.details["created"] == 5
    assert event.details["invalid"] == 3
    assert event.details["source"] == "list.csv"


def test_existing_indicators_are_kept_and_duplicates_counted_once(tmp_path: Path) -> None:
    kept = Indicator.objects.create(
        type="phone", value="+237677123456", provider="MTN", report_count=4
    )
    text = "value,type\n677123456,phone\n6 77 12 34 56,phone\n+237 699 00 00 01,phone\n"

    out, _err = run(tmp_path, text, "--jobs", "1")

    assert "3 valid (2 distinct values), 0 invalid. 1 indicators created, 1 already known" in out
    assert Indicator.objects.count() == 2
    kept.refresh_from_db()
    assert (kept.report_count, kept.status) == (4, "unverified")


def test_confirmed_fraud_confirms_unverified_ones_with_history_and_keeps_analyst_decisions(
    tmp_path: Path,
) -> None:
    unverified = Indicator.objects.create(type="email", value="old@example.cm")
    false_positive = Indicator.objects.create(
        type="email", value="owner@example.cm", status=IndicatorStatus.FALSE_POSITIVE
    )
    text = "type,value\nemail,old@example.cm\nemail,owner@example.cm\nemail,new@example.cm\n"

    out, _err = run(
        tmp_path, text, "--status", "confirmed_fraud", "--reason", "Operator list 2026-11"
    )

    assert "1 indicators created, 2 already known; 1 confirmed, 1 left as an analyst decided" in out
    statuses = dict(Indicator.objects.values_list("value", "status"))
    assert statuses == {
        "old@example.cm": "confirmed_fraud",
        "owner@example.cm": "false_positive",
        "new@example.cm": "confirmed_fraud",
    }
    history = IndicatorStatusChange.objects.all()
    assert {(h.indicator.value, h.previous_status, h.status, h.reason) for h in history} == {
        ("old@example.cm", "unverified", "confirmed_fraud", "Operator list 2026-11"),
        ("new@example.cm", "unverified", "confirmed_fraud", "Operator list 2026-11"),
    }
    unverified.refresh_from_db()
    assert unverified.status_changed_at is not None
    false_positive.refresh_from_db()
    assert false_positive.status_changed_at is None
    assert AuditEvent.objects.filter(action="indicator.imported").count() == 1


def test_confirmed_fraud_needs_a_reason(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Say why"):
        run(tmp_path, "type,value\nphone,677123456\n", "--status", "confirmed_fraud")

    assert not Indicator.objects.exists()


def test_a_file_without_the_two_columns_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="type,value"):
        run(tmp_path, "kind,number\nphone,677123456\n")


def test_dry_run_counts_and_saves_nothing(tmp_path: Path) -> None:
    out, _err = run(tmp_path, CSV, "--dry-run", "--jobs", "1")

    assert "5 indicators created" in out
    assert "Dry run: nothing was saved." in out
    assert not Indicator.objects.exists()
    assert not AuditEvent.objects.filter(action="indicator.imported").exists()


def test_values_on_the_warning_list_are_flagged(tmp_path: Path) -> None:
    WarningListEntry.objects.update_or_create(
        type="domain", value="gmail.com", defaults={"is_suffix": True, "reason": "mail"}
    )
    WarningListEntry.objects.update_or_create(
        type="phone", value="+237677000000", defaults={"reason": "care"}
    )
    warning_list_changed()
    text = (
        "type,value\ndomain,mail.gmail.com\ndomain,gmail.com.evil.cm\nphone,677000000\n"
        "email,someone@gmail.com\n"
    )

    run(tmp_path, text, "--jobs", "1")

    assert dict(Indicator.objects.values_list("value", "is_warning_listed")) == {
        "gmail.com": True,  # mail.gmail.com, read as its registered domain
        "evil.cm": False,
        "+237677000000": True,
        "someone@gmail.com": False,
    }


def test_several_processes_and_small_chunks_give_the_same_result(tmp_path: Path) -> None:
    rows = [f"phone,6{n:08d}" for n in range(77_000_000, 77_000_040)] + ["phone,bad"] * 3
    stream = io.StringIO("type,value\n" + "\n".join(rows + rows[:10]) + "\n")

    result = indicators_import(stream=stream, jobs=2, chunk_rows=7)

    assert (result.rows, result.valid, result.invalid) == (53, 50, 3)
    assert (result.distinct, result.created) == (40, 40)
    assert [line for line, _reason in result.errors] == [42, 43, 44]
    assert Indicator.objects.filter(type="phone").count() == 40


def test_fast_path_agrees_with_normalise() -> None:
    rng = random.Random(7)
    national = [f"{p}{rng.randrange(10**6):06d}" for p in range(100, 1000) for _ in range(3)]
    national += [f"6{rng.randrange(10**8):08d}" for _ in range(1000)]
    samples = [f"+237{n}" for n in national] + ["+2376771234567", "+23767712345", " +237677123456 "]
    answered = 0
    for kind in ("phone", "momo_account"):
        for raw in samples:
            fast = fast_normalise(kind, raw)
            if fast is None:
                continue
            answered += 1
            assert fast == normalise(kind, raw), raw
    for raw in ("+237 677123456", "677123456", "+33612345678"):
        assert fast_normalise("phone", raw) is None
    assert answered > 1000
    with pytest.raises(InvalidIdentifier):
        normalise("phone", "+237100000000")
    assert fast_normalise("phone", "+237100000000") is None
