"""Identifiers written loosely in a victim's text: a number dictated digit by digit, split over a
line, glued to a word; an address spelled out; a handle next to its network's name. And what is
still not one: versions, amounts, transaction ids, dates, codes."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.indicators.test_extraction_properties import PROPERTY_SETTINGS, WORDS
from tests.indicators.test_normalise_properties import MOBILE_PREFIXES
from vigilance.indicators.extraction import extract_identifiers

MOBILES = st.builds(
    lambda prefix, rest: f"{prefix}{rest}",
    st.sampled_from(MOBILE_PREFIXES),
    st.from_regex(r"[0-9]{6}", fullmatch=True),
)


def found(text: str) -> list[tuple[str, str]]:
    return [(each.type, each.value) for each in extract_identifiers(text)]


# --- phone numbers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Il m'a dit d'appeler le 6 8 0 1 2 7 7 4 3 pour le colis.",
        "Son numéro est 680 12\n77 43, il répond le soir.",
        "mon numéro\n680\n127\n743",
        "appelez-moi au680127743",
        "numéro:680127743svp",
        "Call him on680127743 please",
    ],
)
def test_a_number_dictated_split_or_glued_is_found(text: str) -> None:
    assert found(text) == [("phone", "+237680127743")]


@pytest.mark.parametrize(
    "text",
    [
        "J'ai payé 680 127 743 FCFA au vendeur.",
        "J'ai payé 680127743F au vendeur.",
        "ID transaction: 680127743123",
        "Réf:680127743",
        "ref680127743",
        "TX680127743 validée",
        "Code 680127743ABC reçu",
        "Version 6 8 0 1 2 7 7 4 3",
        "le 12/03/2026 à 14 h, puis le 13/03/2026",
        "étapes 1 2 3 4 5 6 7 8 9 10",
    ],
)
def test_amounts_ids_codes_versions_and_dates_are_not_numbers(text: str) -> None:
    assert [kind for kind, _value in found(text)] == []


@PROPERTY_SETTINGS
@given(before=WORDS, after=WORDS, number=MOBILES)
def test_any_mobile_dictated_one_digit_at_a_time_is_found(
    before: str, after: str, number: str
) -> None:
    assert found(f"{before} {' '.join(number)} {after}") == [("phone", f"+237{number}")]


@PROPERTY_SETTINGS
@given(before=WORDS, after=WORDS, number=MOBILES, cut=st.integers(1, 8))
def test_any_mobile_split_by_a_line_break_is_found(
    before: str, after: str, number: str, cut: int
) -> None:
    text = f"{before} {number[:cut]}\n{number[cut:]} {after}"
    assert found(text) == [("phone", f"+237{number}")]


@PROPERTY_SETTINGS
@given(
    number=MOBILES,
    word=st.sampled_from(["au", "numéro:", "tel.", "whatsapp"]),
    tail=st.sampled_from(["svp", "merci", ""]),
)
def test_any_mobile_glued_to_the_word_that_introduces_it_is_found(
    number: str, word: str, tail: str
) -> None:
    assert found(f"Contactez-le {word}{number}{tail} ce soir") == [("phone", f"+237{number}")]


@PROPERTY_SETTINGS
@given(number=MOBILES, currency=st.sampled_from(["FCFA", "F CFA", "XAF", "francs", "F"]))
def test_a_mobile_followed_by_a_currency_is_an_amount(number: str, currency: str) -> None:
    spaced = f"{number[:3]} {number[3:6]} {number[6:]}"
    assert found(f"J'ai envoyé {spaced} {currency} hier") == []


@PROPERTY_SETTINGS
@given(
    label=st.sampled_from(["ID transaction:", "Transaction ID", "Réf.", "CNI n°"]),
    digits=st.from_regex(r"6[0-9]{8,14}", fullmatch=True),
)
def test_a_labelled_number_is_never_a_phone(label: str, digits: str) -> None:
    assert found(f"{label} {digits}") == []


# --- e-mail addresses -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "email"),
    [
        ("écrivez à arnaqueur at gmail dot com", "arnaqueur@gmail.com"),
        ("son mail: jean.dupont arobase gmail point com", "jean.dupont@gmail.com"),
        ("nom arobase yahoo point fr.", "nom@yahoo.fr"),
        ("Write to boss point cash at hotmail dot co dot uk", "boss.cash@hotmail.co.uk"),
        ("mail: promo@gmail dot com", "promo@gmail.com"),
    ],
)
def test_an_address_spelled_out_is_found(text: str, email: str) -> None:
    assert found(text) == [("email", email)]


@pytest.mark.parametrize(
    "text",
    [
        "I met him at the market and paid at jumia dot com",
        "he was at home point final",
        "on se voit au point de rendez-vous",
    ],
)
def test_prose_with_at_and_dot_is_not_an_address(text: str) -> None:
    assert [kind for kind, _value in found(text)] == []


@PROPERTY_SETTINGS
@given(
    local=st.from_regex(r"[a-z][a-z0-9]{1,8}", fullmatch=True),
    provider=st.sampled_from(["gmail", "yahoo", "hotmail", "outlook"]),
    tld=st.sampled_from(["com", "fr", "cm"]),
    at=st.sampled_from([" at ", " arobase ", " AROBASE ", "@"]),
    dot=st.sampled_from([" dot ", " point ", " POINT ", "."]),
    before=WORDS,
    after=WORDS,
)
def test_any_address_spelled_out_in_prose_is_found(
    local: str, provider: str, tld: str, at: str, dot: str, before: str, after: str
) -> None:
    text = f"{before} {local}{at}{provider}{dot}{tld} {after}"
    assert found(text) == [("email", f"{local}@{provider}.{tld}")]


# --- social profiles ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "profile"),
    [
        ("son TikTok c'est @boss_arnaque", "https://tiktok.com/@boss_arnaque"),
        ("on Telegram he is @crypto_king", "https://t.me/crypto_king"),
        ("sur Facebook: @marie.belle", "https://facebook.com/marie.belle"),
        ("son Instagram c'est @miss.cash", "https://instagram.com/miss.cash"),
        ("il m'écrit sur X @faux_ministre", "https://x.com/faux_ministre"),
        ("Twitter: @faux_ministre", "https://x.com/faux_ministre"),
    ],
)
def test_a_handle_next_to_its_networks_name_is_a_profile(text: str, profile: str) -> None:
    assert found(text) == [("social_profile", profile)]


@pytest.mark.parametrize(
    "text",
    [
        "il a écrit @tout_le_monde sans réseau",
        "mon x @ami n'est pas un réseau",
        "TikTok. Puis il a cité @quelqu_un",
    ],
)
def test_a_handle_without_its_network_is_not_a_profile(text: str) -> None:
    assert found(text) == []


@PROPERTY_SETTINGS
@given(
    network=st.sampled_from(
        [
            ("TikTok", "https://tiktok.com/@"),
            ("Telegram", "https://t.me/"),
            ("Instagram", "https://instagram.com/"),
            ("X", "https://x.com/"),
        ]
    ),
    joiner=st.sampled_from([" ", ": ", " c'est ", " he is ", " : "]),
    handle=st.from_regex(r"[a-z][a-z0-9_]{4,12}", fullmatch=True),
    before=WORDS,
)
def test_any_handle_after_its_network_is_found(
    network: tuple[str, str], joiner: str, handle: str, before: str
) -> None:
    name, prefix = network
    assert found(f"{before} {name}{joiner}@{handle}") == [("social_profile", prefix + handle)]


# --- versions -------------------------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(
    system=st.sampled_from(["Android", "iOS", "version", "Version :"]),
    parts=st.lists(st.integers(0, 255), min_size=4, max_size=4),
)
def test_a_version_number_is_not_an_ip_address(system: str, parts: list[int]) -> None:
    assert found(f"mon téléphone est sous {system} {'.'.join(map(str, parts))}") == []
