"""A guarantee's life: amendments (each a new version with its own key), cancellation,
expiry, receipts, and the event log — what each key shows, and what it never shows."""
from __future__ import annotations

import datetime as dt
import email
import email.policy
import json
import threading
import uuid

import pytest

from chalicelib.usecases import amend_guarantee
from chalicelib.domain import authkey
from chalicelib.usecases import sureties
from chalicelib.domain.errors import PortalError
from openapi_document import advance_increase
from support import TEST_SURETY_ID, TEST_SURETY_NAME, clock_at, current_store, guarantee_request, issue_headers, post_json, staff_headers

JST = dt.timezone(dt.timedelta(hours=9))
from support import OUTBOX  # noqa: E402


def today() -> dt.date:
    """The business date, from the product's clock (Japan's date)."""
    from chalicelib.adapters import clock
    return clock.today()


def amend(api, token, guarantee_id, base_version, reason, changes, key=None, **extra):
    body = {"base_version": base_version, "reason": reason, "effective_date": today().isoformat(),
            "changes": changes, **extra}
    return post_json(api, f"/v1/guarantees/{guarantee_id}/amendments", body, issue_headers(token, key))


def check(api, number, key):
    return post_json(api, "/v1/verifications", {"contract_number": number, "auth_key": key})


@pytest.fixture
def issued(issue_guarantee):
    return issue_guarantee(amount=20_000_000, completion_notice_email="soumu@asama.example")


def test_amend_twice_then_cancel_each_key_shows_its_own_version(api, surety_token, issued):
    gid, number = issued["guarantee"]["guarantee_id"], issued["guarantee"]["contract_number"]
    key1 = issued["auth_key"]
    first = amend(api, surety_token, gid, 1, "increase", advance_increase(25_000_000))
    assert first.status_code == 201, first.body
    key2 = first.json_body["auth_key"]
    assert first.json_body["version"] == 2 and key2 != key1
    assert first.json_body["guarantee"]["amount"] == 25_000_000
    new_end = (dt.date.fromisoformat(issued["guarantee"]["guarantee_period"]["end"]) + dt.timedelta(days=60))
    second = amend(api, surety_token, gid, 2, "extension",
                   {"guarantee_period": {"end": new_end.isoformat()}, "project": {"period": {
                       "end": (new_end - dt.timedelta(days=30)).isoformat()}}})
    assert second.status_code == 201, second.body
    key3 = second.json_body["auth_key"]

    # The latest key: its content, valid, the whole history, no banner.
    latest = check(api, number, key3).json_body
    assert latest["guarantee"] == {"version": 3, "latest_version": 3, "status": "valid", "status_label": "有効",
                                   "cancellation": None}
    assert latest["banner"] is None
    assert [(h["label"], h["reason_label"]) for h in latest["history"]] == [
        ("新規", None), ("第1回変更", "増額"), ("第2回変更", "保証期限変更")]
    assert latest["history"][1]["changes"] == [
        {"field": "amount", "label": "保証金額", "before": "20,000,000円", "after": "25,000,000円"},
        {"field": "project.contract_price", "label": "請負代金額", "before": "55,000,000円", "after": "62,500,000円"},
        {"field": "advance.amount", "label": "前払金額", "before": "20,000,000円", "after": "25,000,000円"}]
    assert latest["certificate"]["guarantee_period"]["end"] == new_end.isoformat()

    # The first key: its own content under the banner, nothing from later versions.
    old = check(api, number, key1)
    old_body = old.json_body
    assert old_body["certificate"]["amount"] == 20_000_000
    assert old_body["guarantee"]["status"] == "superseded" and old_body["certificate"]["status_label"] == "変更済み"
    assert old_body["banner"]["kind"] == "superseded"
    assert old_body["banner"]["message"] == (
        f"この電子保証は変更されています（最新：第3版・第2回変更 {today().year}年{today().month}月{today().day}日）")
    assert [h["version"] for h in old_body["history"]] == [1]
    assert "25,000,000" not in old.body.decode() and "25000000" not in old.body.decode()

    # Cancel: every key says so.
    cancel_day = today() + dt.timedelta(days=7)
    response = post_json(api, f"/v1/guarantees/{gid}/cancellation",
                         {"reason": "工事の中止", "date": cancel_day.isoformat()}, issue_headers(surety_token))
    assert response.status_code == 200, response.body
    for key in (key1, key2, key3):
        body = check(api, number, key).json_body
        assert body["guarantee"]["status"] == "cancelled" and body["certificate"]["status_label"] == "解約"
        assert body["banner"]["message"] == (
            f"この保証契約は解約されています（{cancel_day.year}年{cancel_day.month}月{cancel_day.day}日）")
        # Whom to ask: the contractor and the issuer, as this version names them.
        contractor = body["certificate"]["contractor"]["name"]
        assert body["banner"]["advice"].endswith(
            f"詳しくは、受注者（{contractor}）または発行元の保証会社（{TEST_SURETY_NAME}）にお問い合わせください。")
    again = post_json(api, f"/v1/guarantees/{gid}/cancellation", {"reason": "x", "date": today().isoformat()},
                      issue_headers(surety_token))
    assert again.status_code == 409 and again.json_body["error"]["code"] == "already_cancelled"
    refused = amend(api, surety_token, gid, 3, "decrease", {"amount": 1_000_000})
    assert refused.status_code == 409 and refused.json_body["error"]["code"] == "guarantee_cancelled"

    # The surety sees every version.
    full = api.get(f"/v1/guarantees/{gid}", headers={"Authorization": f"Bearer {surety_token}"}).json_body
    assert [v["certificate"]["amount"] for v in full["versions"]] == [20_000_000, 25_000_000, 25_000_000]
    assert full["status"] == "cancelled"


@pytest.mark.dynamodb  # six amendments of one version at once: the transaction's condition under concurrency
def test_concurrent_amendments_of_one_version_one_wins_nothing_lost(api, surety_token, issued):
    gid, number = issued["guarantee"]["guarantee_id"], issued["guarantee"]["contract_number"]
    caller = sureties.authenticate(f"Bearer {surety_token}", "amend")
    outcomes: list = []
    barrier = threading.Barrier(6)

    def attempt(amount):
        body = {"base_version": 1, "reason": "increase", "effective_date": today().isoformat(),
                "changes": {"amount": amount, "advance": {"amount": amount}}}
        barrier.wait()
        try:
            outcomes.append(("ok", amend_guarantee.amend(caller, gid, str(uuid.uuid4()), body)))
        except PortalError as e:
            outcomes.append((e.code, e))

    threads = [threading.Thread(target=attempt, args=(21_000_000 + i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(code for code, _ in outcomes) == ["ok"] + ["stale_version"] * 5
    winner = next(result for code, result in outcomes if code == "ok")
    versions = current_store().guarantees.list_versions(gid)
    assert [v.version.version for v in versions] == [1, 2]
    assert versions[1].version.terms.amount == winner.body["guarantee"]["amount"]
    # Exactly one new key works; the winner's.
    assert check(api, number, winner.body["auth_key"]).json_body["guarantee"]["version"] == 2
    assert [e["type"] for e in current_store().events.list(gid)].count("amended") == 1


def test_an_amendment_retry_gets_the_first_result_and_another_body_is_409(api, surety_token, issued):
    gid = issued["guarantee"]["guarantee_id"]
    key = str(uuid.uuid4())
    first = amend(api, surety_token, gid, 1, "increase", advance_increase(24_000_000), key=key)
    retry = amend(api, surety_token, gid, 1, "increase", advance_increase(24_000_000), key=key)
    assert first.status_code == retry.status_code == 201
    assert retry.json_body == first.json_body and retry.headers["Idempotent-Replayed"] == "true"
    other = amend(api, surety_token, gid, 1, "increase", advance_increase(23_000_000), key=key)
    assert other.status_code == 409 and other.json_body["error"]["code"] == "idempotency_key_reused"
    assert len(current_store().guarantees.list_versions(gid)) == 2


@pytest.mark.parametrize("reason, changes, field, code", [
    ("increase", advance_increase(19_000_000), "reason", "reason_mismatch"),
    ("decrease", advance_increase(21_000_000), "reason", "reason_mismatch"),
    ("other", {}, "changes", "no_changes"),
    ("increase", {"amount": 99_000_000, "advance": {"amount": 99_000_000}}, "changes.amount", "amount_exceeds_contract_price"),
    ("other", {"project": {"name": "工" * 201}}, "changes.project.name", "too_long"),
])
def test_amendments_follow_the_same_rules_as_issuance(api, surety_token, issued, reason, changes, field, code):
    response = amend(api, surety_token, issued["guarantee"]["guarantee_id"], 1, reason, changes)
    assert response.status_code == 400, response.body
    error = response.json_body["error"]
    found = {d["field"]: d["code"] for d in error.get("details", [error])}
    assert found[field] == code


def test_a_surety_cannot_see_or_change_another_suretys_guarantee(api, issued):
    sureties.register("other-surety", "別保証株式会社")
    _, other_token = sureties.create_token("other-surety")
    gid = issued["guarantee"]["guarantee_id"]
    headers = {"Authorization": f"Bearer {other_token}"}
    assert api.get(f"/v1/guarantees/{gid}", headers=headers).status_code == 404
    assert api.get(f"/v1/guarantees/{gid}/events", headers=headers).status_code == 404
    assert amend(api, other_token, gid, 1, "increase", advance_increase(25_000_000)).status_code == 404
    response = post_json(api, f"/v1/guarantees/{gid}/cancellation", {"reason": "x", "date": today().isoformat()},
                         issue_headers(other_token))
    assert response.status_code == 404
    listing = api.get("/v1/guarantees?orderer=202177", headers=headers).json_body
    assert gid not in {g["guarantee_id"] for g in listing["guarantees"]}


def test_expiry_follows_the_calendar(api, surety_token):
    issued_at = dt.datetime(2025, 7, 1, 0, 0, tzinfo=dt.timezone.utc)
    body = guarantee_request(guarantee_period={"start": "2025-07-01", "end": "2026-04-14"},
                             project={"name": "佐久市道路改良工事", "location": "佐久市",
                                      "contract_price": 55_000_000,
                                      "period": {"start": "2025-07-01", "end": "2026-03-14"}})
    with clock_at(issued_at):
        issued = post_json(api, "/v1/guarantees", body, issue_headers(surety_token)).json_body
    number, key = issued["guarantee"]["contract_number"], issued["auth_key"]
    with clock_at(dt.datetime(2026, 4, 14, 14, 59, tzinfo=dt.timezone.utc)):  # 23:59 JST on the last day
        assert check(api, number, key).json_body["guarantee"]["status"] == "valid"
    with clock_at(dt.datetime(2026, 4, 14, 15, 0, tzinfo=dt.timezone.utc)):  # 00:00 JST the day after
        body = check(api, number, key).json_body
        assert body["guarantee"]["status"] == "expired" and body["certificate"]["status_label"] == "期限満了"
        assert body["banner"]["kind"] == "expired"


def receipt(api, number, key, department="契約検査課", name="佐久 花子"):
    return post_json(api, "/v1/receipts", {"contract_number": number, "auth_key": key,
                                            "department": department, "name": name, "note": "前払金請求書と照合済み"},
                     staff_headers(api))


def test_a_receipt_is_recorded_once_mailed_and_shown_later(api, surety_token):
    sureties.register(TEST_SURETY_ID, "テスト建設業保証株式会社", {"department": "長野支店", "email": "nagano@surety.example"})
    try:
        body = guarantee_request(completion_notice_email="keiri@asama.example")
        issued = post_json(api, "/v1/guarantees", body, issue_headers(sureties.create_token(TEST_SURETY_ID)[1])).json_body
    finally:
        sureties.register(TEST_SURETY_ID, "テスト建設業保証株式会社")
    number, key = issued["guarantee"]["contract_number"], issued["auth_key"]
    first = receipt(api, number, key)
    assert first.status_code == 201, first.body
    day = today()
    label = f"受領済み（長野県佐久市 契約検査課、{day.year}年{day.month}月{day.day}日）"
    assert first.json_body["receipt"]["label"] == label and first.json_body["newly_recorded"] is True
    second = receipt(api, number, key, "建設課", "別の 職員")
    assert second.status_code == 200
    assert second.json_body["newly_recorded"] is False and second.json_body["receipt"]["name"] == "佐久 花子"
    assert check(api, number, key).json_body["receipt"]["label"] == label

    mails = [email.message_from_bytes(p.read_bytes(), policy=email.policy.default) for p in OUTBOX.glob("*.eml")]
    receipts = [m for m in mails if m["Subject"] == f"電子保証の受領確認のお知らせ（保証契約番号：{number}）"]
    assert sorted(m["To"] for m in receipts) == ["keiri@asama.example", "nagano@surety.example"]
    assert all(key not in m.as_string() and authkey.parse(key) not in m.as_string() for m in receipts)


def test_no_receipt_on_an_old_version(api, surety_token, issued):
    gid, number = issued["guarantee"]["guarantee_id"], issued["guarantee"]["contract_number"]
    assert amend(api, surety_token, gid, 1, "increase", advance_increase(21_000_000)).status_code == 201
    response = receipt(api, number, issued["auth_key"])
    assert response.status_code == 409 and response.json_body["error"]["code"] == "receipt_not_allowed"


def test_the_event_log_lists_every_action_in_order_without_key_material(api, surety_token, issued):
    gid, number, key1 = (issued["guarantee"]["guarantee_id"], issued["guarantee"]["contract_number"],
                         issued["auth_key"])
    check(api, number, key1)
    check(api, number, "0000-0000-0000-0000-0000-0000-00" + authkey._with_check("0" * 26)[-2:])
    key2 = amend(api, surety_token, gid, 1, "increase", advance_increase(26_000_000)).json_body["auth_key"]
    check(api, number, key1)
    receipt(api, number, key2)
    post_json(api, f"/v1/guarantees/{gid}/cancellation", {"reason": "契約解除", "date": today().isoformat()},
              issue_headers(surety_token))
    response = api.get(f"/v1/guarantees/{gid}/events", headers={"Authorization": f"Bearer {surety_token}"})
    events = response.json_body["events"]
    assert [(e["type"], e.get("outcome"), e.get("version")) for e in events] == [
        ("issued", None, 1), ("verification", "success", 1),
        ("amended", None, 2), ("verification", "success", 1), ("verification", "success", 2),
        ("receipt", None, 2), ("cancelled", None, None)]
    assert [e["at"] for e in events] == sorted(e["at"] for e in events)
    assert {e["actor"]["kind"] for e in events} == {"surety", "orderer"}
    blob = json.dumps(events, ensure_ascii=False)
    for key in (key1, key2):
        for form in (key, authkey.parse(key), key.lower()):
            assert form not in blob


def test_lists_are_paginated_per_surety(api, surety_token, issue_guarantee):
    corporate = "7000012050002"
    mine = {issue_guarantee(contractor={"name": "国税建設株式会社", "address": "東京都千代田区霞が関3-1-1",
                                        "representative": "代表 国税 太郎", "corporate_number": corporate}
                            )["guarantee"]["guarantee_id"] for _ in range(3)}
    seen, cursor = [], None
    while True:
        url = f"/v1/guarantees?contractor={corporate}&limit=2" + (f"&cursor={cursor}" if cursor else "")
        page = api.get(url, headers={"Authorization": f"Bearer {surety_token}"}).json_body
        seen += [g["guarantee_id"] for g in page["guarantees"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert mine <= set(seen) and len(seen) == len(set(seen))
    tampered = api.get("/v1/guarantees?orderer=202177&cursor=" + "e30." + "0" * 32,
                       headers={"Authorization": f"Bearer {surety_token}"})
    assert tampered.status_code == 400 and tampered.json_body["error"]["code"] == "invalid_cursor"
