"""Reports naming the same new values, saved at the same moment, share one indicator each and
are all counted, whoever creates the indicator first."""

import threading

import pytest
from django.db import connection, connections

from tests.factories import report_draft
from vigilance.indicators.models import Indicator
from vigilance.intake import services
from vigilance.intake.models import Sighting

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite serialises every writer on its file lock; row locks matter on PostgreSQL",
    ),
]

THREADS = 8
NUMBERS = ["6 99 10 20 30", "6 99 10 20 31", "6 99 10 20 32"]


def _file(thread: int, errors: list[BaseException], start: threading.Barrier) -> None:
    try:
        start.wait()
        services.report_submit(
            draft=report_draft(
                reporter=services.ReporterInput(name="R", email=f"r{thread}@example.cm"),
                identifiers=[services.IdentifierInput(type="phone", value=v) for v in NUMBERS],
            ),
            channel="web",
        )
    except BaseException as error:
        errors.append(error)
    finally:
        connections.close_all()


def test_reports_saved_together_share_and_count_their_indicators() -> None:
    errors: list[BaseException] = []
    start = threading.Barrier(THREADS)
    threads = [threading.Thread(target=_file, args=(n, errors, start)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    indicators = Indicator.objects.filter(value__startswith="+23769910203")
    assert indicators.count() == len(NUMBERS)
    for indicator in indicators:
        assert (indicator.report_count, indicator.reporter_count) == (THREADS, THREADS)
        assert Sighting.objects.filter(indicator=indicator).count() == THREADS
