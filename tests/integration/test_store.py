"""DynamoDBStore against a real DynamoDB Local: the table comes from the one schema, issuance is
one transaction that leaves nothing half-written, a verification is two plain GetItems, and
the store is bound to its table when built (two stores in one process keep apart)."""
from __future__ import annotations

import datetime as dt
import uuid

import botocore.endpoint
import pytest

from chalicelib.adapters.dynamodb import counters as counters_module
from chalicelib.adapters.dynamodb import engine as engine_module
from chalicelib.adapters.dynamodb import keys, schema
from chalicelib.domain import audit
from chalicelib.domain.sureties import Surety
from chalicelib.usecases.ports.records import ConditionFailed, StoreUnavailable
from devtools.dynamodb_local import free_port
from dynamo_support import NOW, SURETY, client, issue, items_of, new_store, scan


@pytest.fixture(scope="module")
def store(engine):
    return new_store(engine.endpoint)


def _entry(store, action: str, target: str = "tests", details: dict | None = None):
    return audit.next_entry(store.audit.head(), NOW, audit.setup_actor("tests"), action, target, details or {})


def test_table_is_created_from_the_shared_schema(store):
    table = client(store).describe_table(TableName=store.engine.table_name)["Table"]
    assert table["KeySchema"] == schema.TABLE["KeySchema"]
    assert {i["IndexName"]: i["KeySchema"] for i in table["GlobalSecondaryIndexes"]} == {
        i["IndexName"]: i["KeySchema"] for i in schema.TABLE["GlobalSecondaryIndexes"]}
    ttl = client(store).describe_time_to_live(TableName=store.engine.table_name)["TimeToLiveDescription"]
    assert ttl["AttributeName"] == schema.TTL_ATTRIBUTE and ttl["TimeToLiveStatus"] == "ENABLED"
    assert store.ensure_table() is False  # idempotent


def test_issuance_writes_head_version_state_claim_key_and_event_together(store):
    g = issue(store)
    guarantee_items = {i["sk"]["S"].split("#")[0] for i in items_of(store, f"GUAR#{g.guarantee_id}")}
    assert guarantee_items == {"HEAD", "STATE", "VER", "EVT"}
    # The period's last day, for the daily `expired` event.
    end = store.guarantees.get_version(g.guarantee_id, 1).version.terms.guarantee_period.end.isoformat()
    assert [i["sk"]["S"] for i in items_of(store, f"EXPIRY#{end}") if g.guarantee_id in i["sk"]["S"]] == \
        [f"{g.guarantee_id}#0001"]
    # The number is claimed per surety; the key is found by its hash alone.
    assert [i["sk"]["S"] for i in items_of(store, f"NUM#{g.contract_number}")] == ["SURETY#test-surety"]
    [key_item] = items_of(store, f"KEY#{g.key_hash}")
    assert key_item["contract_number"]["S"] == g.contract_number
    match = store.guarantees.find_by_key(g.contract_number, g.key_hash)
    assert match.guarantee_id == g.guarantee_id and match.signed.version.version == 1
    assert match.signed.version.as_record() == g.record
    assert store.guarantees.find_by_key("T-SOMEONE-ELSES", g.key_hash) is None
    events = store.events.list(g.guarantee_id)
    assert [e["type"] for e in events] == ["issued"]
    assert events[0]["actor"]["surety_id"] == "test-surety"
    head = store.guarantees.get_head(g.guarantee_id)
    assert (head.guarantee_id, head.surety_id, head.latest_version, head.status) == \
        (g.guarantee_id, SURETY, 1, "active")


def test_a_conflict_leaves_nothing_half_written(store):
    first = issue(store)
    before = len(scan(store))
    with pytest.raises(ConditionFailed) as taken:
        issue(store, number=first.contract_number)
    assert taken.value.what == "contract_number"
    assert len(scan(store)) == before
    # Another surety may use the number.
    issue(store, number=first.contract_number, surety_id="other-surety")
    assert sorted(s for s, _ in store.guarantees.guarantees_numbered(first.contract_number)) == \
        ["other-surety", SURETY]


def test_a_concurrent_retry_with_the_same_idempotency_key_is_named(store):
    key = str(uuid.uuid4())
    issue(store, idempotency_key=key)
    before = len(scan(store))
    with pytest.raises(ConditionFailed) as raced:
        issue(store, idempotency_key=key)
    assert raced.value.what == "idempotency"
    assert len(scan(store)) == before
    kept = store.guarantees.idempotent_result(SURETY, key, NOW)
    assert kept is not None and kept.sealed_body == b"sealed"
    assert store.guarantees.idempotent_result(SURETY, key, NOW + dt.timedelta(hours=25)) is None


def test_events_of_one_moment_never_overwrite_each_other(store):
    guarantee_id = "g" + uuid.uuid4().hex
    event = {"type": "verification", "at": "2025-07-01T00:00:00.000000Z", "outcome": "success"}
    for _ in range(5):
        store.events.add(guarantee_id, "store-test-only", event)
    assert len(store.events.list(guarantee_id)) == 5


def _operations(monkeypatch) -> list[str]:
    """Every DynamoDB operation sent from now on, by any client of this process."""
    sent: list[str] = []
    original = botocore.endpoint.Endpoint._send

    def counting(endpoint, request):
        target = request.headers.get("X-Amz-Target", b"")
        sent.append((target.decode() if isinstance(target, bytes) else target).rsplit(".", 1)[-1])
        return original(endpoint, request)
    monkeypatch.setattr(botocore.endpoint.Endpoint, "_send", counting)
    return sent


def test_a_verification_is_two_get_items_on_a_fresh_store_and_nothing_else(engine, store, monkeypatch):
    g = issue(store)
    fresh = type(store)(store.engine.table_name, "ap-northeast-1", engine.endpoint, lambda: NOW)
    sent = _operations(monkeypatch)
    match, state = fresh.guarantees.read_for_key(g.contract_number, g.key_hash)
    assert sent == ["GetItem", "GetItem"]  # no DescribeTable, no other read
    assert (match.guarantee_id, state.guarantee_id, state.latest_version, state.status) == \
        (g.guarantee_id, g.guarantee_id, 1, "active")
    sent.clear()
    assert fresh.guarantees.read_for_key(g.contract_number, "0" * 64) is None
    assert sent == ["GetItem"]


def test_two_stores_in_one_process_each_keep_to_their_own_table(engine, store):
    other = new_store(engine.endpoint)
    assert other.engine.table_name != store.engine.table_name
    store.sureties.put(Surety("only-in-first", "一つ目保証株式会社"), _entry(store, "surety.register"))
    other.sureties.put(Surety("only-in-second", "二つ目保証株式会社"), _entry(other, "surety.register"))
    assert store.sureties.get("only-in-first").name == "一つ目保証株式会社"
    assert store.sureties.get("only-in-second") is None
    assert other.sureties.get("only-in-first") is None
    assert other.sureties.get("only-in-second").name == "二つ目保証株式会社"
    g = issue(other)
    assert store.guarantees.get_state(g.guarantee_id) is None
    assert other.guarantees.get_state(g.guarantee_id).contract_number == g.contract_number
    unreachable = type(store)(store.engine.table_name, "ap-northeast-1", f"http://127.0.0.1:{free_port()}", lambda: NOW)
    with pytest.raises(StoreUnavailable):
        unreachable.sureties.get("only-in-first")
    assert store.sureties.get("only-in-first") is not None  # the first store still reaches its table


def test_tokens_are_kept_by_id_with_their_hash_and_revoked(store):
    token_id = uuid.uuid4().hex[:12]
    store.sureties.put_token(token_id, SURETY, "h" * 64, ["issue"], "tests", _entry(store, "token.issue"))
    with pytest.raises(ConditionFailed) as again:
        store.sureties.put_token(token_id, SURETY, "other", ["issue"], None, _entry(store, "token.issue"))
    assert again.value.what == "token"
    record = store.sureties.get_token(token_id)
    assert (record.surety_id, record.secret_hash, record.scopes, record.revoked) == (SURETY, "h" * 64, ("issue",), False)
    assert store.sureties.revoke_token(token_id, _entry(store, "token.revoke")) is True
    assert store.sureties.get_token(token_id).revoked is True
    assert store.sureties.revoke_token("0" * 12, _entry(store, "token.revoke")) is False
    [raw] = items_of(store, keys.token_pk(token_id))
    assert raw["sk"]["S"] == "TOKEN" and raw["secret_hash"]["S"] == "h" * 64


def test_counter_names_are_stored_under_rate(store):
    window = "2026-12-01T10"
    name = f"NUM#T-{uuid.uuid4().hex[:8]}"
    until = dt.datetime(2026, 12, 2, tzinfo=dt.timezone.utc)
    assert store.counters.take([(name, window, 2)], until) is True
    assert store.counters.counts([(name, window), ("NUM#never", window)]) == {(name, window): 1, ("NUM#never", window): 0}
    assert [i["sk"]["S"] for i in items_of(store, f"RATE#{name}")] == [window]


class _Conflicting:
    """TransactWrite that first meets `conflicts` other transactions on its items (DynamoDB's
    TransactionConflict), then writes for real."""

    def __init__(self, conflicts: int, reasons: list[str | None] | None = None):
        self.left = conflicts
        self.reasons = reasons or ["TransactionConflict"]  # one per item, in the order sent

    def __call__(self, *args, **kwargs):
        from pynamodb.exceptions import CancellationReason, TransactWriteError, VerboseClientError
        from pynamodb.transactions import TransactWrite
        real, outer = TransactWrite(*args, **kwargs), self

        class Transaction:
            def __enter__(self):
                return real.__enter__()

            def __exit__(self, *exc):
                if outer.left:
                    outer.left -= 1
                    cause = VerboseClientError(
                        {"Error": {"Code": "TransactionCanceledException", "Message": "conflict"}}, "TransactWriteItems",
                        cancellation_reasons=[CancellationReason(code=c) if c else None for c in outer.reasons])
                    raise TransactWriteError("conflict", cause=cause)
                return real.__exit__(*exc)
        return Transaction()


def test_a_counter_met_by_a_concurrent_write_is_counted_not_taken_for_a_limit(store, monkeypatch):
    """Two clerks behind one address counting at the same instant: the conflict is tried again,
    never answered as a reached limit (their right code would be refused for the hour)."""
    key = (f"TEST#{uuid.uuid4().hex}", "2026-12-01T10")
    until = dt.datetime(2026, 12, 2, tzinfo=dt.timezone.utc)
    monkeypatch.setattr(engine_module, "TransactWrite", _Conflicting(2))
    monkeypatch.setattr(counters_module.time, "sleep", lambda s: None)
    assert store.counters.take([(*key, 5)], until) is True
    assert store.counters.counts([key])[key] == 1
    # A conflict that does not end: the store is unavailable (503), not the client limited (429).
    monkeypatch.setattr(engine_module, "TransactWrite", _Conflicting(10))
    with pytest.raises(StoreUnavailable):
        store.counters.take([(*key, 5)], until)
    assert store.counters.counts([key])[key] == 1
    # A reached limit is still a limit.
    monkeypatch.setattr(engine_module, "TransactWrite", _Conflicting(0))
    assert store.counters.take([(*key, 1)], until) is False


def test_an_endpoint_registered_twice_is_a_failed_condition_not_an_outage(store):
    """usecases/webhooks.py answers a registration that lost the race with 409 webhook_exists."""
    surety = f"s-{uuid.uuid4().hex[:6]}"
    store.webhooks.put(surety, "w1", "https://example.jp/hook", None, b"sealed-1", NOW)
    with pytest.raises(ConditionFailed) as taken:
        store.webhooks.put(surety, "w1", "https://example.jp/other", None, b"sealed-2", NOW)
    assert taken.value.what == "webhook"
    assert store.webhooks.get(surety, "w1").sealed_secret == b"sealed-1"


def _json_shaped(value) -> bool:
    """A raw DynamoDB value of the JSON types only (no sets, no binary)."""
    [(kind, inner)] = value.items()
    if kind == "M":
        return all(_json_shaped(v) for v in inner.values())
    if kind == "L":
        return all(_json_shaped(v) for v in inner)
    return kind in ("S", "N", "BOOL", "NULL")


def test_an_enrolment_is_one_transaction_of_its_items_and_the_chain(store, monkeypatch):
    from chalicelib.domain.orderers import Enrolment
    from chalicelib.usecases.ports.records import EnrolmentWrite
    orderer, work = f"o-{uuid.uuid4().hex[:8]}", f"{uuid.uuid4().hex[:8]}.example.lg.jp"
    enrolment = Enrolment(orderer, dt.date(2024, 7, 1), ("contract",), staff_email_domains=(work,),
                          contact={"department": "契約課", "phone": "0267-00-0000"}, changed_at=NOW)
    change = {"revision": 1, "at": NOW.isoformat(), "actor": audit.setup_actor("tests"), "action": "orderer.enrol",
              "changes": enrolment.changes_from(None)}
    entry = _entry(store, "orderer.enrol", f"orderer:{orderer}", {"changes": enrolment.changes_from(None)})
    sent = _operations(monkeypatch)
    store.registry.put_enrolments([EnrolmentWrite(enrolment, None, change, (work,))], entry)
    assert sent == ["TransactWriteItems"]
    [history] = items_of(store, keys.enrolment_history_pk(orderer))
    [claim] = items_of(store, keys.staff_domain_pk(work))
    [written] = [i for i in items_of(store, keys.AUDIT_PK) if i["sk"]["S"] == keys.audit_sk(entry.seq)]
    [head] = items_of(store, keys.AUDIT_HEAD_PK)
    [stored] = [i for i in items_of(store, keys.ENROLMENTS_PK) if i["sk"]["S"] == orderer]
    assert history["sk"]["S"] == "REV#000001" and claim["orderer_id"]["S"] == orderer
    assert (head["seq"]["N"], head["hash"]["S"]) == (str(entry.seq), entry.hash)
    assert stored["revision"]["N"] == "1"
    for item in (history, claim, written, head, stored):
        assert all(_json_shaped(v) for v in item.values()), item


def test_issued_before_is_one_query_of_one_item(store, monkeypatch):
    import json
    orderer = f"o-{uuid.uuid4().hex[:8]}"
    for day in range(1, 20):
        store.registry.note_issuance(orderer, "contract", dt.date(2026, 11, day))
    sent: list[tuple[str, dict]] = []
    original = botocore.endpoint.Endpoint._send

    def recording(endpoint, request):
        target = request.headers.get("X-Amz-Target", b"").decode()
        sent.append((target.rsplit(".", 1)[-1], json.loads(request.body)))
        return original(endpoint, request)
    monkeypatch.setattr(botocore.endpoint.Endpoint, "_send", recording)
    assert store.registry.issued_before(orderer, "contract", dt.date(2026, 11, 30)) is True
    [(operation, request)] = sent
    assert operation == "Query" and request["Limit"] == 1 and request["ScanIndexForward"] is False
    assert request["ConsistentRead"] is True


def test_activity_expires_by_its_time_to_live(store):
    orderer = f"o-{uuid.uuid4().hex[:8]}"
    keep = dt.datetime(2027, 12, 1, 3, 4, 5, tzinfo=dt.timezone.utc)
    store.activity.add(orderer, {"at": "2026-12-01T00:00:00.000000Z", "email": "c@city.example.jp",
                                 "action": "signed_in"}, keep)
    [item] = items_of(store, keys.activity_pk(orderer))
    assert item[schema.TTL_ATTRIBUTE] == {"N": str(int(keep.timestamp()))}
    assert item["sk"]["S"].startswith("2026-12-01T00:00:00.000000Z#")


def test_sureties_and_tokens_stored_before_they_were_listed_are_listed_after_the_migration(engine):
    from chalicelib.adapters.dynamodb import migrations
    own = new_store(engine.endpoint)
    own.sureties.put(Surety("listed-before", "以前保証株式会社"), _entry(own, "surety.register"))
    own.sureties.put_token("tok-before", "listed-before", "h" * 64, ["read"], None, _entry(own, "token.issue"))
    for pk, sk in ((keys.surety_pk("listed-before"), keys.PROFILE_SK), (keys.token_pk("tok-before"), keys.TOKEN_SK)):
        client(own).update_item(TableName=own.engine.table_name, Key={"pk": {"S": pk}, "sk": {"S": sk}},
                                UpdateExpression="REMOVE gsi1pk, gsi1sk")  # as written before
    assert own.sureties.all() == [] and own.sureties.tokens_of("listed-before") == []
    assert migrations.index_old_sureties(own) == 2
    assert [s.id for s in own.sureties.all()] == ["listed-before"]
    assert [t.token_id for t in own.sureties.tokens_of("listed-before")] == ["tok-before"]
    assert migrations.index_old_sureties(own) == 0  # safe to repeat


def test_a_write_that_meets_another_on_the_chains_head_is_told_the_chain_moved(store, monkeypatch):
    """usecases/sureties.audited reads the head again and retries on "audit" only: two audited
    writes at one instant meet on the head item (TransactionConflict), which is the chain moving."""
    from chalicelib.domain.orderers import PublicBody
    b = PublicBody(f"b-{uuid.uuid4().hex[:8]}", "衝突市", "しょうとつし", "長野県", "municipality")
    head = store.audit.head()
    # put_bodies sends the entry (a new item), the body, then the head's update.
    monkeypatch.setattr(engine_module, "TransactWrite", _Conflicting(1, [None, None, "TransactionConflict"]))
    with pytest.raises(ConditionFailed) as moved:
        store.registry.put_bodies([b], _entry(store, "body.add"))
    assert moved.value.what == "audit"
    # A conflict on the token alone is another write of that token.
    monkeypatch.setattr(engine_module, "TransactWrite", _Conflicting(1, ["TransactionConflict", None, None]))
    with pytest.raises(ConditionFailed) as raced:
        store.sureties.put_token(uuid.uuid4().hex[:12], SURETY, "h" * 64, ["read"], None, _entry(store, "token.issue"))
    assert raced.value.what == "transaction"
    assert store.audit.head() == head and store.registry.body(b.id) is None
