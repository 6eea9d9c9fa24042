"""On PostgreSQL the values of a statement travel beside its text (decision 0051): PostgreSQL
sees placeholders, and what a value holds can never change the statement."""

import pytest
from django.db import connection

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only"),
]

_OWN_STATEMENT = "SELECT query FROM pg_stat_activity WHERE pid = pg_backend_pid() AND %s <> %s"


def test_the_server_receives_placeholders_not_values() -> None:
    with connection.cursor() as cursor:
        cursor.execute(_OWN_STATEMENT, ["it's", "secret"])
        (seen,) = cursor.fetchone()
    assert "$1 <> $2" in seen
    assert "secret" not in seen


def test_awkward_values_come_back_as_they_went() -> None:
    values = ["it's", "back\\slash", "%s %% $1", "Yaoundé ✓", "", "a" * 10_000]
    with connection.cursor() as cursor:
        for value in values:
            cursor.execute("SELECT %s::text, length(%s::text)", [value, value])
            assert cursor.fetchone() == (value, len(value))
