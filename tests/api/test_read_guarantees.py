"""What a surety reads (read_guarantees): a guarantee with every version, its events page by page,
the lists by orderer and by contractor, and cursors, limits and queries that are refused."""
from __future__ import annotations


import pytest

from openapi_document import (AMEND, advance_increase, CANCEL, COPIES, EVENTS, GET_ONE, ISSUE, LIST, NOTICES, RECEIPT, VERIFY, amend,
                              amendment, cancel, check_response, deref, every_page, get_events, get_guarantee, issue,
                              key_body, list_guarantees, new_surety, pointer, post_for_pdf, post_receipt, receipt_body,
                              schema_errors, verify)
from support import guarantee_request


def test_get_guarantee_200_every_version(api, surety_token, issue_guarantee):
    issued = issue_guarantee()
    gid = issued["guarantee"]["guarantee_id"]
    amended = check_response(amend(api, surety_token, gid, amendment("increase", advance_increase(25_000_000),
                                                                     note="増額")), *AMEND, 201)
    receipt = check_response(post_receipt(api, receipt_body(amended)), *RECEIPT, 201)["receipt"]
    got = check_response(get_guarantee(api, surety_token, gid), *GET_ONE, 200)
    assert (got["guarantee_id"], got["contract_number"]) == (gid, issued["guarantee"]["contract_number"])
    assert (got["latest_version"], got["status"], got["cancellation"]) == (2, "valid", None)
    assert [v["label"] for v in got["versions"]] == ["新規", "第1回変更"]
    assert got["versions"][0]["certificate"] == {**issued["guarantee"], "status": "superseded",
                                                 "status_label": "変更済み"}
    assert got["versions"][1]["certificate"] == amended["guarantee"]
    assert got["versions"][0]["amendment"] is None
    assert {k: got["versions"][1]["amendment"][k] for k in ("reason", "note")} == {"reason": "increase", "note": "増額"}
    assert [v["receipt"] for v in got["versions"]] == [None, receipt]
    assert [h["version"] for h in got["history"]] == [1, 2]


def test_events_200_every_page_once(api, surety_token, issue_guarantee):
    from chalicelib.domain import authkey
    issued = issue_guarantee()
    gid = issued["guarantee"]["guarantee_id"]
    check_response(verify(api, key_body(issued)), *VERIFY, 200)
    check_response(verify(api, {**key_body(issued), "auth_key": authkey.display(authkey.generate())}), *VERIFY, 404)
    assert post_for_pdf(api, NOTICES[0], key_body(issued)).status_code == 200
    assert post_for_pdf(api, COPIES[0], key_body(issued)).status_code == 200
    amended = check_response(amend(api, surety_token, gid, amendment()), *AMEND, 201)
    check_response(post_receipt(api, receipt_body(amended)), *RECEIPT, 201)
    check_response(cancel(api, surety_token, gid), *CANCEL, 200)

    whole = check_response(get_events(api, surety_token, gid, limit=100), *EVENTS, 200)
    assert whole["next_cursor"] is None
    assert [e["type"] for e in whole["events"]] == [
        "issued", "verification", "verification", "verification", "amended", "verification", "receipt",
        "cancelled"]
    assert [(e["outcome"], e["purpose"], e["actor"]["kind"]) for e in whole["events"] if e["type"] == "verification"] == [
        ("success", "verify", "orderer"), ("success", "notice", "key_holder"),
        ("success", "copy", "key_holder"), ("success", "receipt", "orderer")]
    paged, pages = every_page(lambda cursor: get_events(api, surety_token, gid, limit=1,
                                                        **({"cursor": cursor} if cursor else {})), EVENTS, "events")
    assert paged == whole["events"]  # each event exactly once, in order
    assert pages >= len(whole["events"])


def test_list_by_orderer_and_by_contractor_follow_next_cursor(api, surety_token):
    """A surety of its own, so the lists hold exactly what this test issued."""
    token = new_surety("openapi-list-surety", "一覧テスト保証株式会社")
    contractor = {"name": "浅間建設株式会社", "address": "長野県佐久市中込1丁目1番1号",
                  "representative": "代表取締役 佐久 太郎", "corporate_number": "7000012050002"}
    with_number = [check_response(issue(api, token, guarantee_request(contractor=contractor)), *ISSUE, 201)
                   for _ in range(2)]
    without = check_response(issue(api, token, guarantee_request()), *ISSUE, 201)
    ids = lambda items: [i["guarantee_id"] for i in items]  # noqa: E731

    by_orderer, pages = every_page(lambda cursor: list_guarantees(
        api, token, orderer="202177", limit=1, **({"cursor": cursor} if cursor else {})), LIST, "guarantees")
    assert len(ids(by_orderer)) == len(set(ids(by_orderer))) == 3 and pages >= 3
    assert set(ids(by_orderer)) == {g["guarantee"]["guarantee_id"] for g in (*with_number, without)}
    assert [g["created_at"] for g in by_orderer] == sorted((g["created_at"] for g in by_orderer), reverse=True)
    assert check_response(list_guarantees(api, token, orderer="202177"), *LIST, 200) == {
        "guarantees": by_orderer, "next_cursor": None}

    by_contractor, _ = every_page(lambda cursor: list_guarantees(
        api, token, contractor="7000012050002", limit=1, **({"cursor": cursor} if cursor else {})), LIST, "guarantees")
    assert sorted(ids(by_contractor)) == sorted(g["guarantee"]["guarantee_id"] for g in with_number)
    assert all(g["status"] == "active" and g["latest_version"] == 1 for g in by_contractor)

    # The test surety's own lists never show this surety's guarantees, and vice versa.
    mine = check_response(list_guarantees(api, surety_token, contractor="7000012050002", limit=100), *LIST, 200)
    assert not set(ids(mine["guarantees"])) & set(ids(by_orderer))


def test_list_by_contractor_follows_an_amended_corporate_number(api):
    token = new_surety("openapi-corporate-surety", "法人番号テスト保証株式会社")
    issued = check_response(issue(api, token, guarantee_request()), *ISSUE, 201)  # no 法人番号
    gid = issued["guarantee"]["guarantee_id"]
    changes = {"contractor": {"corporate_number": "7000012050002"}}
    check_response(amend(api, token, gid, amendment("other", changes)), *AMEND, 201)
    listed = check_response(list_guarantees(api, token, contractor="7000012050002"), *LIST, 200)["guarantees"]
    assert gid in [g["guarantee_id"] for g in listed]


def test_list_and_events_400_invalid_cursor(api, surety_token, other_token, issue_guarantee):
    token = new_surety("openapi-cursor-surety", "カーソルテスト保証株式会社")
    contractor = {**guarantee_request()["contractor"], "corporate_number": "7000012050002"}
    for _ in range(2):
        check_response(issue(api, token, guarantee_request(contractor=contractor)), *ISSUE, 201)
    orderer_cursor = check_response(list_guarantees(api, token, orderer="202177", limit=1), *LIST, 200)["next_cursor"]
    contractor_cursor = check_response(list_guarantees(api, token, contractor="7000012050002", limit=1),
                                       *LIST, 200)["next_cursor"]
    assert orderer_cursor and contractor_cursor
    first, second = (issue_guarantee()["guarantee"]["guarantee_id"] for _ in range(2))
    events_cursor = check_response(get_events(api, surety_token, first, limit=1), *EVENTS, 200)["next_cursor"]
    assert events_cursor
    # The cursors work where they came from.
    check_response(list_guarantees(api, token, orderer="202177", limit=1, cursor=orderer_cursor), *LIST, 200)
    check_response(get_events(api, surety_token, first, limit=1, cursor=events_cursor), *EVENTS, 200)

    tampered = orderer_cursor[:-1] + ("0" if orderer_cursor[-1] != "0" else "1")
    body, _, signature = orderer_cursor.partition(".")
    forged_body = body[:-2] + ("AA" if body[-2:] != "AA" else "BB") + "." + signature
    attempts = [
        (list_guarantees(api, token, orderer="202177", cursor=tampered), LIST),
        (list_guarantees(api, token, orderer="202177", cursor=forged_body), LIST),
        (list_guarantees(api, token, orderer="202177", cursor="not-a-cursor"), LIST),
        (list_guarantees(api, token, orderer="202177", cursor="あ.b"), LIST),
        # Valid cursors of another list: another index, another surety, another guarantee's events.
        (list_guarantees(api, token, orderer="202177", cursor=contractor_cursor), LIST),
        (list_guarantees(api, token, contractor="7000012050002", cursor=orderer_cursor), LIST),
        (list_guarantees(api, other_token, orderer="202177", cursor=orderer_cursor), LIST),
        (list_guarantees(api, token, orderer="202177", cursor=events_cursor), LIST),
        (get_events(api, surety_token, second, cursor=events_cursor), EVENTS),
        (get_events(api, surety_token, first, cursor=orderer_cursor), EVENTS),
    ]
    for response, where in attempts:
        error = check_response(response, *where, 400)["error"]
        assert (error["code"], error["field"]) == ("invalid_cursor", "cursor")


@pytest.mark.parametrize("limit", ["0", "101", "abc", "1.5", "-1", "+5", "１"])
def test_list_and_events_400_invalid_limit(api, surety_token, issue_guarantee, limit):
    gid = issue_guarantee()["guarantee"]["guarantee_id"]
    for response, where in ((list_guarantees(api, surety_token, orderer="202177", limit=limit), LIST),
                            (get_events(api, surety_token, gid, limit=limit), EVENTS)):
        error = check_response(response, *where, 400)["error"]
        assert (error["code"], error["field"]) == ("invalid_limit", "limit")
    limit_schema = deref(pointer("components", "parameters", "Limit"))[0] + "/schema"
    for out_of_range in (0, 101):
        assert schema_errors(limit_schema, out_of_range)


@pytest.mark.parametrize("query, code, field", [
    ({}, "invalid_query", "orderer"),
    ({"orderer": "202177", "contractor": "7000012050002"}, "invalid_query", "orderer"),
    ({"orderer": "131016"}, "orderer_not_found", "orderer"),
    ({"contractor": "123"}, "invalid_corporate_number", "contractor"),
    ({"contractor": "8000012050002"}, "invalid_corporate_number", "contractor"),
])
def test_list_400_query(api, surety_token, query, code, field):
    error = check_response(list_guarantees(api, surety_token, **query), *LIST, 400)["error"]
    assert (error["code"], error["field"]) == (code, field)


def test_every_bad_query_value_is_named_at_once(api, surety_token):
    response = list_guarantees(api, surety_token, orderer="202177", cursor="", limit="0")
    error = check_response(response, *LIST, 400)["error"]
    assert [(d["code"], d["field"]) for d in error["details"]] == [("invalid_cursor", "cursor"), ("invalid_limit", "limit")]


def test_a_number_too_long_for_int_is_a_refusal_not_a_server_error(api, surety_token):
    """Python refuses to read a string of over 4,300 digits as an int: that must stay a 400."""
    error = check_response(list_guarantees(api, surety_token, orderer="202177", limit="9" * 5000), *LIST, 400)["error"]
    assert (error["code"], error["field"]) == ("invalid_limit", "limit")
