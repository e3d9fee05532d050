"""Sureties and their tokens; orderer staff's sign-in codes (one live code per address, its
guesses counted atomically) and sessions (never brought back once signed out)."""
from __future__ import annotations

import datetime as dt

import pytest

from chalicelib.domain import staff
from chalicelib.domain.formatting import iso_utc_precise
from chalicelib.domain.staff import SignInCode
from chalicelib.domain.sureties import Surety
from chalicelib.usecases.ports.records import ConditionFailed, StaffSessionRecord, TokenRecord
from contract_support import START, UTC, entry, uid

KEEP = START + dt.timedelta(hours=1)


def test_a_surety_is_kept_as_registered(store):
    surety = Surety(uid("s"), "テスト保証株式会社", {"department": "保証部", "phone": "03-0000-0000"},
                    "代表取締役 保証 一郎", "東京都千代田区", {"nagano": {"department": "長野支店"}})
    store.sureties.put(surety, entry(store, "surety.register", f"surety:{surety.id}"))
    assert store.sureties.get(surety.id) == surety
    bare = Surety(surety.id, "改称後株式会社")
    store.sureties.put(bare, entry(store))  # registered again: replaced as a whole
    assert store.sureties.get(surety.id) == bare and store.sureties.get(surety.id).branches == {}
    assert store.sureties.get(uid("s")) is None


def test_every_surety_is_listed_by_id(store):
    ids = sorted(uid("s") for _ in range(3))
    for surety_id in reversed(ids):
        store.sureties.put(Surety(surety_id, f"{surety_id}保証株式会社", head_office="東京都"), entry(store))
    listed = [s for s in store.sureties.all() if s.id in ids]
    assert [s.id for s in listed] == ids
    assert listed[0] == Surety(ids[0], f"{ids[0]}保証株式会社", head_office="東京都")


def test_a_token_is_put_once_and_revoked_once(store, clock):
    token_id, surety = uid("t"), uid("s")
    created = iso_utc_precise(clock.peek())
    store.sureties.put_token(token_id, surety, "h" * 64, ["issue", "read"], "tests", entry(store, "token.issue"))
    assert store.sureties.get_token(token_id) == TokenRecord(token_id, surety, "h" * 64, ("issue", "read"), False,
                                                             "tests", created, None)
    head = store.audit.head()
    with pytest.raises(ConditionFailed) as taken:
        store.sureties.put_token(token_id, uid("s"), "x" * 64, ["read"], None, entry(store, "token.issue"))
    assert taken.value.what == "token"
    assert store.audit.head() == head  # nothing written, no audit entry either
    assert store.sureties.get_token(token_id).surety_id == surety
    revoked_at = iso_utc_precise(clock.peek())
    assert store.sureties.revoke_token(token_id, entry(store, "token.revoke")) is True
    assert store.sureties.get_token(token_id).revoked is True
    assert store.sureties.get_token(token_id).revoked_at == revoked_at
    head = store.audit.head()
    assert store.sureties.revoke_token(token_id, entry(store, "token.revoke")) is False  # already revoked
    assert store.sureties.revoke_token(uid("t"), entry(store, "token.revoke")) is False
    assert store.audit.head() == head and store.sureties.get_token(token_id).revoked_at == revoked_at
    assert store.sureties.get_token(uid("t")) is None


def test_a_suretys_tokens_are_listed_oldest_first_revoked_ones_too(store):
    surety, other = uid("s"), uid("s")
    made = [uid("t") for _ in range(3)]
    for token_id in made:
        store.sureties.put_token(token_id, surety, "h" * 64, ["read"], None, entry(store, "token.issue"))
    store.sureties.put_token(uid("t"), other, "h" * 64, ["read"], None, entry(store, "token.issue"))
    store.sureties.revoke_token(made[1], entry(store, "token.revoke"))
    listed = store.sureties.tokens_of(surety)
    assert [t.token_id for t in listed] == made
    assert [t.revoked for t in listed] == [False, True, False]
    assert {t.secret_hash for t in listed} == {"h" * 64}
    assert store.sureties.tokens_of(uid("s")) == []


def _code(code_hash: str = "c1", sent: int = 1, attempts: int = 0, window: dt.datetime = START,
          expires: dt.datetime = START + dt.timedelta(minutes=10)) -> SignInCode:
    return SignInCode(code_hash, expires, attempts, sent, window)


def test_a_sign_in_code_replaces_only_the_code_read_before(store):
    address = uid("a")
    first = _code("c1", window=dt.datetime(2026, 12, 1, 1, 0, 0, 123456, tzinfo=UTC))
    assert store.staff.put_code(address, first, KEEP, None) is True
    assert store.staff.get_code(address) == first
    # Two requests read no code; the second to write loses.
    assert store.staff.put_code(address, _code("other"), KEEP, None) is False
    second = _code("c2", sent=2, window=first.window_start)
    assert store.staff.put_code(address, second, KEEP, first) is True
    # A request that read the first code meanwhile loses too (it would overrun the count).
    assert store.staff.put_code(address, _code("c3", sent=2, window=first.window_start), KEEP, first) is False
    assert store.staff.get_code(address) == second
    assert store.staff.put_code(uid("a"), _code(), KEEP, first) is False
    assert store.staff.get_code(uid("a")) is None


def test_a_replacement_starts_its_guesses_from_nothing(store):
    address = uid("a")
    store.staff.put_code(address, _code("c1"), KEEP, None)
    assert store.staff.count_wrong_code(address, "c1", 5) == 1
    read = store.staff.get_code(address)
    assert read.attempts == 1
    assert store.staff.put_code(address, _code("c2", sent=2, attempts=4), KEEP, read) is True
    assert store.staff.get_code(address).attempts == 0


def test_wrong_codes_are_counted_within_the_budget_of_the_live_code(store):
    address = uid("a")
    store.staff.put_code(address, _code("c1"), KEEP, None)
    assert [store.staff.count_wrong_code(address, "c1", 3) for _ in range(4)] == [1, 2, 3, None]
    assert store.staff.get_code(address).attempts == 3
    assert store.staff.use_code(address, "c1", 3, START) is False  # its budget is spent
    replaced = _code("c2", sent=2)
    store.staff.put_code(address, replaced, KEEP, store.staff.get_code(address))
    assert store.staff.count_wrong_code(address, "c1", 3) is None  # the old code is gone
    assert store.staff.count_wrong_code(uid("a"), "c1", 3) is None


def test_a_code_signs_in_once_while_live(store):
    address = uid("a")
    expires = START + dt.timedelta(minutes=10)
    store.staff.put_code(address, _code("c1", expires=expires), KEEP, None)
    assert store.staff.use_code(address, "wrong", 5, START) is False
    assert store.staff.use_code(address, "c1", 5, expires) is False  # not live at its end
    assert store.staff.use_code(address, "c1", 5, expires - dt.timedelta(microseconds=1)) is True
    assert store.staff.use_code(address, "c1", 5, START) is False
    assert store.staff.get_code(address).code_hash == staff.USED
    assert store.staff.count_wrong_code(address, "c1", 5) is None
    assert store.staff.use_code(uid("a"), "c1", 5, START) is False


def test_a_session_is_touched_and_remembers_receipt_entries(store):
    token = uid("t")
    ends = START + dt.timedelta(hours=8)
    store.staff.put_session(token, "clerk@city.example.jp", "202177", START, ends)
    assert store.staff.get_session(token) == StaffSessionRecord("clerk@city.example.jp", "202177", START, START, None)
    later = START + dt.timedelta(minutes=5, microseconds=7)
    store.staff.touch_session(token, later)
    assert store.staff.get_session(token).last_seen == later and store.staff.get_session(token).created_at == START
    store.staff.remember_receipt_entries(token, "建設課", "佐久 花子")
    assert store.staff.get_session(token).receipt_entries == {"department": "建設課", "name": "佐久 花子"}
    assert store.staff.get_session(uid("t")) is None


def test_a_session_signed_out_stays_gone(store):
    token = uid("t")
    store.staff.put_session(token, "clerk@city.example.jp", "202177", START, START + dt.timedelta(hours=8))
    store.staff.delete_session(token)
    store.staff.touch_session(token, START + dt.timedelta(minutes=1))
    store.staff.remember_receipt_entries(token, "建設課", "佐久 花子")
    assert store.staff.get_session(token) is None
    store.staff.delete_session(token)  # again: nothing to do
    store.staff.delete_session(uid("t"))
