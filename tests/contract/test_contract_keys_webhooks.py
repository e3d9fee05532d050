"""The signing-key registry (one current key, retired ones newest first) and webhook endpoints:
registered once, claimed for a lease, advanced event by event, released, rewound, rotated."""
from __future__ import annotations

import datetime as dt

import pytest

from chalicelib.domain.formatting import iso_utc_precise
from chalicelib.domain.webhooks import WEBHOOK_LEASE
from chalicelib.usecases.ports.records import ConditionFailed
from contract_support import START, UTC, uid

LEASE = WEBHOOK_LEASE


def _jwk(kid: str) -> dict:
    return {"kty": "EC", "crv": "P-256", "x": "x" + kid, "y": "y" + kid, "kid": kid, "use": "sig", "alg": "ES256"}


def _mine(store, kids) -> list[tuple[str, str, str]]:
    """The registry as listed, kept to this test's keys (the table is the session's)."""
    return [(k.jwk["kid"], k.status, k.created_at) for k in store.signing_keys.all() if k.jwk["kid"] in kids]


def test_one_signing_key_is_current_and_the_retired_come_newest_first(store):
    a, b, c = uid("kid"), uid("kid"), uid("kid")
    times = [START + dt.timedelta(days=n) for n in range(4)]
    assert store.signing_keys.register(_jwk(a), times[0]) is True
    assert store.signing_keys.register(_jwk(a), times[1]) is False  # current already: unchanged
    assert _mine(store, {a}) == [(a, "current", iso_utc_precise(times[0]))]
    assert store.signing_keys.register(_jwk(b), times[1]) is True
    assert store.signing_keys.register(_jwk(c), times[2]) is True
    assert _mine(store, {a, b, c}) == [(c, "current", iso_utc_precise(times[2])),
                                       (b, "retired", iso_utc_precise(times[1])),
                                       (a, "retired", iso_utc_precise(times[0]))]
    assert [k.status for k in store.signing_keys.all()].count("current") == 1
    # A retired key made current again is registered anew.
    assert store.signing_keys.register(_jwk(a), times[3]) is True
    assert _mine(store, {a, b, c}) == [(a, "current", iso_utc_precise(times[3])),
                                       (c, "retired", iso_utc_precise(times[2])),
                                       (b, "retired", iso_utc_precise(times[1]))]
    assert [k.jwk for k in store.signing_keys.all() if k.jwk["kid"] == a] == [_jwk(a)]
    # Current first even when registered with an earlier time than a retired key's.
    d = uid("kid")
    assert store.signing_keys.register(_jwk(d), START - dt.timedelta(days=1)) is True
    assert _mine(store, {a, b, c, d}) == [(d, "current", iso_utc_precise(START - dt.timedelta(days=1))),
                                          (a, "retired", iso_utc_precise(times[3])),
                                          (c, "retired", iso_utc_precise(times[2])),
                                          (b, "retired", iso_utc_precise(times[1]))]


def _put(store, surety=None, webhook=None, at=START, secret=b"sealed-1"):
    surety, webhook = surety or uid("s"), webhook or uid("w")
    store.webhooks.put(surety, webhook, f"https://example.jp/{webhook}", "受信", secret, at)
    return surety, webhook


def test_an_endpoint_is_registered_once_due_at_once_and_listed_by_id(store):
    surety = uid("s")
    at = dt.datetime(2026, 12, 10, 9, 0, 0, 123456, tzinfo=UTC)
    _, second = _put(store, surety, "w2", at)
    _, first = _put(store, surety, "w1", at)
    hook = store.webhooks.get(surety, first)
    moment = iso_utc_precise(at)
    assert (hook.url, hook.description, hook.sealed_secret, hook.sealed_previous, hook.previous_until) == \
        (f"https://example.jp/{first}", "受信", b"sealed-1", None, None)
    assert (hook.since, hook.next_attempt_at, hook.created_at, hook.cursor, hook.failures, hook.delivered) == \
        (moment, moment, moment, None, 0, 0)
    assert (hook.last_error, hook.last_failure_at, hook.last_success_at) == (None, None, None)
    assert [h.webhook_id for h in store.webhooks.of(surety)] == ["w1", "w2"]
    assert store.webhooks.of(uid("s")) == []
    assert store.webhooks.delete(surety, first) is True
    assert store.webhooks.delete(surety, first) is False
    assert store.webhooks.get(surety, first) is None and [h.webhook_id for h in store.webhooks.of(surety)] == ["w2"]
    del second


def test_an_endpoint_registered_again_is_a_failed_condition(store):
    """usecases/webhooks.py answers a registration that lost the race with 409 webhook_exists
    on ConditionFailed; any other error would be a 503."""
    surety, webhook = _put(store)
    with pytest.raises(ConditionFailed) as taken:
        store.webhooks.put(surety, webhook, "https://example.jp/other", None, b"other", START)
    assert taken.value.what == "webhook"
    assert store.webhooks.get(surety, webhook).sealed_secret == b"sealed-1"


def test_a_secret_is_rotated_only_from_the_one_it_replaces(store):
    surety, webhook = _put(store)
    until = START + dt.timedelta(days=1)
    assert store.webhooks.rotate_secret(surety, webhook, b"stale", b"sealed-2", b"sealed-1", until) is False
    assert store.webhooks.rotate_secret(surety, webhook, b"sealed-1", b"sealed-2", b"sealed-1", until) is True
    hook = store.webhooks.get(surety, webhook)
    assert (hook.sealed_secret, hook.sealed_previous, hook.previous_until) == \
        (b"sealed-2", b"sealed-1", iso_utc_precise(until))
    assert store.webhooks.rotate_secret(surety, webhook, b"sealed-1", b"sealed-3", b"sealed-1", until) is False
    assert store.webhooks.rotate_secret(surety, uid("w"), b"sealed-1", b"x", b"y", until) is False


def test_a_worker_claims_an_endpoint_advances_it_and_gives_it_back(store):
    at = dt.datetime(2026, 12, 11, 9, 0, tzinfo=UTC)
    surety, webhook = _put(store, at=at)
    assert store.webhooks.claim(surety, webhook, "lease-1", at - dt.timedelta(microseconds=1)) is None
    claimed = store.webhooks.claim(surety, webhook, "lease-1", at)
    assert claimed.webhook_id == webhook and claimed.next_attempt_at == iso_utc_precise(at + LEASE)
    assert store.webhooks.claim(surety, webhook, "lease-2", at + dt.timedelta(seconds=1)) is None
    cursor = {"pk": {"S": "GUAR#g"}, "sk": {"S": "EVT#x"}, "gsi2pk": {"S": "FEED#s"}, "gsi2sk": {"S": "t#g#1"}}
    sent = at + dt.timedelta(seconds=2)
    assert store.webhooks.advance(surety, webhook, "lease-1", cursor, sent) is True
    assert store.webhooks.advance(surety, webhook, "lease-2", {"x": {"S": "y"}}, sent) is False
    hook = store.webhooks.get(surety, webhook)
    assert (hook.cursor, hook.delivered, hook.failures, hook.last_success_at) == (cursor, 1, 0, iso_utc_precise(sent))
    # A release by a worker that lost its lease changes nothing.
    store.webhooks.release(surety, webhook, "lease-2", at, "boom", sent)
    assert store.webhooks.get(surety, webhook) == hook
    retry = at + dt.timedelta(minutes=5)
    store.webhooks.release(surety, webhook, "lease-1", retry, "e" * 150, sent)
    hook = store.webhooks.get(surety, webhook)
    assert (hook.failures, hook.last_error, hook.last_failure_at, hook.next_attempt_at) == \
        (1, "e" * 100, iso_utc_precise(sent), iso_utc_precise(retry))
    assert store.webhooks.advance(surety, webhook, "lease-1", cursor, sent) is False  # released: not its own now
    assert store.webhooks.claim(surety, webhook, "lease-3", retry - dt.timedelta(microseconds=1)) is None
    assert store.webhooks.claim(surety, webhook, "lease-3", retry) is not None
    store.webhooks.release(surety, webhook, "lease-3", retry + dt.timedelta(minutes=1), None, retry)
    hook = store.webhooks.get(surety, webhook)
    assert (hook.failures, hook.last_error, hook.delivered) == (1, "e" * 100, 1)  # kept till a delivery succeeds
    assert store.webhooks.claim(surety, uid("w"), "lease", retry) is None
    assert store.webhooks.advance(surety, uid("w"), "lease", cursor, retry) is False


def test_a_rewind_delivers_again_at_once_and_drops_any_lease(store):
    at = dt.datetime(2026, 12, 12, 9, 0, tzinfo=UTC)
    surety, webhook = _put(store, at=at)
    store.webhooks.claim(surety, webhook, "lease-1", at)
    cursor = {"pk": {"S": "GUAR#g"}, "sk": {"S": "EVT#x"}}
    store.webhooks.advance(surety, webhook, "lease-1", cursor, at)
    back = at + dt.timedelta(seconds=30)
    assert store.webhooks.rewind(surety, webhook, "2026-12-01T00:00:00.000000Z", None, back) is True
    hook = store.webhooks.get(surety, webhook)
    assert (hook.since, hook.cursor, hook.next_attempt_at) == ("2026-12-01T00:00:00.000000Z", None,
                                                               iso_utc_precise(back))
    assert store.webhooks.advance(surety, webhook, "lease-1", cursor, back) is False  # its lease is gone
    assert store.webhooks.claim(surety, webhook, "lease-2", back) is not None
    # From a cursor, the time left as it was.
    assert store.webhooks.rewind(surety, webhook, None, cursor, back) is True
    hook = store.webhooks.get(surety, webhook)
    assert (hook.since, hook.cursor, hook.next_attempt_at) == ("2026-12-01T00:00:00.000000Z", cursor,
                                                               iso_utc_precise(back))
    assert store.webhooks.rewind(surety, uid("w"), None, None, back) is False
    assert store.webhooks.get(surety, webhook).delivered == 1


def test_due_endpoints_come_by_next_attempt_up_to_the_limit(store):
    # Long ago: no other test's endpoint is due this early (one table serves the session).
    base = dt.datetime(1301, 1, 1, tzinfo=UTC)
    later = _put(store, at=base + dt.timedelta(minutes=2))
    sooner = _put(store, at=base + dt.timedelta(minutes=1))
    _put(store, at=base + dt.timedelta(minutes=3))
    assert store.webhooks.due(base + dt.timedelta(minutes=2)) == [sooner, later]
    assert store.webhooks.due(base + dt.timedelta(minutes=5), limit=1) == [sooner]
    assert store.webhooks.due(base) == []
    store.webhooks.claim(*sooner, "lease", base + dt.timedelta(minutes=2))
    assert store.webhooks.due(base + dt.timedelta(minutes=2)) == [later]
    store.webhooks.delete(*later)
    assert store.webhooks.due(base + dt.timedelta(minutes=2)) == []
