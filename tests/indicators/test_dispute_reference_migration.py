"""The migration that gives disputes a reference gives one, distinct, to those already filed."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("indicators", "0005_count_verified_reporters")]
AFTER = [("indicators", "0006_dispute_add_reference")]


def _migrate(targets: list[tuple[str, str]]):  # type: ignore[no-untyped-def]
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_disputes_filed_before_get_distinct_references() -> None:
    apps = _migrate(BEFORE)
    try:
        indicator = apps.get_model("indicators", "Indicator").objects.create(
            type="phone", value="+237699887766"
        )
        Dispute = apps.get_model("indicators", "Dispute")
        for contact in ("a@example.cm", "b@example.cm"):
            Dispute.objects.create(indicator=indicator, name="A", contact=contact, statement=".")

        apps = _migrate(AFTER)

        references = list(
            apps.get_model("indicators", "Dispute").objects.values_list("reference", flat=True)
        )
        assert len(set(references)) == 2
        assert all(reference.startswith("CTS-") for reference in references)
    finally:
        apps = _migrate(AFTER)
        apps.get_model("indicators", "Indicator").objects.filter(value="+237699887766").delete()
