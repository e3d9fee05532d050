"""The 認証キー codec: generation, display format, normalisation and the check symbols.

A key is 130 random bits written as 26 Crockford Base32 symbols, followed by two check
symbols, shown as seven groups of four: ``XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX``.

The check is an ISO 7064-style pure system over the whole 28-symbol string read as a
base-32 number W: the two check symbols are chosen so that W ≡ 0 (mod 1021).
Because 1021 is prime and larger than 32:
- a single substitution changes W by (a-b)·32^i, never a multiple of 1021;
- a swap of two neighbours changes W by (a-b)·31·32^i, never a multiple of 1021.
So every single-character typo and every adjacent swap is caught before any database
access (Crockford's own mod-37 check symbol would need the extra symbols *~$=U, which
are hard to read aloud; two ordinary symbols avoid that and catch more errors).

The check cannot say where a typo is: 28 positions × 31 wrong symbols are 868 single
substitutions, and they share the 1,020 non-zero remainders with the 27 × 62 swaps, so
one remainder fits about two corrections (about one in three single typos has every
fitting correction in one group of four; tests/unit/test_authkey.py measures it).
``typo_groups`` gives the groups where a single substitution or adjacent swap would make
a valid key: a true statement about those errors, which the message words as such.
"""
from __future__ import annotations

import secrets
import unicodedata

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
# Crockford's decoding aliases: I and L read as 1, O as 0.
_ALIASES = {"I": "1", "L": "1", "O": "0"}

DATA_SYMBOLS = 26
CHECK_SYMBOLS = 2
KEY_SYMBOLS = DATA_SYMBOLS + CHECK_SYMBOLS
GROUP = 4
_MODULUS = 1021

# Characters people type between groups: ASCII and full-width spaces and every dash-like
# mark a Japanese IME may produce (NFKC folds full-width forms, not all of these).
_SEPARATORS = set(" \t\u3000-_.\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30fc\uff70\uff0d")


class AuthKeyError(ValueError):
    """The input is not a well-formed key. ``reason`` is one of
    ``empty``, ``length``, ``character``, ``checksum``."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(reason)
        self.reason = reason
        self.detail = detail


def _check_value(data: str) -> int:
    value = 0
    for ch in data:
        value = value * 32 + _VALUE[ch]
    # Choose c so that value·1024 + c ≡ 0 (mod 1021); c < 1021 fits in two symbols.
    return (-value * 1024) % _MODULUS


def _with_check(data: str) -> str:
    c = _check_value(data)
    return data + ALPHABET[c // 32] + ALPHABET[c % 32]


def generate() -> str:
    """A new key in canonical form (28 symbols, no separators), from the OS CSPRNG."""
    value = secrets.randbits(DATA_SYMBOLS * 5)
    data = "".join(ALPHABET[(value >> (5 * i)) & 31] for i in reversed(range(DATA_SYMBOLS)))
    return _with_check(data)


def display(canonical: str) -> str:
    """Grouped for people: XXXX-XXXX-…"""
    return "-".join(canonical[i:i + GROUP] for i in range(0, len(canonical), GROUP))


def normalize(text: str) -> str:
    """Fold what people type into candidate canonical symbols (no validity check)."""
    folded = unicodedata.normalize("NFKC", text).upper()
    out = []
    for ch in folded:
        if ch in _SEPARATORS:
            continue
        out.append(_ALIASES.get(ch, ch))
    return "".join(out)


def _canonical_check(value: int) -> bool:
    """Two check symbols can write 1021-1023 too, but no key has them: a correction that
    leaves such a value is no valid key (parse compares with the canonical check)."""
    return value < _MODULUS


def typo_groups(symbols: str) -> tuple[int, ...]:
    """The groups (1-7, as the notice prints them) where one wrong symbol, or two neighbours
    swapped, would turn ``symbols`` (28 valid symbols that fail the check) into a valid key.
    Empty when no such single error explains it (two or more typos)."""
    remainder = 0
    for ch in symbols:
        remainder = (remainder * 32 + _VALUE[ch]) % _MODULUS
    groups = set()
    last = len(symbols) - 1
    check = _VALUE[symbols[-2]] * 32 + _VALUE[symbols[-1]]
    for i, ch in enumerate(symbols):
        # The difference d at position i that cancels the remainder: d·32^(last-i) ≡ -remainder.
        weight = pow(32, last - i, _MODULUS)
        d = (-remainder * pow(weight, -1, _MODULUS)) % _MODULUS
        value = _VALUE[ch]
        for diff in (d, d - _MODULUS):
            if diff and 0 <= value + diff < 32 and _canonical_check(check + (diff * 32 ** (last - i) if i >= DATA_SYMBOLS else 0)):
                groups.add(i // GROUP)
        if i < last and ch != symbols[i + 1]:
            # Swapping i and i+1 changes the number by (b-a)·31·32^(last-i-1).
            swap = (_VALUE[symbols[i + 1]] - value) * 31 * pow(32, last - i - 1, _MODULUS)
            swapped = symbols[:i] + symbols[i + 1] + ch + symbols[i + 2:]
            if (remainder + swap) % _MODULUS == 0 and _canonical_check(_VALUE[swapped[-2]] * 32 + _VALUE[swapped[-1]]):
                groups.update({i // GROUP, (i + 1) // GROUP})
    return tuple(sorted(g + 1 for g in groups))


def parse(text: str) -> str:
    """Return the canonical key for typed input, or raise AuthKeyError."""
    if not isinstance(text, str) or not text.strip():
        raise AuthKeyError("empty")
    symbols = normalize(text)
    bad = sorted({ch for ch in symbols if ch not in _VALUE})
    if bad:
        raise AuthKeyError("character", "".join(bad)[:10])
    if len(symbols) != KEY_SYMBOLS:
        raise AuthKeyError("length", str(len(symbols)))
    if _with_check(symbols[:DATA_SYMBOLS]) != symbols:
        raise AuthKeyError("checksum", "".join(str(g) for g in typo_groups(symbols)))
    return symbols
