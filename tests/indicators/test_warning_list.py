"""The warning list kept by analysts: values are normalised, matching indicators are marked and
unmarked, the cache of the list follows, and every change is audited. Also the seeded list."""

import pytest
from django.test import Client

from tests import personas
from vigilance.accounts.models import User
from vigilance.audit.models import AuditEvent
from vigilance.core.errors import InvalidAction, NotFound
from vigilance.indicators import analysis
from vigilance.indicators.models import Indicator, WarningListEntry
from vigilance.indicators.warning_list import is_warning_listed

pytestmark = pytest.mark.django_db

PAGE = "/en/staff/indicators/warning-list/"


def test_the_seeded_list_holds_webmail_platforms_operators_and_our_domain() -> None:
    seeded = set(WarningListEntry.objects.values_list("value", flat=True))

    assert {"gmail.com", "wa.me", "mtn.cm", "orange.cm", "vigilance.cm"} <= seeded
    assert set(WarningListEntry.objects.values_list("type", flat=True)) == {"domain"}
    assert all(WarningListEntry.objects.values_list("is_suffix", flat=True))
    assert is_warning_listed("domain", "mail.yahoo.fr")


def test_adding_a_suffix_marks_the_domain_and_those_under_it_only(
    django_capture_on_commit_callbacks, cirt_analyst: User
) -> None:
    top = Indicator.objects.create(type="domain", value="promo-demo.cm")
    under = Indicator.objects.create(type="domain", value="bonus.promo-demo.cm")
    lookalike = Indicator.objects.create(type="domain", value="notpromo-demo.cm")
    assert not is_warning_listed("domain", "bonus.promo-demo.cm")

    with django_capture_on_commit_callbacks(execute=True):
        entry = analysis.warning_list_add(
            actor=cirt_analyst,
            type="domain",
            value="www.PROMO-demo.cm",
            is_suffix=True,
            reason="Test",
        )

    assert entry.value == "promo-demo.cm"
    marked = set(Indicator.objects.filter(is_warning_listed=True).values_list("pk", flat=True))
    assert {top.pk, under.pk} <= marked
    assert lookalike.pk not in marked
    assert is_warning_listed("domain", "bonus.promo-demo.cm"), "the cache was cleared"
    assert AuditEvent.objects.filter(action="warning_list.added", object_id=str(entry.pk)).exists()


def test_removing_unmarks_what_no_other_entry_covers(
    django_capture_on_commit_callbacks, cirt_analyst: User
) -> None:
    domain = Indicator.objects.create(type="domain", value="promo-demo.cm")
    # A host kept from before domains were reduced to their registrable part.
    host = Indicator.objects.create(type="domain", value="bonus.promo-demo.cm")
    number = Indicator.objects.create(type="phone", value="+237650000000")
    broad = analysis.warning_list_add(
        actor=cirt_analyst, type="domain", value="promo-demo.cm", is_suffix=True, reason="Broad"
    )
    analysis.warning_list_add(
        actor=cirt_analyst, type="phone", value="650000000", is_suffix=False, reason="Test number"
    )
    assert Indicator.objects.filter(is_warning_listed=True).count() == 3

    with django_capture_on_commit_callbacks(execute=True):
        analysis.warning_list_remove(actor=cirt_analyst, entry=broad)

    assert not Indicator.objects.get(pk=domain.pk).is_warning_listed
    assert not Indicator.objects.get(pk=host.pk).is_warning_listed
    assert Indicator.objects.get(pk=number.pk).is_warning_listed, "another entry covers it"
    assert not is_warning_listed("domain", "promo-demo.cm")
    assert AuditEvent.objects.filter(action="warning_list.removed").count() == 1


def test_removing_an_entry_keeps_what_an_overlapping_entry_covers(cirt_analyst: User) -> None:
    host = Indicator.objects.create(type="domain", value="bonus.promo-demo.cm")
    broad = analysis.warning_list_add(
        actor=cirt_analyst, type="domain", value="promo-demo.cm", is_suffix=True, reason="Broad"
    )
    WarningListEntry.objects.create(
        type="domain", value="bonus.promo-demo.cm", is_suffix=False, reason="Exact host"
    )

    analysis.warning_list_remove(actor=cirt_analyst, entry=broad)

    assert Indicator.objects.get(pk=host.pk).is_warning_listed


def test_an_exact_phone_entry_marks_that_number(cirt_analyst: User) -> None:
    number = Indicator.objects.create(type="phone", value="+237650000000")

    analysis.warning_list_add(
        actor=cirt_analyst,
        type="phone",
        value="650 00 00 00",
        is_suffix=False,
        reason="Test number",
    )

    assert Indicator.objects.get(pk=number.pk).is_warning_listed


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"type": "phone", "value": "650000000", "is_suffix": True}, "is_suffix"),
        ({"value": "not a domain at all"}, "value"),
        ({"reason": " "}, "reason"),
        ({"type": "telepathy"}, "type"),
        ({"value": "gmail.com"}, "value"),
    ],
    ids=["suffix-on-phone", "invalid", "no-reason", "unknown-type", "duplicate"],
)
def test_refusals_name_the_field(
    cirt_analyst: User, changes: dict[str, object], field: str
) -> None:
    values: dict[str, object] = {
        "type": "domain",
        "value": "x-demo.cm",
        "is_suffix": True,
        "reason": "Test",
    }
    values.update(changes)
    with pytest.raises(InvalidAction) as refused:
        analysis.warning_list_add(actor=cirt_analyst, **values)  # type: ignore[arg-type]
    assert field in refused.value.fields


def test_only_analysts_change_the_list(auditor: User) -> None:
    with pytest.raises(NotFound):
        analysis.warning_list_add(
            actor=auditor, type="domain", value="x-demo.cm", is_suffix=True, reason="x"
        )


def test_the_page_adds_and_removes_an_entry(cirt_analyst: User) -> None:
    client: Client = personas.signed_in_client(cirt_analyst)

    added = client.post(
        PAGE, {"type": "domain", "value": "promo-demo.cm", "is_suffix": "on", "reason": "Test"}
    )

    assert added.status_code == 302
    entry = WarningListEntry.objects.get(value="promo-demo.cm")
    assert "promo-demo[.]cm" in client.get(PAGE).content.decode()
    removed = client.post(f"{PAGE}{entry.pk}/remove/")
    assert removed.status_code == 302
    assert not WarningListEntry.objects.filter(pk=entry.pk).exists()


def test_the_page_shows_a_refusal_next_to_the_field(cirt_analyst: User) -> None:
    response = personas.signed_in_client(cirt_analyst).post(
        PAGE, {"type": "phone", "value": "12", "reason": "Test"}
    )

    assert response.status_code == 400
    assert "value" in response.context["form"].errors
