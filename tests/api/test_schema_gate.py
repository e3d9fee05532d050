"""Every endpoint checks its body against openapi.yaml before any logic runs.

The use cases are replaced by functions that fail the test if called: a body the document
refuses must be answered 400, in the error shape, by the edge alone.
"""
from __future__ import annotations

import pytest

from support import corporate_number, guarantee_request, issue_headers, item_at, post_json, replaced, staff_headers

UNKNOWN_ID = "g" + "0" * 25
KEY = {"contract_number": "SAKU-2024-0001", "auth_key": "GW5F-BHQ5-ZSTX-6522-1XXS-Z5ZV-9GQQ"}


@pytest.fixture
def no_logic(monkeypatch):
    from chalicelib.usecases import (amend_guarantee, cancel_guarantee, copy_certificate, issue_guarantee,
                                     record_receipt, reissue_notice, verify_guarantee)
    reached = []

    def logic(*args, **kwargs):
        reached.append(args)
        raise AssertionError("a refused body reached the logic")

    for module, name in ((issue_guarantee, "issue"), (amend_guarantee, "amend"), (cancel_guarantee, "cancel"),
                         (verify_guarantee, "verify"), (record_receipt, "record"), (reissue_notice, "by_key"),
                         (copy_certificate, "by_key")):
        monkeypatch.setattr(module, name, logic)
    return reached


def _calls(api, token):
    """(name, path, headers, a body the document refuses, the code expected)."""
    bearer = issue_headers(token)
    pdf = {"Accept": "application/pdf"}
    return [
        ("issue", "/v1/guarantees", bearer, guarantee_request(amount="22000000"), "invalid_amount"),
        ("amend", f"/v1/guarantees/{UNKNOWN_ID}/amendments", bearer,
         {"base_version": 1, "reason": "increase", "effective_date": "2024-09-03", "changes": {"amount": -5}},
         "invalid_amount"),
        ("cancel", f"/v1/guarantees/{UNKNOWN_ID}/cancellation", bearer,
         {"reason": "工事の中止", "date": "2024-12-01", "extra": True}, "unknown_field"),
        ("verify", "/v1/verifications", {}, {**KEY, "auth_key": 7}, "invalid_type"),
        ("receipt", "/v1/receipts", staff_headers(api), {**KEY, "department": "課" * 51, "name": "佐久 花子"}, "too_long"),
        ("notice", "/v1/notices", pdf, {"contract_number": "SAKU-2024-0001"}, "missing_field"),
        ("copy", "/v1/certificate-copies", pdf, [KEY], "invalid_type"),
    ]


def test_a_refused_body_never_reaches_the_logic(api, surety_token, no_logic):
    for name, path, headers, body, code in _calls(api, surety_token):
        response = post_json(api, path, body, headers)
        assert response.status_code == 400, (name, response.body)
        error = response.json_body["error"]
        assert code in [d["code"] for d in error.get("details", [error])], (name, error)
        assert error["message"] and not error["message"].isascii(), (name, error)  # Japanese, for people
    # Amendments and cancellations name a guarantee that does not exist: 400 before the 404
    # shows the body was refused before the store was asked.
    assert no_logic == []


def test_limits_are_on_the_text_as_stored(api, surety_token):
    # A fixed-width column pads with spaces, and a Mac may send decomposed kana (か + ゛):
    # both are stored trimmed and composed, and the limits count what is stored.
    body = guarantee_request()
    body["project"]["name"] = "工" * 199 + "か\u3099" + "   "
    response = post_json(api, "/v1/guarantees", body, issue_headers(surety_token))
    assert response.status_code == 201, response.body
    assert response.json_body["guarantee"]["project"]["name"] == "工" * 199 + "が"
    body = guarantee_request()
    body["project"]["name"] = "工" * 201
    error = post_json(api, "/v1/guarantees", body, issue_headers(surety_token)).json_body["error"]
    assert error == {"code": "too_long", "field": "project.name", "message": "工事名は200文字以内で指定してください。"}


def test_a_refused_body_lists_every_problem(api, surety_token):
    body = guarantee_request(amount="x", kind="bond", note="余計な項目")
    body["project"]["period"]["end"] = "2024-02-30"
    error = post_json(api, "/v1/guarantees", body, issue_headers(surety_token)).json_body["error"]
    found = {(d["code"], d["field"]) for d in error["details"]}
    assert {("invalid_amount", "amount"), ("invalid_choice", "kind"), ("unknown_field", "note"),
            ("invalid_date", "project.period.end")} <= found


# Full-width digits: what people type from a printed notice (保証契約番号, 認証キー) is
# normalised; what systems send (codes, dates, amounts, 法人番号, paging) must be ASCII.
FULL = str.maketrans("0123456789-", "０１２３４５６７８９－")


@pytest.mark.parametrize("path, code", [
    ("orderer_id", "orderer_not_found"),
    ("guarantee_period.end", "invalid_date"),
    ("project.period.start", "invalid_date"),
    ("contractor.corporate_number", "invalid_corporate_number"),
])
def test_full_width_digits_in_system_fields_are_refused(api, surety_token, path, code):
    body = guarantee_request()
    body["contractor"]["corporate_number"] = corporate_number("234567890123")
    keys = tuple(path.split("."))
    body = replaced(body, keys, item_at(body, keys).translate(FULL))
    response = post_json(api, "/v1/guarantees", body, issue_headers(surety_token))
    assert response.status_code == 400, response.body
    error = response.json_body["error"]
    assert (code, path) in [(d["code"], d["field"]) for d in error.get("details", [error])]


def test_full_width_digits_in_what_people_type_are_normalised(api, surety_token, issue_guarantee):
    issued = issue_guarantee()
    number, key = issued["guarantee"]["contract_number"], issued["auth_key"]
    response = post_json(api, "/v1/verifications", {"contract_number": number.translate(FULL),
                                                    "auth_key": key.translate(FULL)})
    assert response.status_code == 200, response.body
    assert response.json_body["certificate"]["contract_number"] == number


@pytest.mark.parametrize("query, field", [("orderer=202177&limit=１０", "limit"),
                                          ("contractor=" + corporate_number("234567890123").translate(FULL),
                                           "contractor"),
                                          ("orderer=２０２１７７", "orderer")])
def test_full_width_digits_in_list_queries_are_refused(api, surety_token, query, field):
    response = api.get(f"/v1/guarantees?{query}", headers=issue_headers(surety_token))
    assert response.status_code == 400, response.body
    assert response.json_body["error"]["field"] == field


@pytest.mark.parametrize("depth", [5, 33, 500, 900, 990, 5000])
def test_deeply_nested_bodies_are_4xx_at_every_depth(api, depth):
    # Found by hand: 500-deep bodies parsed, then crashed a recursive reader (a 500).
    for raw in ('{"contract_number":' * depth + '"x"' + "}" * depth,
                '{"contract_number": "A-1", "auth_key": ' + "[" * depth + "]" * depth + "}"):
        response = api.post("/v1/verifications", body=raw.encode(), headers={"Content-Type": "application/json"})
        assert response.status_code in (400, 413), (depth, response.body)  # 5000 levels exceed 64 KiB


def test_a_lone_surrogate_is_a_400_on_every_route(api, surety_token, no_logic):
    # JSON may write "\ud800", which is no text: it must be refused, never crash (500) on
    # encoding, nor reach the idempotency fingerprint or the error message.
    for name, path, headers, _, _ in _calls(api, surety_token):
        body = {"reason": "\\ud800", "contract_number": "SAKU-\\ud800", "auth_key": "x"}
        raw = "{" + ", ".join(f'"{k}": "{v}"' for k, v in body.items()) + "}"
        response = api.post(path, body=raw.encode(), headers={"Content-Type": "application/json", **headers})
        assert response.status_code == 400, (name, response.body)
        error = response.json_body["error"]
        assert error["code"] == "invalid_json", (name, error)
    assert no_logic == []
