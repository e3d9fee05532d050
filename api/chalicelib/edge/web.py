"""The HTTP edge: reading request bodies strictly, rendering replies and errors.

Handlers in app.py are wrapped with `endpoint`, so every failure leaves as
`{"error": {"code", "message", "field"?, "details"?}}` with the status this module alone
gives each kind of domain failure, and never a stack trace.
"""
from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from functools import wraps
from urllib.parse import quote

from chalice import Response

from ..domain.errors import (Conflict, Forbidden, Invalid, NotFound, PortalError, Throttled, Unauthenticated,
                             Unavailable)
from . import request_check

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


class HttpError(PortalError):
    """A refusal of the request as HTTP (its size, media type, syntax), before any domain code."""

    def __init__(self, status: int, code: str, message: str):
        super().__init__(code, message)
        self.status = status


def _invalid_json(message: str) -> HttpError:
    return HttpError(400, "invalid_json", message)


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
        raise HttpError(413, "payload_too_large", f"リクエスト本文が大きすぎます（上限 {MAX_BODY_BYTES // 1024} KiB）。")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _invalid_json("リクエスト本文が UTF-8 ではありません。") from None
    try:
        body = json.loads(text, object_pairs_hook=_reject_duplicate_keys, parse_constant=_reject_constant)
    except (ValueError, RecursionError):
        raise _invalid_json("リクエスト本文が正しい JSON ではありません。") from None
    depth, text_ok = _shape(body)
    if depth > MAX_NESTING:
        raise _invalid_json(f"リクエスト本文の入れ子が深すぎます（{MAX_NESTING}段まで）。")
    if not text_ok:
        # JSON may write "\ud800", which is no Unicode text: nothing after this could encode it.
        raise _invalid_json("リクエスト本文に、文字として読めない値（対になっていないサロゲート）が含まれています。")
    return body


def _is_text(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _shape(value: object) -> tuple[int, bool]:
    """How deeply objects and arrays nest (a scalar is 0), and whether every string and key is
    Unicode text; walked without recursion."""
    deepest, text_ok, stack = 0, True, [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, str):
            text_ok = text_ok and _is_text(node)
            continue
        children = list(node.items()) if isinstance(node, dict) else node if isinstance(node, list) else None
        if children is None:
            continue
        deepest = max(deepest, depth)
        if depth <= MAX_NESTING:
            for child in children:
                if isinstance(child, tuple):  # a key and its value
                    text_ok = text_ok and _is_text(child[0])
                    child = child[1]
                stack.append((child, depth + 1))
    return deepest, text_ok


def is_json_media_type(header: str | None) -> bool:
    """`application/json`, with no parameter but a UTF-8 charset (RFC 8259 §8.1: JSON is UTF-8;
    a body declared latin-1 would be read otherwise by another reader). A request without
    the header says nothing of its body: it is not taken for JSON."""
    if not header:
        return False
    media_type, *parameters = header.split(";")
    if media_type.strip().lower() != "application/json":
        return False
    for parameter in parameters:
        name, _, value = parameter.partition("=")
        if name.strip().lower() != "charset" or value.strip().strip('"').lower() not in ("utf-8", "utf8"):
            return False
    return True


def request_json(request, operation: str) -> object:
    """The JSON body of a Chalice request, declared as such, checked against the operation's
    request schema in openapi.yaml before anything else happens, with its strings as they
    will be kept (request_check.py)."""
    if not is_json_media_type(request.headers.get("content-type")):
        raise HttpError(415, "unsupported_media_type",
                        "Content-Type は application/json（文字コードを付けるなら charset=utf-8）で送信してください。")
    return request_check.checked(operation, json_body(request.raw_body))


# Routes accept every media type so that `request_json` answers a wrong one in the error
# shape above, instead of Chalice's own 415 body.
ANY_CONTENT_TYPE = ["*/*"]


def reply(status: int, body: dict, headers: Mapping[str, str | list[str]] | None = None) -> Response:
    return Response(
        body=json.dumps(body, ensure_ascii=False),
        status_code=status,
        headers={"Content-Type": JSON_TYPE, **COMMON_HEADERS, **(headers or {})},
    )


def file_reply(content: bytes | str, content_type: str, filename: str) -> Response:
    # RFC 6266/5987: a Japanese file name, with an ASCII fallback (its ASCII part) for old clients.
    fallback = "".join(c for c in filename if c.isascii() and (c.isalnum() or c in "-_.")).lstrip("_.-") or "file"
    disposition = f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"
    return Response(body=content, status_code=200, headers={
        "Content-Type": content_type, "Content-Disposition": disposition, **COMMON_HEADERS})


# Each kind of domain failure, as HTTP.
STATUSES = {Invalid: 400, Unauthenticated: 401, Forbidden: 403, NotFound: 404, Conflict: 409, Throttled: 429,
            Unavailable: 503}


def status_of(error: PortalError) -> int:
    if isinstance(error, HttpError):
        return error.status
    return next(status for kind, status in STATUSES.items() if isinstance(error, kind))


def error_reply(error: PortalError) -> Response:
    problems = error.problems
    body = problems[0].as_dict()
    if len(problems) > 1:
        body["details"] = [p.as_dict() for p in problems]
    headers = {}
    if isinstance(error, Unauthenticated):
        headers["WWW-Authenticate"] = error.challenge
    if isinstance(error, (Throttled, Unavailable)):
        headers["Retry-After"] = str(error.retry_after)
    return reply(status_of(error), {"error": body}, headers)


def _internal_error() -> Response:
    return reply(500, {"error": {"code": "internal_error",
                                 "message": "システムエラーが発生しました。時間をおいて再度お試しください。"}})


def endpoint(view):
    """Map domain failures to error replies; log unexpected ones without request data."""
    @wraps(view)
    def wrapper(*args, **kwargs):
        try:
            return view(*args, **kwargs)
        except Unavailable as e:
            log.warning("store unavailable in %s: %s", view.__name__, type(e.__cause__).__name__)
            return error_reply(e)
        except PortalError as e:
            return error_reply(e)
        except Exception:  # the last line of defence: no trace to the caller
            log.exception("unexpected error in %s", view.__name__)
            return _internal_error()
    return wrapper
