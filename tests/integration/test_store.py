"""The store against a real DynamoDB Local: the table comes from the one schema, issuance is
one transaction, and no secret is ever stored in a readable form."""
from __future__ import annotations

import json
import os
import uuid

import boto3
import pytest

from chalicelib.domain import authkey
from chalicelib.adapters import keyed_hash
from chalicelib.adapters import table as table_schema
from chalicelib.adapters import store
from chalicelib.usecases import sureties
from support import guarantee_request, issue_headers, post_json


@pytest.fixture(scope="module")
def client(dynamodb):
    return boto3.client("dynamodb", endpoint_url=dynamodb.endpoint, region_name="ap-northeast-1")


def test_table_is_created_from_the_shared_schema(client):
    table = client.describe_table(TableName=os.environ["PORTAL_TABLE_NAME"])["Table"]
    assert table["KeySchema"] == table_schema.TABLE["KeySchema"]
    assert {i["IndexName"]: i["KeySchema"] for i in table["GlobalSecondaryIndexes"]} == {
        i["IndexName"]: i["KeySchema"] for i in table_schema.TABLE["GlobalSecondaryIndexes"]}
    ttl = client.describe_time_to_live(TableName=os.environ["PORTAL_TABLE_NAME"])["TimeToLiveDescription"]
    assert ttl["AttributeName"] == table_schema.TTL_ATTRIBUTE and ttl["TimeToLiveStatus"] == "ENABLED"
    assert store.ensure_table() is False  # idempotent


def _items_of(client, pk: str) -> list[dict]:
    return client.query(TableName=os.environ["PORTAL_TABLE_NAME"], KeyConditionExpression="pk = :pk",
                        ExpressionAttributeValues={":pk": {"S": pk}}, ConsistentRead=True)["Items"]


def test_issuance_writes_head_version_state_claim_key_and_event_together(client, issue_guarantee):
    issued = issue_guarantee()
    g = issued["guarantee"]
    guarantee_items = {i["sk"]["S"].split("#")[0] for i in _items_of(client, f"GUAR#{g['guarantee_id']}")}
    assert guarantee_items == {"HEAD", "STATE", "VER", "EVT"}
    # The period's last day, for the daily `expired` event.
    end = store.get_version(g["guarantee_id"], 1)["terms"]["guarantee_period"]["end"]
    assert [i["sk"]["S"] for i in _items_of(client, f"EXPIRY#{end}") if g["guarantee_id"] in i["sk"]["S"]] == \
        [f"{g['guarantee_id']}#0001"]
    # The number is claimed per surety; the key is found by its hash alone.
    assert [i["sk"]["S"] for i in _items_of(client, f"NUM#{g['contract_number']}")] == ["SURETY#test-surety"]
    key_hash = keyed_hash.auth_key(authkey.parse(issued["auth_key"]))
    [key_item] = _items_of(client, f"KEY#{key_hash}")
    assert key_item["contract_number"]["S"] == g["contract_number"]
    match = store.find_by_key(g["contract_number"], key_hash)
    assert match.guarantee_id == g["guarantee_id"] and match.version == 1
    events = store.list_events(g["guarantee_id"])
    assert [e["type"] for e in events] == ["issued"]
    assert events[0]["actor"]["surety_id"] == "test-surety"


def test_a_conflict_leaves_nothing_half_written(client, api, surety_token, issue_guarantee):
    first = issue_guarantee()
    number = first["guarantee"]["contract_number"]
    before = client.scan(TableName=os.environ["PORTAL_TABLE_NAME"], Select="COUNT", ConsistentRead=True)["Count"]
    response = post_json(api, "/v1/guarantees", guarantee_request(contract_number=number), issue_headers(surety_token))
    assert response.status_code == 409
    assert response.json_body["error"]["code"] == "contract_number_taken"
    after = client.scan(TableName=os.environ["PORTAL_TABLE_NAME"], Select="COUNT", ConsistentRead=True)["Count"]
    assert after == before


def _strings(value):
    """Every string and binary inside a DynamoDB item, however nested."""
    if isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)
    elif isinstance(value, (str, bytes)):
        yield value


def test_the_table_holds_no_auth_key_or_token_in_plain_text(client, api, issue_guarantee, dynamodb):
    _, token = sureties.create_token("test-surety", label="scan test")
    secret = token.split("_")[2]
    keys = []
    for _ in range(5):
        issued = issue_guarantee()
        keys.append(issued["auth_key"])
        # Verify too, so the event log is part of the scan.
        post_json(api, "/v1/verifications",
                  {"contract_number": issued["guarantee"]["contract_number"], "auth_key": issued["auth_key"]})
    needles = {token, secret}
    for shown in keys:
        canonical = authkey.parse(shown)
        needles |= {shown, canonical, canonical.lower(), shown.lower()}
    paginator = client.get_paginator("scan")
    scanned = 0
    for page in paginator.paginate(TableName=os.environ["PORTAL_TABLE_NAME"], ConsistentRead=True):
        for item in page["Items"]:
            scanned += 1
            blob = json.dumps(item, default=str)
            for needle in needles:
                assert needle not in blob
            for s in _strings(item):
                text = s.decode("latin-1") if isinstance(s, bytes) else s
                for needle in needles:
                    assert needle not in text
    assert scanned > 20


def test_tokens_are_stored_hashed_and_can_be_revoked(api, dynamodb):
    token_id, token = sureties.create_token("test-surety", ["issue"], "revocation test")
    record = store.get_token(token_id)
    assert record.secret_hash != token.split("_")[2] and len(record.secret_hash) == 64
    assert sureties.authenticate(f"Bearer {token}", "issue").surety.id == "test-surety"
    assert sureties.revoke_token(token_id)
    response = post_json(api, "/v1/guarantees", guarantee_request(), issue_headers(token))
    assert response.status_code == 401
    assert not sureties.revoke_token("0" * 12)


def test_events_of_one_moment_never_overwrite_each_other(dynamodb):
    guarantee_id = "g" + uuid.uuid4().hex
    event = {"type": "verification", "at": "2025-07-01T00:00:00.000000Z", "outcome": "success"}
    for _ in range(5):
        store.add_event(guarantee_id, "store-test-only", event)  # a surety no token reads: the event is partial
    assert len(store.list_events(guarantee_id)) == 5


def _to_the_layout_before_december_2026(client, guarantee_id: str, number: str, key_hashes: list[str]) -> None:
    """Rewrite a guarantee as the portal stored it before numbers were per surety."""
    table = os.environ["PORTAL_TABLE_NAME"]
    [state] = [i for i in _items_of(client, f"GUAR#{guarantee_id}") if i["sk"]["S"] == "STATE"]
    claim = {k: v for k, v in state.items() if k not in ("pk", "sk", "contract_number")}
    client.put_item(TableName=table, Item={**claim, "pk": {"S": f"NUM#{number}"}, "sk": {"S": "CLAIM"},
                                           "guarantee_id": {"S": guarantee_id}})
    client.delete_item(TableName=table, Key={"pk": state["pk"], "sk": state["sk"]})
    client.delete_item(TableName=table, Key={"pk": {"S": f"NUM#{number}"}, "sk": {"S": "SURETY#test-surety"}})
    for key_hash in key_hashes:
        [key] = _items_of(client, f"KEY#{key_hash}")
        old = {k: v for k, v in key.items() if k not in ("pk", "sk", "contract_number")}
        client.put_item(TableName=table, Item={**old, "pk": {"S": f"NUM#{number}"}, "sk": {"S": f"KEY#{key_hash}"}})
        client.delete_item(TableName=table, Key={"pk": key["pk"], "sk": key["sk"]})


def test_guarantees_stored_before_numbers_were_per_surety_are_moved_and_open_again(
        client, api, surety_token, issue_guarantee):
    issued = issue_guarantee()
    gid, number = issued["guarantee"]["guarantee_id"], issued["guarantee"]["contract_number"]
    amended = post_json(api, f"/v1/guarantees/{gid}/amendments",
                        {"base_version": 1, "reason": "increase", "effective_date": issued["guarantee"]["issue_date"],
                         "changes": {"amount": issued["guarantee"]["amount"] + 1_000_000}},
                        issue_headers(surety_token))
    assert amended.status_code == 201, amended.body
    keys = [issued["auth_key"], amended.json_body["auth_key"]]
    _to_the_layout_before_december_2026(client, gid, number, [keyed_hash.auth_key(authkey.parse(k)) for k in keys])
    verify = lambda key: post_json(api, "/v1/verifications", {"contract_number": number, "auth_key": key})  # noqa: E731
    assert verify(keys[0]).status_code == 404  # as the old layout stands, today's code finds nothing

    moved = store.migrate_to_keys_by_hash()
    assert moved["guarantees"] >= 1 and moved["keys"] >= 2 and moved["failed"] == 0
    assert [verify(k).json_body["certificate"]["version"] for k in keys] == [1, 2]
    assert verify(keys[0]).json_body["guarantee"]["status"] == "superseded"
    assert store.find_guarantee_id("test-surety", number) == gid
    assert not [i for i in _items_of(client, f"NUM#{number}") if i["sk"]["S"] == "CLAIM" or i["sk"]["S"].startswith("KEY#")]
    assert store.migrate_to_keys_by_hash() == {"guarantees": 0, "keys": 0, "failed": 0}  # nothing left to move


def test_a_guarantee_with_more_versions_than_one_transaction_holds_is_moved_too(client, issue_guarantee):
    issued = issue_guarantee()
    gid, number = issued["guarantee"]["guarantee_id"], issued["guarantee"]["contract_number"]
    key_hash = keyed_hash.auth_key(authkey.parse(issued["auth_key"]))
    _to_the_layout_before_december_2026(client, gid, number, [key_hash])
    [old_key] = [i for i in _items_of(client, f"NUM#{number}") if i["sk"]["S"].startswith("KEY#")]
    for n in range(60):  # as many keys as 60 versions would leave
        client.put_item(TableName=os.environ["PORTAL_TABLE_NAME"], Item={**old_key, "sk": {"S": f"KEY#fake{n:03d}"}})
    moved = store.migrate_to_keys_by_hash()
    assert moved["failed"] == 0 and moved["keys"] >= 61
    assert store.find_by_key(number, key_hash).guarantee_id == gid
    assert len(_items_of(client, "KEY#fake059")) == 1


def test_before_the_migration_a_surety_cannot_issue_its_old_number_again(client, api, surety_token, issue_guarantee):
    issued = issue_guarantee()
    gid, number = issued["guarantee"]["guarantee_id"], issued["guarantee"]["contract_number"]
    _to_the_layout_before_december_2026(client, gid, number, [keyed_hash.auth_key(authkey.parse(issued["auth_key"]))])
    again = post_json(api, "/v1/guarantees", guarantee_request(contract_number=number), issue_headers(surety_token))
    assert again.status_code == 409 and again.json_body["error"]["code"] == "contract_number_taken"
    # Reading it meanwhile is a 503 to retry, not an error; after the migration it is there.
    read = api.get(f"/v1/guarantees/{gid}", headers={"Authorization": f"Bearer {surety_token}"})
    assert read.status_code == 503 and read.json_body["error"]["code"] == "service_unavailable"
    store.migrate_to_keys_by_hash()
    assert api.get(f"/v1/guarantees/{gid}", headers={"Authorization": f"Bearer {surety_token}"}).status_code == 200


class _Conflicting:
    """TransactWrite that first meets `conflicts` other transactions on its items (DynamoDB's
    TransactionConflict), then writes for real."""

    def __init__(self, conflicts: int):
        self.left = conflicts

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
                        cancellation_reasons=[CancellationReason(code="TransactionConflict")])
                    raise TransactWriteError("conflict", cause=cause)
                return real.__exit__(*exc)
        return Transaction()


def test_a_counter_met_by_a_concurrent_write_is_counted_not_taken_for_a_limit(dynamodb, monkeypatch):
    """Two clerks behind one address counting at the same instant: the conflict is tried again,
    never answered as a reached limit (their right code would be refused for the hour)."""
    import datetime as dt
    key = (f"TEST#{uuid.uuid4().hex}", "2026-12-01T10")
    until = dt.datetime(2026, 12, 2, tzinfo=dt.timezone.utc)
    monkeypatch.setattr(store, "TransactWrite", _Conflicting(2))
    monkeypatch.setattr(store.time, "sleep", lambda s: None)
    assert store.take_from_counters([(*key, 5)], until) is True
    assert store.counters([key])[key] == 1
    # A conflict that does not end: the store is unavailable (503), not the client limited (429).
    monkeypatch.setattr(store, "TransactWrite", _Conflicting(10))
    with pytest.raises(store.StoreUnavailable):
        store.take_from_counters([(*key, 5)], until)
    assert store.counters([key])[key] == 1
    # A reached limit is still a limit.
    monkeypatch.setattr(store, "TransactWrite", _Conflicting(0))
    assert store.take_from_counters([(*key, 1)], until) is False
