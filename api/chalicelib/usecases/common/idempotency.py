"""Idempotent writes for sureties (Stripe-style): the first successful reply is kept (sealed) for
retention.IDEMPOTENT_REPLY (it may hold a 認証キー); a retry with the same Idempotency-Key and the same
request gets it again; the same key with another request is a Conflict. Refused requests
are not kept, so a surety can correct a request and retry with its key.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re

from ...adapters import keyed_hash, sealing, store
from ...domain import retention
from ...domain.errors import Conflict, invalid

_KEY = re.compile(r"[\x21-\x7e]{8,255}")


def check_key(key: str | None) -> str:
    if key is None or key == "":
        raise invalid("missing_idempotency_key",
                      "Idempotency-Key ヘッダーを指定してください（再送時に二重の処理を防ぐため）。", "Idempotency-Key")
    if not _KEY.fullmatch(key):
        raise invalid("invalid_idempotency_key",
                      "Idempotency-Key は半角英数記号8〜255文字で指定してください（UUID を推奨します）。", "Idempotency-Key")
    return key


def fingerprint(operation: str, body: object) -> str:
    """The request's identity: the operation (and its target) and the body, canonically."""
    canonical = json.dumps([operation, body], sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def previous(surety_id: str, key: str, request_fingerprint: str) -> dict | None:
    """The kept reply for this key, or None; 409 if the key was used for another request."""
    found = store.get_idempotent_result(surety_id, key)
    if found is None:
        return None
    if not keyed_hash.equal(found.fingerprint, request_fingerprint):
        raise Conflict("idempotency_key_reused",
                       "この Idempotency-Key は別の内容のリクエストで使用済みです。新しいキーを指定してください。",
                       "Idempotency-Key")
    return json.loads(sealing.unseal(found.sealed_body, store.idempotency_pk(surety_id, key)))


def record(surety_id: str, key: str, request_fingerprint: str, reply: dict, guarantee_id: str,
           now: dt.datetime) -> store.IdempotentResult:
    """The record to write in the same transaction as the change it answers for."""
    context = store.idempotency_pk(surety_id, key)
    return store.IdempotentResult(
        surety_id=surety_id, key=key, fingerprint=request_fingerprint, status_code=201,
        sealed_body=sealing.seal(json.dumps(reply, ensure_ascii=False).encode("utf-8"), context),
        guarantee_id=guarantee_id, expires_at=now + retention.IDEMPOTENT_REPLY,
    )
