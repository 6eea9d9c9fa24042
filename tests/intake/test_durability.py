"""Kill -9 during submissions: no acknowledged report is missing, none is half-saved (SECURITY.md).

A real gunicorn serves a real database (the PostgreSQL test database, or a migrated SQLite file)
while client threads file reports with an evidence file each; the whole server is killed with
SIGKILL at a random moment, restarted, three times over; then the database is checked.
Most of its time goes to starting the servers; the timeout bounds it on a loaded machine.
"""

import hashlib
import http.client
import json
import random
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.sqlite3.base import DatabaseWrapper as SQLiteWrapper

from tests.factories import report_payload
from tests.support.live_process import Gunicorn, child_environment, database_url, migrate
from vigilance.evidence import crypto, storage
from vigilance.evidence.models import Evidence
from vigilance.intake.models import Report, ReportEvent, Sighting

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.timeout(150),
]

ROUNDS = 3
CLIENT_THREADS = 4
IDENTIFIERS_PER_REPORT = len(report_payload()["suspects"])


@dataclass
class Acknowledged:
    """What the server answered 201 to: the references and the files it said it stored."""

    reports: set[str] = field(default_factory=set)
    evidence: dict[str, bytes] = field(default_factory=dict)  # reference -> file content
    lock: threading.Lock = field(default_factory=threading.Lock)


def _post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, dict[str, Any]]:
    # The URL is always the test's own server on 127.0.0.1.
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=15) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, {}


def _multipart(content: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="capture.txt"\r\n'
            "Content-Type: text/plain\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


def _file_reports(base_url: str, stop: threading.Event, acknowledged: Acknowledged) -> None:
    """File reports with one evidence file each until told to stop; a dead server ends a try."""
    while not stop.is_set():
        try:
            status, body = _post(
                f"{base_url}/api/v1/reports",
                json.dumps(report_payload()).encode(),
                {"Content-Type": "application/json"},
            )
            if status != 201:
                continue
            with acknowledged.lock:
                acknowledged.reports.add(body["reference"])
            content = f"Message du faux agent {uuid.uuid4()}\n".encode() * 200
            multipart, content_type = _multipart(content)
            status, stored = _post(
                f"{base_url}/api/v1/reports/{body['reference']}/evidence",
                multipart,
                {"Content-Type": content_type, "X-Tracking-Code": body["tracking_code"]},
            )
            if status == 201:
                assert stored["sha256"] == hashlib.sha256(content).hexdigest()
                with acknowledged.lock:
                    acknowledged.evidence[body["reference"]] = content
        # A server killed mid-answer cuts the response short: that report was not acknowledged.
        except (urllib.error.URLError, http.client.HTTPException, OSError):
            time.sleep(0.05)


def _crash_while_filing(server: Gunicorn, acknowledged: Acknowledged, rng: random.Random) -> None:
    stop = threading.Event()
    clients = [
        threading.Thread(target=_file_reports, args=(server.base_url, stop, acknowledged))
        for _ in range(CLIENT_THREADS)
    ]
    before = len(acknowledged.reports)
    for client in clients:
        client.start()
    try:
        # Kill once the clients are well under way, at a moment that falls anywhere in a request.
        deadline = time.monotonic() + 15
        while len(acknowledged.reports) < before + 3 and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(rng.uniform(0.0, 0.6))
        server.kill()
    finally:
        stop.set()
        for client in clients:
            client.join(timeout=20)
    assert len(acknowledged.reports) > before, server.output()


@pytest.fixture
def database(tmp_path: Path) -> Iterator[tuple[str, BaseDatabaseWrapper]]:
    """The database the server writes to, and a connection of this process to read it."""
    if connection.vendor == "postgresql":
        yield database_url(connection.settings_dict), connection
        return
    path = tmp_path / "vigilance.sqlite3"
    url = f"sqlite:///{path}"
    migrate(child_environment(var_dir=tmp_path / "var", database=url))
    reader = SQLiteWrapper({**connection.settings_dict, "NAME": str(path)}, alias="durability")
    try:
        yield url, reader
    finally:
        reader.close()


def _table(model: Any) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _check_every_report_is_whole(reader: BaseDatabaseWrapper, acknowledged: Acknowledged) -> int:
    report, event, identifier = _table(Report), _table(ReportEvent), _table(Sighting)
    links, evidence = _table(Report.evidence.through), _table(Evidence)
    with reader.cursor() as cursor:
        cursor.execute(
            f"SELECT r.reference, "  # noqa: S608 - table names come from the models
            f"(SELECT count(*) FROM {identifier} i WHERE i.report_id = r.id), "
            f"(SELECT count(*) FROM {event} e WHERE e.report_id = r.id AND e.kind = %s) "
            f"FROM {report} r",
            [ReportEvent.Kind.SUBMITTED],
        )
        saved = {reference: (identifiers, events) for reference, identifiers, events in cursor}
        cursor.execute(
            f"SELECT r.reference, v.sha256, v.storage_name FROM {report} r "  # noqa: S608
            f"JOIN {links} l ON l.report_id = r.id JOIN {evidence} v ON v.id = l.evidence_id"
        )
        files = [(reference, sha256, name) for reference, sha256, name in cursor]

    missing = acknowledged.reports - saved.keys()
    assert not missing, f"acknowledged but not saved: {sorted(missing)}"
    half_saved = {
        reference: counts
        for reference, counts in saved.items()
        if counts != (IDENTIFIERS_PER_REPORT, 1)
    }
    assert not half_saved, f"saved without all identifiers or their event: {half_saved}"

    stored_for = {reference: (sha256, name) for reference, sha256, name in files}
    for reference, content in acknowledged.evidence.items():
        assert reference in stored_for, f"acknowledged evidence of {reference} is missing"
        assert stored_for[reference][0] == hashlib.sha256(content).hexdigest()
    for reference, sha256, name in files:
        decrypted = crypto.decrypt(storage.read(name))
        assert hashlib.sha256(decrypted).hexdigest() == sha256, f"evidence of {reference}"
        if reference in acknowledged.evidence:
            assert decrypted == acknowledged.evidence[reference]
    return len(saved)


def test_no_acknowledged_report_is_lost_or_half_saved_when_the_server_is_killed(
    database: tuple[str, BaseDatabaseWrapper], tmp_path: Path
) -> None:
    url, reader = database
    environment = child_environment(
        var_dir=tmp_path / "var",
        database=url,
        EVIDENCE_ROOT=str(settings.EVIDENCE_ROOT),
        EVIDENCE_KEYS=",".join(settings.EVIDENCE_KEYS),
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        SMS_BACKEND="vigilance.core.sms.FileSMSBackend",
    )
    rng = random.Random()
    acknowledged = Acknowledged()

    # Each round after the first also shows the server coming back on what the crash left.
    for round_number in range(ROUNDS):
        server = Gunicorn(environment, tmp_path / f"gunicorn-{round_number}.log")
        server.start()
        try:
            _crash_while_filing(server, acknowledged, rng)
        finally:
            server.stop()

    saved = _check_every_report_is_whole(reader, acknowledged)
    assert saved >= len(acknowledged.reports) > ROUNDS
