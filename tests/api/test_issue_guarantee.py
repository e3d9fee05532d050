"""POST /v1/guarantees (issue_guarantee): a retry replays the first answer, a reused key or a taken
number is a 409, and every kind of bad request is answered 400/401/403 in the documented shape."""
from __future__ import annotations

import json
import unicodedata
import uuid

import pytest

from openapi_document import (ISSUE, VALID_CORPORATE_NUMBER, check_response, deref, issue, mutated, pointer,
                              schema_errors)
from support import TEST_SURETY_ID, guarantee_request


def test_issue_201_then_replay_with_the_same_key(api, surety_token):
    body = mutated("contractor.corporate_number", VALID_CORPORATE_NUMBER)
    key = str(uuid.uuid4())
    first = issue(api, surety_token, body, key)
    issued = check_response(first, *ISSUE, 201)
    assert "idempotent-replayed" not in {h.lower() for h in first.headers}
    assert issued["guarantee"]["contractor"]["corporate_number"] == VALID_CORPORATE_NUMBER
    assert issued["version"] == issued["guarantee"]["version"] == 1

    # The same content, with keys in another order and other white space, is the same body.
    reordered = json.dumps(dict(reversed(list(body.items()))), ensure_ascii=False, indent=2).encode("utf-8")
    replay = issue(api, surety_token, None, key, raw=reordered)
    replayed = check_response(replay, *ISSUE, 201)
    assert replay.headers["Idempotent-Replayed"] == "true"
    assert replayed == issued  # same guarantee, same 認証キー


def test_issue_409_idempotency_key_reused(api, surety_token):
    key = str(uuid.uuid4())
    check_response(issue(api, surety_token, guarantee_request(), key), *ISSUE, 201)
    error = check_response(issue(api, surety_token, guarantee_request(), key), *ISSUE, 409)["error"]
    assert (error["code"], error["field"]) == ("idempotency_key_reused", "Idempotency-Key")


def test_rejected_requests_are_not_kept(api, surety_token):
    key = str(uuid.uuid4())
    body = guarantee_request()
    check_response(issue(api, surety_token, {**body, "amount": -1}, key), *ISSUE, 400)
    check_response(issue(api, surety_token, body, key), *ISSUE, 201)


def test_issue_409_contract_number_taken(api, surety_token, issue_guarantee):
    number = issue_guarantee()["guarantee"]["contract_number"]
    # Typed differently (full-width, lower case): the same number once normalised.
    typed = unicodedata.normalize("NFKC", number).lower().translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})
    for contract_number in (number, typed):
        error = check_response(issue(api, surety_token, guarantee_request(contract_number=contract_number)),
                               *ISSUE, 409)["error"]
        assert (error["code"], error["field"]) == ("contract_number_taken", "contract_number")


def test_issue_400_lists_every_problem_in_details(api, surety_token):
    body = guarantee_request(kind="contract", amount="5500000", note="x")
    error = check_response(issue(api, surety_token, body), *ISSUE, 400)["error"]
    assert {(d["code"], d["field"]) for d in error["details"]} == {("invalid_amount", "amount"), ("unknown_field", "note")}
    assert {k: error[k] for k in ("code", "message", "field")} == error["details"][0]


@pytest.mark.parametrize("raw, code", [
    (b"", "invalid_json"),
    (b"{", "invalid_json"),
    (b'{"amount": 1, "amount": 2}', "invalid_json"),
    (b'{"amount": NaN}', "invalid_json"),
    (b"\xff\xfe{}", "invalid_json"),
    (b"null", "invalid_body"),
    (b"[]", "invalid_type"),
])
def test_issue_400_unreadable_bodies(api, surety_token, raw, code):
    error = check_response(issue(api, surety_token, None, raw=raw), *ISSUE, 400)["error"]
    assert error["code"] == code


@pytest.mark.parametrize("key, code", [
    (None, "missing_idempotency_key"),
    ("", "missing_idempotency_key"),
    ("short", "invalid_idempotency_key"),
    ("has spaces in it", "invalid_idempotency_key"),
    ("k" * 256, "invalid_idempotency_key"),
])
def test_issue_400_idempotency_key(api, surety_token, key, code):
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {surety_token}"}
    if key is not None:
        headers["Idempotency-Key"] = key
        assert schema_errors(deref(pointer("paths", *ISSUE, "parameters", 0))[0] + "/schema", key)
    response = api.post(ISSUE[0], body=json.dumps(guarantee_request()).encode(), headers=headers)
    error = check_response(response, *ISSUE, 400)["error"]
    assert (error["code"], error["field"]) == (code, "Idempotency-Key")


def _wrong_secret(token: str) -> str:
    return token[:-1] + ("0" if token[-1] != "0" else "1")


@pytest.mark.parametrize("authorization", [
    None,
    "",
    "Basic dXNlcjpwYXNz",
    "Bearer not-a-token",
    "Bearer egp_0000000000000_00000000000000000000000000000000",
    "Bearer egp_000000000000_00000000000000000000000000000000",
    "WRONG-SECRET",
])
def test_issue_401(api, surety_token, authorization):
    if authorization == "WRONG-SECRET":
        authorization = f"Bearer {_wrong_secret(surety_token)}"
    headers = {"Content-Type": "application/json", "Idempotency-Key": str(uuid.uuid4())}
    if authorization is not None:
        headers["Authorization"] = authorization
    response = api.post(ISSUE[0], body=json.dumps(guarantee_request()).encode(), headers=headers)
    assert check_response(response, *ISSUE, 401)["error"]["code"] == "unauthorized"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_issue_403_without_the_issue_scope(api, surety_token):
    from chalicelib.usecases import sureties
    _, read_only = sureties.create_token(TEST_SURETY_ID, ["read"], label="openapi test, read only")
    error = check_response(issue(api, read_only, guarantee_request()), *ISSUE, 403)["error"]
    assert error["code"] == "forbidden"
