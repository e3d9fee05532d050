"""POST /v1/receipts (record_receipt): once per version, never on an old version, bad bodies and wrong
keys refused with nothing recorded."""
from __future__ import annotations


import pytest

from openapi_document import (AMEND, GET_ONE, RECEIPT, VERIFY, amend, amendment, check_response, get_guarantee,
                              key_body, post_receipt, receipt_body, verify)


def test_receipt_201_then_200_once_per_version(api, surety_token, issue_guarantee):
    issued = issue_guarantee()
    first = check_response(post_receipt(api, receipt_body(issued, note="原本を受領")), *RECEIPT, 201)
    assert first["newly_recorded"] is True
    assert first["receipt"]["orderer"] == "長野県佐久市" and first["receipt"]["label"].startswith("受領済み（長野県佐久市 契約検査課、")
    second = check_response(post_receipt(api, receipt_body(issued, department="建設課", name="別の 担当")), *RECEIPT, 200)
    assert second == {"receipt": first["receipt"], "newly_recorded": False}  # the first one, unchanged
    assert check_response(verify(api, key_body(issued)), *VERIFY, 200)["receipt"] == first["receipt"]
    # The clerk's note is for the surety only.
    assert "note" not in first["receipt"]
    versions = check_response(get_guarantee(api, surety_token, issued["guarantee"]["guarantee_id"]), *GET_ONE, 200)
    assert versions["versions"][0]["receipt"] == {**first["receipt"], "note": "原本を受領"}


def test_receipt_409_on_an_old_version_after_an_amendment(api, surety_token, issue_guarantee):
    issued = issue_guarantee()
    gid = issued["guarantee"]["guarantee_id"]
    amended = check_response(amend(api, surety_token, gid, amendment()), *AMEND, 201)
    error = check_response(post_receipt(api, receipt_body(issued)), *RECEIPT, 409)["error"]
    assert error["code"] == "receipt_not_allowed"
    recorded = check_response(post_receipt(api, receipt_body(amended)), *RECEIPT, 201)["receipt"]
    versions = check_response(get_guarantee(api, surety_token, gid), *GET_ONE, 200)["versions"]
    assert [v["receipt"] for v in versions] == [None, recorded]


@pytest.mark.parametrize("change, code, field", [
    (lambda b: b.pop("department"), "missing_field", "department"),
    (lambda b: b.update(department="   "), "missing_field", "department"),
    (lambda b: b.update(name="佐" * 51), "too_long", "name"),
    (lambda b: b.update(note="n" * 201), "too_long", "note"),
    (lambda b: b.update(name="佐久\u202e花子"), "invalid_character", "name"),
    (lambda b: b.update(department=1), "invalid_type", "department"),
    (lambda b: b.update(extra=1), "unknown_field", "extra"),
], ids=["no department", "blank department", "long name", "long note", "bidi name", "number", "extra"])
def test_receipt_400(api, issue_guarantee, change, code, field):
    issued = issue_guarantee()
    body = receipt_body(issued)
    change(body)
    error = check_response(post_receipt(api, body), *RECEIPT, 400)["error"]
    assert (code, field) in {(d["code"], d.get("field")) for d in error.get("details", [error])}
    # Nothing was recorded.
    assert check_response(verify(api, key_body(issued)), *VERIFY, 200)["receipt"] is None


@pytest.mark.parametrize("raw, code", [(b"", "invalid_json"), (b"null", "invalid_body"), (b"[]", "invalid_type")])
def test_receipt_400_unreadable_bodies(api, raw, code):
    assert check_response(post_receipt(api, raw=raw), *RECEIPT, 400)["error"]["code"] == code


def test_receipt_404_wrong_key(api, issue_guarantee):
    from chalicelib.domain import authkey
    body = receipt_body(issue_guarantee())
    body["auth_key"] = authkey.display(authkey.generate())
    assert check_response(post_receipt(api, body), *RECEIPT, 404)["error"]["code"] == "not_found"
