"""The outbox (claimed for a lease, sent, released or given up) and the failure counters
(limits all or nothing, give-back) with their bursts."""
from __future__ import annotations

import datetime as dt

import pytest

from chalicelib.domain.outbox import MAIL_LEASE
from chalicelib.usecases.ports.records import ConditionFailed, StoreUnavailable
from contract_support import START, UTC, event, mail, uid

LEASE = MAIL_LEASE


def _written(store, at: dt.datetime, n: int = 1):
    """Mails written with an event dated ``at``: due from then."""
    mails = [mail(f"to{i}@example.jp") for i in range(n)]
    store.events.add(uid("g"), uid("s"), event("notice", at), mails)
    return mails


def test_a_mail_is_claimed_for_a_lease(store):
    at = dt.datetime(2026, 12, 9, 10, 0, tzinfo=UTC)
    [m] = _written(store, at)
    assert store.outbox.claim(m.mail_id, at - dt.timedelta(microseconds=1)) is None  # not due yet
    claimed = store.outbox.claim(m.mail_id, at)
    assert claimed == m
    assert store.outbox.attempts(m.mail_id) == 1
    assert store.outbox.claim(m.mail_id, at + LEASE - dt.timedelta(microseconds=1)) is None  # another worker's now
    assert store.outbox.claim(m.mail_id, at + LEASE) == m  # the lease ran out: taken again
    assert store.outbox.attempts(m.mail_id) == 2
    assert store.outbox.claim(uid("m"), at) is None


def test_a_sent_mail_is_kept_until_its_end_and_never_sent_again(store):
    at = dt.datetime(2026, 12, 9, 11, 0, tzinfo=UTC)
    [m] = _written(store, at)
    store.outbox.claim(m.mail_id, at)
    keep = at + dt.timedelta(days=30, microseconds=900_000)
    store.outbox.mark_sent(m.mail_id, at, keep)
    record = store.outbox.get(m.mail_id)
    assert (record.status, record.attempts, record.last_error) == ("sent", 1, None)
    assert record.kept_until == keep.replace(microsecond=0)
    assert store.outbox.claim(m.mail_id, at + dt.timedelta(days=1)) is None
    assert m.mail_id not in store.outbox.due(at + dt.timedelta(days=1), 1000)
    assert store.outbox.get(uid("m")) is None


def test_a_released_mail_is_due_again_at_its_retry_or_given_up(store):
    at = dt.datetime(2026, 12, 9, 12, 0, tzinfo=UTC)
    retry, given_up = _written(store, at, 2)
    for m in (retry, given_up):
        store.outbox.claim(m.mail_id, at)
    retry_at = at + dt.timedelta(minutes=10)
    store.outbox.release(retry.mail_id, "x" * 150, retry_at, None)
    assert store.outbox.get(retry.mail_id).last_error == "x" * 100
    assert store.outbox.get(retry.mail_id).status == "pending"
    assert store.outbox.claim(retry.mail_id, retry_at - dt.timedelta(microseconds=1)) is None
    assert store.outbox.claim(retry.mail_id, retry_at) == retry
    assert store.outbox.attempts(retry.mail_id) == 2
    keep = at + dt.timedelta(days=7)
    store.outbox.release(given_up.mail_id, "refused", at + dt.timedelta(minutes=1), keep)
    record = store.outbox.get(given_up.mail_id)
    assert (record.status, record.last_error, record.kept_until) == ("failed", "refused", keep)
    assert store.outbox.claim(given_up.mail_id, at + dt.timedelta(days=1)) is None
    assert given_up.mail_id not in store.outbox.due(at + dt.timedelta(days=1), 1000)


def test_due_mails_come_by_due_time_up_to_the_limit(store):
    # Long ago: no other test's mail is due this early (one table serves the session).
    base = dt.datetime(1201, 1, 1, tzinfo=UTC)
    later = _written(store, base + dt.timedelta(minutes=2))
    sooner = _written(store, base + dt.timedelta(minutes=1))
    _written(store, base + dt.timedelta(minutes=3))
    assert store.outbox.due(base + dt.timedelta(minutes=2), 10) == [sooner[0].mail_id, later[0].mail_id]
    assert store.outbox.due(base + dt.timedelta(minutes=5), 1) == [sooner[0].mail_id]
    assert store.outbox.due(base, 10) == []
    # Claimed: due again only when its lease ends.
    store.outbox.claim(sooner[0].mail_id, base + dt.timedelta(minutes=1))
    assert store.outbox.due(base + dt.timedelta(minutes=2), 10) == [later[0].mail_id]
    assert sooner[0].mail_id in store.outbox.due(base + dt.timedelta(minutes=1) + LEASE, 10)


def test_a_mail_id_is_written_once(store):
    [m] = _written(store, START)
    guarantee = uid("g")
    with pytest.raises(ConditionFailed) as refused:
        store.events.add(guarantee, uid("s"), event("again"), [m, mail()])
    assert refused.value.what == "mail0"
    assert store.events.list(guarantee) == []


def test_two_mails_with_one_id_in_one_write_leave_nothing_written(store):
    m = mail()
    guarantee = uid("g")
    # DynamoDB Local fails the second put's "not there yet" (DynamoDB itself refuses the request).
    with pytest.raises(ConditionFailed) as refused:
        store.events.add(guarantee, uid("s"), event("twice"), [m, m])
    assert refused.value.what == "mail1"
    assert store.events.list(guarantee) == [] and store.outbox.get(m.mail_id) is None


KEEP = START + dt.timedelta(hours=1)


def _key(name: str = "NUM#") -> tuple[str, str]:
    return (uid(name), "2026-12-01T10")


def test_a_counter_never_seen_is_zero_and_counts_up_to_its_limit(store):
    key, other = _key(), _key()
    assert store.counters.counts([key, other]) == {key: 0, other: 0}
    assert [store.counters.take([(*key, 3)], KEEP) for _ in range(4)] == [True, True, True, False]
    assert store.counters.counts([key, other]) == {key: 3, other: 0}
    assert store.counters.counts([]) == {}
    # A counter not there yet always takes one (its limit is judged on what is there).
    zero = _key()
    assert store.counters.take([(*zero, 0)], KEEP) is True
    assert store.counters.take([(*zero, 0)], KEEP) is False


def test_several_counters_count_all_together_or_not_at_all(store):
    number, client, both = _key("NUM#"), _key("CLIENT#"), _key("NUMCLIENT#")
    assert store.counters.take([(*number, 10), (*client, 2), (*both, 10)], KEEP) is True
    assert store.counters.take([(*number, 10), (*client, 2), (*both, 10)], KEEP) is True
    # The client's limit is reached: none of the three goes up.
    assert store.counters.take([(*number, 10), (*client, 2), (*both, 10)], KEEP) is False
    assert store.counters.counts([number, client, both]) == {number: 2, client: 2, both: 2}
    assert store.counters.take([(*number, 10), (*both, 10)], KEEP) is True
    assert store.counters.counts([number, client, both]) == {number: 3, client: 2, both: 3}


def test_one_counter_twice_in_one_take_is_refused(store):
    key = _key()
    with pytest.raises(StoreUnavailable):
        store.counters.take([(*key, 5), (*key, 5)], KEEP)
    assert store.counters.counts([key]) == {key: 0}


def test_a_take_of_no_counter_is_refused(store):
    # An empty transaction is not a request the engine takes (a caller always names a limit).
    signal = _key("SIGNAL#")
    with pytest.raises(StoreUnavailable):
        store.counters.take([], KEEP)
    with pytest.raises(StoreUnavailable):
        store.counters.count_wrong_key([], signal, KEEP)
    assert store.counters.counts([signal]) == {signal: 0}


def test_give_back_undoes_a_take_and_never_goes_below_zero(store):
    key, never = _key(), _key()
    store.counters.take([(*key, 2)], KEEP)
    store.counters.take([(*key, 2)], KEEP)
    assert store.counters.take([(*key, 2)], KEEP) is False
    store.counters.give_back([key, never])
    assert store.counters.counts([key, never]) == {key: 1, never: 0}
    assert store.counters.take([(*key, 2)], KEEP) is True
    for _ in range(3):
        store.counters.give_back([key])
    assert store.counters.counts([key]) == {key: 0}


def test_a_wrong_key_counts_the_limits_then_the_signal(store):
    number, client, signal = _key("NUM#"), _key("CLIENT#"), _key("SIGNAL#")
    limited = [(*number, 2), (*client, 5)]
    assert store.counters.count_wrong_key(limited, signal, KEEP) == 1
    assert store.counters.count_wrong_key(limited, signal, KEEP) == 2
    assert store.counters.count_wrong_key(limited, signal, KEEP) is None  # the number's limit: nothing counted
    assert store.counters.counts([number, client, signal]) == {number: 2, client: 2, signal: 2}
    # The signal has no limit of its own.
    other = _key("NUM#")
    assert store.counters.count_wrong_key([(*other, 2)], signal, KEEP) == 3


def test_a_burst_is_noted_once_per_number_and_window_until_cleared(store):
    number, window = uid("N-"), "2026120110"
    actor = {"kind": "client", "client": "h"}
    assert store.counters.note_burst(number, window, "2026-12-01T10:20:00Z", "2026-12-01T11:00:00Z", 20, actor,
                                     KEEP) is True
    assert store.counters.note_burst(number, window, "2026-12-01T10:30:00Z", "2026-12-01T11:00:00Z", 30, actor,
                                     KEEP) is False
    other = uid("N-")
    store.counters.note_burst(other, "2026120109", "2026-12-01T09:20:00Z", "2026-12-01T10:00:00Z", 21, actor, KEEP)
    mine = [b for b in store.counters.pending_bursts(1000) if b.number in (number, other)]
    # By window, then number.
    assert [(b.window, b.number, b.count) for b in mine] == [("2026120109", other, 21), ("2026120110", number, 20)]
    assert (mine[1].key, mine[1].at, mine[1].until, mine[1].actor) == \
        (f"{window}#{number}", "2026-12-01T10:20:00Z", "2026-12-01T11:00:00Z", actor)
    assert [b.key for b in store.counters.pending_bursts(1)] == [mine[0].key]  # no other test notes bursts
    store.counters.clear_burst(mine[1].key)
    assert [b.number for b in store.counters.pending_bursts(1000) if b.number in (number, other)] == [other]
    store.counters.clear_burst(mine[1].key)  # again: nothing to do
