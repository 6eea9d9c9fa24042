"""The benchmark's data generator and load client, on a handful of requests to a live server."""

import io
import json
import random
from email.parser import BytesParser
from email.policy import HTTP

import pytest
from bench.client import percentile, run_load
from bench.workload import multipart_file, noise_png, report_payload
from django.db import connection
from PIL import Image

from vigilance.evidence.models import Evidence
from vigilance.intake.models import Report, Sighting
from vigilance.intake.services import report_validate

# The live server needs committed rows; the serialized rollback restores the reference data
# (regions, offence categories) that the flush after each test would otherwise remove.
# On SQLite the live server's threads share the test's single in-memory connection, so two
# concurrent submissions would share one transaction; PostgreSQL gives each its own.
CLIENT_THREADS = 1 if connection.vendor == "sqlite" else 2

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.slow]


def test_generated_reports_are_valid_and_varied() -> None:
    from vigilance.intake.api import draft_from_payload
    from vigilance.intake.schemas import ReportIn

    rng = random.Random(5)
    payloads = [report_payload(rng) for _ in range(20)]

    for payload in payloads:
        valid = report_validate(draft_from_payload(ReportIn(**payload)))
        assert sorted(i.type for i in valid.identifiers) == ["email", "momo_account", "phone"]
    assert len({p["suspects"][0]["value"] for p in payloads}) == 20
    assert len(json.dumps(payloads[0])) < 2000


def test_evidence_picture_is_a_real_png_of_about_200_kb() -> None:
    content = noise_png(200_000)

    assert 190_000 < len(content) < 215_000
    assert Image.open(io.BytesIO(content)).format == "PNG"
    body, content_type = multipart_file("file", "capture.png", "image/png", content)
    message = BytesParser(policy=HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + body
    )
    [part] = list(message.iter_parts())
    assert part.get_filename() == "capture.png"
    assert part.get_content() == content


def test_percentile_takes_the_nearest_rank() -> None:
    values = [float(n) for n in range(1, 101)]

    assert percentile(values, 0.50) == 50.0
    assert percentile(values, 0.99) == 99.0
    assert percentile([], 0.5) == 0.0


def test_load_client_files_reports_that_are_committed(live_server, settings) -> None:  # type: ignore[no-untyped-def]
    settings.RATELIMIT_ENABLE = False

    result = run_load(
        live_server.url,
        scenario="report",
        processes=1,
        threads=CLIENT_THREADS,
        warmup=0.2,
        duration=1.5,
    )

    assert result.errors == 0, result.error_kinds
    assert result.operations >= 3
    assert result.per_second == round(result.operations / 1.5, 1)
    assert 0 < result.latency_ms["p50"] <= result.latency_ms["p95"] <= result.latency_ms["p99"]
    assert set(
        Report.objects.filter(reference__in=result.references).values_list("reference", flat=True)
    ) == set(result.references)
    # The three typed by the reporter (values found in the narrative are kept apart).
    typed = Sighting.objects.filter(report__reference__in=result.references, source="reporter")
    assert typed.count() == 3 * result.operations


def test_load_client_adds_the_evidence_file_to_each_report(live_server, settings) -> None:  # type: ignore[no-untyped-def]
    settings.RATELIMIT_ENABLE = False
    # Each victim's address as the proxy passes it on, as the benchmark's servers read it: from
    # one address, the hour's allowance of 30 files would refuse the load's later uploads.
    settings.RATELIMIT_IP_META_KEY = "HTTP_X_REAL_IP"
    picture = noise_png(200_000)

    result = run_load(
        live_server.url,
        scenario="report_with_evidence",
        processes=1,
        threads=CLIENT_THREADS,
        warmup=0.2,
        duration=1.5,
        evidence=picture,
    )

    assert result.errors == 0, result.error_kinds
    assert result.operations >= 2
    stored = Evidence.objects.filter(reports__reference__in=result.references)
    assert stored.count() == result.operations
    assert {(e.size, e.content_type) for e in stored} == {(len(picture), "image/png")}
