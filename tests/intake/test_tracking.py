"""Tracking codes: their shape, their randomness over the whole alphabet, and how a code typed by
hand is still recognised."""

import re
from collections import Counter

from vigilance.intake import tracking

CODE = re.compile(r"^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$")


def test_a_code_is_four_groups_of_four_crockford_characters() -> None:
    codes = [tracking.new_tracking_code() for _ in range(200)]

    assert all(CODE.match(code) for code in codes), codes[:5]
    assert len(set(codes)) == len(codes)


def test_every_character_of_the_alphabet_turns_up_about_as_often() -> None:
    counts = Counter("".join(tracking.new_tracking_code().replace("-", "") for _ in range(4000)))

    # 64,000 characters: 2,000 expected each; a bias of a fifth would be far outside chance.
    assert set(counts) == set(tracking.ALPHABET)
    assert min(counts.values()) > 1600
    assert max(counts.values()) < 2400


def test_a_code_typed_by_hand_matches_its_hash() -> None:
    code = tracking.new_tracking_code()
    stored = tracking.hash_tracking_code(code)
    typed = code.lower().replace("-", " ").replace("1", "l").replace("0", "o")

    assert tracking.tracking_code_matches(typed, stored)
    assert not tracking.tracking_code_matches(tracking.new_tracking_code(), stored)
