"""The 認証キー codec: every single-character typo and every swap of two neighbours is
caught; what people type (lower case, spaces, full-width, I/L/O) is understood."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings, strategies as st

from chalicelib.domain import authkey
from chalicelib.domain.authkey import ALPHABET, AuthKeyError, KEY_SYMBOLS

keys = st.builds(authkey.generate)
data_parts = st.text(alphabet=ALPHABET, min_size=authkey.DATA_SYMBOLS, max_size=authkey.DATA_SYMBOLS)


def keys_from_data(data: str) -> str:
    return authkey._with_check(data)


@given(data_parts)
def test_any_data_with_its_check_symbols_parses(data):
    key = keys_from_data(data)
    assert len(key) == KEY_SYMBOLS
    assert authkey.parse(key) == key


@settings(max_examples=300, deadline=None)  # exhaustive per example: slow on a busy machine
@given(data_parts)
def test_every_single_substitution_is_detected(data):
    key = keys_from_data(data)
    for i, original in enumerate(key):
        for replacement in ALPHABET:
            if replacement == original:
                continue
            typo = key[:i] + replacement + key[i + 1:]
            with pytest.raises(AuthKeyError) as e:
                authkey.parse(typo)
            assert e.value.reason == "checksum"


@settings(max_examples=500, deadline=None)
@given(data_parts)
def test_every_adjacent_swap_is_detected(data):
    key = keys_from_data(data)
    for i in range(len(key) - 1):
        if key[i] == key[i + 1]:
            continue
        swapped = key[:i] + key[i + 1] + key[i] + key[i + 2:]
        with pytest.raises(AuthKeyError) as e:
            authkey.parse(swapped)
        assert e.value.reason == "checksum"


def test_swaps_in_the_check_symbols_are_detected_exhaustively_for_one_data_part():
    # The check symbols are part of the checked number: a swap between the last data
    # symbol and the first check symbol, or between the two check symbols, is caught.
    for data in ("0" * 26, "Z" * 26, ALPHABET[:26]):
        key = keys_from_data(data)
        for i in range(authkey.DATA_SYMBOLS - 1, KEY_SYMBOLS - 1):
            if key[i] != key[i + 1]:
                with pytest.raises(AuthKeyError):
                    authkey.parse(key[:i] + key[i + 1] + key[i] + key[i + 2:])


@given(keys)
def test_display_is_seven_groups_of_four_and_round_trips(key):
    shown = authkey.display(key)
    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){6}", shown)
    assert authkey.parse(shown) == key


FULL_WIDTH = {ord(c): ord(c) + 0xFEE0 for c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-"}


@settings(deadline=None)  # a busy machine (2 cores, Chromium beside) can take 500 ms for one example
@given(keys)
def test_what_people_type_is_understood(key):
    shown = authkey.display(key)
    variants = [
        shown.lower(),
        shown.replace("-", " "),
        shown.replace("-", ""),
        "  " + shown.replace("-", "\u3000") + " ",  # ideographic spaces from an IME
        shown.translate(FULL_WIDTH),  # ＡＢＣ１２３－
        shown.replace("-", "ー"),  # katakana prolonged sound mark typed as a hyphen
        shown.replace("-", "\u2212"),  # minus sign
        shown.replace("1", "I").replace("0", "O"),
        shown.replace("1", "l").replace("0", "o"),
    ]
    for typed in variants:
        assert authkey.parse(typed) == key, typed


def test_generated_keys_carry_at_least_128_random_bits():
    assert authkey.DATA_SYMBOLS * 5 >= 128
    seen = {authkey.generate() for _ in range(2000)}
    assert len(seen) == 2000
    # Every symbol position uses the whole alphabet (no fixed or biased positions).
    for position in range(authkey.DATA_SYMBOLS):
        assert len({k[position] for k in seen}) == 32


@pytest.mark.parametrize("typed, reason", [
    ("", "empty"),
    ("   ", "empty"),
    (None, "empty"),
    ("ABCD-EFGH", "length"),
    ("U" * 28, "character"),
    ("ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-234!", "character"),
])
def test_malformed_input_is_explained(typed, reason):
    with pytest.raises(AuthKeyError) as e:
        authkey.parse(typed)
    assert e.value.reason == reason


def test_length_error_reports_the_count_typed():
    with pytest.raises(AuthKeyError) as e:
        authkey.parse("ABCD-EFGH-JKMN")
    assert e.value.detail == "12"


def test_a_key_of_the_wrong_length_is_reported_with_what_was_typed():
    from chalicelib.domain.errors import Invalid
    from chalicelib.domain.number_and_key import read_number_and_key
    typed = "ABCD-EFGH-JKMN-PQRS "  # 20 characters typed, 16 of them letters and digits
    try:
        read_number_and_key({"contract_number": "SAKU-2024-0001", "auth_key": typed})
    except Invalid as e:
        [problem] = e.problems
    assert problem.field == "auth_key" and problem.code == "invalid_auth_key"
    assert "英数字は16文字です（ハイフンや空白は数えていません）" in problem.message


# ---- where a typo is: the groups a single error could be in ------------------------------

def _fits(symbols: str) -> set[int]:
    """By brute force: the groups (1-7) where one substitution or one swap of neighbours
    makes ``symbols`` a valid key."""
    groups = set()
    for i in range(KEY_SYMBOLS):
        for replacement in ALPHABET:
            if replacement != symbols[i] and authkey._with_check((fixed := symbols[:i] + replacement + symbols[i + 1:])[:26]) == fixed:
                groups.add(i // 4 + 1)
        if i < KEY_SYMBOLS - 1 and symbols[i] != symbols[i + 1]:
            swapped = symbols[:i] + symbols[i + 1] + symbols[i] + symbols[i + 2:]
            if authkey._with_check(swapped[:26]) == swapped:
                groups.update({i // 4 + 1, (i + 1) // 4 + 1})
    return groups


@settings(max_examples=40, deadline=None)
@given(data_parts, st.integers(0, KEY_SYMBOLS - 1), st.integers(1, 31))
def test_the_groups_named_for_a_typo_are_exactly_those_a_single_error_fits(data, position, shift):
    key = keys_from_data(data)
    typo = key[:position] + ALPHABET[(ALPHABET.index(key[position]) + shift) % 32] + key[position + 1:]
    groups = authkey.typo_groups(typo)
    assert position // 4 + 1 in groups  # the group really typed wrong is always named
    assert set(groups) == _fits(typo)


def test_a_correction_to_a_check_value_no_key_has_is_not_offered():
    # Two check symbols can write 1021-1023, which no key carries: changing the check symbols
    # of this typo (group 7) to satisfy the remainder would give such a value, so only group 4
    # fits. Found by the property test above (about one typo in 7,000).
    typo = "CRQKRCDZ8WJ0QC3JXXW1PKB62DZN"  # CRQKRCDZ8WJ0CC3J… with the 13th symbol mistyped
    assert _fits(typo) == {4}
    assert authkey.typo_groups(typo) == (4,)


@settings(max_examples=40, deadline=None)
@given(data_parts, st.integers(0, KEY_SYMBOLS - 2))
def test_a_swap_of_neighbours_names_the_groups_it_touches(data, position):
    key = keys_from_data(data)
    if key[position] == key[position + 1]:
        return
    swapped = key[:position] + key[position + 1] + key[position] + key[position + 2:]
    groups = authkey.typo_groups(swapped)
    assert {position // 4 + 1, (position + 1) // 4 + 1} <= set(groups)
    assert set(groups) == _fits(swapped)


def test_the_check_cannot_always_locate_a_single_typo_but_narrows_it():
    # Measured over every substitution of a few keys: why the message says "if it is one
    # typo, it is in group N (or M)" and not "group N is wrong".
    counts = {}
    for data in ("0" * 26, ALPHABET[:26], "7K3M9QWZ" * 3 + "AB"):
        key = keys_from_data(data)
        for i in range(KEY_SYMBOLS):
            for replacement in ALPHABET:
                if replacement != key[i]:
                    n = len(authkey.typo_groups(key[:i] + replacement + key[i + 1:]))
                    counts[n] = counts.get(n, 0) + 1
    total = sum(counts.values())
    assert 0 not in counts
    assert 0.2 < counts.get(1, 0) / total < 0.6      # often one group...
    assert sum(v for n, v in counts.items() if n <= 3) / total > 0.9  # ...nearly always at most three


def test_the_typo_error_carries_the_groups():
    key = keys_from_data(ALPHABET[:26])
    typo = key[:9] + ("0" if key[9] != "0" else "1") + key[10:]
    with pytest.raises(AuthKeyError) as e:
        authkey.parse(authkey.display(typo))
    assert e.value.detail == "".join(str(g) for g in authkey.typo_groups(typo))
    assert "3" in e.value.detail
