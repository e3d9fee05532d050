"""The registry, the sureties and the audit chain side by side: one random sequence of writes
and reads on a few ids (so that writes meet: revisions gone stale, domains taken and moved,
tokens issued twice, heads moved on), each answer of the fake compared with the engine's,
raised errors included. Both stores start empty (the engine on a table of this test's own)
and read one clock, set before each call, so they write the same entries."""
from __future__ import annotations

import datetime as dt
import random
import uuid

import pytest

from chalicelib.domain import audit
from chalicelib.domain.sureties import Surety
from chalicelib.usecases.ports.records import ConditionFailed, StoreUnavailable
from contract_support import START, body, enrolment, enrolment_write

pytestmark = pytest.mark.dynamodb

STEPS = 150
ORDERERS = ["o-1", "o-2", "o-3"]
DOMAINS = ["a.example.jp", "b.example.jp", "c.example.jp"]
KINDS = ["advance_payment", "contract", "contract_x"]


def _answer(call, store, clock, at):
    clock.set(at)
    try:
        return ("ok", call(store))
    except ConditionFailed as e:
        return ("condition", e.what)
    except StoreUnavailable:
        return ("unavailable",)


def _entry(store, rng_stale: bool, at: dt.datetime, action: str = "orderer.change"):
    head = store.audit.head()
    if rng_stale:  # made before another write moved the head (or from a head that never was)
        head = audit.AuditHead(head.seq, "e" * 64) if head.seq else audit.AuditHead(0, "e" * 64)
    return audit.next_entry(head, at, audit.setup_actor("tests"), action, "tests", {"at": at.isoformat()})


def _write_calls(rng: random.Random, at: dt.datetime):
    stale = rng.random() < 0.15
    choice = rng.randrange(5)
    if choice == 0:
        surety = Surety(rng.choice(["s-1", "s-2"]), rng.choice(["一保証", "二保証"]), head_office=rng.choice([None, "東京都"]))
        return "put_surety", lambda s: s.sureties.put(surety, _entry(s, stale, at, "surety.change"))
    if choice == 1:
        token, surety = rng.choice(["t-1", "t-2", "t-3"]), rng.choice(["s-1", "s-2"])
        return "put_token", lambda s: s.sureties.put_token(token, surety, "h" * 64, ["read"], None,
                                                           _entry(s, stale, at, "token.issue"))
    if choice == 2:
        token = rng.choice(["t-1", "t-2", "t-3", "t-4"])
        return "revoke_token", lambda s: s.sureties.revoke_token(token, _entry(s, stale, at, "token.revoke"))
    if choice == 3:
        bodies = [body(b, rng.choice(["甲市", "乙市"])) for b in rng.sample(["b-1", "b-2", "b-3"], rng.randint(1, 2))]
        return "put_bodies", lambda s: s.registry.put_bodies(bodies, _entry(s, stale, at, "bodies.import"))
    plans = []
    free = list(DOMAINS)
    rng.shuffle(free)
    for orderer in rng.sample(ORDERERS, rng.randint(1, 2)):
        # Mostly the revision the store is at (read at the call, from each store), else a guess.
        base = "current" if rng.random() < 0.6 else rng.choice([None, 1, 2, 3])
        claims = tuple(free.pop() for _ in range(rng.randint(0, min(2, len(free)))))
        releases = tuple(rng.sample(DOMAINS, rng.randint(0, 1)))
        plans.append((orderer, base, claims, releases, rng.choice(["甲", "乙"])))
    bodies = [body(rng.choice(["b-1", "b-4"]), "合併市")] if rng.random() < 0.2 else []

    def put_enrolments(s):
        writes = []
        for orderer, base, claims, releases, scope in plans:
            if base == "current":
                now = s.registry.enrolment(orderer)
                base = now.revision if now else None
            e = enrolment(orderer, (base or 0) + 1, domains=claims, scope=scope)
            writes.append(enrolment_write(e, base, claims, releases))
        return s.registry.put_enrolments(writes, _entry(s, stale, at, "orderer.change"), bodies)
    return "put_enrolments", put_enrolments


def _other_calls(rng: random.Random, at: dt.datetime):
    orderer, kind = rng.choice(ORDERERS), rng.choice(KINDS)
    day = dt.date(2026, 12, 1) + dt.timedelta(days=rng.randint(0, 5))
    calls = [
        ("note_issuance", lambda s: s.registry.note_issuance(orderer, kind, day)),
        ("issued_before", lambda s: s.registry.issued_before(orderer, kind, rng_day)),
        ("enrolment", lambda s: (s.registry.enrolment(orderer), s.registry.history(orderer))),
        ("domains", lambda s: [s.registry.orderer_by_domain(d) for d in DOMAINS]),
        ("lists", lambda s: (s.registry.enrolments(), s.registry.bodies(), s.sureties.all())),
        ("tokens", lambda s: (s.sureties.tokens_of("s-1"), s.sureties.tokens_of("s-2"), s.sureties.get_token("t-1"))),
        ("chain", lambda s: (s.audit.head(), s.audit.after(rng_seq, 3), s.audit.page(2, None))),
        ("activity_add", lambda s: s.activity.add(orderer, {"at": f"2026-12-01T0{day.day}:00:00.000000Z",
                                                            "email": "c@city.example.jp"}, START)),
        ("activity_page", lambda s: s.activity.page(orderer, 2, None)[0]),
    ]
    rng_day = rng.choice([None, day])
    rng_seq = rng.randint(0, 20)
    return rng.choice(calls)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_registry_answers_as_the_engine_does(seed, dynamodb_store, contract_clock):
    from chalicelib.adapters.dynamodb import DynamoDBStore
    from chalicelib.adapters.memory import MemoryStore
    memory = MemoryStore(contract_clock.now)
    engine = DynamoDBStore(f"contract-{uuid.uuid4().hex[:8]}", "ap-northeast-1", dynamodb_store.engine.endpoint,
                           contract_clock.now)
    assert engine.ensure_table() is True
    rng = random.Random(seed)
    try:
        for step in range(STEPS):
            at = START + dt.timedelta(seconds=step)
            name, call = _write_calls(rng, at) if rng.random() < 0.5 else _other_calls(rng, at)
            fake, real = _answer(call, memory, contract_clock, at), _answer(call, engine, contract_clock, at)
            assert fake == real, f"step {step}: {name}"
        # The chain both wrote holds, and is the same chain.
        chain = memory.audit.after(0, 1000)
        assert chain == engine.audit.after(0, 1000) and audit.verify(chain) is None and len(chain) > 10
    finally:
        engine.engine.connection.delete_table(engine.engine.table_name)
