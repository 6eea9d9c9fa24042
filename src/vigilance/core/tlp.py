"""Traffic Light Protocol 2.0 (FIRST): how far a piece of information may travel.

One definition for the whole platform: cases, indicators, alerts and every object exchanged
with partners carry one of these markings. Pure rules, no database.

- CLEAR: anyone.
- GREEN: the community: every partner the platform exchanges with.
- AMBER: partners with a need to know, named one by one.
- AMBER+STRICT: the owning organisation only.
- RED: never leaves the platform.
"""

from collections.abc import Callable

from django.db import models


class Tlp(models.TextChoices):
    CLEAR = "clear", "TLP:CLEAR"
    GREEN = "green", "TLP:GREEN"
    AMBER = "amber", "TLP:AMBER"
    AMBER_STRICT = "amber_strict", "TLP:AMBER+STRICT"
    RED = "red", "TLP:RED"


TLP_MAX_LENGTH = 12

# From the widest to the narrowest audience.
_ORDER = (Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER, Tlp.AMBER_STRICT, Tlp.RED)
_RANK = {str(marking): rank for rank, marking in enumerate(_ORDER)}


def tlp_rank(marking: str) -> int:
    """0 for CLEAR up to 4 for RED; an unknown marking counts as RED (fail closed)."""
    return _RANK.get(marking, _RANK[Tlp.RED])


def tlp_stricter(*markings: str) -> str:
    """The narrowest of the markings (RED if none is known)."""
    known = [marking for marking in markings if marking in _RANK]
    if not known:
        return str(Tlp.RED)
    return max(known, key=tlp_rank)


def tlp_within(marking: str, ceiling: str) -> bool:
    """Whether ``marking`` is no narrower than ``ceiling`` allows (e.g. GREEN within AMBER)."""
    return tlp_rank(marking) <= tlp_rank(ceiling)


def tlp_may_reach_partner(
    marking: str, *, is_owner: bool = False, has_need_to_know: bool = False
) -> bool:
    """Whether something so marked may go to a partner outside the platform.

    ``is_owner``: the partner is the organisation the information belongs to (AMBER+STRICT);
    ``has_need_to_know``: the partner was named for AMBER.
    """
    if marking == Tlp.CLEAR or marking == Tlp.GREEN:
        return True
    if marking == Tlp.AMBER:
        return has_need_to_know or is_owner
    if marking == Tlp.AMBER_STRICT:
        return is_owner
    return False


# Inside the platform (docs/decisions/0023-tlp-enforced.md): the same markings, read for the
# people and units of the platform's own agencies and partners' staff.


def tlp_may_share_case(marking: str, *, same_organisation: bool, is_named: bool) -> bool:
    """Whether a case so marked may be shared with a recipient on the platform.

    ``same_organisation``: the recipient belongs to the organisation owning the case;
    ``is_named``: the recipient is one unit or one person, not a whole organisation.
    CLEAR, GREEN and AMBER: any recipient the owner names for a need to know; AMBER+STRICT: the
    owning organisation only; RED: named units or people of the owning organisation only.
    """
    if marking in (Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER):
        return True
    if marking == Tlp.AMBER_STRICT:
        return same_organisation
    if marking == Tlp.RED:
        return same_organisation and is_named
    return False


def tlp_may_read_alert(marking: str, *, is_partner: bool, is_owner: bool) -> bool:
    """Whether a signed-in person may read a partners-audience alert so marked.

    ``is_partner``: a partner's responder (operator, provider, bank), not a platform agency;
    ``is_owner``: staff of the organisation publishing the alert. AMBER+STRICT stays with the
    owner; RED with the platform's own agencies.
    """
    if marking in (Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER):
        return True
    if marking == Tlp.AMBER_STRICT:
        return is_owner
    if marking == Tlp.RED:
        return not is_partner
    return False


def tlp_shows_confirmed_to_public(marking: str) -> bool:
    """Whether the public check may say an indicator so marked is a confirmed fraud.

    The default AMBER is what decision 0006 publishes; AMBER+STRICT (its owner's only) and RED
    (perhaps under covert investigation) never show an analyst's confirmation to the public.
    """
    return marking in (Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER)


def tlp_markings(rule: Callable[[str], bool]) -> list[str]:
    """Every marking the rule lets through, to filter a query by ``tlp__in``."""
    return [str(marking) for marking in _ORDER if rule(marking)]
