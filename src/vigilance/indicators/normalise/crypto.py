"""Crypto-currency wallet addresses: Bitcoin, Ethereum and TRON checked, others kept as written.

An Ethereum address written in mixed case carries an EIP-55 checksum, which is checked; the normal
form is the checksummed (EIP-55) form whatever case it was written in, so that a wallet is one
indicator however it was written.
"""

import hashlib
import re

from django.utils.translation import gettext as _

from vigilance.indicators.normalise.base import InvalidIdentifier, Normalised, clean_text

_BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_BECH32_CONST = 1
_BECH32M_CONST = 0x2BC830A3

_BITCOIN_LEGACY = re.compile(rf"^[13][{_BASE58}]{{24,33}}$")
_TRON = re.compile(rf"^T[{_BASE58}]{{33}}$")
_ETHEREUM = re.compile(r"^0x[0-9a-fA-F]{40}$")
_OTHER = re.compile(r"^[A-Za-z0-9:_\-]{20,120}$")
_URI_SCHEMES = ("bitcoin:", "ethereum:", "tron:")


def _base58check(address: str) -> bytes | None:
    """The payload of a Base58Check string, or None when its checksum does not match."""
    number = 0
    for char in address:
        number = number * 58 + _BASE58.index(char)
    leading_zeros = len(address) - len(address.lstrip("1"))
    data = b"\0" * leading_zeros + number.to_bytes((number.bit_length() + 7) // 8, "big")
    payload, checksum = data[:-4], data[-4:]
    if len(data) < 5 or hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4] != checksum:
        return None
    return payload


def _bech32_polymod(values: list[int]) -> int:
    generator = [0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3]
    check = 1
    for value in values:
        top = check >> 25
        check = (check & 0x1FFFFFF) << 5 ^ value
        for i in range(5):
            check ^= generator[i] if (top >> i) & 1 else 0
    return check


def _convert_bits(data: list[int], from_bits: int, to_bits: int) -> list[int] | None:
    accumulator, bits, result = 0, 0, []
    for value in data:
        accumulator = (accumulator << from_bits) | value
        bits += from_bits
        while bits >= to_bits:
            bits -= to_bits
            result.append((accumulator >> bits) & ((1 << to_bits) - 1))
    if bits >= from_bits or (accumulator << (to_bits - bits)) & ((1 << to_bits) - 1):
        return None
    return result


def _is_segwit_address(address: str) -> bool:
    """BIP 173 / BIP 350: a "bc1" address with a valid bech32 (v0) or bech32m (v1+) checksum."""
    hrp, _sep, data_part = address.rpartition("1")
    if hrp != "bc" or len(address) > 90 or len(data_part) < 7:
        return False
    if any(char not in _BECH32 for char in data_part):
        return False
    data = [_BECH32.index(char) for char in data_part]
    expanded = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    constant = _bech32_polymod(expanded + data)
    version, program = data[0], _convert_bits(data[1:-6], 5, 8)
    if program is None or version > 16 or not 2 <= len(program) <= 40:
        return False
    if version == 0:
        return constant == _BECH32_CONST and len(program) in (20, 32)
    return constant == _BECH32M_CONST


def parse_crypto_wallet(raw: str) -> Normalised:
    value = clean_text(raw)
    while value.lower().startswith(_URI_SCHEMES):
        value = value.split(":", 1)[1].split("?", 1)[0]
    wrong_checksum = _("This wallet address is mistyped: its checksum does not match.")
    if value.lower().startswith("bc1"):
        if value != value.lower() and value != value.upper():
            raise InvalidIdentifier(
                _("A bc1 address is written all in lower case or all in capitals.")
            )
        if not _is_segwit_address(value.lower()):
            raise InvalidIdentifier(wrong_checksum)
        return Normalised(type="crypto_wallet", value=value.lower(), provider="bitcoin")
    if value.lower().startswith("0x"):
        if not _ETHEREUM.match(value):
            raise InvalidIdentifier(
                _("An Ethereum address is 0x followed by 40 hexadecimal characters (0-9, a-f).")
            )
        digits = value[2:]
        if digits != digits.lower() and digits != digits.upper() and eip55(value) != "0x" + digits:
            raise InvalidIdentifier(wrong_checksum)
        return Normalised(type="crypto_wallet", value=eip55(value), provider="ethereum")
    if _TRON.match(value):
        payload = _base58check(value)
        if payload is None or len(payload) != 21 or payload[0] != 0x41:
            raise InvalidIdentifier(wrong_checksum)
        return Normalised(type="crypto_wallet", value=value, provider="tron")
    if _BITCOIN_LEGACY.match(value):
        payload = _base58check(value)
        if payload is None or len(payload) != 21 or payload[0] not in (0x00, 0x05):
            raise InvalidIdentifier(wrong_checksum)
        return Normalised(type="crypto_wallet", value=value, provider="bitcoin")
    if _OTHER.match(value):
        return Normalised(type="crypto_wallet", value=value)
    raise InvalidIdentifier(
        _("This does not look like a wallet address (letters and digits, 20 characters or more).")
    )


def eip55(address: str) -> str:
    """``0x`` and 40 hexadecimal characters in their EIP-55 mixed-case (checksummed) form."""
    # Imported here: pycryptodomex and the cffi it loads (about 6 MB) serve Ethereum addresses only.
    from Cryptodome.Hash import keccak

    digits = address[2:].lower()
    digest = keccak.new(data=digits.encode("ascii"), digest_bits=256).hexdigest()
    return "0x" + "".join(
        char.upper() if char.isalpha() and int(digest[index], 16) >= 8 else char
        for index, char in enumerate(digits)
    )
