"""Bank accounts (IBAN, CEMAC RIB) and crypto-currency wallets in free text.

Every candidate must pass its check digits (IBAN mod 97, RIB key, Base58Check, bech32, EIP-55),
so that a long reference number is not taken for an account.
"""

import re
from collections.abc import Iterator

from vigilance.indicators.extraction.base import Found, found, read_as

_SEPARATOR = r"[ \u00a0\-]"
_IBAN = re.compile(
    rf"(?<![A-Za-z0-9])[A-Z]{{2}}[0-9]{{2}}(?:{_SEPARATOR}?[A-Z0-9]){{10,32}}(?![A-Za-z0-9])",
    re.IGNORECASE,
)
_RIB = re.compile(
    rf"(?<![A-Za-z0-9])[0-9]{{5}}{_SEPARATOR}?[0-9]{{5}}{_SEPARATOR}?[0-9A-Z]{{11}}"
    rf"{_SEPARATOR}?[0-9]{{2}}(?![A-Za-z0-9])",
    re.IGNORECASE,
)
_BASE58 = "1-9A-HJ-NP-Za-km-z"
_WALLET = re.compile(
    rf"(?<![\w])(?:bc1[a-z0-9]{{8,87}}|BC1[A-Z0-9]{{8,87}}|0x[0-9a-fA-F]{{40}}"
    rf"|[13][{_BASE58}]{{25,34}}|T[{_BASE58}]{{33}})(?!\w)"
)
# Chains whose addresses can be recognised in text; others are only accepted when typed as such.
_KNOWN_CHAINS = {"bitcoin", "ethereum", "tron"}


def find_bank_accounts(text: str) -> Iterator[Found]:
    position = 0
    while match := _IBAN.search(text, position):
        # The pattern may run into what follows the IBAN ("... 34 AU NOM DE X", another IBAN):
        # the longest prefix, cut at a space, whose check digits match is the account, and the
        # search goes on right after it.
        cuts = [match.end()] + [
            cut for cut in range(match.end() - 1, match.start() + 14, -1) if text[cut] in " \u00a0-"
        ]
        position = match.start() + 1
        for cut in cuts:
            if account := read_as("bank_account", text[match.start() : cut]):
                yield found(account, text, match.start(), cut)
                position = cut
                break
    for match in _RIB.finditer(text):
        if account := read_as("bank_account", match.group()):
            yield found(account, text, match.start(), match.end())


def find_wallets(text: str) -> Iterator[Found]:
    for match in _WALLET.finditer(text):
        wallet = read_as("crypto_wallet", match.group())
        if wallet is not None and wallet.provider in _KNOWN_CHAINS:
            yield found(wallet, text, match.start(), match.end())
