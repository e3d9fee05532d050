"""POST /v1/verifications (verify_guarantee): what a number and key show — the certificate as typed
by a person, typos, one answer for any wrong pair, an old key's own version, cancelled and expired
guarantees, the JWKS that checks the signature, and the limit on a client's wrong keys."""
from __future__ import annotations

import base64
import datetime as dt
import json
import unicodedata
import uuid

import pytest

from openapi_document import (AMEND, advance_increase, CANCEL, COPIES, EVENTS, ISSUE, JWKS, NOTICES, RECEIPT, VERIFY, _typo, amend,
                              amendment, cancel, check_response, get_events, issue, key_body, post_for_pdf,
                              post_receipt, receipt_body, verify)
from support import clock_at, staff_headers


def test_verify_200(api, issue_guarantee):
    issued = issue_guarantee(contract_number=f"saku-{uuid.uuid4().hex[:10]}")
    number, key = issued["guarantee"]["contract_number"], issued["auth_key"]
    # As typed by a person: lower case, spaces instead of hyphens, full-width, O for 0.
    typed_key = unicodedata.normalize("NFKC", key).lower().replace("-", " ").replace("0", "o")
    full_width_number = "".join(chr(ord(c) + 0xFEE0) if c.isalnum() else c for c in number)
    for body in ({"contract_number": number, "auth_key": key},
                 {"contract_number": full_width_number, "auth_key": typed_key}):
        certificate = check_response(verify(api, body), *VERIFY, 200)["certificate"]
        assert certificate == issued["guarantee"]
        assert certificate["status"] == "valid"


def test_verify_400_typo(api, issue_guarantee):
    issued = issue_guarantee()
    body = {"contract_number": issued["guarantee"]["contract_number"], "auth_key": _typo(issued["auth_key"])}
    error = check_response(verify(api, body), *VERIFY, 400)["error"]
    assert (error["code"], error["field"]) == ("auth_key_typo", "auth_key")


@pytest.mark.parametrize("body, raw, codes", [
    ({"contract_number": "SAKU-2024-0001", "auth_key": "ABCD-EFGH"}, None, ["invalid_auth_key"]),
    ({"contract_number": "SAKU-2024-0001", "auth_key": "UUUU-UUUU-UUUU-UUUU-UUUU-UUUU-UUUU"}, None, ["invalid_auth_key"]),
    ({"contract_number": "SAKU-2024-0001", "auth_key": ""}, None, ["missing_field"]),
    ({"contract_number": "", "auth_key": "GW5F-BHQ5-ZSTX-6522-1XXS-Z5ZV-9GQQ"}, None, ["missing_field"]),
    ({"contract_number": "#", "auth_key": "GW5F-BHQ5-ZSTX-6522-1XXS-Z5ZV-9GQQ"}, None, ["invalid_contract_number"]),
    ({"contract_number": "#", "auth_key": "x"}, None, ["invalid_contract_number", "invalid_auth_key"]),
    ({"contract_number": "SAKU-2024-0001", "auth_key": "GW5F-BHQ5-ZSTX-6522-1XXS-Z5ZV-9GQQ", "x": 1}, None, ["unknown_field"]),
    (None, b"[]", ["invalid_type"]),
    (None, b"null", ["invalid_body"]),
    (None, b"{", ["invalid_json"]),
    (None, b"", ["invalid_json"]),
])
def test_verify_400(api, body, raw, codes):
    error = check_response(verify(api, body, raw), *VERIFY, 400)["error"]
    assert [d["code"] for d in error.get("details", [error])] == codes


def test_verify_404_same_answer_for_wrong_number_and_wrong_key(api, issue_guarantee):
    from chalicelib.domain import authkey
    issued = issue_guarantee()
    number, key = issued["guarantee"]["contract_number"], issued["auth_key"]
    other_key = authkey.display(authkey.generate())  # well-formed, passes the check symbols
    wrong_key = verify(api, {"contract_number": number, "auth_key": other_key})
    wrong_number = verify(api, {"contract_number": f"NONE-{uuid.uuid4().hex[:8]}", "auth_key": key})
    assert check_response(wrong_key, *VERIFY, 404) == check_response(wrong_number, *VERIFY, 404)
    assert check_response(wrong_key, *VERIFY, 404)["error"]["code"] == "not_found"


def test_jwks_200_checks_the_verification_signature(api, issue_guarantee):
    from chalicelib.adapters import jose
    issued = issue_guarantee()
    shown = check_response(verify(api, key_body(issued)), *VERIFY, 200)
    response = api.get(JWKS[0])
    keys = check_response(response, *JWKS, 200)
    assert response.headers["Cache-Control"] == "public, max-age=300"
    assert keys["current_kid"] == keys["keys"][0]["kid"] == jose.kid_of(shown["jws"])
    assert jose.verify(shown["jws"], keys)["certificate"] == shown["certificate"]


def test_429_too_many_attempts(api, surety_token, issue_guarantee, monkeypatch):
    """Past the limit a client's wrong keys answer 429 on every key-based operation; the right
    key still opens the guarantee."""
    from chalicelib.domain import authkey
    monkeypatch.setenv("PORTAL_LIMIT_PER_NUMBER", "2")
    issued = issue_guarantee()
    moment = dt.datetime.now(dt.timezone.utc).replace(minute=5, second=0, microsecond=0)  # not near an hour's end
    with clock_at(moment):
        staff = staff_headers(api)
        for _ in range(2):
            wrong = {**key_body(issued), "auth_key": authkey.display(authkey.generate())}
            check_response(verify(api, wrong), *VERIFY, 404)
        wrong = {**key_body(issued), "auth_key": authkey.display(authkey.generate())}
        for response, where in ((verify(api, wrong), VERIFY),
                                (post_for_pdf(api, NOTICES[0], wrong), NOTICES),
                                (post_for_pdf(api, COPIES[0], wrong), COPIES)):
            assert check_response(response, *where, 429)["error"]["code"] == "too_many_attempts", where
            # A sliding hour: the two weigh 2 until minute 30 of the next hour (rounded up), then 1.
            assert int(response.headers["Retry-After"]) == (55 + 30) * 60
        check_response(verify(api, key_body(issued)), *VERIFY, 200)
        check_response(post_receipt(api, receipt_body(issued), staff=staff), *RECEIPT, 201)
    from chalicelib.usecases.common import wrong_key_bursts
    wrong_key_bursts.tell_bursts(moment)  # what the 5-minute sweep does
    events = check_response(get_events(api, surety_token, issued["guarantee"]["guarantee_id"]), *EVENTS, 200)["events"]
    assert [e["scope"] for e in events if e["type"] == "lockout"] == ["number"]


def test_verify_an_old_key_shows_its_own_version_and_a_superseded_banner(api, surety_token, issue_guarantee):
    issued = issue_guarantee()
    gid = issued["guarantee"]["guarantee_id"]
    amended = check_response(amend(api, surety_token, gid, amendment("increase", advance_increase(25_000_000))), *AMEND, 201)

    old_response = verify(api, key_body(issued))
    old = check_response(old_response, *VERIFY, 200)
    assert old["certificate"] == {**issued["guarantee"], "status": "superseded", "status_label": "変更済み"}
    assert old["guarantee"] == {"version": 1, "latest_version": 2, "status": "superseded", "status_label": "変更済み",
                                "cancellation": None}
    assert old["banner"]["kind"] == "superseded" and "第1回変更" in old["banner"]["message"]
    assert [h["version"] for h in old["history"]] == [1] and old["receipt"] is None
    # Nothing of version 2's content reaches the old key, not even inside the signature.
    signed = json.loads(base64.urlsafe_b64decode(old["jws"].split(".")[1] + "=="))
    assert signed["version"] == 1 and signed["certificate"] == issued["guarantee"]
    text = json.dumps({k: v for k, v in old.items() if k != "jws"}, ensure_ascii=False)
    assert "25000000" not in text and "25,000,000" not in text

    new = check_response(verify(api, key_body(amended)), *VERIFY, 200)
    assert new["certificate"] == amended["guarantee"] and new["banner"] is None
    assert [h["kind"] for h in new["history"]] == ["issued", "amended"]
    assert new["history"][1]["changes"] == [
        {"field": "amount", "label": "保証金額", "before": "22,000,000円", "after": "25,000,000円"},
        {"field": "project.contract_price", "label": "請負代金額", "before": "55,000,000円", "after": "62,500,000円"},
        {"field": "advance.amount", "label": "前払金額", "before": "22,000,000円", "after": "25,000,000円"}]


def test_verify_a_cancelled_guarantee(api, surety_token, issue_guarantee):
    issued = issue_guarantee()
    check_response(cancel(api, surety_token, issued["guarantee"]["guarantee_id"]), *CANCEL, 200)
    shown = check_response(verify(api, key_body(issued)), *VERIFY, 200)
    assert shown["certificate"]["status"] == shown["guarantee"]["status"] == "cancelled"
    assert shown["guarantee"]["cancellation"]["reason"] == "工事の中止"
    assert shown["banner"]["kind"] == "cancelled"
    error = check_response(post_receipt(api, receipt_body(issued)), *RECEIPT, 409)["error"]
    assert error["code"] == "receipt_not_allowed"


def test_verify_and_receipt_of_an_expired_guarantee(api, surety_token):
    moment = dt.datetime(2024, 7, 1, 3, 0, tzinfo=dt.timezone.utc)
    with clock_at(moment):
        from devtools.demo import demo_request
        body = demo_request(f"T-{uuid.uuid4().hex[:12].upper()}", moment.date())
        issued = check_response(issue(api, surety_token, body), *ISSUE, 201)
    shown = check_response(verify(api, key_body(issued)), *VERIFY, 200)
    assert (shown["guarantee"]["status"], shown["banner"]["kind"]) == ("expired", "expired")
    error = check_response(post_receipt(api, receipt_body(issued)), *RECEIPT, 409)["error"]
    assert error["code"] == "receipt_not_allowed"
