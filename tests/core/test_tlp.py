"""TLP 2.0 as pure rules: how far each marking travels, inside the platform and out of it."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vigilance.core.tlp import (
    Tlp,
    tlp_markings,
    tlp_may_reach_partner,
    tlp_may_read_alert,
    tlp_may_share_case,
    tlp_rank,
    tlp_shows_confirmed_to_public,
    tlp_stricter,
    tlp_within,
)

MARKINGS = [str(marking) for marking in Tlp]


def test_markings_rank_from_clear_to_red_and_an_unknown_one_counts_as_red() -> None:
    assert [tlp_rank(marking) for marking in MARKINGS] == [0, 1, 2, 3, 4]
    assert tlp_rank("purple") == tlp_rank(Tlp.RED)
    assert tlp_stricter(Tlp.GREEN, Tlp.AMBER_STRICT, Tlp.AMBER) == Tlp.AMBER_STRICT
    assert tlp_stricter("purple") == Tlp.RED
    assert tlp_within(Tlp.GREEN, Tlp.AMBER)
    assert not tlp_within(Tlp.RED, Tlp.AMBER)


@pytest.mark.parametrize(
    ("marking", "anyone", "named", "owner"),
    [
        (Tlp.CLEAR, True, True, True),
        (Tlp.GREEN, True, True, True),
        (Tlp.AMBER, False, True, True),
        (Tlp.AMBER_STRICT, False, False, True),
        (Tlp.RED, False, False, False),
    ],
)
def test_what_reaches_a_partner(marking: str, anyone: bool, named: bool, owner: bool) -> None:
    assert tlp_may_reach_partner(marking) is anyone
    assert tlp_may_reach_partner(marking, has_need_to_know=True) is named
    assert tlp_may_reach_partner(marking, is_owner=True, has_need_to_know=True) is owner


@pytest.mark.parametrize(
    ("marking", "other_organisation", "own_organisation_whole", "own_unit_or_person"),
    [
        (Tlp.CLEAR, True, True, True),
        (Tlp.GREEN, True, True, True),
        (Tlp.AMBER, True, True, True),
        (Tlp.AMBER_STRICT, False, True, True),
        (Tlp.RED, False, False, True),
        ("purple", False, False, False),
    ],
)
def test_who_a_case_may_be_shared_with(
    marking: str, other_organisation: bool, own_organisation_whole: bool, own_unit_or_person: bool
) -> None:
    assert tlp_may_share_case(marking, same_organisation=False, is_named=True) is other_organisation
    assert tlp_may_share_case(marking, same_organisation=True, is_named=False) is (
        own_organisation_whole
    )
    assert tlp_may_share_case(marking, same_organisation=True, is_named=True) is (
        own_unit_or_person
    )


@pytest.mark.parametrize(
    ("marking", "partner", "agency", "owner"),
    [
        (Tlp.CLEAR, True, True, True),
        (Tlp.GREEN, True, True, True),
        (Tlp.AMBER, True, True, True),
        (Tlp.AMBER_STRICT, False, False, True),
        (Tlp.RED, False, True, True),
        ("purple", False, False, False),
    ],
)
def test_who_reads_a_partners_alert(marking: str, partner: bool, agency: bool, owner: bool) -> None:
    assert tlp_may_read_alert(marking, is_partner=True, is_owner=False) is partner
    assert tlp_may_read_alert(marking, is_partner=False, is_owner=False) is agency
    assert tlp_may_read_alert(marking, is_partner=False, is_owner=True) is owner


def test_the_public_never_sees_a_strict_or_red_confirmation() -> None:
    assert tlp_markings(tlp_shows_confirmed_to_public) == ["clear", "green", "amber"]


@given(st.sampled_from(MARKINGS), st.booleans(), st.booleans())
def test_a_case_share_never_lets_through_more_than_a_wider_marking_would(
    marking: str, same_organisation: bool, is_named: bool
) -> None:
    # Whatever a marking allows, every wider marking allows too.
    if tlp_may_share_case(marking, same_organisation=same_organisation, is_named=is_named):
        for wider in MARKINGS[: tlp_rank(marking)]:
            assert tlp_may_share_case(wider, same_organisation=same_organisation, is_named=is_named)


def test_a_red_alert_names_the_agencies_while_amber_strict_names_its_owner_only() -> None:
    # The one place where a narrower marking reaches people a wider one does not: a RED
    # partners' alert is addressed to the platform's agencies (docs/decisions/0023-tlp-enforced.md).
    assert tlp_may_read_alert(Tlp.RED, is_partner=False, is_owner=False)
    assert not tlp_may_read_alert(Tlp.AMBER_STRICT, is_partner=False, is_owner=False)
