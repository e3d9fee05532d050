"""Signing certificates: a JWS (ES256, compact) over the RFC 8785 canonical JSON of what an
orderer sees, so a certificate can be checked offline, years later, with only the public
keys (JWKS).

One interface, two key holders: AWS KMS in production (the private key never leaves
KMS), a P-256 key file locally. Keys are named by their RFC 7638 thumbprint (`kid`);
the key registry (the store's signing_keys port, handed in) lists current and retired public
keys, and retired keys stay listed so that old signatures still verify.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from . import clock
from .jose import b64url, canonical_json, der_to_raw, jws_header, public_jwk, verify

if TYPE_CHECKING:  # cryptography is imported where a key is used: not on every cold start
    from cryptography.hazmat.primitives.asymmetric import ec

# ---- key holders ------------------------------------------------------------------------

class Signer(Protocol):
    def public_jwk(self) -> dict: ...
    def sign_der(self, message: bytes) -> bytes: ...


class KeyRegistry(Protocol):
    """The store's registry of public keys (usecases/ports/sureties.SigningKeys)."""
    def register(self, jwk: dict, now: dt.datetime) -> bool: ...
    def all(self) -> list[Any]: ...


class LocalKeySigner:
    """A P-256 private key in a PEM file (local development and tests)."""

    def __init__(self, pem_path: Path):
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        key = serialization.load_pem_private_key(pem_path.read_bytes(), password=None)
        # ES256 signs with a P-256 key only: any other key file would sign what no JWKS reader checks.
        if not isinstance(key, ec.EllipticCurvePrivateKey) or not isinstance(key.curve, ec.SECP256R1):
            from .config import ConfigurationError
            raise ConfigurationError(f"{pem_path} holds no P-256 (EC) private key, which ES256 signing needs")
        self._key = key

    @staticmethod
    def generate(directory: Path) -> LocalKeySigner:
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        key = ec.generate_private_key(ec.SECP256R1())
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        kid = public_jwk(key.public_key())["kid"]
        path = directory / f"{kid}.pem"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                      serialization.NoEncryption()))
        return LocalKeySigner(path)

    def public_jwk(self) -> dict:
        return public_jwk(self._key.public_key())

    def sign_der(self, message: bytes) -> bytes:
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import ec
        return self._key.sign(message, ec.ECDSA(hashes.SHA256()))

    def private_key(self) -> ec.EllipticCurvePrivateKey:
        return self._key


class KmsSigner:
    """An AWS KMS asymmetric key (ECC_NIST_P256, SIGN_VERIFY): kms:Sign, kms:GetPublicKey."""

    def __init__(self, key_id: str, client=None):
        if client is None:
            import boto3

            from .config import settings
            client = boto3.client("kms", region_name=settings().region)
        self.key_id = key_id
        self._client = client
        self._jwk: dict | None = None

    def public_jwk(self) -> dict:
        if self._jwk is None:
            from cryptography.hazmat.primitives.serialization import load_der_public_key
            der = self._client.get_public_key(KeyId=self.key_id)["PublicKey"]
            self._jwk = public_jwk(load_der_public_key(der))
        return self._jwk

    def sign_der(self, message: bytes) -> bytes:
        digest = hashlib.sha256(message).digest()
        response = self._client.sign(KeyId=self.key_id, Message=digest, MessageType="DIGEST",
                                     SigningAlgorithm="ECDSA_SHA_256")
        return response["Signature"]


_signer: Signer | None = None


_signer_lock = threading.Lock()


def current_signer() -> Signer:
    """KMS when PORTAL_SIGNING_KEY_ID is set; else the newest key file in PORTAL_SIGNING_DIR."""
    global _signer
    if _signer is not None:
        return _signer
    # Concurrent first requests must agree on one key, not each make their own.
    with _signer_lock:
        return _signer if _signer is not None else _load_signer()


def _load_signer() -> Signer:
    global _signer
    if _signer is None:
        key_id = os.environ.get("PORTAL_SIGNING_KEY_ID")
        if key_id:
            _signer = KmsSigner(key_id)
        else:
            if not os.environ.get("PORTAL_SIGNING_DIR"):
                from .config import ConfigurationError
                raise ConfigurationError("PORTAL_SIGNING_KEY_ID (KMS) or PORTAL_SIGNING_DIR must be set")
            directory = Path(os.environ["PORTAL_SIGNING_DIR"])
            current = directory / "current"
            if current.exists():
                _signer = LocalKeySigner(directory / f"{current.read_text().strip()}.pem")
            else:
                _signer = rotate_local(directory)
    return _signer


def rotate_local(directory: Path, registry: KeyRegistry | None = None) -> LocalKeySigner:
    """Make a new local key current; the previous one is retired but stays in the JWKS (once
    registered: here with a registry, else when it first signs)."""
    global _signer
    signer = LocalKeySigner.generate(directory)
    jwk = signer.public_jwk()
    pointer = directory / "current"
    partial = directory / "current.part"
    partial.write_text(jwk["kid"] + "\n")
    os.replace(partial, pointer)  # readers see the old or the new kid, never half of one
    if registry is not None:
        registry.register(jwk, clock.now())
    _signer = signer
    return signer


def use_signer(signer: Signer | None) -> None:
    """Tests only: sign with this key holder (None: back to the configured one)."""
    global _signer
    _signer = signer


# ---- JWS --------------------------------------------------------------------------------

_registered: set[str] = set()


def sign(document: dict, registry: KeyRegistry | None = None, now: Callable[[], dt.datetime] = clock.now,
         registered: set[str] = _registered) -> str:
    """``registered``: the kids known to be in ``registry`` (one set per registry)."""
    signer = current_signer()
    jwk = signer.public_jwk()
    if jwk["kid"] not in registered:
        # A key must be in the JWKS before anything it signs is seen (KMS keys: at first use).
        if registry is None:
            from .config import ConfigurationError
            raise ConfigurationError("the signing key is not registered and no key registry was given")
        registry.register(jwk, now())
        registered.add(jwk["kid"])
    header = jws_header(jwk["kid"])
    signing_input = f"{b64url(canonical_json(header))}.{b64url(canonical_json(document))}".encode("ascii")
    return signing_input.decode("ascii") + "." + b64url(der_to_raw(signer.sign_der(signing_input)))



def jwks(registry: KeyRegistry) -> dict:
    """Every key that ever signed, the current one first, then the retired ones newest first:
    retired keys keep old signatures checkable. Which key signs now is a member of the set,
    `current_kid` (RFC 7517 §5 lets a JWK Set carry members its readers may ignore), not of
    the keys. Each key's own `status` is the former way, deprecated in the document and kept
    until the next major version so that clients generated from 1.6.0 keep working."""
    keys = registry.all()
    current = [k.jwk["kid"] for k in keys if k.status == "current"]
    return {"keys": [k.jwk | {"status": k.status} for k in keys],
            **({"current_kid": current[0]} if current else {})}


class PlatformSignatures:
    """usecases/ports/services.Signatures: the configured key holder, keys in ``registry``."""

    def __init__(self, registry: Callable[[], KeyRegistry], now: Callable[[], dt.datetime]):
        self._registry, self._now = registry, now  # the registry on first use: the store builds it lazily
        self._registered: set[str] = set()

    def sign(self, document: dict) -> str:
        return sign(document, self._registry(), self._now, self._registered)

    def current_key(self) -> dict:
        return current_signer().public_jwk()

    def jwks(self) -> dict:
        return jwks(self._registry())

    def verify(self, jws: str, jwks: dict) -> dict:
        return verify(jws, jwks)


