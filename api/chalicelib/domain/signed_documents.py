"""What the platform signs, and the canonical bytes a signature covers: RFC 8785 canonical
JSON, base64url, the signed document of a certificate. Pure, so the use cases build what is
signed and what a copy says without a key holder (adapters/jose.py signs and checks)."""
from __future__ import annotations

import base64
import json
from typing import Any

PLATFORM_ID = "e-guarantee-portal"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def canonical_json(value: Any) -> bytes:
    """RFC 8785 (JCS) for the values certificates hold: objects, arrays, strings, integers,
    booleans and null. Keys sort by UTF-16 code units; floats are refused (JCS formats them
    as ECMAScript does, and certificates have none)."""
    def walk(v: Any) -> Any:
        if isinstance(v, float):
            raise TypeError("floats are not canonicalised here")
        if isinstance(v, dict):
            return {k: walk(v[k]) for k in sorted(v, key=lambda k: k.encode("utf-16-be"))}
        if isinstance(v, list):
            return [walk(x) for x in v]
        return v
    # With sorted input, json.dumps without sort_keys keeps that order.
    return json.dumps(walk(value), ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")


def signed_document(certificate: dict[str, Any], issued_at: str) -> dict[str, Any]:
    """What is signed: every field shown to the orderer, the version, the status at signing."""
    return {"platform": PLATFORM_ID, "type": "e-guarantee-certificate", "issued_at": issued_at,
            "version": certificate["version"], "status_at_signing": certificate["status"],
            "certificate": certificate}


def kid_of(jws: str) -> str:
    """The key id in a JWS's header (which key it claims to be signed with)."""
    kid: str = json.loads(b64url_decode(jws.split(".")[0]))["kid"]
    return kid


# The machine-readable page of a signed copy (copy.json): what a checker compares with the JWS.
COPY_TYPE = "e-guarantee-certificate-copy"
