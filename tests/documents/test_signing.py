"""Signed certificates: JWS (ES256) over RFC 8785 canonical JSON; local keys and KMS behind
one interface; rotation keeps old signatures valid."""
from __future__ import annotations

import hashlib
import json

import pytest
from botocore.stub import Stubber

from chalicelib.adapters import jose, signing
from chalicelib.adapters.jose import InvalidSignature, b64url, b64url_decode, canonical_json
from chalicelib.adapters.signing import LocalKeySigner
from support import replaced


def test_canonical_json_sorts_keys_by_utf16_and_has_no_whitespace():
    assert canonical_json({"b": 1, "a": [True, None, "x"], "é": "日本"}) == '{"a":[true,null,"x"],"b":1,"é":"日本"}'.encode()
    # U+1F600 sorts before U+FF61 in UTF-16 (surrogates) though after it in code points.
    assert canonical_json({"\uff61": 1, "\U0001f600": 2}).decode().index("\U0001f600") < canonical_json(
        {"\uff61": 1, "\U0001f600": 2}).decode().index("\uff61")
    with pytest.raises(TypeError):
        canonical_json({"amount": 1.5})


@pytest.fixture
def local_key(tmp_path):
    signer = LocalKeySigner.generate(tmp_path)
    signing.use_signer(signer)
    signing._registered.add(signer.public_jwk()["kid"])  # no table in unit tests
    yield signer
    signing.use_signer(None)


CERT = {"version": 1, "status": "valid", "contract_number": "SAKU-2024-0001", "amount": 22000000,
        "orderer": {"id": "202177", "name": "佐久市"}, "contractor": {"name": "𠮷田建設株式会社"}}


def _leaves(value, path=()):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _leaves(v, path + (k,))
    else:
        yield path, value


def test_sign_and_verify_round_trip(local_key):
    jwks = {"keys": [local_key.public_jwk()]}
    document = jose.signed_document(CERT, "2024-07-01T00:00:00Z")
    jws = signing.sign(document)
    header = json.loads(b64url_decode(jws.split(".")[0]))
    assert header["alg"] == "ES256" and header["kid"] == local_key.public_jwk()["kid"]
    # RFC 7515 §4.1.9: a JWS in compact form; the payload is a certificate, no JWT claims.
    assert header["typ"] == "JOSE" and header["cty"] == "application/json"
    assert jose.verify(jws, jwks) == document


def test_a_signature_made_with_the_former_jwt_header_still_verifies(local_key):
    """Certificates signed before `typ` became "JOSE" carry "JWT": they stay checkable."""
    jwk = local_key.public_jwk()
    document = jose.signed_document(CERT, "2024-07-01T00:00:00Z")
    header = {"alg": "ES256", "kid": jwk["kid"], "typ": "JWT", "cty": "application/json"}
    signing_input = f"{b64url(canonical_json(header))}.{b64url(canonical_json(document))}".encode("ascii")
    old_jws = signing_input.decode("ascii") + "." + b64url(jose.der_to_raw(local_key.sign_der(signing_input)))
    assert jose.verify(old_jws, {"keys": [jwk]}) == document


def test_a_one_character_change_in_any_field_fails(local_key):
    jwks = {"keys": [local_key.public_jwk()]}
    document = jose.signed_document(CERT, "2024-07-01T00:00:00Z")
    header_b64, _, signature_b64 = signing.sign(document).split(".")
    for path, value in _leaves(document):
        changed = (str(value)[:-1] + ("1" if str(value)[-1:] != "1" else "2")) if not isinstance(value, int) \
            else value + 1
        tampered = replaced(document, path, changed)
        forged = f"{header_b64}.{b64url(canonical_json(tampered))}.{signature_b64}"
        with pytest.raises(InvalidSignature):
            jose.verify(forged, jwks)


def test_unknown_keys_and_malformed_tokens_are_refused(local_key, tmp_path):
    jws = signing.sign(jose.signed_document(CERT, "2024-07-01T00:00:00Z"))
    other = LocalKeySigner.generate(tmp_path / "other").public_jwk()
    for bad_jwks in ({"keys": []}, {"keys": [other]}, {"keys": [{**other, "kid": local_key.public_jwk()["kid"]}]}):
        with pytest.raises(InvalidSignature):
            jose.verify(jws, bad_jwks)
    for garbage in ("", "a.b", "a.b.c", jws + "x", jws.replace(".", "..", 1)):
        with pytest.raises(InvalidSignature):
            jose.verify(garbage, {"keys": [local_key.public_jwk()]})


def test_kms_signer_signs_the_digest_and_its_signatures_verify(tmp_path):
    """KMS through botocore's Stubber: the real request shapes, a local key doing the math."""
    import boto3
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec, utils

    key = LocalKeySigner.generate(tmp_path).private_key()
    client = boto3.client("kms", region_name="ap-northeast-1", aws_access_key_id="x", aws_secret_access_key="x")
    kms = signing.KmsSigner("arn:aws:kms:ap-northeast-1:111122223333:key/abcd", client)
    public_der = key.public_key().public_bytes(serialization.Encoding.DER,
                                               serialization.PublicFormat.SubjectPublicKeyInfo)
    document = jose.signed_document(CERT, "2024-07-01T00:00:00Z")
    with Stubber(client) as stub:
        stub.add_response("get_public_key", {"PublicKey": public_der, "KeySpec": "ECC_NIST_P256"},
                          {"KeyId": kms.key_id})
        jwk = kms.public_jwk()
        header = jose.jws_header(jwk["kid"])
        signing_input = f"{b64url(canonical_json(header))}.{b64url(canonical_json(document))}".encode()
        digest = hashlib.sha256(signing_input).digest()
        der = key.sign(digest, ec.ECDSA(utils.Prehashed(hashes.SHA256())))
        stub.add_response("sign", {"Signature": der, "KeyId": kms.key_id, "SigningAlgorithm": "ECDSA_SHA_256"},
                          {"KeyId": kms.key_id, "Message": digest, "MessageType": "DIGEST",
                           "SigningAlgorithm": "ECDSA_SHA_256"})
        signing.use_signer(kms)
        signing._registered.add(jwk["kid"])
        try:
            jws = signing.sign(document)
        finally:
            signing.use_signer(None)
        stub.assert_no_pending_responses()
    assert jose.verify(jws, {"keys": [jwk]}) == document


@pytest.mark.parametrize("kind", ["p384", "rsa"])
def test_a_key_file_that_is_not_p256_is_refused_with_its_name(tmp_path, kind):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec, rsa
    from chalicelib.adapters.config import ConfigurationError
    key = ec.generate_private_key(ec.SECP384R1()) if kind == "p384" else rsa.generate_private_key(65537, 2048)
    path = tmp_path / "other.pem"
    path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()))
    with pytest.raises(ConfigurationError, match=r"other\.pem holds no P-256"):
        LocalKeySigner(path)
