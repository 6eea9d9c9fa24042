"""Identifiers found in free text as people in Cameroon write it, and numbers that are not ones."""

import pytest

from vigilance.indicators.extraction import distinct, extract_identifiers, found_in_receipt
from vigilance.indicators.receipts import parse_money_receipt


def found(text: str) -> list[tuple[str, str]]:
    return [(each.type, each.value) for each in extract_identifiers(text)]


# --- phone numbers and mobile-money accounts ------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        "6 77 12 34 56",
        "677.12.34.56",
        "677-123-456",
        "677 123 456",
        "00237 677123456",
        "(237) 677 12 34 56",
        "(+237) 677 12 34 56",
        "+237677123456",
        "+237 6 77 12 34 56",
        "237677123456",
        "677123456",
    ],
)
def test_cameroonian_mobile_written_any_usual_way_is_found(written: str) -> None:
    assert found(f"Il m'a appelé au {written}, depuis hier.") == [("phone", "+237677123456")]


@pytest.mark.parametrize(
    "written", ["222 23 45 67", "233 42 11 22", "242 01 23 45", "243 12 34 56"]
)
def test_landline_numbers_are_found(written: str) -> None:
    assert [kind for kind, _value in found(f"Le bureau: {written}.")] == ["phone"]


def test_several_numbers_in_one_sentence_are_each_found() -> None:
    text = "Ils utilisent le 677123456, le 699 11 22 33 et le +33 6 12 34 56 78."
    assert found(text) == [
        ("phone", "+237677123456"),
        ("phone", "+237699112233"),
        ("phone", "+33612345678"),
    ]


def test_two_numbers_separated_only_by_a_slash_or_a_space_are_two() -> None:
    assert found("677123456/699112233") == [
        ("phone", "+237677123456"),
        ("phone", "+237699112233"),
    ]
    assert len(found("appelez 677 12 34 56 699 11 22 33")) == 2


@pytest.mark.parametrize(
    ("text", "provider"),
    [
        ("Envoyez l'argent sur MoMo 677 12 34 56 aujourd'hui", "mtn_momo"),
        ("Mobile Money: 650112233", "mtn_momo"),
        ("son Orange Money 699 11 22 33", "orange_money"),
        ("dépose sur OM 699112233", "orange_money"),
        ("son compte 655 44 33 22", "orange_money"),
        ("the account 677123456 belongs to him", "mtn_momo"),
        ("envoie au 677123456 (MoMo)", "mtn_momo"),
    ],
)
def test_number_after_a_money_word_is_a_mobile_money_account(text: str, provider: str) -> None:
    (identifier,) = extract_identifiers(text)
    assert identifier.type == "momo_account"
    assert identifier.provider == provider


def test_om_in_lower_case_is_not_orange_money() -> None:
    assert found("le nom om 677123456") == [("phone", "+237677123456")]


def test_landline_after_a_money_word_stays_a_phone() -> None:
    assert found("compte 222 23 45 67") == [("phone", "+237222234567")]


def test_found_identifier_says_where_it_was_written() -> None:
    text = "Appelez le 6 77 12 34 56 vite"
    (identifier,) = extract_identifiers(text)
    assert text[identifier.start : identifier.end] == identifier.raw == "6 77 12 34 56"
    assert identifier.provider == "MTN"


# --- numbers that are not identifiers --------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Le 12/03/2026 à 15h30, puis le 2026-03-12 et le 12.03.2026 vers 15:30:21.",
        "J'ai perdu 150 000 FCFA, puis 150.000 F, 75,000 XAF, et encore 1 500 000.",
        "Il a pris 222 000 000 FCFA à l'entreprise.",
        "CNI n° 112233445 et carte nationale d'identité 677123456",
        "passeport 677123456, récépissé 699112233",
        "N° de transaction: 677123456. Transaction ID: 699112233.",
        "Financial Transaction Id: 7364519283.",
        "ID: CI240312.1530.A12345",
        "Réf. 677123456 et référence 699112233",
        "Votre dossier VIG-2026-000123 est en cours.",
        "BP 1234 Yaoundé, B.P. 5678 Douala",
        "Mettez à jour vers la version 2.3.1 ou 10.0.19045.",
        "Code IMEI incomplet 12345678901234",
        "Une suite 123456789012345 qui n'est pas un IMEI.",
        "un numéro 12345678901234567890 trop long",
    ],
    ids=[
        "dates-and-times",
        "amounts",
        "large-amount-like-a-landline",
        "id-card",
        "passport-receipt",
        "transaction-numbers",
        "momo-transaction-id",
        "om-transaction-id",
        "references",
        "report-reference",
        "postal-boxes",
        "versions",
        "short-imei",
        "luhn-invalid-number",
        "long-number",
    ],
)
def test_numbers_that_name_no_one_are_not_found(text: str) -> None:
    assert found(text) == []


def test_text_with_nothing_to_find_gives_nothing() -> None:
    assert found("") == []
    assert found("Bonjour, j'ai été victime d'une arnaque hier soir.") == []


# --- links, domains, e-mail and IP addresses -------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("hxxps://fake-site[.]cm/login?x=1", ("url", "https://fake-site.cm/login?x=1")),
        ("hxxp://evil(.)cm/a", ("url", "http://evil.cm/a")),
        ("hxxp[://]evil[.]cm/gain", ("url", "http://evil.cm/gain")),
        ("https[:]//promo-mtn[dot]cm/bonus", ("url", "https://promo-mtn.cm/bonus")),
        ("https://Promo-MTN.cm:443/gain#haut", ("url", "https://promo-mtn.cm/gain")),
        ("promo-orange.com/gagner", ("url", "http://promo-orange.com/gagner")),
        ("fake-site[.]cm", ("domain", "fake-site.cm")),
        ("www.arnaque.com", ("domain", "arnaque.com")),
        ("login.banque-en-ligne.cm", ("domain", "banque-en-ligne.cm")),
        ("jean.dupont@gmail.com", ("email", "jean.dupont@gmail.com")),
        ("Jean.Dupont[at]Gmail[.]com", ("email", "jean.dupont@gmail.com")),
        ("arnaqueur(at)yahoo.fr", ("email", "arnaqueur@yahoo.fr")),
        ("arnaqueur [@] yahoo(.)fr", ("email", "arnaqueur@yahoo.fr")),
        ("jean.d at gmail.com", ("email", "jean.d@gmail.com")),
        ("41.202.219.70", ("ip", "41.202.219.70")),
        ("41[.]202[.]219[.]70", ("ip", "41.202.219.70")),
        ("2001:0db8:0000::0001", ("ip", "2001:db8::1")),
    ],
)
def test_links_and_addresses_are_found_defanged_or_not(
    written: str, expected: tuple[str, str]
) -> None:
    assert found(f"Voir {written}, puis rien.") == [expected]


def test_link_is_not_also_a_domain_and_address_not_also_a_domain() -> None:
    assert found("Allez sur https://www.arnaque.cm/paiement ou écrivez à info@arnaque.cm.") == [
        ("url", "https://www.arnaque.cm/paiement"),
        ("email", "info@arnaque.cm"),
    ]


def test_sentence_punctuation_is_not_part_of_a_link() -> None:
    assert found("(voir https://arnaque.cm/gain).") == [("url", "https://arnaque.cm/gain")]


@pytest.mark.parametrize(
    "text",
    [
        "Je suis arrivé.Il faisait nuit.",
        "J'envoie photo.zip et document.pdf",
        "I was at home when he called.",
        "M. Dupont, e.g. le chef, etc.",
        "Il m'a écrit sur facebook.com hier.",
        "Note :: à lire",
    ],
    ids=["missing-space", "file-names", "english-at", "abbreviations", "network-name", "colons"],
)
def test_words_with_dots_are_not_domains(text: str) -> None:
    assert found(text) == []


# --- bank accounts, wallets, IMEI ------------------------------------------------------------------


def test_iban_and_rib_with_valid_check_digits_are_found() -> None:
    text = (
        "Virez sur l'IBAN CM21 10005 00001 12345678901 34 AU NOM DE X, ou le RIB "
        "10005 00001 12345678901 34, ou FR76 3000 6000 0112 3456 7890 189."
    )
    assert found(text) == [
        ("bank_account", "CM2110005000011234567890134"),
        ("bank_account", "10005000011234567890134"),
        ("bank_account", "FR7630006000011234567890189"),
    ]


def test_rib_with_a_wrong_key_is_not_found() -> None:
    assert found("RIB 10005 00001 12345678901 35") == []


@pytest.mark.parametrize(
    ("written", "value", "provider"),
    [
        ("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "bitcoin"),
        (
            "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
            "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
            "bitcoin",
        ),
        (
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
            "ethereum",
        ),
        ("TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7", "TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7", "tron"),
    ],
)
def test_wallets_are_found(written: str, value: str, provider: str) -> None:
    (identifier,) = extract_identifiers(f"Envoyez les USDT à {written} avant ce soir.")
    assert (identifier.type, identifier.value, identifier.provider) == (
        "crypto_wallet",
        value,
        provider,
    )


@pytest.mark.parametrize(
    "written",
    [
        "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb",
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD",
        "0x" + "ab" * 32,
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefgh",
    ],
    ids=["bad-base58check", "bad-eip55", "transaction-hash", "long-word"],
)
def test_strings_like_wallets_with_wrong_checksums_are_not_found(written: str) -> None:
    assert found(f"Voir {written} .") == []


def test_imei_is_found_near_the_word_or_written_whole() -> None:
    assert found("IMEI du téléphone volé : 35 209900 176148 1") == [("imei", "352099001761481")]
    assert found("le 490154203237518 est bloqué") == [("imei", "490154203237518")]
    assert found("suite 35 209900 176148 1 sans le mot") == []


# --- social profiles -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("facebook.com/jean.dupont.5", "https://facebook.com/jean.dupont.5"),
        (
            "https://m.facebook.com/profile.php?id=100012345",
            "https://facebook.com/profile.php?id=100012345",
        ),
        ("fb.com/scam.boss", "https://facebook.com/scam.boss"),
        ("https://www.tiktok.com/@scam.boss/video/123", "https://tiktok.com/@scam.boss"),
        ("TikTok : @scam.boss", "https://tiktok.com/@scam.boss"),
        ("instagram.com/Scam.Shop", "https://instagram.com/scam.shop"),
        ("x.com/ScamBoss", "https://x.com/scamboss"),
        ("twitter.com/ScamBoss", "https://x.com/scamboss"),
        ("wa.me/237677123456", "https://wa.me/237677123456"),
        ("hxxps://t[.]me/ScamBoss", "https://t.me/scamboss"),
    ],
)
def test_social_profiles_are_found_as_one_canonical_link(written: str, value: str) -> None:
    assert found(f"Son profil {written} publie des offres.") == [("social_profile", value)]


def test_link_to_a_group_is_a_link_not_a_profile() -> None:
    assert found("facebook.com/groups/123") == [("url", "http://facebook.com/groups/123")]


# --- narratives, receipts, speed -------------------------------------------------------------------


NARRATIVE_FR = (
    "Le 12/03/2026, un homme m'a appelé au 6 77 12 34 56 en disant que j'avais gagné 150 000 FCFA "
    "au jeu MTN. Il m'a demandé de payer 25.000 F de frais sur son compte MoMo 650 11 22 33 et de "
    "remplir le formulaire sur hxxps://promo-mtn[.]cm/gain. Son e-mail : gagnant.mtn[at]gmail[.]com. "
    "Il a aussi une page facebook.com/promo.mtn.cm. Ma CNI n° 112233445 lui a été envoyée. "
    "Financial Transaction Id: 7364519283."
)
NARRATIVE_EN = (
    "On 2026-03-12 I got a WhatsApp message from +237 699 11 22 33 offering a job in Canada. "
    "They asked for 75,000 XAF via Orange Money 699112233 and sent me to www.jobs-canada-visa.com. "
    "Then they wanted 0.01 BTC on 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa. Reference VIG-2026-000123."
)


def test_french_narrative_gives_its_identifiers_in_order() -> None:
    assert found(NARRATIVE_FR) == [
        ("phone", "+237677123456"),
        ("momo_account", "+237650112233"),
        ("url", "https://promo-mtn.cm/gain"),
        ("email", "gagnant.mtn@gmail.com"),
        ("social_profile", "https://facebook.com/promo.mtn.cm"),
    ]


def test_english_narrative_gives_its_identifiers_in_order() -> None:
    assert found(NARRATIVE_EN) == [
        ("phone", "+237699112233"),
        ("momo_account", "+237699112233"),
        ("domain", "jobs-canada-visa.com"),
        ("crypto_wallet", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"),
    ]


def test_distinct_keeps_the_first_of_each_value() -> None:
    repeated = extract_identifiers("677123456, puis 6 77 12 34 56, puis 699112233")
    assert [(each.value, each.raw) for each in distinct(repeated)] == [
        ("+237677123456", "677123456"),
        ("+237699112233", "699112233"),
    ]


def test_counterpart_of_a_receipt_is_a_mobile_money_account() -> None:
    receipt = parse_money_receipt(
        "Vous avez transfere 50000 FCFA a JEAN DUPONT (237677123456) le 2026-03-12 15:30:21. "
        "Frais 250 FCFA. Nouveau solde: 12500 FCFA. Financial Transaction Id: 7364519283."
    )
    assert receipt is not None
    (account,) = found_in_receipt(receipt)
    assert (account.type, account.value, account.provider, account.raw) == (
        "momo_account",
        "+237677123456",
        "mtn_momo",
        "237677123456",
    )


def test_receipt_of_a_payment_to_a_merchant_names_no_account() -> None:
    receipt = parse_money_receipt(
        "Paiement de 12000 FCFA a CANAL+ CAMEROUN reussi. ID: MP260314.2010.D24680. "
        "Frais: 0 FCFA. Nouveau solde: 113000 FCFA."
    )
    assert receipt is not None
    assert found_in_receipt(receipt) == []
