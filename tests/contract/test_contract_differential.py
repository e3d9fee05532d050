"""The two stores side by side: one random sequence of calls (a few ids, so that calls meet
on the same items: limits, leases, stale versions, replaced codes), each answer of the fake
compared with the engine's, raised errors included. What the cases of the other files did
not think of, this finds."""
from __future__ import annotations

import datetime as dt
import random

import pytest

from chalicelib.domain.staff import SignInCode
from chalicelib.usecases.ports.records import ConditionFailed, StoreUnavailable
from contract_support import START, event, mail, new_guarantee, new_version, result, uid

pytestmark = pytest.mark.dynamodb  # the fake against the real engine, step by step

STEPS = 150


# Differences the contract found and reported (test_contract_keys_webhooks.py), accepted here
# until the adapter is fixed: (call, the fake's answer, the engine's).
KNOWN: set[tuple[object, ...]] = set()


def _answer(call, store):
    try:
        return ("ok", call(store))
    except ConditionFailed as e:
        return ("condition", e.what)
    except StoreUnavailable:
        return ("unavailable",)


def _moment(rng: random.Random) -> dt.datetime:
    return START + dt.timedelta(seconds=rng.choice([0, 30, 60, 119, 120, 121, 300, 3600]),
                                microseconds=rng.choice([0, 1, 999_999]))


def _counter_calls(rng: random.Random, names: list[str]):
    keys = [(n, "w") for n in names]
    keep = START + dt.timedelta(hours=1)
    pick = lambda: rng.sample(keys, rng.randint(1, 3))  # noqa: E731
    choice = rng.randrange(5)
    if choice == 0:
        limited = [(*k, rng.randint(0, 3)) for k in pick()]
        return "take", lambda s: s.counters.take(limited, keep)
    if choice == 1:
        chosen = pick()
        return "give_back", lambda s: s.counters.give_back(chosen)
    if choice == 2:
        limited, signal = [(*k, rng.randint(1, 4)) for k in pick()], rng.choice(keys)
        return "count_wrong_key", lambda s: s.counters.count_wrong_key(
            [c for c in limited if (c[0], c[1]) != signal], signal, keep)
    return "counts", lambda s: s.counters.counts(keys)


def _code_calls(rng: random.Random, addresses: list[str]):
    address = rng.choice(addresses)
    hashes = ["c1", "c2", "c3"]
    choice = rng.randrange(5)
    if choice == 0:
        code = SignInCode(rng.choice(hashes), _moment(rng), rng.randint(0, 3), rng.randint(1, 3), _moment(rng))

        read_first = rng.random() < 0.7

        def put(s):
            replaces = s.staff.get_code(address) if read_first else None
            return s.staff.put_code(address, code, START + dt.timedelta(hours=1), replaces)
        return "put_code", put
    if choice == 1:
        code_hash, budget = rng.choice(hashes), rng.randint(1, 4)
        return "count_wrong_code", lambda s: s.staff.count_wrong_code(address, code_hash, budget)
    if choice == 2:
        code_hash, budget, now = rng.choice(hashes), rng.randint(1, 4), _moment(rng)
        return "use_code", lambda s: s.staff.use_code(address, code_hash, budget, now)
    return "get_code", lambda s: s.staff.get_code(address)


def _webhook_calls(rng: random.Random, surety: str, hooks: list[str]):
    hook, lease, now = rng.choice(hooks), rng.choice(["l1", "l2"]), _moment(rng)
    since, error = rng.choice([None, "2026-12-01T00:00:00.000000Z"]), rng.choice([None, "timeout"])
    cursor = rng.choice([None, {"pk": {"S": "a"}}, {"pk": {"S": "b"}, "sk": {"S": "c"}}])
    secret = rng.choice([b"s1", b"s2"])
    calls = [
        ("put", lambda s: s.webhooks.put(surety, hook, "https://example.jp/h", None, b"s1", now)),
        ("claim", lambda s: s.webhooks.claim(surety, hook, lease, now)),
        ("advance", lambda s: s.webhooks.advance(surety, hook, lease, cursor or {"x": {"S": "y"}}, now)),
        ("release", lambda s: s.webhooks.release(surety, hook, lease, now + dt.timedelta(minutes=1),
                                                 error, now)),
        ("rewind", lambda s: s.webhooks.rewind(surety, hook, since, cursor, now)),
        ("rotate", lambda s: s.webhooks.rotate_secret(surety, hook, secret, b"s2" if secret == b"s1" else b"s1",
                                                      secret, now)),
        ("delete", lambda s: s.webhooks.delete(surety, hook)),
        ("get", lambda s: s.webhooks.get(surety, hook)),
        ("of", lambda s: s.webhooks.of(surety)),
    ]
    return rng.choice(calls)


def _mail_calls(rng: random.Random, written: list[str], guarantee: str, surety: str):
    now = _moment(rng)
    choice = rng.randrange(6)
    if choice == 0 or not written:
        new = mail()
        written.append(new.mail_id)
        return "write", lambda s: s.events.add(guarantee, surety, event("notice", START), [new])
    mail_id = rng.choice(written)
    if choice == 1:
        return "claim", lambda s: s.outbox.claim(mail_id, now)
    if choice == 2:
        keep = rng.choice([None, now + dt.timedelta(days=1)])
        return "release", lambda s: s.outbox.release(mail_id, "refused", now + dt.timedelta(minutes=1), keep)
    if choice == 3:
        return "mark_sent", lambda s: s.outbox.mark_sent(mail_id, now, now + dt.timedelta(days=30))
    return "get", lambda s: s.outbox.get(mail_id)


def _guarantee_calls(rng: random.Random, issued: list, surety: str):
    choice = rng.randrange(7)
    if choice == 0 or not issued:
        new = new_guarantee(surety, number=rng.choice([f"{surety}-N1", f"{surety}-N2", uid()]))
        key = rng.choice(["k1", "k2", uid()])
        issued.append(new)
        return "create", lambda s: s.guarantees.create(new, result(surety, key, new.guarantee_id))
    g = rng.choice(issued)
    key, base = rng.choice(["k1", "k3", uid()]), rng.randint(1, 3)
    if choice == 1:
        amendment = new_version(g, base, corporate_number=rng.choice([None, "C1"]))
        return "add_version", lambda s: s.guarantees.add_version(amendment, result(surety, key, g.guarantee_id))
    if choice == 2:
        return "cancel", lambda s: s.guarantees.cancel(g.guarantee_id, surety, {"date": "2026-12-01"},
                                                       event("cancelled", START))
    version, orderer, at = rng.randint(1, 3), rng.choice(["o1", "o2"]), rng.choice(["t1", "t2"])
    if choice == 3:
        return "record_receipt", lambda s: s.guarantees.record_receipt(
            g.guarantee_id, surety, version, {"recorded_at": at}, event("receipt", START), [],
            (f"{orderer}{surety}", {"v": version}))
    if choice == 4:
        return "withdraw_receipt", lambda s: s.guarantees.withdraw_receipt(
            g.guarantee_id, surety, version, f"{orderer}{surety}", at, event("withdrawn", START), [])
    if choice == 5:
        return "state", lambda s: (s.guarantees.get_state(g.guarantee_id), s.guarantees.get_head(g.guarantee_id),
                                   [v.version.version for v in s.guarantees.list_versions(g.guarantee_id)],
                                   s.ledger.entries(f"o1{surety}"), s.ledger.entries(f"o2{surety}"))
    return "numbered", lambda s: (sorted(s.guarantees.guarantees_numbered(g.contract_number)),
                                  s.guarantees.find_guarantee_id(surety, g.contract_number))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_fake_answers_as_the_engine_does(seed, dynamodb_store, contract_clock):
    from chalicelib.adapters.memory import MemoryStore
    memory = MemoryStore(contract_clock.now)
    rng = random.Random(seed)
    counters, addresses = [uid("RATE") for _ in range(3)], [uid("a") for _ in range(2)]
    surety, hooks = uid("s"), ["w1", "w2"]
    mails, issued = [], []
    guarantee = uid("g")
    for step in range(STEPS):
        area = rng.randrange(5)
        if area == 0:
            name, call = _counter_calls(rng, counters)
        elif area == 1:
            name, call = _code_calls(rng, addresses)
        elif area == 2:
            name, call = _webhook_calls(rng, surety, hooks)
        elif area == 3:
            name, call = _mail_calls(rng, mails, guarantee, surety)
        else:
            name, call = _guarantee_calls(rng, issued, surety)
        fake, real = _answer(call, memory), _answer(call, dynamodb_store)
        assert fake == real or (name, fake, real) in KNOWN, f"step {step}: {name}"
