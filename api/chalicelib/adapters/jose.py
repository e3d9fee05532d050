"""JWS (ES256, compact) over RFC 8785 canonical JSON: encoding, key thumbprints, checking.

No key holder and no storage here, so an offline checker (devtools.verify) can use it alone.
"""
from __future__ import annotations

import hashlib
import json

from ..domain.signed_documents import (  # noqa: F401 - re-exported: devtools.verify reads jose alone
    PLATFORM_ID, b64url, b64url_decode, canonical_json, kid_of, signed_document,
)

# The JWS header's `typ` (RFC 7515 §4.1.9): "JOSE", a JWS in compact serialisation. The
# payload is a certificate, not a JWT (it has no claims), so not "JWT" — the value used before
# December 2026. Those signatures still verify: `verify` judges the key and the signature,
# never `typ`; the payload's own "type" says what was signed.
JWS_TYPE = "JOSE"


def jwk_thumbprint(jwk: dict) -> str:
    """RFC 7638: SHA-256 over the required members in lexicographic order."""
    members = {k: jwk[k] for k in ("crv", "kty", "x", "y")}
    return b64url(hashlib.sha256(json.dumps(members, separators=(",", ":"), sort_keys=True).encode()).digest())


def public_jwk(public_key) -> dict:
    numbers = public_key.public_numbers()
    jwk = {"kty": "EC", "crv": "P-256", "x": b64url(numbers.x.to_bytes(32, "big")),
           "y": b64url(numbers.y.to_bytes(32, "big"))}
    return {**jwk, "kid": jwk_thumbprint(jwk), "alg": "ES256", "use": "sig"}


def jws_header(kid: str) -> dict:
    """The protected header of every certificate signature."""
    return {"alg": "ES256", "kid": kid, "typ": JWS_TYPE, "cty": "application/json"}


def der_to_raw(der: bytes) -> bytes:
    from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
    r, s = decode_dss_signature(der)
    return r.to_bytes(32, "big") + s.to_bytes(32, "big")


class InvalidSignature(ValueError):
    pass


def verify(jws: str, jwks: dict) -> dict:
    """The signed document if the JWS verifies against a key in ``jwks``; raises InvalidSignature."""
    from cryptography.exceptions import InvalidSignature as _Bad
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

    try:
        header_b64, payload_b64, signature_b64 = jws.split(".")
        header = json.loads(b64url_decode(header_b64))
        signature = b64url_decode(signature_b64)
    except (ValueError, TypeError) as e:
        raise InvalidSignature("malformed JWS") from e
    if header.get("alg") != "ES256" or len(signature) != 64:
        raise InvalidSignature("unsupported algorithm")
    jwk = next((k for k in jwks.get("keys", []) if k.get("kid") == header.get("kid")), None)
    if jwk is None or jwk_thumbprint(jwk) != jwk.get("kid"):
        raise InvalidSignature("unknown key")
    public = ec.EllipticCurvePublicNumbers(int.from_bytes(b64url_decode(jwk["x"]), "big"),
                                           int.from_bytes(b64url_decode(jwk["y"]), "big"),
                                           ec.SECP256R1()).public_key()
    der = encode_dss_signature(int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big"))
    try:
        public.verify(der, f"{header_b64}.{payload_b64}".encode("ascii"), ec.ECDSA(hashes.SHA256()))
    except _Bad as e:
        raise InvalidSignature("signature does not match") from e
    return json.loads(b64url_decode(payload_b64))
