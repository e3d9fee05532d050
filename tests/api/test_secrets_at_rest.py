"""What the real table holds: no 認証キー and no token in clear, wherever it would be written
(the key items, the events, the sealed idempotent replies that carry the key, the outbox),
and tokens only as keyed hashes that a revocation ends. On DynamoDB Local: the point is the
bytes the engine stores, which the in-memory store does not have."""
from __future__ import annotations

import json

import pytest

from chalicelib.domain import authkey
from chalicelib.usecases import sureties
from support import TEST_SURETY_ID, current_store, guarantee_request, issue_headers, post_json

pytestmark = pytest.mark.dynamodb


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


def _scan(store) -> list[dict]:
    import boto3
    client = boto3.client("dynamodb", endpoint_url=store.engine.endpoint, region_name="ap-northeast-1")
    items = []
    for page in client.get_paginator("scan").paginate(TableName=store.engine.table_name, ConsistentRead=True):
        items += page["Items"]
    return items


def test_the_table_holds_no_auth_key_or_token_in_plain_text(api, issue_guarantee):
    _, token = sureties.create_token(TEST_SURETY_ID, label="scan test")
    secret = token.split("_")[2]
    keys = []
    for _ in range(5):
        issued = issue_guarantee(completion_notice_email="keiyaku@asama.example")  # the outbox too
        keys.append(issued["auth_key"])
        # Verify too, so the event log is part of the scan.
        post_json(api, "/v1/verifications",
                  {"contract_number": issued["guarantee"]["contract_number"], "auth_key": issued["auth_key"]})
    needles = {token, secret}
    for shown in keys:
        canonical = authkey.parse(shown)
        needles |= {shown, canonical, canonical.lower(), shown.lower()}
    items = _scan(current_store())
    for item in items:
        blob = json.dumps(item, default=str)
        for needle in needles:
            assert needle not in blob
        for s in _strings(item):
            text = s.decode("latin-1") if isinstance(s, bytes) else s
            for needle in needles:
                assert needle not in text
    kinds = {item["pk"]["S"].split("#", 1)[0] for item in items}
    assert {"KEY", "GUAR", "IDEM", "MAIL", "TOKEN"} <= kinds  # every place a secret could have gone


def test_tokens_are_stored_hashed_and_can_be_revoked(api):
    token_id, token = sureties.create_token(TEST_SURETY_ID, ["issue"], "revocation test")
    record = current_store().sureties.get_token(token_id)
    assert record.secret_hash != token.split("_")[2] and len(record.secret_hash) == 64
    assert sureties.authenticate(f"Bearer {token}", "issue").surety.id == TEST_SURETY_ID
    assert sureties.revoke_token(token_id)
    response = post_json(api, "/v1/guarantees", guarantee_request(), issue_headers(token))
    assert response.status_code == 401
    assert not sureties.revoke_token("0" * 12)
