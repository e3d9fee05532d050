"""One-off moves of data stored before December 2026 to today's layout and retention: full
table scans, run only by `devtools.manage data migrate` (never on a request's path). Each is
safe to run again and to stop at any point."""
from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from ...domain.formatting import parse_iso_utc_precise
from . import DynamoDBStore, keys
from .engine import plain, saved_if, updated_if
from .items import expiry_item
from .models import (DigestMarkItem, EventItem, ExpiryItem, GuaranteeVersionItem, LedgerItem, MailItem, SuretyItem,
                     TokenItem)

log = logging.getLogger("portal.store")


def mark_old_issuances(store: DynamoDBStore) -> int:
    """Note (orderer, kind, contract date) of every guarantee version written before issuance
    noted it (API 1.8 and earlier), so that an operator's change cannot strand them
    (Registry.issued_before). The contract date of a version without one is its issue date (JST).
    Returns how many distinct marks were noted (repeating notes nothing new)."""
    from ...domain.formatting import parse_iso_utc, today_in_japan
    seen: set[tuple[str, str, dt.date]] = set()
    for item in store.engine.bound(GuaranteeVersionItem).scan(
            GuaranteeVersionItem.sk.startswith(keys.VERSION_PREFIX), consistent_read=True):
        record = plain(item.data.as_dict())
        terms = record["terms"]
        day = dt.date.fromisoformat(terms["contract_date"]) if terms.get("contract_date") else \
            today_in_japan(parse_iso_utc(record["issued_at"]))
        mark = (terms["orderer_id"], terms["kind"], day)
        if mark not in seen:
            seen.add(mark)
            store.registry.note_issuance(*mark)
    return len(seen)


def index_old_expiries(store: DynamoDBStore) -> int:
    """Give versions written before the `expired` event their expiry entry. Returns how many
    were added."""
    added = 0
    for item in store.engine.bound(GuaranteeVersionItem).scan(
            GuaranteeVersionItem.sk.startswith(keys.VERSION_PREFIX), consistent_read=True):
        record = plain(item.data.as_dict())
        added += saved_if(expiry_item(store.engine, record["guarantee_id"], int(record["version"]),
                                      record["surety_id"], record), ExpiryItem.pk.does_not_exist())
    return added


def index_old_events(store: DynamoDBStore) -> int:
    """Put events written before the surety's feed existed into it. Returns how many were added."""
    sureties: dict[str, str | None] = {}
    added = 0
    unindexed = EventItem.sk.startswith(keys.EVENT_PREFIX) & EventItem.gsi2pk.does_not_exist()
    for item in store.engine.bound(EventItem).scan(filter_condition=unindexed, consistent_read=True):
        guarantee_id = keys.parse_guarantee_pk(item.pk)
        if guarantee_id not in sureties:
            head = store.guarantees.get_head(guarantee_id)
            sureties[guarantee_id] = head.surety_id if head else None
        surety_id = sureties[guarantee_id]
        if surety_id is None:
            continue
        at, tail = keys.parse_event_sk(item.sk)
        added += updated_if(item, [EventItem.gsi2pk.set(keys.feed_pk(surety_id)),
                                   EventItem.gsi2sk.set(keys.feed_sk(at, guarantee_id, tail))],
                            EventItem.gsi2pk.does_not_exist())
    return added


def expire_old_mails(store: DynamoDBStore, keep_sent: dt.timedelta, keep_failed: dt.timedelta,
                     now: dt.datetime) -> int:
    """Give messages sent or given up before mails expired their end: sent ones ``keep_sent``
    after sending, failed ones ``keep_failed`` from now (when they were given up was not kept).
    Returns how many were changed."""
    changed = 0
    finished = MailItem.pk.startswith(keys.MAIL_PREFIX) & MailItem.expires_at.does_not_exist() & \
        MailItem.status.is_in("sent", "failed")
    for item in store.engine.bound(MailItem).scan(filter_condition=finished, consistent_read=True):
        sent_at = parse_iso_utc_precise(item.sent_at) if item.status == "sent" and item.sent_at else None
        end = sent_at + keep_sent if sent_at else now + keep_failed
        changed += updated_if(item, [MailItem.expires_at.set(end)], MailItem.expires_at.does_not_exist())
    return changed


def index_old_sureties(store: DynamoDBStore) -> int:
    """Put profiles and tokens stored before sureties were listed into their lists (gsi1:
    Sureties.all, Sureties.tokens_of). Returns how many were added."""
    added = 0
    profiles = SuretyItem.pk.startswith(keys.SURETY_PREFIX) & (SuretyItem.sk == keys.PROFILE_SK) & \
        SuretyItem.gsi1pk.does_not_exist()
    for profile in store.engine.bound(SuretyItem).scan(filter_condition=profiles, consistent_read=True):
        added += updated_if(profile, [SuretyItem.gsi1pk.set(keys.SURETIES_PK),
                                      SuretyItem.gsi1sk.set(keys.parse_surety_pk(profile.pk))],
                            SuretyItem.gsi1pk.does_not_exist())
    tokens = TokenItem.pk.startswith(keys.TOKEN_PREFIX) & (TokenItem.sk == keys.TOKEN_SK) & \
        TokenItem.gsi1pk.does_not_exist()
    for token in store.engine.bound(TokenItem).scan(filter_condition=tokens, consistent_read=True):
        added += updated_if(token, [TokenItem.gsi1pk.set(keys.surety_tokens_pk(token.surety_id)),
                                    TokenItem.gsi1sk.set(keys.token_listing_sk(token.created_at,
                                                                               keys.parse_token_pk(token.pk)))],
                            TokenItem.gsi1pk.does_not_exist())
    return added


def migrate_to_keys_by_hash(store: DynamoDBStore) -> dict[str, int]:
    """Move guarantees stored before 保証契約番号 became per-surety to today's layout (what
    moved is gone, so a second run finds nothing).

    before: NUM#<number> CLAIM (live state)           → GUAR#<id> STATE + NUM#<number> SURETY#<surety>
            NUM#<number> KEY#<hash> (one per version) → KEY#<hash> KEY (with the number)

    The keys move first, in transactions of at most 50 (a put and a delete each); the state
    and the claim last, and only if the old claim is still as it was read (a request of the
    previous code that wrote meanwhile makes that number wait for the next run). A number
    that fails is reported and the others go on.
    """
    import boto3  # admin path only
    from botocore.exceptions import ClientError

    engine = store.engine
    client = boto3.client("dynamodb", region_name=engine.region, endpoint_url=engine.endpoint)
    name = engine.table_name
    old: dict[str, list[dict]] = {}
    pages = client.get_paginator("scan").paginate(
        TableName=name, ConsistentRead=True, FilterExpression="begins_with(pk, :n)",
        ExpressionAttributeValues={":n": {"S": keys.NUMBER_PREFIX}})
    for page in pages:
        for raw in page["Items"]:
            if raw["sk"]["S"] == keys.OLD_CLAIM_SK or raw["sk"]["S"].startswith(keys.OLD_KEY_PREFIX):
                old.setdefault(raw["pk"]["S"], []).append(raw)
    moved = {"guarantees": 0, "keys": 0, "failed": 0}

    def put(item: dict) -> dict:
        return {"Put": {"TableName": name, "Item": item, "ConditionExpression": "attribute_not_exists(pk)"}}

    def delete(raw: dict, **condition) -> dict:
        return {"Delete": {"TableName": name, "Key": {"pk": raw["pk"], "sk": raw["sk"]}, **condition}}

    for pk, raws in old.items():
        number = pk.removeprefix(keys.NUMBER_PREFIX)
        old_keys = [r for r in raws if r["sk"]["S"].startswith(keys.OLD_KEY_PREFIX)]
        try:
            for start in range(0, len(old_keys), 50):
                actions = []
                for key in old_keys[start:start + 50]:
                    actions += [put({**{k: v for k, v in key.items() if k not in ("pk", "sk")},
                                     "pk": {"S": keys.key_pk(keys.parse_old_key_sk(key["sk"]["S"]))},
                                     "sk": {"S": keys.KEY_SK}, "contract_number": {"S": number}}),
                                delete(key)]
                client.transact_write_items(TransactItems=actions)
                moved["keys"] += len(actions) // 2
            claims = [r for r in raws if r["sk"]["S"] == keys.OLD_CLAIM_SK]
            if not claims:
                continue  # keys of a claim moved in an earlier run
            [claim] = claims
            state = {k: v for k, v in claim.items() if k not in ("pk", "sk", "guarantee_id")}
            guarantee_id, surety_id = claim["guarantee_id"]["S"], claim["surety_id"]["S"]
            unchanged: dict[str, Any] = {"ConditionExpression": "latest_version = :v AND #s = :s",
                         "ExpressionAttributeNames": {"#s": "status"},
                         "ExpressionAttributeValues": {":v": claim["latest_version"], ":s": claim["status"]}}
            if "receipts" in claim:
                unchanged["ConditionExpression"] += " AND receipts = :r"
                unchanged["ExpressionAttributeValues"][":r"] = claim["receipts"]
            client.transact_write_items(TransactItems=[
                put({**state, "pk": {"S": keys.guarantee_pk(guarantee_id)}, "sk": {"S": keys.STATE_SK},
                     "contract_number": {"S": number}}),
                put({"pk": {"S": pk}, "sk": {"S": keys.surety_sk(surety_id)}, "guarantee_id": {"S": guarantee_id}}),
                delete(claim, **unchanged),
            ])
            moved["guarantees"] += 1
        except ClientError as e:
            moved["failed"] += 1
            log.warning("migration of one 保証契約番号 failed (%s); run again", e.response["Error"]["Code"])
    return moved



def index_old_ledger_rows(store: DynamoDBStore) -> int:
    """Put 受領台帳 rows written before the register into its orders (gsi1 by when received, gsi2
    by the period's end: items.ledger_index_keys) and give them what the register's checks read
    (contract_price, works_period, advance_amount: receipt_writing.ledger_entry), from the version
    each row received. Returns how many rows were changed (none when run again)."""
    from .items import ledger_index_keys
    changed = 0
    old = LedgerItem.pk.startswith(keys.LEDGER_PREFIX) & (LedgerItem.gsi1pk.does_not_exist() |
                                                LedgerItem.data["contract_price"].does_not_exist())
    for item in store.engine.bound(LedgerItem).scan(filter_condition=old, consistent_read=True):
        row = plain(item.data.as_dict())
        orderer_id = keys.parse_ledger_pk(item.pk)
        actions = [getattr(LedgerItem, name).set(value) for name, value in ledger_index_keys(orderer_id, row).items()]
        if "contract_price" not in row:
            signed = store.guarantees.get_version(row["guarantee_id"], int(row["version"]))
            if signed is None:
                log.warning("ledger row %s %s: its version is not stored", item.pk, item.sk)
                continue
            terms = signed.version.terms
            actions += [LedgerItem.data["contract_price"].set(terms.project.contract_price),
                        LedgerItem.data["works_period"].set(terms.project.period.as_dict()),
                        LedgerItem.data["advance_amount"].set(terms.advance.amount if terms.advance else None)]
        changed += updated_if(item, actions, LedgerItem.pk.exists())
    return changed


def index_old_digest_marks(store: DynamoDBStore) -> int:
    """Give the inbox's digest marks written before their sparse index (issue 30) its keys: a mark
    not yet settled goes into DIGESTDUE#<day>, which is all the digest sweep reads, so its day's
    mail still goes out; a settled one gets its done key, so a late submission of its day leaves it
    out of that index. Returns how many marks were changed (none when run again)."""
    changed = 0
    old = (DigestMarkItem.pk.startswith(keys.DIGEST_PREFIX) & DigestMarkItem.gsi1pk.does_not_exist()
           & DigestMarkItem.done_pk.does_not_exist())
    for item in store.engine.bound(DigestMarkItem).scan(filter_condition=old, consistent_read=True):
        day = keys.parse_digest_pk(item.pk)
        if item.settled:
            actions = [DigestMarkItem.done_pk.set(keys.digest_done_pk(day))]
        else:
            actions = [DigestMarkItem.gsi1pk.set(keys.digest_due_pk(day)),
                       DigestMarkItem.gsi1sk.set(keys.digest_sk(item.orderer_id, item.department))]
        # Unless a submission or a sweep wrote its keys meanwhile.
        changed += updated_if(item, actions, DigestMarkItem.gsi1pk.does_not_exist() & DigestMarkItem.done_pk.does_not_exist())
    return changed
