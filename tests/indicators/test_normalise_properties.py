"""Properties of the normal forms on generated valid values: stable, and read back from display."""

import unicodedata

import pytest
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vigilance.indicators.normalise import (
    InvalidIdentifier,
    base,
    display,
    normalise,
    phone,
    rib_key,
)
from vigilance.indicators.normalise.base import Normalised
from vigilance.indicators.normalise.crypto import eip55
from vigilance.indicators.normalise.phone import e164_cm_normal_form

PROPERTY_SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

# Number ranges actually allocated in Cameroon: mobiles of each operator, then fixed lines.
MOBILE_PREFIXES = [*range(650, 660), *range(670, 700), *range(620, 630), *range(660, 670)]
FIXED_PREFIXES = [222, 233, 242, 243]


@pytest.fixture(autouse=True)
def _english():  # type: ignore[no-untyped-def]
    with translation.override("en"):
        yield


def written_phone(prefix: int, rest: str, style: int) -> str:
    """A Cameroonian number as people write it."""
    number = f"{prefix}{rest}"
    return [
        number,
        f"{number[0]} {number[1:3]} {number[3:5]} {number[5:7]} {number[7:]}",
        f"{number[:3]}.{number[3:5]}.{number[5:7]}.{number[7:]}",
        f"{number[:3]}-{number[3:6]}-{number[6:]}",
        f"+237{number}",
        f"00237 {number}",
        f"(237) {number[:3]} {number[3:5]} {number[5:7]} {number[7:]}",
        f"237{number}",
    ][style]


PHONES = st.builds(
    lambda prefix, rest, style: (written_phone(prefix, rest, style), f"+237{prefix}{rest}"),
    st.sampled_from(MOBILE_PREFIXES + FIXED_PREFIXES),
    st.from_regex(r"[0-9]{6}", fullmatch=True),
    st.integers(0, 7),
)
LABELS = st.from_regex(r"[a-z][a-z0-9]{1,8}(-[a-z0-9]{1,6})?", fullmatch=True)
HOSTS = st.builds(
    lambda subdomains, label, suffix: ".".join([*subdomains, label, suffix]),
    st.lists(st.sampled_from(["www", "login", "secure", "m"]), max_size=2),
    LABELS,
    st.sampled_from(["cm", "com", "fr", "org", "net", "co.uk", "gouv.cm", "info"]),
)
EMAILS = st.builds(
    lambda local, host: f"{local}@{host}",
    st.from_regex(r"[A-Za-z][A-Za-z0-9]{0,8}([._+\-][A-Za-z0-9]{1,6})?", fullmatch=True),
    HOSTS,
)
URLS = st.builds(
    lambda scheme, host, port, path, query: f"{scheme}{host}{port}/{path}{query}",
    st.sampled_from(["http://", "https://", "HTTPS://", "hxxps://", "ftp://", ""]),
    HOSTS,
    st.sampled_from(["", ":8080", ":443"]),
    st.from_regex(r"([A-Za-z0-9\-._~]{1,10}/?){0,3}", fullmatch=True),
    st.sampled_from(["", "?id=1", "?a=b&c=d"]),
)


def luhn_completed(digits: str) -> str:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return digits + str((10 - total % 10) % 10)


def iban_of(country: str, bban: str) -> str:
    rearranged = bban + country + "00"
    number = int("".join(str(int(char, 36)) for char in rearranged))
    return f"{country}{98 - number % 97:02d}{bban}"


def rib_of(bank: str, branch: str, account: str) -> str:
    return bank + branch + account + rib_key(bank, branch, account)


RIBS = st.builds(
    rib_of,
    st.from_regex(r"[0-9]{5}", fullmatch=True),
    st.from_regex(r"[0-9]{5}", fullmatch=True),
    st.from_regex(r"[0-9]{11}", fullmatch=True),
)
IMEIS = st.from_regex(r"[0-9]{14}", fullmatch=True).map(luhn_completed)

VALID = {
    "phone": PHONES.map(lambda pair: pair[0]),
    "momo_account": st.builds(
        lambda prefix, rest: f"{prefix}{rest}",
        st.sampled_from(MOBILE_PREFIXES),
        st.from_regex(r"[0-9]{6}", fullmatch=True),
    ),
    "email": EMAILS,
    "url": URLS,
    "domain": HOSTS,
    "ip": st.ip_addresses().map(str),
    "bank_account": RIBS | RIBS.map(lambda rib: iban_of("CM", rib)),
    "crypto_wallet": st.sampled_from(
        [
            "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",
            "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
            "TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7",
        ]
    )
    | st.from_regex(r"0x[0-9a-f]{40}", fullmatch=True).map(eip55),
    "social_profile": st.builds(
        lambda platform, handle: f"{platform}{handle}",
        st.sampled_from(["facebook.com/", "https://www.tiktok.com/@", "t.me/", "x.com/"]),
        st.from_regex(r"[a-z][a-z0-9]{4,12}", fullmatch=True),
    ),
    "imei": IMEIS,
}


@pytest.mark.parametrize("type", sorted(VALID))
@PROPERTY_SETTINGS
@given(data=st.data())
def test_valid_values_are_accepted_and_their_normal_form_is_stable(
    type: str, data: st.DataObject
) -> None:
    normalised = normalise(type, data.draw(VALID[type]))
    assert normalised.type == type
    assert normalise(type, normalised.value) == normalised


@PROPERTY_SETTINGS
@given(phone=PHONES)
def test_any_way_of_writing_a_cameroonian_number_gives_its_e164_form(
    phone: tuple[str, str],
) -> None:
    written, e164 = phone
    assert normalise("phone", written).value == e164


@pytest.mark.parametrize("type", ["url", "domain", "email", "ip", "phone", "social_profile"])
@PROPERTY_SETTINGS
@given(data=st.data())
def test_displayed_value_reads_back_as_the_same_normal_form(type: str, data: st.DataObject) -> None:
    value = normalise(type, data.draw(VALID[type])).value
    assert normalise(type, display(type, value)).value == value


@PROPERTY_SETTINGS
@given(address=st.from_regex(r"0x[0-9a-f]{40}", fullmatch=True), position=st.integers(2, 41))
def test_ethereum_address_with_one_case_changed_is_refused_or_unchanged(
    address: str, position: int
) -> None:
    checksummed = eip55(address)
    char = checksummed[position]
    flipped = checksummed[:position] + char.swapcase() + checksummed[position + 1 :]
    if flipped == checksummed or flipped[2:] in (address[2:], address[2:].upper()):
        return
    with pytest.raises(ValueError, match="checksum"):
        normalise("crypto_wallet", flipped)


@PROPERTY_SETTINGS
@given(
    kind=st.sampled_from(["phone", "momo_account"]),
    digits=st.text(alphabet="0123456789", min_size=8, max_size=10),
    spaces=st.sampled_from(["", " ", "\t"]),
)
def test_the_quick_e164_path_answers_as_normalise_or_not_at_all(
    kind: str, digits: str, spaces: str
) -> None:
    raw = f"{spaces}+237{digits}{spaces}"
    quick = e164_cm_normal_form(kind, raw)
    try:
        expected: str | None = normalise(kind, raw).value
    except InvalidIdentifier:
        expected = None

    assert quick is None or quick == expected
    if expected is not None and len(digits) == 9:
        assert quick == expected


@PROPERTY_SETTINGS
@given(
    kind=st.sampled_from(["phone", "momo_account"]),
    prefix=st.sampled_from(["", "+237", "+237 ", "237", "00237", "+", "+33"]),
    digits=st.text(alphabet="0123456789", min_size=7, max_size=11),
    gaps=st.lists(st.integers(min_value=0, max_value=11), max_size=4),
)
def test_a_cameroonian_number_as_written_reads_as_phonenumbers_reads_it(
    kind: str, prefix: str, digits: str, gaps: list[int]
) -> None:
    for gap in sorted(set(gaps), reverse=True):
        digits = digits[:gap] + " " + digits[gap:]
    raw = prefix + digits
    try:
        number = phone._parse(raw)
        full: Normalised | None = (
            phone.phone_of(number) if kind == "phone" else phone.momo_account_of(number)
        )
    except InvalidIdentifier:
        full = None
    try:
        quick: Normalised | None = normalise(kind, raw)
    except InvalidIdentifier:
        quick = None

    assert quick == full
    if kind == "phone" and full is not None:
        assert phone.normalise_phone(raw) == full.value


@PROPERTY_SETTINGS
@given(value=st.text(max_size=40) | st.text(alphabet=st.characters(max_codepoint=127), max_size=40))
def test_hidden_characters_are_found_as_unicode_categories_say(value: str) -> None:
    by_category = any(unicodedata.category(char) in base._HIDDEN_CATEGORIES for char in value)

    assert base.holds_hidden_characters(value) == by_category
