"""The HTTP edge: reading request bodies strictly, rendering replies and errors.

Handlers in app.py are wrapped with `endpoint`, so every failure leaves as
`{"error": {"code", "message", "field"?}}` with the right status and never a stack trace.
"""
from __future__ import annotations

import json
import logging
from functools import wraps
from typing import Callable
from urllib.parse import quote

from chalice import Response

from . import request_schema
from .errors import PortalError, unavailable
from .store import StoreUnavailable

log = logging.getLogger("portal")

MAX_BODY_BYTES = 64 * 1024
# Request bodies are at most 4 levels deep (changes.project.period.start); 32 leaves room
# and keeps every later reader (the schema check, the domain) far from Python's recursion limit.
MAX_NESTING = 32
JSON_TYPE = "application/json; charset=utf-8"
# Guarantee data and keys must never sit in a browser or proxy cache.
COMMON_HEADERS = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
}


def _invalid_json(message: str) -> PortalError:
    return PortalError("invalid_json", message, 400)


def _reject_duplicate_keys(pairs):
    seen = {}
    for key, value in pairs:
        if key in seen:
            # Two parsers could disagree on which value wins: refuse, never guess.
            raise ValueError("duplicate key")
        seen[key] = value
    return seen


def _reject_constant(name):
    raise ValueError(f"{name} is not JSON")


def json_body(raw: bytes | None) -> object:
    if raw is None or raw == b"":
        raise _invalid_json("リクエスト本文が空です。JSON を送信してください。")
    if len(raw) > MAX_BODY_BYTES:
        raise PortalError("payload_too_large",
                          f"リクエスト本文が大きすぎます（上限 {MAX_BODY_BYTES // 1024} KiB）。", 413)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _invalid_json("リクエスト本文が UTF-8 ではありません。") from None
    try:
        body = json.loads(text, object_pairs_hook=_reject_duplicate_keys, parse_constant=_reject_constant)
    except (ValueError, RecursionError):
        raise _invalid_json("リクエスト本文が正しい JSON ではありません。") from None
    if _nesting(body) > MAX_NESTING:
        raise _invalid_json(f"リクエスト本文の入れ子が深すぎます（{MAX_NESTING}段まで）。")
    return body


def _nesting(value: object) -> int:
    """How deeply objects and arrays nest (a scalar is 0), counted without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        node, depth = stack.pop()
        children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else None
        if children is None:
            continue
        deepest = max(deepest, depth)
        if depth <= MAX_NESTING:
            stack.extend((child, depth + 1) for child in children)
    return deepest


def request_json(request, operation: str, explain: Callable[[object], object]) -> object:
    """The JSON body of a Chalice request (a missing Content-Type is taken as JSON), checked
    against the operation's request schema in openapi.yaml before anything else happens.
    ``explain`` is the operation's pure domain reader: it words the errors of a rejected body."""
    content_type = (request.headers.get("content-type") or "application/json").split(";")[0].strip().lower()
    if content_type != "application/json":
        raise PortalError("unsupported_media_type",
                          "Content-Type は application/json で送信してください。", 415)
    body = json_body(request.raw_body)
    request_schema.enforce(operation, body, explain)
    return body


# Routes accept every media type so that `request_json` answers a wrong one in the error
# shape above, instead of Chalice's own 415 body.
ANY_CONTENT_TYPE = ["*/*"]


def reply(status: int, body: dict, headers: dict[str, str] | None = None) -> Response:
    return Response(
        body=json.dumps(body, ensure_ascii=False),
        status_code=status,
        headers={"Content-Type": JSON_TYPE, **COMMON_HEADERS, **(headers or {})},
    )


def file_reply(content: bytes, content_type: str, filename: str) -> Response:
    # RFC 6266/5987: a Japanese file name, with an ASCII fallback (its ASCII part) for old clients.
    fallback = "".join(c for c in filename if c.isascii() and (c.isalnum() or c in "-_.")).lstrip("_.-") or "file"
    disposition = f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"
    return Response(body=content, status_code=200, headers={
        "Content-Type": content_type, "Content-Disposition": disposition, **COMMON_HEADERS})


def error_reply(error: PortalError) -> Response:
    return reply(error.status, error.as_dict(), error.headers)


def endpoint(view):
    """Map domain failures to error replies; log unexpected ones without request data."""
    @wraps(view)
    def wrapper(*args, **kwargs):
        try:
            return view(*args, **kwargs)
        except PortalError as e:
            return error_reply(e)
        except StoreUnavailable as e:
            log.warning("store unavailable in %s: %s", view.__name__, type(e.__cause__).__name__)
            return error_reply(unavailable())
        except Exception:  # noqa: BLE001 - the last line of defence: no trace to the caller
            log.exception("unexpected error in %s", view.__name__)
            return error_reply(PortalError(
                "internal_error", "システムエラーが発生しました。時間をおいて再度お試しください。", 500))
    return wrapper
