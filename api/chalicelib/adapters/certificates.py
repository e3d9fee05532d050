"""The X.509 certificate around the platform's signing key, for PDF signatures: locally
self-signed and cached next to the key file (``<kid>.crt``); with KMS, supplied by
operations in PORTAL_SIGNING_CERT (a CSR can be made with devtools.signing_certificate).
Verifiers trust the key because the JWKS lists it, not because of a CA."""
from __future__ import annotations

import datetime as dt
import os
import secrets
from pathlib import Path

from . import clock, signing
from .config import ConfigurationError
from .jose import b64url_decode, public_jwk

CERT_ENV = "PORTAL_SIGNING_CERT"
LOCAL_SUBJECT = "電子保証ポータル 署名用 (ローカル)"

_certificates: dict[str, tuple[object, list]] = {}


def signing_certificate(holder: signing.Signer):
    """(X.509 certificate of the holder's key, other certificates to embed), as asn1crypto objects.

    PORTAL_SIGNING_CERT (PEM text or a path to a PEM file: the certificate, then its chain) wins
    when set, and is required with KMS. Otherwise a self-signed certificate is made once
    and kept as PORTAL_SIGNING_DIR/<kid>.crt."""
    kid = holder.public_jwk()["kid"]
    cached = _certificates.get(kid)
    if cached is not None:
        return cached
    configured = os.environ.get(CERT_ENV)
    if configured:
        certificates = _load_pem_certificates(configured)
        if not certificates or kid_of(certificates[0]) != kid:
            raise ConfigurationError(f"{CERT_ENV}: the first certificate is not for the signing key {kid}")
        result = (certificates[0], certificates[1:])
    elif isinstance(holder, signing.KmsSigner):
        raise ConfigurationError(f"{CERT_ENV} must hold the X.509 certificate of the KMS signing key "
                                 "(see docs/contracts.md, Production configuration)")
    else:
        result = (_local_certificate(holder, kid), [])
    _certificates[kid] = result
    return result


def _local_certificate(holder: signing.Signer, kid: str):
    from asn1crypto import pem, x509

    directory = os.environ.get("PORTAL_SIGNING_DIR")
    path = Path(directory) / f"{kid}.crt" if directory else None
    if path is not None and path.is_file():
        certificate = x509.Certificate.load(pem.unarmor(path.read_bytes())[2])
        if kid_of(certificate) == kid:
            return certificate
    certificate = self_signed_certificate(holder, LOCAL_SUBJECT)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        # Written whole then renamed: a concurrent reader never sees half a certificate.
        temporary = path.with_name(f".{kid}.{secrets.token_hex(4)}.tmp")
        temporary.write_bytes(pem.armor("CERTIFICATE", certificate.dump()))
        os.replace(temporary, path)
    return certificate


def _load_pem_certificates(value: str) -> list:
    from asn1crypto import pem, x509

    data = value.encode("ascii") if "-----BEGIN" in value else Path(value).read_bytes()
    return [x509.Certificate.load(der) for kind, _, der in pem.unarmor(data, multiple=True) if kind == "CERTIFICATE"]


def kid_of(certificate) -> str:
    """The RFC 7638 thumbprint of a certificate's EC P-256 key: the JWKS kid it must match."""
    from cryptography.hazmat.primitives.serialization import load_der_public_key
    return public_jwk(load_der_public_key(certificate.public_key.dump()))["kid"]


def _name(common_name: str, organization: str | None = None):
    from asn1crypto import x509
    fields = {"country_name": "JP", "organization_name": organization or "電子保証ポータル", "common_name": common_name}
    return x509.Name.build(fields)


def _public_key_info(holder: signing.Signer):
    from asn1crypto import keys
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    jwk = holder.public_jwk()
    public = ec.EllipticCurvePublicNumbers(int.from_bytes(b64url_decode(jwk["x"]), "big"),
                                           int.from_bytes(b64url_decode(jwk["y"]), "big"),
                                           ec.SECP256R1()).public_key()
    return keys.PublicKeyInfo.load(public.public_bytes(serialization.Encoding.DER,
                                                       serialization.PublicFormat.SubjectPublicKeyInfo))


def self_signed_certificate(holder: signing.Signer, common_name: str, days: int = 3650,
                            organization: str | None = None):
    """An X.509 v3 certificate for the holder's key, signed by that key through `sign_der`
    (so it works for a KMS key as well as a local one)."""
    import hashlib

    from asn1crypto import x509

    name = _name(common_name, organization)
    spki = _public_key_info(holder)
    # RFC 5280 §4.2.1.2 method 1: SHA-1 names the key (an identifier, not a protection).
    key_id = hashlib.sha1(spki["public_key"].contents, usedforsecurity=False).digest()
    start = clock.now().astimezone(dt.timezone.utc).replace(microsecond=0) - dt.timedelta(hours=1)
    tbs = x509.TbsCertificate({
        "version": "v3",
        "serial_number": int.from_bytes(secrets.token_bytes(16), "big") >> 1,
        "signature": {"algorithm": "sha256_ecdsa"},
        "issuer": name, "subject": name,
        "validity": {"not_before": x509.Time({"utc_time": start}),
                     "not_after": x509.Time({"utc_time": start + dt.timedelta(days=days)})},
        "subject_public_key_info": spki,
        "extensions": [
            {"extn_id": "basic_constraints", "critical": True, "extn_value": {"ca": False}},
            # non_repudiation (content commitment): what pyHanko asks of a document signer by default.
            {"extn_id": "key_usage", "critical": True, "extn_value": {"digital_signature", "non_repudiation"}},
            {"extn_id": "key_identifier", "critical": False, "extn_value": key_id},
            {"extn_id": "authority_key_identifier", "critical": False, "extn_value": {"key_identifier": key_id}},
        ],
    })
    return x509.Certificate({"tbs_certificate": tbs, "signature_algorithm": {"algorithm": "sha256_ecdsa"},
                             "signature_value": holder.sign_der(tbs.dump())})


def certificate_request(holder: signing.Signer, common_name: str, organization: str | None = None) -> bytes:
    """A PKCS#10 CSR (PEM) for the holder's key, signed through `sign_der`: what operations
    sends to their CA for the KMS key's certificate."""
    from asn1crypto import csr, pem

    info = csr.CertificationRequestInfo({"version": "v1", "subject": _name(common_name, organization),
                                         "subject_pk_info": _public_key_info(holder), "attributes": []})
    request = csr.CertificationRequest({"certification_request_info": info,
                                        "signature_algorithm": {"algorithm": "sha256_ecdsa"},
                                        "signature": holder.sign_der(info.dump())})
    return pem.armor("CERTIFICATE REQUEST", request.dump())
