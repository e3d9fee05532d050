"""Opaque, tamper-proof cursors for paginated lists.

A cursor is DynamoDB's LastEvaluatedKey, serialised and signed with a keyed hash, so a
caller can neither read nor forge one to start a query in a partition it may not read.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any

from ...domain.errors import Invalid, invalid
from ...domain.validation import CURSOR_HINT, LIMIT_HINT, PAGE_SIZE_LIMIT
from .dependencies import get as deps

DEFAULT_LIMIT = 50
MAX_LIMIT = PAGE_SIZE_LIMIT


def _signature(scope: str, payload: bytes) -> str:
    # Bound to the list it came from: a cursor of one list cannot continue another.
    return hmac.new(deps().hashes.subkey("cursor"), scope.encode() + b"\0" + payload, hashlib.sha256).hexdigest()[:32]


def encode(last_key: dict[str, Any] | None, scope: str) -> str | None:
    if not last_key:
        return None
    payload = json.dumps(last_key, sort_keys=True, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(payload).decode().rstrip("=") + "." + _signature(scope, payload)


def _invalid() -> Invalid:
    return invalid("invalid_cursor", CURSOR_HINT, "cursor")


def decode(cursor: str | None, scope: str) -> dict[str, Any] | None:
    if not cursor:
        return None
    body, _, signature = cursor.partition(".")
    try:
        payload = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except (ValueError, TypeError):
        raise _invalid() from None
    if not signature or not hmac.compare_digest(signature, _signature(scope, payload)):
        raise _invalid()
    start: dict[str, Any] = json.loads(payload)
    return start


def limit(text: str | None) -> int:
    if text is None or text == "":
        return DEFAULT_LIMIT
    if not text.isascii() or not text.isdigit() or len(text) > 3 or not 1 <= int(text) <= MAX_LIMIT:
        raise invalid("invalid_limit", LIMIT_HINT, "limit")
    return int(text)
