"""GET /api/v1/lookup through a real gunicorn: its lean entry answers what the API always
answered (docs/decisions/0031-lean-public-lookup.md).

gunicorn serves the test database (PostgreSQL, or a copy of the SQLite one written to a file
after each test's data), with the look-up limits on at 5 a minute per address and the address
read from X-Forwarded-For, so that each test counts under its own address. Each answer is
compared with the one Django's own route gives in this process for the same request.
"""

import json
import sqlite3
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test import Client

from tests.indicators.lookup_data import SUSPECT, SUSPECT_E164, indicator_with
from tests.support.live_process import Gunicorn, child_environment, database_url
from vigilance.core.tlp import Tlp
from vigilance.indicators.models import IndicatorStatus, LookupTally

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.timeout(420),
]

PER_ADDRESS = 5
# Headers every API answer carries, whichever entry wrote it.
SECURITY_HEADERS = (
    "Content-Security-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Permissions-Policy",
    "Cross-Origin-Opener-Policy",
)


class Served:
    """The running server and, on SQLite, the file it reads."""

    def __init__(self, server: Gunicorn, sqlite_file: Path | None):
        self.server = server
        self.sqlite_file = sqlite_file

    def publish(self) -> None:
        """Make this test's committed rows visible to the server (SQLite: copy them to its file)."""
        if self.sqlite_file is None:
            return
        connection.ensure_connection()
        with sqlite3.connect(self.sqlite_file) as copy:
            connection.connection.backup(copy)
        copy.close()

    def get(
        self, query: dict[str, str], *, address: str, language: str = "en"
    ) -> tuple[int, dict[str, str], bytes]:
        url = f"{self.server.base_url}/api/v1/lookup?{urlencode(query)}"
        return _get(url, {"Accept-Language": language, "X-Forwarded-For": address})

    def tally(self, value: str) -> int:
        if self.sqlite_file is None:
            return sum(LookupTally.objects.filter(value=value).values_list("count", flat=True))
        with sqlite3.connect(self.sqlite_file) as database:
            rows = database.execute(
                "SELECT count FROM indicators_lookuptally WHERE value = ?", (value,)
            ).fetchall()
        database.close()
        return sum(row[0] for row in rows)


def _get(url: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
    # Always the test's own server on http://127.0.0.1.
    request = urllib.request.Request(url, headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=15) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture(scope="module")
def served(
    django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("lookup-http")
    sqlite_file = None
    with django_db_blocker.unblock():
        if connection.vendor == "sqlite":
            sqlite_file = folder / "vigilance.sqlite3"
            url = f"sqlite:///{sqlite_file}"
        else:
            url = database_url(connection.settings_dict)
    environment = child_environment(
        var_dir=folder / "var",
        database=url,
        RATELIMIT_ENABLE="true",
        RATE_LOOKUP_PER_IP=f"{PER_ADDRESS}/m",
        RATELIMIT_IP_META_KEY="HTTP_X_FORWARDED_FOR",
    )
    server = Gunicorn(environment, folder / "gunicorn.log", workers=2)
    served = Served(server, sqlite_file)
    with django_db_blocker.unblock():
        served.publish()
    server.start(ready_within=300)
    yield served
    server.stop()


def _through_django(query: dict[str, str], language: str = "en") -> tuple[int, bytes]:
    response = Client().get(
        "/api/v1/lookup", query, headers={"accept-language": language, "x-forwarded-for": "django"}
    )
    return response.status_code, response.content


def test_a_confirmed_value_is_answered_as_django_answers_it(served: Served) -> None:
    indicator_with(reporter_count=25, status=IndicatorStatus.CONFIRMED_FRAUD)
    served.publish()
    query = {"type": "phone", "value": SUSPECT}

    status, _headers, content = served.get(query, address="10.0.0.1")

    assert (status, content) == _through_django(query)
    body = json.loads(content)
    assert (body["status"], body["reports"], body["value"]) == (
        "confirmed_fraud",
        "20+",
        SUSPECT_E164,
    )
    assert body["categories"] == ["mobile_money_fraud"]
    assert len(body["category_labels"]) == 1


def test_a_value_reported_by_three_verified_people_is_reported(served: Served) -> None:
    indicator_with(reporter_count=3)
    served.publish()
    query = {"type": "phone", "value": SUSPECT_E164}

    status, _headers, content = served.get(query, address="10.0.0.2", language="fr")

    assert (status, content) == _through_django(query, language="fr")
    body = json.loads(content)
    assert (body["status"], body["reports"]) == ("reported", "1-4")
    assert "Plusieurs personnes" in body["advice"]


def test_a_red_confirmation_is_never_shown_to_the_public(served: Served) -> None:
    indicator = indicator_with(reporter_count=1, status=IndicatorStatus.CONFIRMED_FRAUD)
    indicator.tlp = Tlp.RED
    indicator.save(update_fields=["tlp"])
    served.publish()

    status, _headers, content = served.get({"type": "phone", "value": SUSPECT}, address="10.0.0.3")

    assert status == 200
    assert json.loads(content)["status"] == "not_reported"


def test_an_unknown_value_is_not_reported_and_its_look_ups_are_counted(served: Served) -> None:
    query = {"type": "momo_account", "value": "+237 6 70 11 22 33"}

    for _ in range(2):
        status, _headers, content = served.get(query, address="10.0.0.4")

    assert served.tally("+237670112233") == 2
    assert (status, content) == _through_django(query)
    assert json.loads(content)["status"] == "not_reported"


def test_an_invalid_value_is_refused_in_the_askers_language(served: Served) -> None:
    query = {"type": "phone", "value": "12"}

    french = served.get(query, address="10.0.0.5", language="fr")
    english = served.get(query, address="10.0.0.5", language="en-GB,en;q=0.8")

    assert french[0] == english[0] == 400
    assert "pas valide" in json.loads(french[2])["error"]["message"]
    assert "not valid" in json.loads(english[2])["error"]["message"]
    assert french[1]["Content-Language"] == "fr"
    assert english[1]["Content-Language"] == "en"
    assert (french[0], french[2]) == _through_django(query, language="fr")


def test_an_unknown_type_and_a_missing_value_are_refused_as_before(served: Served) -> None:
    for query, expected in (({"type": "fax", "value": "1"}, 400), ({"type": "phone"}, 422)):
        status, _headers, content = served.get(query, address="10.0.0.6")

        assert status == expected
        assert (status, content) == _through_django(query)


def test_the_sixth_look_up_of_a_minute_is_refused_with_retry_after(served: Served) -> None:
    query = {"type": "phone", "value": SUSPECT}
    answers = [served.get(query, address="10.0.0.7", language="fr") for _ in range(PER_ADDRESS + 1)]

    assert [status for status, _headers, _content in answers] == [200] * PER_ADDRESS + [429]
    _status, headers, content = answers[-1]
    assert headers["Retry-After"] == "60"
    assert json.loads(content)["error"]["code"] == "rate_limited"
    assert "Trop de requêtes" in json.loads(content)["error"]["message"]
    assert served.get(query, address="10.0.0.8")[0] == 200


def test_look_ups_carry_the_security_headers_of_every_other_answer(served: Served) -> None:
    _status, headers, _content = served.get({"type": "phone", "value": SUSPECT}, address="10.0.0.9")
    _other_status, other, _other_content = _get(
        f"{served.server.base_url}/api/v1/identifiers/types",
        {"Accept-Language": "en", "X-Forwarded-For": "10.0.0.10"},
    )

    assert {name: headers.get(name) for name in SECURITY_HEADERS} == {
        name: other.get(name) for name in SECURITY_HEADERS
    }
    assert all(headers.get(name) for name in SECURITY_HEADERS)
    assert headers["Vary"] == other["Vary"] == "Accept-Language, Cookie"
    assert headers["Content-Type"] == "application/json; charset=utf-8"
    assert "Cache-Control" not in headers
    assert "Set-Cookie" not in headers


def test_a_query_written_loosely_is_read_as_django_reads_it(served: Served) -> None:
    indicator_with(reporter_count=3)
    served.publish()
    query = "type=phone&value=12&value=%2B237+699+88+77+66&unknown="

    status, headers, content = _get(
        f"{served.server.base_url}/api/v1/lookup?{query}",
        {"Accept-Language": "fr", "Cookie": "django_language=en", "X-Forwarded-For": "10.0.0.11"},
    )
    through_django = Client().get(
        f"/api/v1/lookup?{query}",
        headers={"accept-language": "fr", "cookie": "django_language=en"},
    )

    assert (status, content) == (through_django.status_code, through_django.content)
    assert json.loads(content)["status"] == "reported"
    assert headers["Content-Language"] == through_django["Content-Language"] == "en"
