"""POST /v1/verifications, the orderer's check: one answer for any wrong pair, typo help
before any database access, every attempt in the guarantee's event log (never the key)."""
from __future__ import annotations

import json

import pytest

from chalicelib.domain import authkey
from support import current_store, post_json


def verify(api, number, key, source_ip=None):
    return post_json(api, "/v1/verifications", {"contract_number": number, "auth_key": key})


def test_the_right_number_and_key_show_the_certificate(api, issue_guarantee):
    issued = issue_guarantee()
    g = issued["guarantee"]
    response = verify(api, g["contract_number"], issued["auth_key"])
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    body = response.json_body
    assert body["certificate"] == g
    assert body["guarantee"] == {"version": 1, "latest_version": 1, "status": "valid", "status_label": "有効",
                                 "cancellation": None}
    assert body["banner"] is None and body["receipt"] is None
    assert [(h["version"], h["label"]) for h in body["history"]] == [(1, "新規")]


def test_the_answer_carries_the_certificate_as_printed_and_when_the_portal_checked(api, issue_guarantee):
    """A page lays out the API's own words (まとめて確認: 種類, 保証金額, 保証期間) and dates what it
    saves by the portal's clock, not the PC's."""
    import datetime as dt
    from chalicelib.domain import certificate_text
    from support import clock_at
    issued = issue_guarantee()
    g = issued["guarantee"]
    with clock_at(dt.datetime(2026, 12, 1, 15, 30, 5, tzinfo=dt.timezone.utc)):  # 2026年12月2日 0時30分 in Japan
        body = verify(api, g["contract_number"], issued["auth_key"]).json_body
    assert body["as_of"] == "2026-12-01T15:30:05Z"
    assert body["as_of_label"] == "2026年12月2日 00:30（日本時間）"
    # The rows the PDFs print, each with the key a script finds it by (never by its wording).
    assert [(s["title"], [(r["label"], r["lines"]) for r in s["rows"]]) for s in body["sections"]] \
        == certificate_text.sections(body["certificate"])
    assert [s["key"] for s in body["sections"]] == ["guarantee", "project", "contractor", "surety"]
    rows = {r["key"]: (r["label"], r["lines"]) for r in body["sections"][0]["rows"]}
    assert rows["kind"] == ("保証の種類", ["前払金保証"]) and rows["amount"] == ("保証金額", [f"{g['amount']:,}円"])
    assert rows["guarantee_period"][1][0].startswith(f"{int(g['guarantee_period']['start'][:4])}年")
    assert "cancellation" not in rows
    orderer = {r["key"]: r["lines"] for r in body["sections"][1]["rows"]}["orderer"]
    assert orderer == ["長野県佐久市"]  # as the notice prints it
    assert body["history_rows"] == [{"version": "第1版", "date": "{}年{}月{}日".format(
        *(int(p) for p in g["issue_date"].split("-"))), "content": "新規", "changes": []}]


def test_typed_variants_of_the_key_and_number_are_accepted(api, issue_guarantee):
    issued = issue_guarantee()
    number, key = issued["guarantee"]["contract_number"], issued["auth_key"]
    full_width = number.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-"})
    response = verify(api, full_width.lower(), " " + key.lower().replace("-", " ") + " ")
    assert response.status_code == 200


def test_wrong_key_and_wrong_number_get_the_same_answer(api, issue_guarantee):
    a, b = issue_guarantee(), issue_guarantee()
    wrong_key = verify(api, a["guarantee"]["contract_number"], b["auth_key"])
    wrong_number = verify(api, "NO-SUCH-NUMBER-1", a["auth_key"])
    assert wrong_key.status_code == wrong_number.status_code == 404
    assert wrong_key.json_body == wrong_number.json_body
    error = wrong_key.json_body["error"]
    assert error["code"] == "not_found" and "field" not in error
    assert "保証契約番号または認証キー" in error["message"]


def test_a_typo_in_the_key_is_explained_and_touches_nothing(api, issue_guarantee):
    issued = issue_guarantee()
    key = issued["auth_key"]
    typo = ("A" if key[0] != "A" else "B") + key[1:]
    response = verify(api, issued["guarantee"]["contract_number"], typo)
    assert response.status_code == 400
    assert response.json_body["error"]["code"] == "auth_key_typo"
    assert response.json_body["error"]["field"] == "auth_key"
    events = current_store().events.list(issued["guarantee"]["guarantee_id"])
    assert [e["type"] for e in events] == ["issued"]


def _replaced(key: str, position: int) -> str:
    return key[:position] + ("0" if key[position] != "0" else "1") + key[position + 1:]


def test_a_typo_message_names_the_groups_it_can_be_in_and_offers_the_pdf(api, issue_guarantee):
    issued = issue_guarantee()
    number, key = issued["guarantee"]["contract_number"], authkey.parse(issued["auth_key"])
    for position in (0, 9, 27):
        typo = _replaced(key, position)
        groups = authkey.typo_groups(typo)
        message = verify(api, number, authkey.display(typo)).json_body["error"]["message"]
        assert position // 4 + 1 in groups  # the group really mistyped is always among those that fit
        if len(groups) <= 3:  # named; more would say nothing (the key is random: either case may come)
            assert "・".join(f"{g}番目" for g in groups) in message
            assert "1文字の打ち間違いか、隣り合う2文字の入れ替わりであれば" in message
        else:
            assert "番目" not in message and "1文字ずつ照らし合わせてください" in message
        assert message.endswith("お知らせのPDFを選ぶと、入力せずに確認できます。")


def test_a_typo_no_single_error_explains_says_so(api, issue_guarantee):
    issued = issue_guarantee()
    number, key = issued["guarantee"]["contract_number"], authkey.parse(issued["auth_key"])
    # Two wrong symbols whose sum no single substitution or swap explains (searched, not guessed).
    typo = next(t for i in range(28) for j in range(i + 1, 28)
                if (t := _replaced(_replaced(key, i), j)) != key and not authkey.typo_groups(t)
                and authkey._with_check(t[:26]) != t)
    message = verify(api, number, typo).json_body["error"]["message"]
    assert "2か所以上が違っているようです。" in message and "番目" not in message
    assert "お知らせのPDFを選ぶと、入力せずに確認できます。" in message


def test_the_not_found_answer_says_whom_to_ask_and_is_the_same_for_any_number(api, issue_guarantee):
    issued = issue_guarantee()
    messages = {verify(api, number, key).json_body["error"]["message"]
                for number, key in ((issued["guarantee"]["contract_number"], issue_guarantee()["auth_key"]),
                                    ("NO-SUCH-NUMBER-2", issued["auth_key"]))}
    assert len(messages) == 1  # nothing tells whether the number exists
    message = messages.pop()
    assert "それでも確認できないときは、お知らせを送ってきた受注者か、お知らせに記載の保証会社にお問い合わせください。" in message
    assert "お知らせのPDFを選ぶと、入力せずに確認できます" in message


@pytest.mark.parametrize("body, field, code", [
    ({"contract_number": "SAKU-2024-0001"}, "auth_key", "missing_field"),
    ({"auth_key": "0000-0000-0000-0000-0000-0000-0000"}, "contract_number", "missing_field"),
    ({"contract_number": "SAKU-2024-0001", "auth_key": "1234"}, "auth_key", "invalid_auth_key"),
    ({"contract_number": "佐久", "auth_key": "0000-0000-0000-0000-0000-0000-0000"}, "contract_number",
     "invalid_contract_number"),
    ({"contract_number": 20240001, "auth_key": "0000-0000-0000-0000-0000-0000-0000"}, "contract_number",
     "invalid_contract_number"),
    ({"contract_number": "SAKU-2024-0001", "auth_key": ["x"]}, "auth_key", "invalid_type"),
    ({"contract_number": "SAKU-2024-0001", "auth_key": 1234}, "auth_key", "invalid_type"),
])
def test_malformed_requests_get_400_with_the_field(api, body, field, code):
    response = post_json(api, "/v1/verifications", body)
    assert response.status_code == 400
    found = {d["field"]: d["code"] for d in response.json_body["error"].get("details", [response.json_body["error"]])}
    assert found[field] == code


def test_the_key_is_never_accepted_in_the_url(api, issue_guarantee):
    issued = issue_guarantee()
    response = api.get(f"/v1/verifications?contract_number={issued['guarantee']['contract_number']}"
                       f"&auth_key={issued['auth_key']}")
    assert response.status_code in (403, 404, 405)


def test_every_opening_is_logged_on_the_guarantee_without_the_key(api, issue_guarantee):
    issued, other = issue_guarantee(), issue_guarantee()
    number = issued["guarantee"]["contract_number"]
    assert verify(api, number, issued["auth_key"]).status_code == 200
    assert verify(api, number, other["auth_key"]).status_code == 404
    assert verify(api, number, issued["auth_key"].lower()).status_code == 200
    events = current_store().events.list(issued["guarantee"]["guarantee_id"])
    # A wrong key is counted, not logged here: it costs what a number nobody issued costs.
    assert [(e["type"], e.get("outcome")) for e in events] == [
        ("issued", None), ("verification", "success"), ("verification", "success")]
    for e in events[1:]:
        assert e["actor"]["kind"] == "orderer" and len(e["actor"]["client"]) == 16
        assert e["at"].endswith("Z")
    blob = json.dumps(events)
    for key in (issued["auth_key"], other["auth_key"]):
        assert key not in blob and authkey.parse(key) not in blob


def test_orderers_come_from_the_registry(api, store):
    from registry_writes import enrolment_changed
    response = api.get("/v1/orderers")
    assert response.status_code == 200
    saku = next(o for o in response.json_body["orderers"] if o["id"] == "202177")
    assert saku == {"id": "202177", "name": "佐久市", "prefecture": "長野県", "accepts_from": "2024-07-01",
                    "kinds": ["advance_payment", "interim_advance_payment", "contract"],
                    "scope": "佐久市が電子保証の利用を認めた工事・業務委託", "paper_still_accepted": True}
    # Changed in the store: the next request says so, and a suspended orderer is not listed.
    with enrolment_changed(store, "202177", scope="試行の工事", paper_still_accepted=False):
        changed = next(o for o in api.get("/v1/orderers").json_body["orderers"] if o["id"] == "202177")
        assert (changed["scope"], changed["paper_still_accepted"]) == ("試行の工事", False)
    with enrolment_changed(store, "202177", suspended=True):
        assert "202177" not in {o["id"] for o in api.get("/v1/orderers").json_body["orderers"]}


def test_no_cross_origin_access_is_granted(api, issue_guarantee):
    # The site and the API share one origin: the API grants CORS to nobody.
    issued = issue_guarantee()
    response = api.post("/v1/verifications", headers={"Content-Type": "application/json",
                                                       "Origin": "https://evil.example"},
                        body=json.dumps({"contract_number": issued["guarantee"]["contract_number"],
                                         "auth_key": issued["auth_key"]}).encode())
    assert response.status_code == 200
    assert not any(h.lower().startswith("access-control-") for h in response.headers)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
