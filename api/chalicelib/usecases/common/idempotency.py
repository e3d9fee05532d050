"""Idempotent writes for sureties (Stripe-style): the first successful reply is kept (sealed) for
retention.IDEMPOTENT_REPLY (it may hold a 認証キー); a retry with the same Idempotency-Key and the same
request gets it again; the same key with another request is a Conflict. Refused requests
are not kept, so a surety can correct a request and retry with its key.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import re
from typing import Any

from ...domain import retention
from ...domain.errors import Conflict, invalid
from ..ports.records import IdempotentResult
from .dependencies import get as deps

_KEY = re.compile(r"[\x21-\x7e]{8,255}")


def _context(surety_id: str, key: str) -> str:
    # What a kept reply is sealed to (its associated data): kept as it was when the replies
    # were stored under this key in the table, so replies sealed before still open (frozen by
    # tests/unit/test_frozen_scopes.py).
    return f"IDEM#{surety_id}#{key}"


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


def previous(surety_id: str, key: str, request_fingerprint: str) -> dict[str, Any] | None:
    """The kept reply for this key, or None; 409 if the key was used for another request."""
    d = deps()
    found = d.store.guarantees.idempotent_result(surety_id, key, d.clock.now())
    if found is None:
        return None
    if not hmac.compare_digest(found.fingerprint.encode(), request_fingerprint.encode()):
        raise Conflict("idempotency_key_reused",
                       "この Idempotency-Key は別の内容のリクエストで使用済みです。新しいキーを指定してください。",
                       "Idempotency-Key")
    kept: dict[str, Any] = json.loads(d.sealer.unseal(found.sealed_body, _context(surety_id, key)))
    return kept


def record(surety_id: str, key: str, request_fingerprint: str, reply: dict[str, Any], guarantee_id: str,
           now: dt.datetime) -> IdempotentResult:
    """The record to write in the same transaction as the change it answers for."""
    context = _context(surety_id, key)
    return IdempotentResult(
        surety_id=surety_id, key=key, fingerprint=request_fingerprint, status_code=201,
        sealed_body=deps().sealer.seal(json.dumps(reply, ensure_ascii=False).encode("utf-8"), context),
        guarantee_id=guarantee_id, expires_at=now + retention.IDEMPOTENT_REPLY,
    )
