"""Helpers of the DynamoDB-specific tests (tests/integration/test_store.py, test_migrations.py):
a DynamoDBStore on its own table of a DynamoDB Local, and guarantees written through it
from real domain objects (no API, no use case: these tests are about the engine)."""
from __future__ import annotations

import datetime as dt
import os
import secrets
import uuid
from dataclasses import dataclass

import boto3

from support import corporate_number

SURETY = "test-surety"
REGION = "ap-northeast-1"
NOW = dt.datetime(2026, 12, 1, 1, 0, tzinfo=dt.timezone.utc)


def new_store(endpoint: str, now=lambda: NOW):
    from chalicelib.adapters.dynamodb import DynamoDBStore
    store = DynamoDBStore(f"store-{uuid.uuid4().hex[:8]}", REGION, endpoint, now)
    assert store.ensure_table() is True
    return store


def client(store):
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "local")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "local")
    return boto3.client("dynamodb", endpoint_url=store.engine.endpoint, region_name=REGION)


def items_of(store, pk: str) -> list[dict]:
    return client(store).query(TableName=store.engine.table_name, KeyConditionExpression="pk = :pk",
                               ExpressionAttributeValues={":pk": {"S": pk}}, ConsistentRead=True)["Items"]


def scan(store) -> list[dict]:
    items = []
    for page in client(store).get_paginator("scan").paginate(TableName=store.engine.table_name, ConsistentRead=True):
        items += page["Items"]
    return items


@dataclass(frozen=True)
class Written:
    guarantee_id: str
    contract_number: str
    key_hash: str
    record: dict
    surety_id: str


def _terms(number: str, today: dt.date, end: dt.date | None):
    from chalicelib.domain.terms_rules import parse_terms
    end = end or today + dt.timedelta(days=280)
    body = {"kind": "contract", "contract_number": number, "orderer_id": "202177", "amount": 5_500_000,
            "guarantee_period": {"start": today.isoformat(), "end": end.isoformat()},
            "project": {"name": "市道岩村田1号線道路改良工事", "location": "長野県佐久市岩村田地内",
                        "contract_price": 55_000_000,
                        "period": {"start": today.isoformat(), "end": (end - dt.timedelta(days=30)).isoformat()}},
            "contractor": {"name": "浅間建設株式会社", "address": "長野県佐久市中込1丁目1番1号",
                           "representative": "代表取締役 佐久 太郎", "corporate_number": corporate_number("700000000001")},
            "contract_date": today.isoformat()}
    return parse_terms(body, today)


def result(surety_id: str, guarantee_id: str, now: dt.datetime, key: str | None = None):
    from chalicelib.usecases.ports.records import IdempotentResult
    return IdempotentResult(surety_id=surety_id, key=key or str(uuid.uuid4()), fingerprint="f" * 64, status_code=201,
                            sealed_body=b"sealed", guarantee_id=guarantee_id, expires_at=now + dt.timedelta(hours=24))


def issue(store, *, surety_id: str = SURETY, number: str | None = None, now: dt.datetime = NOW,
          end: dt.date | None = None, mail=None, idempotency_key: str | None = None) -> Written:
    """What issuance writes, through Guarantees.create."""
    from chalicelib.domain import events
    from chalicelib.domain.guarantee import Version
    from chalicelib.usecases.ports.records import NewGuarantee
    number = number or f"T-{uuid.uuid4().hex[:12].upper()}"
    terms = _terms(number, now.date(), end)
    version = Version(guarantee_id="g" + uuid.uuid4().hex[:25], version=1, surety_id=surety_id,
                      surety_name="テスト建設業保証株式会社", terms=terms, issued_at=now.replace(microsecond=0))
    record = version.as_record()
    key_hash = secrets.token_hex(32)
    store.guarantees.create(NewGuarantee(
        guarantee_id=version.guarantee_id, surety_id=surety_id, contract_number=number, orderer_id=terms.orderer_id,
        corporate_number=terms.contractor.corporate_number, issued_at=record["issued_at"], version_record=record,
        key_hash=key_hash, event=events.issued(now, 1, {"kind": "surety", "surety_id": surety_id, "token_id": "t"}),
        history_entry=version.history_entry()), result(surety_id, version.guarantee_id, now, idempotency_key), mail)
    return Written(version.guarantee_id, number, key_hash, record, surety_id)


def amend(store, written: Written, *, base_version: int = 1, now: dt.datetime = NOW) -> Written:
    """A second version (the amount raised), through Guarantees.add_version."""
    import dataclasses

    from chalicelib.domain import events
    from chalicelib.domain.guarantee import Version
    from chalicelib.usecases.ports.records import NewVersion
    old = Version.from_record(written.record)
    version = dataclasses.replace(old, version=base_version + 1,
                                  terms=dataclasses.replace(old.terms, amount=old.terms.amount + 1_000_000))
    record = version.as_record()
    key_hash = secrets.token_hex(32)
    store.guarantees.add_version(NewVersion(
        guarantee_id=written.guarantee_id, contract_number=written.contract_number, base_version=base_version,
        version_record=record, key_hash=key_hash,
        event=events.issued(now, base_version + 1, {"kind": "surety", "surety_id": written.surety_id}),
        history_entry=version.history_entry(), contractor_email=None, surety_id=written.surety_id,
        corporate_number=old.terms.contractor.corporate_number, created_at=record["issued_at"]),
        result(written.surety_id, written.guarantee_id, now))
    return Written(written.guarantee_id, written.contract_number, key_hash, record, written.surety_id)
