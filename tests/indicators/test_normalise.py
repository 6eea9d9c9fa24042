"""Normal forms of identifiers: examples of each type, hostile inputs, and properties on any text."""

import pytest
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vigilance.indicators.normalise import (
    TYPES,
    InvalidIdentifier,
    defang,
    display,
    normalise,
    normalise_email,
    normalise_phone,
    rib_key,
)


@pytest.fixture(autouse=True)
def _english():  # type: ignore[no-untyped-def]
    with translation.override("en"):
        yield


def reason(type: str, raw: str) -> str:
    with pytest.raises(InvalidIdentifier) as caught:
        normalise(type, raw)
    return str(caught.value)


# --- phone and mobile money -------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "677 12 34 56",
        "6 77 12 34 56",
        "677123456",
        "+237677123456",
        "+237 6 77 12 34 56",
        "00237 677-12-34-56",
        "(237) 677123456",
        "237677123456",
        "677.12.34.56",
    ],
)
def test_cameroonian_phone_written_any_usual_way_is_e164(raw: str) -> None:
    assert normalise("phone", raw).value == "+237677123456"


@pytest.mark.parametrize(
    ("raw", "provider"),
    [
        ("677123456", "MTN"),
        ("655123456", "Orange"),
        ("662123456", "Nexttel"),
        ("620123456", "Camtel"),
    ],
)
def test_phone_provider_is_the_operator(raw: str, provider: str) -> None:
    assert normalise("phone", raw).provider == provider


def test_foreign_number_keeps_its_country() -> None:
    assert normalise("phone", "+33 6 12 34 56 78").value == "+33612345678"


def test_old_eight_digit_number_is_refused_with_the_fix() -> None:
    assert "9 digits since 2014" in reason("phone", "77 12 34 56")


def test_phone_with_words_is_refused_not_guessed() -> None:
    assert "only digits" in reason("phone", "call 677123456")


def test_normalise_phone_keeps_returning_a_string() -> None:
    assert normalise_phone(" 699 88 77 66 ") == "+237699887766"


@pytest.mark.parametrize(
    ("raw", "provider"),
    [("650 11 22 33", "mtn_momo"), ("699 12 34 56", "orange_money"), ("662123456", "")],
)
def test_momo_account_names_the_money_provider(raw: str, provider: str) -> None:
    normalised = normalise("momo_account", raw)
    assert normalised.value.startswith("+237")
    assert normalised.provider == provider


def test_momo_account_must_be_a_mobile_number() -> None:
    assert "mobile" in reason("momo_account", "222 12 34 56")


def test_phone_is_displayed_spaced() -> None:
    assert display("phone", "+237677123456") == "+237 6 77 12 34 56"


# --- e-mail, links, domains, IP addresses --------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("Jean.Dupont@Example.CM", "jean.dupont@example.cm"),
        ("jean[at]example[.]com", "jean@example.com"),
        ("mailto:jean@example.com", "jean@example.com"),
        ("jean@exämple.cm", "jean@xn--exmple-cua.cm"),
    ],
)
def test_email_is_lower_cased_with_idna_domain(raw: str, value: str) -> None:
    assert normalise("email", raw).value == value
    assert normalise_email(raw) == value


def test_email_with_cyrillic_look_alike_is_refused() -> None:
    assert "look like" in reason("email", "j\u0435an@example.com")


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("hxxps://Example[.]com:443/Path?q=1#frag", "https://example.com/Path?q=1"),
        ("hXXp://evil(.)cm/login", "http://evil.cm/login"),
        ("hxxp[://]evil[.]cm/a b", "http://evil.cm/a%20b"),
        ("meow://bad[dot]cm", "http://bad.cm/"),
        ("example.com/path", "http://example.com/path"),
        ("//example.com", "http://example.com/"),
        ("FTP://Files.Example.org:21/x", "ftp://files.example.org/x"),
        ("https://example.com:8443", "https://example.com:8443/"),
        ("http://[::0001]:80/", "http://[::1]/"),
        ("https://bücher.example/", "https://xn--bcher-kva.example/"),
    ],
)
def test_url_is_refanged_and_canonical(raw: str, value: str) -> None:
    assert normalise("url", raw).value == value


@pytest.mark.parametrize(
    "raw",
    ["javascript:alert(1)", "JavaScript://%0aalert(1)", "data:text/html,<b>", "file:///etc/passwd"],
)
def test_url_other_than_web_is_refused(raw: str) -> None:
    assert "Only web links" in reason("url", raw)


def test_url_to_an_internal_address_is_kept_as_data() -> None:
    assert normalise("url", "http://127.0.0.1").value == "http://127.0.0.1/"
    assert normalise("url", "http://169.254.169.254/latest").value == (
        "http://169.254.169.254/latest"
    )


def test_url_with_cyrillic_look_alike_shows_its_punycode() -> None:
    assert normalise("url", "https://p\u0430ypal.com/").value == "https://xn--pypal-4ve.com/"


@pytest.mark.parametrize(
    "raw", ["http://exa mple.com/", "http://-bad.com/", "http://999.1.1.1/", "http://a.com:99999/"]
)
def test_url_with_impossible_host_or_port_is_refused(raw: str) -> None:
    reason("url", raw)


def test_links_and_domains_are_displayed_defanged() -> None:
    assert display("url", "https://example.com/a") == "hxxps://example[.]com/a"
    assert display("domain", "example.cm") == "example[.]cm"
    assert display("email", "a@b.cm") == "a[@]b[.]cm"
    assert defang("url", "ftp://x.cm/") == "fxp://x[.]cm/"
    assert display("imei", "490154203237518") == "490154203237518"


def test_displayed_links_read_back_as_the_same_link() -> None:
    value = normalise("url", "https://login.example.cm/a?b=c").value
    assert normalise("url", display("url", value)).value == value


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("www.Example.co.uk", "example.co.uk"),
        ("login.secure.example[.]cm", "example.cm"),
        ("https://foo.bar.example.cm/x?y", "example.cm"),
        ("scam-shop.blogspot.com", "scam-shop.blogspot.com"),
        ("blogspot.com", "blogspot.com"),
        ("minpostel.gov.cm", "minpostel.gov.cm"),
        ("s3.amazonaws.com", "amazonaws.com"),
        ("bucket.s3.amazonaws.com", "bucket.s3.amazonaws.com"),
        ("x.www.ck", "www.ck"),
        ("boutique.пример.рф", "xn--e1afmkfd.xn--p1ai"),
        ("SHOP.Example.COM.", "example.com"),
    ],
)
def test_domain_is_the_registrable_domain(raw: str, value: str) -> None:
    assert normalise("domain", raw).value == value


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ("localhost", "known extension"),
        ("co.uk", "shared by many sites"),
        ("foo.kawasaki.jp", "shared by many sites"),
        ("shop.example.notatld", "known extension"),
        ("192.168.1.1", "IP address"),
        ("http://[::1]/", "IP address"),
    ],
)
def test_domain_refusals_say_why(raw: str, words: str) -> None:
    assert words in reason("domain", raw)


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("1[.]2[.]3[.]4", "1.2.3.4"),
        (" 203.0.113.7 ", "203.0.113.7"),
        ("2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::1"),
        ("[::1]", "::1"),
    ],
)
def test_ip_is_compressed(raw: str, value: str) -> None:
    assert normalise("ip", raw).value == value


@pytest.mark.parametrize("raw", ["999.1.1.1", "1.2.3", "010.1.1.1", "fe80::1%eth0", "1.2.3.4/24"])
def test_invalid_ip_is_refused(raw: str) -> None:
    reason("ip", raw)


# --- bank accounts -------------------------------------------------------------------------------


def test_iban_loses_its_spaces_and_is_upper_cased() -> None:
    assert normalise("bank_account", "fr76 3000 6000 0112 3456 7890 189").value == (
        "FR7630006000011234567890189"
    )
    assert normalise("bank_account", "CM21 10005 00001 12345678901 34").value == (
        "CM2110005000011234567890134"
    )


def test_iban_with_wrong_check_digits_says_so() -> None:
    assert reason("bank_account", "GB82WEST12345698765433") == (
        "This IBAN's check digits are wrong: check each character."
    )


def test_rib_key_follows_the_french_algorithm() -> None:
    # A published French example: bank 30002, branch 00550, account 0000157845Z, key 02.
    assert rib_key("30002", "00550", "0000157845Z") == "02"


def test_cemac_rib_is_accepted_with_a_matching_key() -> None:
    assert normalise("bank_account", "10005 00001 12345678901 34").value == (
        "10005000011234567890134"
    )
    assert "key" in reason("bank_account", "10005 00001 12345678901 35")


def test_bank_account_of_another_shape_is_refused() -> None:
    assert "IBAN" in reason("bank_account", "12345")


# --- crypto wallets ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "value", "provider"),
    [
        ("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "bitcoin"),
        ("3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", "bitcoin"),
        (
            "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4",
            "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
            "bitcoin",
        ),
        (
            "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
            "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
            "bitcoin",
        ),
        (
            "bitcoin:1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa?amount=0.1",
            "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",
            "bitcoin",
        ),
        (
            "0x52908400098527886e0f7030069857d2e4169ee7",
            "0x52908400098527886E0F7030069857D2E4169EE7",
            "ethereum",
        ),
        ("TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7", "TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7", "tron"),
        (
            "LTC1qg82ca4tnr6r5qsh6jmv7lcq3q8y6ugs9q2u5kn",
            "LTC1qg82ca4tnr6r5qsh6jmv7lcq3q8y6ugs9q2u5kn",
            "",
        ),
    ],
)
def test_wallet_is_checked_where_the_chain_defines_a_checksum(
    raw: str, value: str, provider: str
) -> None:
    normalised = normalise("crypto_wallet", raw)
    assert (normalised.value, normalised.provider) == (value, provider)


@pytest.mark.parametrize(
    "raw",
    [
        "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb",
        "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5",
        "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj1",
        "TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU8",
    ],
)
def test_mistyped_wallet_is_refused(raw: str) -> None:
    assert "checksum" in reason("crypto_wallet", raw)


def test_wallet_refusals_for_shape() -> None:
    assert "40 hexadecimal" in reason("crypto_wallet", "0x1234")
    assert "lower case" in reason("crypto_wallet", "bc1QW508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4")
    assert "wallet address" in reason("crypto_wallet", "hello")


# --- social profiles -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "value", "provider"),
    [
        ("https://www.facebook.com/John.Doe.5", "https://facebook.com/john.doe.5", "facebook"),
        (
            "m.facebook.com/profile.php?id=100012345&ref=x",
            "https://facebook.com/profile.php?id=100012345",
            "facebook",
        ),
        (
            "facebook.com/people/Jean-Dupont/100012345/",
            "https://facebook.com/profile.php?id=100012345",
            "facebook",
        ),
        ("instagram.com/Scam.Shop/", "https://instagram.com/scam.shop", "instagram"),
        ("tiktok: @Scam.Boss", "https://tiktok.com/@scam.boss", "tiktok"),
        ("https://www.tiktok.com/@scam.boss/video/123", "https://tiktok.com/@scam.boss", "tiktok"),
        ("twitter.com/ScamBoss", "https://x.com/scamboss", "x"),
        ("x/@ScamBoss", "https://x.com/scamboss", "x"),
        ("t.me/ScamBoss", "https://t.me/scamboss", "telegram"),
        ("wa.me/237677123456", "https://wa.me/237677123456", "whatsapp"),
        (
            "https://api.whatsapp.com/send?phone=237677123456",
            "https://wa.me/237677123456",
            "whatsapp",
        ),
        ("whatsapp/677 12 34 56", "https://wa.me/237677123456", "whatsapp"),
        (
            "https://cm.linkedin.com/in/Jean-Dupont",
            "https://linkedin.com/in/jean-dupont",
            "linkedin",
        ),
        ("youtube.com/@ScamTV", "https://youtube.com/@scamtv", "youtube"),
        ("hxxps://t[.]me/scamboss", "https://t.me/scamboss", "telegram"),
    ],
)
def test_social_profile_is_platform_and_handle(raw: str, value: str, provider: str) -> None:
    normalised = normalise("social_profile", raw)
    assert (normalised.value, normalised.provider) == (value, provider)


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ("instagram.com/p/Cabc123", "not a profile"),
        # A reserved path written in capitals is still the path, not an account.
        ("instagram/P", "not a profile"),
        ("instagram.com/Explore", "not a profile"),
        ("facebook.com/groups/123", "not a profile"),
        ("https://vm.tiktok.com/ZMabc/", "short link"),
        ("https://example.com/scamboss", "network we know"),
        ("t.me/joinchat/AAAA", "not a profile"),
    ],
)
def test_social_links_that_name_no_account_are_refused(raw: str, words: str) -> None:
    assert words in reason("social_profile", raw)


# --- IMEI ----------------------------------------------------------------------------------------


def test_imei_is_fifteen_digits_with_a_valid_check_digit() -> None:
    assert normalise("imei", "49-015420-323751-8").value == "490154203237518"
    assert "last digit" in reason("imei", "490154203237519")


def test_imeisv_and_short_imei_are_refused_clearly() -> None:
    assert "IMEISV" in reason("imei", "4901542032375186")
    assert "this one has 14" in reason("imei", "49015420323751")


# --- any type ------------------------------------------------------------------------------------


def test_unknown_type_is_refused() -> None:
    assert reason("fax", "123") == "Unknown type of identifier."


@pytest.mark.parametrize("type", sorted(TYPES))
@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        "6" * 501,
        "677\x00123456",
        "677\u200b123456",
        "example\u202e.com",
        "https://example.com/\nevil",
    ],
)
def test_hostile_values_are_refused_for_every_type(type: str, raw: str) -> None:
    reason(type, raw)


def test_very_long_values_are_refused_saying_so() -> None:
    assert "too long" in reason("url", "https://example.com/" + "a" * 600)


@pytest.mark.parametrize("type", sorted(TYPES))
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(raw=st.text(max_size=80))
def test_any_text_is_normalised_or_refused_and_normal_forms_are_stable(type: str, raw: str) -> None:
    try:
        normalised = normalise(type, raw)
    except InvalidIdentifier:
        return
    assert normalise(type, normalised.value) == normalised


_LABEL = st.from_regex(r"[a-zA-Z0-9](?:[a-zA-Z0-9\-]{0,10}[a-zA-Z0-9])?", fullmatch=True)
_HOSTS = st.builds(
    lambda labels, tld: ".".join([*labels, tld]),
    st.lists(_LABEL | st.sampled_from(["www", "bücher", "p\u0430ypal"]), min_size=1, max_size=3),
    st.sampled_from(["cm", "com", "co.uk", "org", "blogspot.com", "gouv.cm"]),
)
_PLAUSIBLE = {
    "phone": st.from_regex(r"(\+237|00237|\(237\))? ?[62][0-9 .\-]{8,12}", fullmatch=True),
    "momo_account": st.from_regex(r"(\+237)? ?6[0-9 ]{8,11}", fullmatch=True),
    "email": st.builds(
        lambda local, host: f"{local}@{host}",
        st.from_regex(r"[A-Za-z0-9._%+\-]{1,20}", fullmatch=True),
        _HOSTS,
    ),
    "url": st.builds(
        lambda scheme, host, port, path: f"{scheme}{host}{port}{path}",
        st.sampled_from(["", "http://", "HTTPS://", "hxxps://", "ftp://", "//"]),
        _HOSTS,
        st.sampled_from(["", ":80", ":443", ":8080"]),
        st.text(max_size=30).map(lambda text: "/" + text),
    ),
    "domain": _HOSTS,
    "ip": st.ip_addresses().map(str),
    "bank_account": st.from_regex(
        r"[A-Za-z]{2}[0-9]{2}[A-Za-z0-9 ]{10,30}|[0-9 ]{20,30}", fullmatch=True
    ),
    "crypto_wallet": st.from_regex(r"(bc1|0x|T|1|3)[a-km-zA-HJ-NP-Z1-9]{25,60}", fullmatch=True),
    "social_profile": st.builds(
        lambda platform, handle: f"{platform}{handle}",
        st.sampled_from(
            ["facebook.com/", "tiktok: ", "tiktok.com/@", "x/", "t.me/", "wa.me/", "instagram/"]
        ),
        st.text(max_size=20),
    ),
    "imei": st.from_regex(r"[0-9 \-]{14,20}", fullmatch=True),
}


@pytest.mark.parametrize("type", sorted(TYPES))
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_plausible_values_are_normalised_or_refused_and_normal_forms_are_stable(
    type: str, data: st.DataObject
) -> None:
    raw = data.draw(_PLAUSIBLE[type])
    try:
        normalised = normalise(type, raw)
    except InvalidIdentifier:
        return
    assert normalised.type == type
    assert normalise(type, normalised.value) == normalised
