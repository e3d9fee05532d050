"""Who may call the operator's routes (`/v1/operator/...`): AWS SigV4-signed requests only.

- In AWS the routes carry Chalice's IAMAuthorizer: API Gateway checks the signature before
  the Lambda runs and puts the caller's principal in the request context
  (``identity.userArn``); the caller must be one of PORTAL_OPERATOR_ARNS (a role counts for
  its sessions). Operator calls go straight to the execute-api host (SigV4 signs the Host;
  CloudFront would change it), so `came_by_iam` lets them past the origin-secret check —
  only on these routes and only with a principal API Gateway put there.
- Locally (`chalice local`, devtools.server and the test client let IAM authorizers through)
  this module checks the signature itself, with botocore's SigV4Auth, against the local keys
  of PORTAL_OPERATOR_LOCAL_KEYS; that path exists only when the setting is there, and the
  stack never sets it (tests/infra).

Anything else — a surety's Bearer token, a staff session cookie, no or a wrong signature,
an old X-Amz-Date — is 403 `operator_only`, with a `security` log line that names what
was presented but never the Authorization header, a cookie or a key.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..domain import audit
from ..domain.errors import Forbidden

log = logging.getLogger("portal.security")

PREFIX = "/v1/operator/"
SERVICE = "execute-api"
MAX_SKEW = dt.timedelta(minutes=5)
# The local server serves the API under /api, as CloudFront and the API Gateway stage do: a
# client signs the path it sends, which reaches the app without it.
STAGE_PREFIXES = ("", "/api")
_AUTHORIZATION = re.compile(
    r"^AWS4-HMAC-SHA256\s+Credential=([A-Za-z0-9]{1,128})/(\d{8})/([a-z0-9-]{1,32})/([a-z0-9-]{1,32})/aws4_request,"
    r"\s*SignedHeaders=([a-z0-9;-]{1,512}),\s*Signature=([0-9a-f]{64})$")


@lru_cache(maxsize=1)
def _refusal_message() -> str:
    # The words API Gateway answers a refused signature with (gateway_replies.json: one statement).
    replies = json.loads((Path(__file__).parent / "gateway_replies.json").read_text(encoding="utf-8"))
    return str(replies["ACCESS_DENIED"]["message"])


def operator_only() -> Forbidden:
    return Forbidden(_refusal_message(), code="operator_only")


def is_operator_route(request) -> bool:
    return str((request.context or {}).get("resourcePath") or "").startswith(PREFIX)


def _principal(request) -> str | None:
    identity = (request.context or {}).get("identity") or {}
    arn = identity.get("userArn")
    return arn if isinstance(arn, str) and arn else None


def came_by_iam(request) -> bool:
    """An operator route that API Gateway authenticated with IAM (a principal in the context):
    the one kind of call that may skip CloudFront."""
    return is_operator_route(request) and _principal(request) is not None


def allowed_principal(arn: str, allowed: tuple[str, ...]) -> bool:
    """The principal is listed, or is a session of a listed role
    (arn:aws:iam::ACCOUNT:role/NAME → arn:aws:sts::ACCOUNT:assumed-role/NAME/…)."""
    for entry in allowed:
        if hmac.compare_digest(arn, entry):
            return True
        match = re.fullmatch(r"arn:(aws[a-z-]*):iam::(\d{12}):role/(?:[^/]+/)*([^/]+)", entry)
        if match and arn.startswith(f"arn:{match[1]}:sts::{match[2]}:assumed-role/{match[3]}/"):
            return True
    return False


def presented(request) -> str:
    """What the caller offered instead of an operator's signature, for the log (no value)."""
    authorization = (request.headers.get("authorization") or "").strip()
    if authorization.lower().startswith("bearer "):
        return "bearer token (a surety's API token)" if "egp_" in authorization else "bearer token"
    if authorization.startswith("AWS4-HMAC-SHA256"):
        return "sigv4 signature"
    if authorization:
        return "other authorization"
    if "portal_session=" in (request.headers.get("cookie") or ""):
        return "staff session cookie"
    return "nothing"


class OperatorAuth:
    """``local_keys()``: the local keys or None (not configured); ``arns()``: the operators'
    principals in AWS; ``now()``: wall-clock UTC (the signature's date is real time)."""

    def __init__(self, local_keys: Callable[[], dict[str, dict[str, str]] | None],
                 arns: Callable[[], tuple[str, ...]], now: Callable[[], dt.datetime]):
        self._local_keys, self._arns, self._now = local_keys, arns, now

    def actor(self, request) -> dict[str, Any]:
        """The operator calling (domain/audit.operator_actor), or Forbidden operator_only."""
        principal = _principal(request)
        if principal is not None:
            if allowed_principal(principal, self._arns()):
                return audit.operator_actor(principal, "iam")
            raise self._refuse(request, "principal not an operator")
        keys = self._local_keys()
        if keys is None:
            raise self._refuse(request, "no IAM principal")
        name, reason = verify_local(request, keys, self._now())
        if name is None:
            raise self._refuse(request, reason)
        return audit.operator_actor(name, "local-sigv4")

    @staticmethod
    def _refuse(request, reason: str) -> Forbidden:
        # Route template and method only: the path's values, the headers and the body stay out.
        log.warning("operator route refused: %s; presented: %s", reason, presented(request), extra={"fields": {
            "event": "operator_refused", "route": (request.context or {}).get("resourcePath"),
            "method": request.method, "status": 403}})
        return operator_only()


def verify_local(request, keys: dict[str, dict[str, str]], now: dt.datetime) -> tuple[str | None, str]:
    """(the key's name, "") when the request carries a valid SigV4 signature by one of ``keys``;
    (None, why not) otherwise."""
    match = _AUTHORIZATION.fullmatch((request.headers.get("authorization") or "").strip())
    if match is None:
        return None, "no signature" if presented(request) != "sigv4 signature" else "unreadable signature"
    key_id, day, region, service, signed, signature = match.groups()
    key = keys.get(key_id)
    if key is None:
        return None, "unknown access key"
    if service != SERVICE:
        return None, "signed for another service"
    stamp = request.headers.get("x-amz-date") or ""
    try:
        at = dt.datetime.strptime(stamp, "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.timezone.utc)
    except ValueError:
        return None, "no X-Amz-Date"
    if abs(now - at) > MAX_SKEW or stamp[:8] != day:
        return None, "stale or future X-Amz-Date"
    names = signed.split(";")
    if "host" not in names or "x-amz-date" not in names or len(set(names)) != len(names):
        return None, "host or date not signed"
    body = request.raw_body or b""
    body = body if isinstance(body, bytes) else body.encode("utf-8")
    declared = request.headers.get("x-amz-content-sha256")
    if declared is not None and not hmac.compare_digest(declared, hashlib.sha256(body).hexdigest()):
        return None, "body does not match its declared hash"
    headers = {}
    for name in names:
        value = request.headers.get(name)
        if value is None:
            return None, "a signed header is missing"
        headers[name] = value
    expected = [_signature(request, prefix, headers, body, key_id, key["secret_access_key"], region, stamp)
                for prefix in STAGE_PREFIXES]
    # Every candidate compared in constant time; the answer's timing says nothing of the secret.
    matches = [hmac.compare_digest(signature, candidate) for candidate in expected]
    if not any(matches):
        return None, "signature does not match"
    return str(key.get("name") or key_id), ""


def _signature(request, prefix: str, headers: dict[str, str], body: bytes, key_id: str, secret: str,
               region: str, stamp: str) -> str:
    from urllib.parse import quote

    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    path = prefix + str((request.context or {}).get("path") or "")
    params = request.query_params or {}
    pairs = [(k, v) for k in params for v in (params.getlist(k) if hasattr(params, "getlist") else [params[k]])]
    query = "&".join(f"{quote(k, safe='-_.~')}={quote(v, safe='-_.~')}" for k, v in pairs)
    # http: botocore then always hashes the body itself (the payload hash is part of what is signed).
    aws_request = AWSRequest(method=request.method, url=f"http://{headers['host']}{path}" + (f"?{query}" if query else ""),
                             headers=headers, data=body)
    aws_request.context["timestamp"] = stamp
    signer = SigV4Auth(Credentials(key_id, secret), SERVICE, region)
    canonical = signer.canonical_request(aws_request)
    return str(signer.signature(signer.string_to_sign(aws_request, canonical), aws_request))


def wall_clock() -> dt.datetime:
    """Real UTC time: a signature's X-Amz-Date is judged against it, not the business clock."""
    return dt.datetime.now(dt.timezone.utc)
