"""The verify page through a guarantee's life, in real Chromium: an amended guarantee seen
through its new and its old key, a cancelled one, and the orderer's 受領確認.

The first tests drive the real API (amendments and cancellations go through the surety
API with the test token); the last ones answer from a stubbed API to reach rendering
edge cases the real one does not produce on demand.
"""
from __future__ import annotations

import datetime as dt
import json

import pytest
from playwright.sync_api import expect

from openapi_document import advance_increase
from support import codes_sent_to, issue_headers, post_json, staff_address, staff_headers, verify_in_page

pytestmark = pytest.mark.e2e

JST = dt.timezone(dt.timedelta(hours=9))
NETWORK_ERROR = "通信に失敗しました。時間をおいて再度お試しください。"
RECORD = "受領を記録する"


# ---- helpers ----

def today_jst() -> dt.date:
    """The business date the server dates receipts and checks amendments by (Japan's)."""
    from chalicelib.adapters import clock
    return clock.today()


def jp_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def amend(api, token, issued, amount, base_version=1, reason="increase"):
    body = {"base_version": base_version, "reason": reason, "effective_date": today_jst().isoformat(),
            "changes": advance_increase(amount)}
    response = post_json(api, f"/v1/guarantees/{issued['guarantee']['guarantee_id']}/amendments", body,
                         issue_headers(token))
    assert response.status_code == 201, response.body
    return response.json_body


def cancel(api, token, issued, date, reason="工事の中止"):
    response = post_json(api, f"/v1/guarantees/{issued['guarantee']['guarantee_id']}/cancellation",
                         {"reason": reason, "date": date.isoformat()}, issue_headers(token))
    assert response.status_code == 200, response.body


def record_by_api(api, issued_or_amended, contract_number, department="契約検査課", name="佐久 花子"):
    response = post_json(api, "/v1/receipts", {
        "contract_number": contract_number, "auth_key": issued_or_amended["auth_key"],
        "department": department, "name": name}, staff_headers(api))
    assert response.status_code == 201, response.body
    return response.json_body["receipt"]


def open_verify(page, portal_url):
    page.goto(f"{portal_url}/orderer/verify/")
    expect(page.get_by_label("保証契約番号")).to_be_visible()


def check(page, contract_number, auth_key):
    verify_in_page(page, contract_number, auth_key)


def field(page, name):
    return page.locator(f'#verify-result [data-field="{name}"]')


def banner(page):
    return page.locator("#verify-banner")


def history(page):
    # By its caption: the accessible name a screen reader announces.
    return page.get_by_role("table", name="変更の履歴")


def sign_in_in_page(page, address=None):
    """Sign in as a member of 佐久市's staff with the code mailed to the local outbox."""
    address = address or staff_address()
    expect(page.get_by_label("職場のメールアドレス")).to_be_focused()
    page.get_by_label("職場のメールアドレス").fill(address)
    page.get_by_role("button", name="確認コードを送る").click()
    expect(page.get_by_label("確認コード（8桁の数字）")).to_be_focused()
    page.get_by_label("確認コード（8桁の数字）").fill(codes_sent_to(address)[-1])
    page.get_by_role("button", name="サインイン", exact=True).click()


def record_receipt(page, department, name, note=None):
    page.get_by_role("button", name=RECORD).click()
    form_or_sign_in = page.locator("#receipt-form:visible, #staff-sign-in:visible").first
    expect(form_or_sign_in).to_be_visible()
    if page.locator("#staff-sign-in").is_visible():
        sign_in_in_page(page)
    expect(page.get_by_label("担当部署")).to_be_focused()
    page.get_by_label("担当部署").select_option(department.strip())
    page.get_by_label("氏名").fill(name)
    if note is not None:
        page.get_by_label("メモ").fill(note)
    page.get_by_role("button", name="記録する", exact=True).click()


def no_horizontal_scroll(page, width):
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    # Also nothing cut off inside a box that clips instead of scrolling.
    right = page.evaluate("""Math.max(...[...document.querySelectorAll('#verify-result *')]
        .filter((e) => e.getClientRects().length).map((e) => e.getBoundingClientRect().right))""")
    assert right <= width, right


# ---- against the real API ----

def test_amended_guarantee_new_key_shows_history_old_key_only_the_old_content(
        page, portal_url, api, surety_token, issue_guarantee):
    issued = issue_guarantee()
    number = issued["guarantee"]["contract_number"]
    assert issued["guarantee"]["amount"] == 22_000_000
    amended = amend(api, surety_token, issued, 25_000_000)
    open_verify(page, portal_url)

    check(page, number, amended["auth_key"])

    expect(field(page, "status")).to_have_text("有効")
    expect(field(page, "status")).to_have_class("portal-badge portal-badge--valid")
    expect(field(page, "amount")).to_have_text("25,000,000円")
    expect(banner(page)).to_be_hidden()
    table = history(page)
    expect(table).to_be_visible()
    expect(table.get_by_role("columnheader")).to_have_text(["版", "日付", "内容", "変更点"])
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("新規")
    expect(rows.nth(1)).to_contain_text(jp_date(today_jst()))
    expect(rows.nth(1)).to_contain_text("第1回変更（増額）")
    expect(rows.nth(1)).to_contain_text("保証金額：22,000,000円 → 25,000,000円")

    page.get_by_role("button", name="別の保証を確認する").click()
    check(page, number, issued["auth_key"])

    expect(field(page, "amount")).to_have_text("22,000,000円")
    expect(banner(page)).to_be_visible()
    expect(banner(page)).to_have_attribute("role", "alert")
    expect(banner(page)).to_contain_text("この電子保証は変更されています")
    expect(banner(page)).to_contain_text("第1回変更")
    expect(banner(page)).to_contain_text("認証キーのお知らせ")
    expect(field(page, "status")).to_have_text("変更済み")
    expect(field(page, "status")).not_to_have_class("portal-badge portal-badge--valid")
    expect(history(page)).to_have_count(0)  # only the first version: no table
    expect(page.get_by_role("button", name=RECORD)).to_have_count(0)
    # Not on screen and not hidden in the page either: nothing of the new version stays behind.
    assert "25,000,000" not in page.locator("body").inner_text()
    assert "25,000,000" not in page.content()


def test_cancelled_guarantee_shows_the_banner_and_badge_and_no_receipt_button(
        page, portal_url, api, surety_token, issue_guarantee):
    issued = issue_guarantee()
    cancelled_on = today_jst()
    cancel(api, surety_token, issued, cancelled_on)
    open_verify(page, portal_url)

    check(page, issued["guarantee"]["contract_number"], issued["auth_key"])

    expect(banner(page).locator(".portal-banner-message")).to_have_text(
        f"この保証契約は解約されています（{jp_date(cancelled_on)}）")
    expect(field(page, "status")).to_have_text("解約")
    expect(field(page, "status")).to_have_class("portal-badge portal-badge--cancelled")
    expect(field(page, "cancellation")).to_have_text(f"{jp_date(cancelled_on)}（工事の中止）")
    expect(page.get_by_role("button", name=RECORD)).to_have_count(0)
    expect(page.locator("#receipt")).to_be_hidden()


def test_receipt_is_recorded_and_shown_at_once_on_the_next_check(page, portal_url, issue_guarantee):
    issued = issue_guarantee()
    number = issued["guarantee"]["contract_number"]
    label = f"受領済み（長野県佐久市 契約検査課、{jp_date(today_jst())}）"
    requests = []
    page.on("request", lambda request: requests.append(request))
    open_verify(page, portal_url)
    check(page, number, issued["auth_key"])

    record_receipt(page, "契約検査課", "佐久 花子", note="工事着手前に確認")

    expect(page.locator("#receipt-label")).to_have_text(label)
    expect(page.locator("#receipt-done")).to_be_focused()
    expect(page.locator("#receipt-recorder")).to_have_text("記録者：佐久 花子")
    expect(page.locator("#receipt-already")).to_be_hidden()
    expect(page.get_by_role("button", name=RECORD)).to_have_count(0)
    posts = [r for r in requests if r.url.endswith("/v1/receipts")]
    assert [r.method for r in posts] == ["POST"]
    assert posts[0].post_data_json == {
        "contract_number": number, "auth_key": issued["auth_key"],
        "department": "契約検査課", "name": "佐久 花子", "note": "工事着手前に確認"}
    # The key lives in the page's memory only.
    key_part = issued["auth_key"].split("-")[2]
    assert all(key_part not in r.url.upper() for r in requests)
    stored = page.evaluate("JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage)])")
    assert key_part not in stored.upper()

    page.reload()
    expect(page.get_by_label("保証契約番号")).to_be_visible()
    check(page, number, issued["auth_key"])

    expect(page.locator("#receipt-label")).to_have_text(label)
    expect(page.locator("#receipt-recorder")).to_have_text("記録者：佐久 花子")
    expect(page.get_by_role("button", name=RECORD)).to_have_count(0)


def test_a_memo_typed_on_two_lines_is_recorded_on_one(page, portal_url, issue_guarantee):
    issued = issue_guarantee()
    sent = []
    page.on("request", lambda request: sent.append(request) if request.url.endswith("/v1/receipts") else None)
    open_verify(page, portal_url)
    check(page, issued["guarantee"]["contract_number"], issued["auth_key"])

    record_receipt(page, "契約検査課", "佐久　花子", note="工事着手前に確認\n書類は総務課へ回付")

    expect(page.locator("#receipt-recorder")).to_have_text("記録者：佐久　花子")
    assert sent[0].post_data_json["note"] == "工事着手前に確認 書類は総務課へ回付"
    assert sent[0].post_data_json["name"] == "佐久　花子"


def test_second_recorder_is_told_who_recorded_first(browser, page, portal_url, issue_guarantee):
    issued = issue_guarantee()
    number = issued["guarantee"]["contract_number"]
    other_context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ja-JP")
    try:
        other = other_context.new_page()
        other.set_default_timeout(10_000)
        # Both checked before either recorded: both see the button.
        for p in (page, other):
            open_verify(p, portal_url)
            check(p, number, issued["auth_key"])
            expect(p.get_by_role("button", name=RECORD)).to_be_visible()

        record_receipt(page, "契約検査課", "佐久 花子")
        expect(page.locator("#receipt-label")).to_be_visible()
        record_receipt(other, "建設課", "小諸 一郎")

        label = f"受領済み（長野県佐久市 契約検査課、{jp_date(today_jst())}）"
        expect(other.locator("#receipt-label")).to_have_text(label)
        expect(other.locator("#receipt-recorder")).to_have_text("記録者：佐久 花子")
        already = other.locator("#receipt-already")
        expect(already).to_be_visible()
        expect(already).to_contain_text("すでに記録されていました")
        expect(already).to_contain_text("佐久 花子")
        expect(already).to_contain_text(jp_date(today_jst()))
        assert "小諸" not in other.locator("#receipt").inner_text()
    finally:
        other_context.close()


def test_banner_history_and_receipt_fit_a_360px_phone(page, portal_url, api, surety_token, issue_guarantee):
    issued = issue_guarantee()
    number = issued["guarantee"]["contract_number"]
    amended = amend(api, surety_token, issued, 25_000_000)
    record_by_api(api, amended, number)
    cancel(api, surety_token, issued, today_jst())
    page.set_viewport_size({"width": 360, "height": 740})
    open_verify(page, portal_url)

    check(page, number, amended["auth_key"])

    expect(banner(page)).to_be_visible()
    expect(history(page)).to_be_visible()
    expect(page.locator("#receipt-label")).to_be_visible()
    no_horizontal_scroll(page, 360)


def test_receipt_form_fits_a_360px_phone_and_works_from_the_keyboard(
        page, portal_url, api, surety_token, issue_guarantee):
    issued = issue_guarantee()
    amended = amend(api, surety_token, issued, 25_000_000)
    page.set_viewport_size({"width": 360, "height": 740})
    open_verify(page, portal_url)
    check(page, issued["guarantee"]["contract_number"], amended["auth_key"])

    # Focus is on the result's heading; after the signature's 「技術的な情報」 and the link to the
    # 保証約款's full text (in the certificate, in reading order), the receipt button.
    expect(page.locator("#verify-result-heading")).to_be_focused()
    expect(page.locator("#verify-signature")).to_have_attribute("data-state", "valid")
    page.keyboard.press("Tab")
    expect(page.locator("#verify-signature summary")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="前払金保証約款（2020年4月1日改正）")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name=RECORD)).to_be_focused()
    page.keyboard.press("Enter")
    # Not signed in yet: the work address, then the mailed code, each sent with Enter.
    expect(page.get_by_label("職場のメールアドレス")).to_be_focused()
    no_horizontal_scroll(page, 360)
    address = staff_address()
    page.keyboard.type(address)
    page.keyboard.press("Enter")
    expect(page.get_by_label("確認コード（8桁の数字）")).to_be_focused()
    page.keyboard.type(codes_sent_to(address)[-1])
    page.keyboard.press("Enter")
    expect(page.get_by_label("担当部署")).to_be_focused()
    expect(page.locator("#staff-who")).to_have_text(f"{address}（長野県佐久市）")
    no_horizontal_scroll(page, 360)
    page.keyboard.press("ArrowDown")  # the first of the orderer's departments: 契約検査課
    page.keyboard.press("Tab")
    expect(page.get_by_label("氏名")).to_be_focused()
    page.keyboard.type("佐久 花子")
    page.keyboard.press("Enter")  # submits the form from a text field

    expect(page.locator("#receipt-label")).to_contain_text("受領済み（長野県佐久市 契約検査課、")
    expect(page.locator("#receipt-done")).to_be_focused()
    no_horizontal_scroll(page, 360)


# ---- against a stubbed API ----

def stub(page, verification, receipts=None):
    """verification: the 200 body of POST /v1/verifications; receipts: (status, body) or a list
    of them, answered in turn; every receipts request body is kept in the returned list."""
    posted = []
    answers = list(receipts) if isinstance(receipts, list) else [receipts] if receipts else []
    verification = printed(verification)
    page.route("**/v1/verifications", lambda route: route.fulfill(
        status=200, content_type="application/json", body=json.dumps(verification)))

    def on_receipt(route):
        posted.append(route.request.post_data_json)
        status, body = answers.pop(0) if len(answers) > 1 else answers[0]
        route.fulfill(status=status, content_type="application/json", body=json.dumps(body))

    page.route("**/v1/receipts", on_receipt)
    # Signed in as a member of 佐久市's staff (the real sign-in has its own tests).
    page.route("**/v1/staff/session", lambda route: route.fulfill(
        status=200, content_type="application/json", body=json.dumps(STAFF_SESSION)))
    return posted


def printed(verification):
    """The stubbed answer with what the API writes for people, written by the API's own code
    (domain/certificate_text.py), as a real answer carries it: the page formats nothing."""
    from chalicelib.domain import certificate_text
    return {"sections": [], "as_of_label": "2024年9月10日 12:00（日本時間）",
            "history_rows": certificate_text.history_rows(verification.get("history") or []), **verification}


STAFF_SESSION = {"staff": {"email": "keiyaku@city.saku.nagano.jp", "orderer": {"id": "202177", "name": "長野県佐久市"},
                           "departments": ["契約検査課", "建設課"]}, "expires_at": "2099-01-01T00:00:00Z"}


HOSTILE = '<img src=x onerror="window.__pwned=1">'


def certificate(status="valid", status_label="有効", amount=25_000_000, **extra):
    return {"kind_label": "前払金保証", "contract_number": "SAKU-2024-0001", "amount": amount,
            "guarantee_period": {"start": "2024-07-01", "end": "2025-04-14"},
            "orderer": {"name": "佐久市", "prefecture": "長野県"},
            "project": {"name": "市道岩村田1号線道路改良工事", "contract_price": 55_000_000},
            "contractor": {"name": "○○建設株式会社"}, "issue_date": "2024-07-01",
            "status": status, "status_label": status_label, **extra}


ISSUED = {"version": 1, "kind": "issued", "label": "新規", "date": "2024-07-01",
          "reason": None, "reason_label": None, "changes": []}


def amended_entry(changes, version=2, date="2024-09-03"):
    return {"version": version, "kind": "amended", "label": f"第{version - 1}回変更", "date": date,
            "reason": "increase", "reason_label": "増額", "changes": changes}


def valid_latest(history=None, receipt=None):
    return {"certificate": certificate(),
            "guarantee": {"version": 2, "latest_version": 2, "status": "valid", "status_label": "有効",
                          "cancellation": None},
            "banner": None,
            "history": history or [ISSUED, amended_entry(
                [{"field": "amount", "label": "保証金額", "before": "20,000,000円", "after": "25,000,000円"}])],
            "receipt": receipt}


def receipt_of(name, department="契約検査課", date="2024-07-02"):
    y, m, d = (int(x) for x in date.split("-"))
    return {"orderer": "長野県佐久市", "department": department, "name": name, "date": date,
            "recorded_at": f"{date}T01:23:45Z", "label": f"受領済み（長野県佐久市 {department}、{y}年{m}月{d}日）",
            "date_label": f"{y}年{m}月{d}日"}


def test_history_dates_and_outside_text_are_rendered_as_text(page, portal_url):
    # 2024-12-31 and 2025-01-01 are the dates a UTC/JST shift in Date() would move.
    stub(page, valid_latest(history=[
        {**ISSUED, "date": "2024-12-31"},
        amended_entry([{"field": "contractor.name", "label": "受注者名", "before": HOSTILE + "旧",
                        "after": HOSTILE + "新"}], date="2025-01-01"),
    ], receipt={**receipt_of(HOSTILE + "佐久 花子"), "label": HOSTILE + "受領済み"}))
    open_verify(page, portal_url)

    check(page, "SAKU-2024-0001", "0000-0000-0000-0000-0000-0000-0000")

    rows = history(page).locator("tbody tr")
    expect(rows.nth(0)).to_contain_text("第1版2024年12月31日新規")
    expect(rows.nth(1)).to_contain_text("2025年1月1日")
    expect(rows.nth(1)).to_contain_text(f"受注者名：{HOSTILE}旧 → {HOSTILE}新")
    expect(page.locator("#receipt-label")).to_have_text(HOSTILE + "受領済み")
    expect(page.locator("#receipt-recorder")).to_have_text(f"記録者：{HOSTILE}佐久 花子")
    assert page.locator("#verify-result img").count() == 0
    assert page.evaluate("window.__pwned") is None


def test_receipt_uses_the_checked_key_even_if_the_fields_were_edited(page, portal_url):
    posted = stub(page, valid_latest(), (201, {"receipt": receipt_of("佐久 花子"), "newly_recorded": True}))
    open_verify(page, portal_url)
    check(page, "SAKU-2024-0001", "ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345")
    page.get_by_label("保証契約番号").fill("SAKU-2024-9999")
    page.get_by_label("認証キー").fill("0000")

    record_receipt(page, " 契約検査課 ", "佐久 花子")

    expect(page.locator("#receipt-label")).to_have_text("受領済み（長野県佐久市 契約検査課、2024年7月2日）")
    assert posted == [{"contract_number": "SAKU-2024-0001", "auth_key": "ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345",
                       "department": "契約検査課", "name": "佐久 花子"}]


def test_blank_receipt_fields_are_reported_next_to_the_form_without_a_request(page, portal_url):
    posted = stub(page, valid_latest(), (201, {"receipt": receipt_of("佐久 花子"), "newly_recorded": True}))
    open_verify(page, portal_url)
    check(page, "SAKU-2024-0001", "ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345")

    record_receipt(page, "  ", "")

    error = page.locator("#receipt-error")
    expect(error).to_contain_text("担当部署を選んでください。")
    expect(error).to_contain_text("氏名を入力してください。")
    expect(page.get_by_label("担当部署")).to_be_focused()
    for label in ("担当部署", "氏名"):
        expect(page.get_by_label(label)).to_have_attribute("aria-invalid", "true")
    assert posted == []


def test_receipt_form_limits_and_autocomplete(page, portal_url):
    stub(page, valid_latest())
    open_verify(page, portal_url)
    check(page, "SAKU-2024-0001", "ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345")
    page.get_by_role("button", name=RECORD).click()

    for label, maxlength, autocomplete in (("氏名", "50", "name"), ("メモ", "200", None)):
        control = page.get_by_label(label)
        expect(control).to_have_attribute("maxlength", maxlength)
        if autocomplete:
            expect(control).to_have_attribute("autocomplete", autocomplete)
    # The department is chosen from the orderer's own list, not typed.
    options = page.get_by_label("担当部署").locator("option")
    expect(options).to_have_text(["選んでください", "契約検査課", "建設課"])

    page.get_by_role("button", name="やめる").click()
    expect(page.get_by_role("button", name=RECORD)).to_be_focused()
    expect(page.get_by_label("担当部署")).to_be_hidden()


@pytest.mark.parametrize("status, body, message", [
    (409, {"error": {"code": "receipt_not_allowed",
                     "message": "この電子保証は変更されています。最新の電子保証で受領を記録してください。"}},
     "この電子保証は変更されています。最新の電子保証で受領を記録してください。"),
    (400, {"error": {"code": "invalid_name", "message": "氏名に使用できない文字が含まれています。", "field": "name"}},
     "氏名に使用できない文字が含まれています。"),
    (503, {"message": "Service Unavailable"}, NETWORK_ERROR),
])
def test_receipt_errors_go_to_the_pages_alert_region(page, portal_url, status, body, message):
    stub(page, valid_latest(), (status, body))
    open_verify(page, portal_url)
    check(page, "SAKU-2024-0001", "ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345")

    record_receipt(page, "契約検査課", "佐久 花子")

    expect(page.locator("#verify-error")).to_have_text(message)
    expect(page.locator("#verify-error")).to_be_focused()
    expect(page.locator("#receipt-label")).to_be_hidden()
    if status == 409:  # a retry cannot succeed
        expect(page.locator("#receipt")).to_be_hidden()
    else:
        expect(page.get_by_role("button", name="記録する", exact=True)).to_be_enabled()
    if status == 400:
        expect(page.get_by_label("氏名")).to_have_attribute("aria-invalid", "true")


def test_superseded_key_with_a_receipt_shows_banner_and_label_but_no_button(page, portal_url):
    stub(page, {"certificate": certificate("superseded", "変更済み", amount=20_000_000),
                "guarantee": {"version": 1, "latest_version": 2, "status": "superseded",
                              "status_label": "変更済み", "cancellation": None},
                "banner": {"kind": "superseded", "message": "この電子保証は変更されています（最新：第1回変更 2024年9月3日）",
                           "advice": "最新の電子保証は、受注者から新しい「認証キーのお知らせ」を受け取って確認してください。"},
                "history": [ISSUED], "receipt": receipt_of("佐久 花子")})
    open_verify(page, portal_url)

    check(page, "SAKU-2024-0001", "ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345")

    expect(banner(page)).to_have_attribute("data-kind", "superseded")
    expect(field(page, "status")).to_have_class("portal-badge portal-badge--superseded")
    expect(page.locator("#receipt-label")).to_have_text("受領済み（長野県佐久市 契約検査課、2024年7月2日）")
    expect(page.get_by_role("button", name=RECORD)).to_have_count(0)


def test_long_unbroken_text_fits_a_360px_phone(page, portal_url):
    long = "株式会社" + "Ｘ" * 60 + "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789" * 2
    department = "総務部契約検査課工事検査係" * 3
    stub(page, {**valid_latest(history=[ISSUED, amended_entry([
        {"field": "contractor.name", "label": "受注者名", "before": long, "after": long + "2"},
        {"field": "guarantee_period", "label": "保証期間", "before": "2024年7月1日〜2025年4月14日",
         "after": "2024年7月1日〜2025年6月30日"}]), amended_entry([], version=3, date="2024-12-31")]),
        "banner": {"kind": "cancelled", "message": "この保証契約は解約されています（2024年12月1日）" + long,
                   "advice": long},
        "certificate": certificate("cancelled", "解約", project={"name": long, "contract_price": 55_000_000}),
        "guarantee": {"version": 3, "latest_version": 3, "status": "cancelled", "status_label": "解約",
                      "cancellation": {"date": "2024-12-01", "reason": long}},
        "receipt": receipt_of("佐久 花子" + long, department=department)})
    page.set_viewport_size({"width": 360, "height": 740})
    open_verify(page, portal_url)

    check(page, "SAKU-2024-0001", "ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345")
    expect(banner(page)).to_be_visible()
    expect(history(page)).to_be_visible()
    expect(page.locator("#receipt-label")).to_be_visible()
    no_horizontal_scroll(page, 360)


def test_long_receipt_text_fits_a_360px_phone(page, portal_url):
    department = "総務部契約検査課工事検査係" * 3 + "ABCDEFGHIJKLMNOPQRSTUVWXYZ" * 2
    stub(page, valid_latest(), (200, {"receipt": receipt_of("佐久 花子" * 8, department=department),
                                      "newly_recorded": False}))
    page.set_viewport_size({"width": 360, "height": 740})
    open_verify(page, portal_url)
    check(page, "SAKU-2024-0001", "ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345")

    record_receipt(page, "契約検査課", "小諸 一郎")

    expect(page.locator("#receipt-already")).to_be_visible()
    no_horizontal_scroll(page, 360)
