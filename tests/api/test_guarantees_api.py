"""POST /v1/guarantees for sureties: authentication, validation, idempotency."""
from __future__ import annotations

import json
import re
import threading
import uuid

import pytest

from chalicelib.domain import authkey
from chalicelib.usecases import issue_guarantee
from chalicelib.adapters import keyed_hash
from chalicelib.usecases import sureties
from support import TEST_SURETY_ID, current_store, guarantee_request, issue_headers, post_json

KEY_FORMAT = re.compile(r"^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){6}$")


def test_issuance_returns_the_certificate_and_the_key_once(api, surety_token):
    body = guarantee_request()
    response = post_json(api, "/v1/guarantees", body, issue_headers(surety_token))
    assert response.status_code == 201
    assert response.headers["Cache-Control"] == "no-store"
    issued = response.json_body
    assert KEY_FORMAT.match(issued["auth_key"])
    authkey.parse(issued["auth_key"])  # its own check symbols hold
    cert = issued["guarantee"]
    assert cert["contract_number"] == body["contract_number"]
    assert cert["amount"] == 22_000_000 and cert["kind_label"] == "前払金保証"
    assert cert["surety"] == {"id": TEST_SURETY_ID, "name": "テスト建設業保証株式会社", "issuer_type": "surety_company",
                             "issuer_type_label": "保証事業会社"}
    assert cert["orderer"]["name"] == "佐久市"
    assert (cert["status"], cert["status_label"]) == ("valid", "有効")
    assert "auth_key" not in cert


@pytest.mark.parametrize("authorization", [
    None, "", "Bearer", "Basic dXNlcjpwYXNz", "Bearer egp_short_token",
    "Bearer egp_0123456789AB_" + "0" * 32,  # well-formed, unknown
])
def test_requests_without_a_valid_token_get_401(api, surety_token, authorization):
    headers = {"Idempotency-Key": str(uuid.uuid4())}
    if authorization is not None:
        headers["Authorization"] = authorization
    response = post_json(api, "/v1/guarantees", guarantee_request(), headers)
    assert response.status_code == 401
    assert response.json_body["error"]["code"] == "unauthorized"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_token_with_the_wrong_secret_gets_401(api, surety_token):
    prefix = surety_token.rsplit("_", 1)[0]
    forged = prefix + "_" + "Z" * 32
    response = post_json(api, "/v1/guarantees", guarantee_request(), issue_headers(forged))
    assert response.status_code == 401


def test_a_token_without_the_issue_scope_gets_403(api, surety_token):
    _, read_only = sureties.create_token(TEST_SURETY_ID, ["read"], "read only")
    response = post_json(api, "/v1/guarantees", guarantee_request(), issue_headers(read_only))
    assert response.status_code == 403
    assert response.json_body["error"]["code"] == "forbidden"


@pytest.mark.parametrize("key, code", [(None, "missing_idempotency_key"), ("short", "invalid_idempotency_key"),
                                       ("has space inside it", "invalid_idempotency_key")])
def test_idempotency_key_is_required(api, surety_token, key, code):
    headers = {"Authorization": f"Bearer {surety_token}"}
    if key is not None:
        headers["Idempotency-Key"] = key
    response = post_json(api, "/v1/guarantees", guarantee_request(), headers)
    assert response.status_code == 400
    assert response.json_body["error"] == {"code": code, "message": response.json_body["error"]["message"],
                                           "field": "Idempotency-Key"}


def test_a_retry_gets_the_first_response_and_creates_nothing_new(api, surety_token):
    body = guarantee_request()
    headers = issue_headers(surety_token)
    first = post_json(api, "/v1/guarantees", body, headers)
    retry = post_json(api, "/v1/guarantees", body, headers)
    assert first.status_code == retry.status_code == 201
    assert retry.json_body == first.json_body
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    # The replayed key is the one that works.
    canonical = authkey.parse(retry.json_body["auth_key"])
    assert current_store().guarantees.find_by_key(body["contract_number"], keyed_hash.auth_key(canonical)) is not None


def test_same_idempotency_key_with_another_body_is_409(api, surety_token):
    headers = issue_headers(surety_token)
    assert post_json(api, "/v1/guarantees", guarantee_request(), headers).status_code == 201
    response = post_json(api, "/v1/guarantees", guarantee_request(amount=1_000), headers)
    assert response.status_code == 409
    assert response.json_body["error"]["code"] == "idempotency_key_reused"


def test_a_rejected_request_can_be_corrected_and_sent_with_the_same_key(api, surety_token):
    headers = issue_headers(surety_token)
    bad = post_json(api, "/v1/guarantees", guarantee_request(amount=99_000_000), headers)
    assert bad.status_code == 400
    good = post_json(api, "/v1/guarantees", guarantee_request(), headers)
    assert good.status_code == 201


def test_validation_errors_list_every_problem_with_codes_and_japanese_messages(api, surety_token):
    body = guarantee_request(amount="多い", kind="bid_bond", extra=True)
    response = post_json(api, "/v1/guarantees", body, issue_headers(surety_token))
    assert response.status_code == 400
    error = response.json_body["error"]
    by_field = {d["field"]: d["code"] for d in error["details"]}
    assert by_field == {"extra": "unknown_field", "kind": "invalid_choice", "amount": "invalid_amount"}
    assert error["code"] in by_field.values()
    assert all(re.search(r"[ぁ-んァ-ン一-龥]", d["message"]) for d in error["details"])


def test_the_same_contract_number_cannot_be_issued_twice(api, surety_token, issue_guarantee):
    number = issue_guarantee()["guarantee"]["contract_number"]
    response = post_json(api, "/v1/guarantees", guarantee_request(contract_number=number.lower()),
                         issue_headers(surety_token))
    assert response.status_code == 409
    assert response.json_body["error"]["code"] == "contract_number_taken"
    assert response.json_body["error"]["field"] == "contract_number"


@pytest.mark.dynamodb  # eight retries at once: conditional writes racing
def test_concurrent_retries_with_one_key_issue_exactly_one_guarantee(api, surety_token):
    caller = sureties.authenticate(f"Bearer {surety_token}", "issue")
    body = guarantee_request()
    key = str(uuid.uuid4())
    results, errors = [], []
    barrier = threading.Barrier(8)

    def attempt():
        barrier.wait()
        try:
            results.append(issue_guarantee.issue(caller, key, body))
        except Exception as e:  # noqa: BLE001 - collected and asserted below
            errors.append(e)

    threads = [threading.Thread(target=attempt) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len({r.body["auth_key"] for r in results}) == 1
    assert sum(not r.replayed for r in results) == 1
    guarantee_id = current_store().guarantees.find_guarantee_id(TEST_SURETY_ID, body["contract_number"])
    assert [e["type"] for e in current_store().events.list(guarantee_id)] == ["issued"]


def test_invalid_json_gets_400_not_500(api, surety_token):
    response = api.post("/v1/guarantees", body=b'{"kind": ', headers={
        "Content-Type": "application/json", **issue_headers(surety_token)})
    assert response.status_code == 400
    assert response.json_body["error"]["code"] == "invalid_json"


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", "application/xml"])
def test_a_body_that_is_not_json_gets_415_in_the_error_shape(api, surety_token, content_type):
    response = api.post("/v1/guarantees", body=b"kind=contract", headers={
        "Content-Type": content_type, **issue_headers(surety_token)})
    assert response.status_code == 415
    assert response.json_body["error"]["code"] == "unsupported_media_type"
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("content_type", [None, "", "application/json; charset=latin-1", "application/json; charset=utf-16",
                                          "application/json; version=2", "application/jsonx", "text/json"])
def test_a_body_not_declared_as_utf8_json_is_not_read_as_json(api, surety_token, content_type):
    """No header, an empty one or another charset says the body is something else (or nothing):
    it is refused, never guessed to be JSON."""
    headers = {**issue_headers(surety_token)}
    if content_type is not None:
        headers["Content-Type"] = content_type
    response = api.post("/v1/guarantees", body=json.dumps(guarantee_request()).encode(), headers=headers)
    assert response.status_code == 415, (content_type, response.body)
    assert response.json_body["error"]["code"] == "unsupported_media_type"


@pytest.mark.parametrize("content_type", ["application/json", "Application/JSON", "application/json; charset=utf-8",
                                          'application/json;charset="UTF-8"', "application/json; charset=utf8"])
def test_json_declared_in_any_of_its_forms_is_read(api, surety_token, content_type):
    response = api.post("/v1/guarantees", body=json.dumps(guarantee_request()).encode(),
                        headers={**issue_headers(surety_token), "Content-Type": content_type})
    assert response.status_code == 201, (content_type, response.body)
