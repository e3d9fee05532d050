"""POST /v1/guarantees/{id}/amendments (amend_guarantee): a new version with its own key, replayed on
a retry; mismatched reasons, bad changes, other sureties' guarantees and stale versions refused."""
from __future__ import annotations

import json
import uuid


from openapi_document import (AMEND, CANCEL, EVENTS, GET_ONE, ISSUE, UNKNOWN_ID, advance_increase, amend, amendment, cancel,
                              check_response, get_events, get_guarantee, issue, shifted)
from support import guarantee_request


def test_amend_201_then_replay_with_the_same_key(api, surety_token, issue_guarantee):
    issued = issue_guarantee()
    gid = issued["guarantee"]["guarantee_id"]
    body = amendment("increase", {"amount": 25_000_000, "advance": {"amount": 25_000_000},
                                  "project": {"contract_price": 62_500_000}},
                     note="請負代金額の増額に伴う変更")
    key = str(uuid.uuid4())
    first = amend(api, surety_token, gid, body, key)
    amended = check_response(first, *AMEND, 201)
    assert "idempotent-replayed" not in {h.lower() for h in first.headers}
    assert amended["version"] == amended["guarantee"]["version"] == 2
    assert amended["guarantee"]["guarantee_id"] == gid
    assert (amended["guarantee"]["amount"], amended["guarantee"]["project"]["contract_price"]) == (25_000_000, 62_500_000)
    assert amended["guarantee"]["project"]["name"] == issued["guarantee"]["project"]["name"]  # untouched by the partial
    assert amended["auth_key"] != issued["auth_key"]

    reordered = json.dumps(dict(reversed(list(body.items()))), ensure_ascii=False, indent=2).encode("utf-8")
    replay = amend(api, surety_token, gid, None, key, raw=reordered)
    assert check_response(replay, *AMEND, 201) == amended  # same version, same key
    assert replay.headers["Idempotent-Replayed"] == "true"

    # The same key for another request (another body, another guarantee, an issuance): 409.
    other = issue_guarantee()["guarantee"]["guarantee_id"]
    for response, where in ((amend(api, surety_token, gid, {**body, "note": "別の内容"}, key), AMEND),
                            (amend(api, surety_token, other, body, key), AMEND),
                            (issue(api, surety_token, guarantee_request(), key), ISSUE)):
        error = check_response(response, *where, 409)["error"]
        assert (error["code"], error["field"]) == ("idempotency_key_reused", "Idempotency-Key")
    assert check_response(get_guarantee(api, surety_token, gid), *GET_ONE, 200)["latest_version"] == 2


def test_amend_400_reason_mismatch_and_no_changes(api, surety_token, issue_guarantee):
    gid = issue_guarantee()["guarantee"]["guarantee_id"]
    cases = [
        (amendment("increase", advance_increase(20_000_000)), "reason_mismatch", "reason"),
        (amendment("decrease", advance_increase(25_000_000)), "reason_mismatch", "reason"),
        (amendment("extension", advance_increase(25_000_000)), "reason_mismatch", "reason"),
        (amendment("other", {"amount": 22_000_000}), "no_changes", "changes"),
        (amendment("other", {"project": {}}), "no_changes", "changes"),
        (amendment("other", {}), "no_changes", "changes"),
    ]
    for body, code, field in cases:
        error = check_response(amend(api, surety_token, gid, body), *AMEND, 400)["error"]
        assert (code, field) in {(d["code"], d.get("field")) for d in error.get("details", [error])}, body
    assert check_response(get_guarantee(api, surety_token, gid), *GET_ONE, 200)["latest_version"] == 1


def test_amend_400_a_field_inside_changes_is_reported_with_its_path(api, surety_token, issue_guarantee):
    issued = issue_guarantee()
    gid = issued["guarantee"]["guarantee_id"]
    works_end = issued["guarantee"]["project"]["period"]["end"]
    cases = [
        ({"amount": "25000000"}, "invalid_amount", "changes.amount"),
        ({"amount": 60_000_000}, "amount_exceeds_contract_price", "changes.amount"),
        ({"project": {"period": {"end": "2027-02-30"}}}, "invalid_date", "changes.project.period.end"),
        ({"project": {"name": "   "}}, "missing_field", "changes.project.name"),
        ({"contractor": {"note": "x"}}, "unknown_field", "changes.contractor.note"),
        ({"kind": "contract"}, "unknown_field", "changes.kind"),
        ({"guarantee_period": {"end": shifted(works_end, -1)}}, "guarantee_period_ends_before_works",
         "changes.guarantee_period.end"),
    ]
    for changes, code, field in cases:
        error = check_response(amend(api, surety_token, gid, amendment("other", changes)), *AMEND, 400)["error"]
        assert (code, field) in {(d["code"], d.get("field")) for d in error.get("details", [error])}, changes


def test_amend_404_unknown_and_other_suretys_guarantees(api, surety_token, other_token, issue_guarantee):
    """Another surety's guarantee is answered exactly like one that does not exist."""
    theirs = issue_guarantee()["guarantee"]["guarantee_id"]  # the test surety's
    answers = []
    for gid in (UNKNOWN_ID, "not-an-id", theirs):
        for response, where in ((amend(api, other_token, gid, amendment()), AMEND),
                                (cancel(api, other_token, gid), CANCEL),
                                (get_guarantee(api, other_token, gid), GET_ONE),
                                (get_events(api, other_token, gid), EVENTS)):
            answers.append(check_response(response, *where, 404))
    assert all(a == {"error": {"code": "guarantee_not_found", "message": "保証契約が見つかりません。"}} for a in answers)
    untouched = check_response(get_guarantee(api, surety_token, theirs), *GET_ONE, 200)
    assert (untouched["latest_version"], untouched["status"], untouched["cancellation"]) == (1, "valid", None)


def test_amend_409_stale_version(api, surety_token, issue_guarantee):
    gid = issue_guarantee()["guarantee"]["guarantee_id"]
    check_response(amend(api, surety_token, gid, amendment("increase", advance_increase(25_000_000))), *AMEND, 201)
    stale = amend(api, surety_token, gid, amendment("increase", advance_increase(30_000_000)))  # version 1 again
    error = check_response(stale, *AMEND, 409)["error"]
    assert (error["code"], error["field"]) == ("stale_version", "base_version")
    assert "第2版" in error["message"]
    state = check_response(get_guarantee(api, surety_token, gid), *GET_ONE, 200)
    assert state["latest_version"] == 2 and state["versions"][-1]["certificate"]["amount"] == 25_000_000
    # Based on the latest version, it goes through.
    again = amend(api, surety_token, gid, amendment("increase", advance_increase(30_000_000), base_version=2))
    assert check_response(again, *AMEND, 201)["version"] == 3
