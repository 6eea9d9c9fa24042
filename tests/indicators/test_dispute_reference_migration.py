"""The migration that gives disputes a reference gives one, distinct, to those already filed."""

import pytest

from tests.support.migrations import migrate_to, migrate_to_latest

BEFORE = [("indicators", "0005_count_verified_reporters")]
AFTER = [("indicators", "0006_dispute_add_reference")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_disputes_filed_before_get_distinct_references() -> None:
    apps = migrate_to(BEFORE)
    try:
        indicator = apps.get_model("indicators", "Indicator").objects.create(
            type="phone", value="+237699887766"
        )
        Dispute = apps.get_model("indicators", "Dispute")
        for contact in ("a@example.cm", "b@example.cm"):
            Dispute.objects.create(indicator=indicator, name="A", contact=contact, statement=".")

        apps = migrate_to(AFTER)

        references = list(
            apps.get_model("indicators", "Dispute").objects.values_list("reference", flat=True)
        )
        assert len(set(references)) == 2
        assert all(reference.startswith("CTS-") for reference in references)
    finally:
        apps = migrate_to_latest()
        apps.get_model("indicators", "Indicator").objects.filter(value="+237699887766").delete()
