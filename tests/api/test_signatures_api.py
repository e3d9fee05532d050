"""Every version is signed at issuance; the JWKS lists current and retired keys."""
from __future__ import annotations

import os
from pathlib import Path

from chalicelib.adapters import jose, signing
from support import current_store, post_json


def jwks(api) -> dict:
    response = api.get("/.well-known/jwks.json")
    assert response.status_code == 200
    return response.json_body


def test_the_verification_carries_a_signature_over_exactly_what_is_shown(api, issue_guarantee):
    issued = issue_guarantee()
    shown = post_json(api, "/v1/verifications", {"contract_number": issued["guarantee"]["contract_number"],
                                                 "auth_key": issued["auth_key"]}).json_body
    document = jose.verify(shown["jws"], jwks(api))
    assert document["certificate"] == shown["certificate"]
    assert document["status_at_signing"] == "valid" and document["version"] == 1
    assert document["platform"] == "e-guarantee-portal"
    assert issued["auth_key"] not in shown["jws"]


def test_rotation_keeps_old_signatures_valid(api, issue_guarantee):
    before = issue_guarantee()
    old_jws = post_json(api, "/v1/verifications", {"contract_number": before["guarantee"]["contract_number"],
                                                   "auth_key": before["auth_key"]}).json_body["jws"]
    new_key = signing.rotate_local(Path(os.environ["PORTAL_SIGNING_DIR"]), current_store().signing_keys).public_jwk()
    after = issue_guarantee()
    new_jws = post_json(api, "/v1/verifications", {"contract_number": after["guarantee"]["contract_number"],
                                                   "auth_key": after["auth_key"]}).json_body["jws"]
    keys = jwks(api)
    # Which key signs now is the set's `current_kid` (RFC 7517 §5); each key's `status` is the
    # deprecated former way, still the same answer until it is removed.
    assert keys["current_kid"] == new_key["kid"] == keys["keys"][0]["kid"] and len(keys["keys"]) >= 2
    assert {k["kid"]: k["status"] for k in keys["keys"]} == {
        k["kid"]: "current" if k["kid"] == keys["current_kid"] else "retired" for k in keys["keys"]}
    assert all(set(k) - {"status"} == {"kty", "crv", "x", "y", "kid", "alg", "use"} for k in keys["keys"])
    assert jose.verify(old_jws, keys)["certificate"]["contract_number"] == before["guarantee"]["contract_number"]
    assert jose.verify(new_jws, keys)["certificate"]["contract_number"] == after["guarantee"]["contract_number"]
    assert all("d" not in k for k in keys["keys"])  # public keys only
