"""Checking a webhook delivery from the portal before trusting it.

The portal signs the Standard Webhooks way (www.standardwebhooks.com): `webhook-signature`
holds one or more `v1,<base64>` values, each an HMAC-SHA256 with the endpoint's secret over
`<webhook-id>.<webhook-timestamp>.<body>`; during a secret rotation there are two. The body
must be the bytes as received (parse it only after the check)."""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import time
from collections.abc import Mapping
from typing import Any

# A delivery older or newer than this is refused, so a recorded one cannot be replayed later.
TOLERANCE_SECONDS = 5 * 60
SECRET_PREFIX = "whsec_"  # noqa: S105 - the mark every secret starts with, not a secret


class WebhookSignatureError(Exception):
    """The delivery is not from the portal (or was changed, or is too old): answer 4xx and drop it."""


def verify(secret: str, headers: Mapping[str, str], body: bytes, *, tolerance: int = TOLERANCE_SECONDS,
           now: float | None = None) -> dict[str, Any]:
    """The delivery's payload (event_id, guarantee_id, event, cursor) if its signature is the
    portal's; raises WebhookSignatureError otherwise. `headers` as received (any case)."""
    lower = {k.lower(): v for k, v in headers.items()}
    message_id, timestamp, signatures = (lower.get("webhook-id"), lower.get("webhook-timestamp"),
                                         lower.get("webhook-signature"))
    if not message_id or not timestamp or not signatures:
        raise WebhookSignatureError("missing webhook-id, webhook-timestamp or webhook-signature")
    if not timestamp.isascii() or not timestamp.isdigit():
        raise WebhookSignatureError("webhook-timestamp is not a number of seconds")
    if abs((time.time() if now is None else now) - int(timestamp)) > tolerance:
        raise WebhookSignatureError("webhook-timestamp is too far from now")
    try:
        key = base64.b64decode(secret.removeprefix(SECRET_PREFIX), validate=True)
    except binascii.Error:
        raise ValueError("the secret is not the whsec_… value the portal showed") from None
    expected = hmac.new(key, f"{message_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    for value in signatures.split():
        version, _, encoded = value.partition(",")
        if version != "v1":
            continue
        try:
            given = base64.b64decode(encoded, validate=True)
        except binascii.Error:
            continue
        if hmac.compare_digest(given, expected):
            return json.loads(body)
    raise WebhookSignatureError("no signature matches the secret")
