"""Properties of extraction: identifiers hidden anywhere in French or English prose are found with
their type and normal form, and no text whatsoever makes extraction fail."""

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.indicators.test_normalise_properties import (
    EMAILS,
    HOSTS,
    IMEIS,
    LABELS,
    PHONES,
    RIBS,
    iban_of,
)
from vigilance.indicators.extraction import extract_identifiers
from vigilance.indicators.normalise import defang, normalise

PROPERTY_SETTINGS = settings(max_examples=150, deadline=None)

# Prose without digits, dots, money words or labels such as "CNI" that change what a number is.
FILLER = [
    *[
        "bonjour",
        "monsieur",
        "il",
        "elle",
        "nous",
        "m'a",
        "appelé",
        "hier",
        "soir",
        "disant",
        "que",
        "j'avais",
        "gagné",
        "un",
        "prix",
    ],
    *[
        "ensuite",
        "envoyé",
        "message",
        "avec",
        "lien",
        "pour",
        "payer",
        "frais",
        "sur",
        "le",
        "site",
        "victime",
        "escroc",
    ],
    *[
        "the",
        "man",
        "called",
        "yesterday",
        "saying",
        "that",
        "won",
        "a",
        "prize",
        "then",
        "sent",
        "message",
        "with",
        "link",
    ],
    *["pay", "fees", "on", "website", "victim", "scammer", "please", "help", "me", "quickly"],
    "numéro",
    "téléphone",
    "adresse",
    "mail",
]
WORDS = st.lists(st.sampled_from(FILLER), min_size=1, max_size=6).map(" ".join)
PUNCTUATION = st.sampled_from(["", ",", ":", " -"])

IDENTIFIERS = st.one_of(
    PHONES.map(lambda pair: (pair[0], ("phone", pair[1]))),
    EMAILS.map(lambda email: (email, ("email", email.lower()))),
    EMAILS.map(lambda email: (defang("email", email), ("email", email.lower()))),
    HOSTS.map(lambda host: (host, ("domain", normalise("domain", host).value))),
    HOSTS.map(lambda host: (defang("domain", host), ("domain", normalise("domain", host).value))),
    st.builds(
        lambda scheme, host, path: (
            f"{scheme}{host}/{path}",
            ("url", normalise("url", f"{scheme}{host}/{path}").value),
        ),
        st.sampled_from(["http://", "https://", "hxxps://"]),
        HOSTS,
        LABELS,
    ),
    st.ip_addresses(v=4).map(lambda ip: (str(ip), ("ip", str(ip)))),
    IMEIS.map(lambda imei: (imei, ("imei", imei))),
    RIBS.map(lambda rib: (rib, ("bank_account", rib))),
    RIBS.map(lambda rib: iban_of("CM", rib)).map(
        lambda iban: (
            " ".join([iban[:4], iban[4:9], iban[9:14], iban[14:25], iban[25:]]),
            ("bank_account", iban),
        )
    ),
)


def _not_a_network(identifier: tuple[str, tuple[str, str]]) -> bool:
    # Bare names of social networks ("facebook.com") are left out on purpose.
    return identifier[1][1] not in {"x.com", "t.me", "wa.me", "fb.com"}


@PROPERTY_SETTINGS
@given(
    first=WORDS,
    parts=st.lists(
        st.tuples(IDENTIFIERS.filter(_not_a_network), PUNCTUATION, WORDS), min_size=1, max_size=4
    ),
)
def test_identifiers_inside_prose_are_found_in_order(
    first: str, parts: list[tuple[tuple[str, tuple[str, str]], str, str]]
) -> None:
    text = first
    expected = []
    for (written, identifier), punctuation, words in parts:
        text += f" {written}{punctuation} {words}"
        expected.append(identifier)
    assert [(found.type, found.value) for found in extract_identifiers(text)] == expected


@settings(max_examples=200, deadline=None)
@given(text=st.text())
def test_any_text_is_read_without_error(text: str) -> None:
    for found in extract_identifiers(text):
        assert text[found.start : found.end] == found.raw


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet="0123456789 .-/+()[]:@abcxhtpsw\u00a0\n", max_size=200))
def test_text_made_of_the_characters_of_identifiers_is_read_without_error(text: str) -> None:
    for found in extract_identifiers(text):
        assert normalise(found.type, found.value).value == found.value
