"""電子提出 and 受付箱 in Chromium, the whole path on both sides: the contractor submits from the
notice PDF (nothing but the number and key leaves the page, never in a URL), a member of 佐久市's
staff signs in, finds it in the inbox, opens it (the guarantee as verified, without the key) and
records 受領, and the contractor's 受領 mail arrives; the same with 差戻し and its reason (the
contractor sees the returned entry and submits again under the same 受付番号); two entries
received at once; a guarantee that cannot be submitted is refused with the API's words. At 1280
and 360 px, no axe violation in any state. The clicks and characters each side needs, and the
seconds from 提出する to the entry on the inbox's screen, are measured and reported."""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from openapi_document import advance_increase
from support import (accessible, codes_sent_to, issue_headers, mails_sent_to, notice_pdf, post_json, report_line,
                     staff_address)

pytestmark = pytest.mark.e2e

SAKU = "202177"
ADMIN = "keiyaku@city.saku.nagano.jp"  # api/devtools/data/demo_enrolments.json
# With PORTAL_SCREENSHOTS=<dir> (as for the screenshots), the figures are kept there too.
EFFORT_DIR = os.environ.get("PORTAL_SCREENSHOTS")
RECEIVED_ID = re.compile(r"^\d{6}-[0-9A-Z]{4}-[0-9A-Z]{4}$")


class Effort:
    """What a person does on a page, counted as the test does it: a press is a click, choosing in
    a list is two (open, choose), choosing a file is two (the button, the file), every character
    filled in is one typed."""

    def __init__(self):
        self.clicks = 0
        self.chars = 0

    def click(self, locator):
        locator.click()
        self.clicks += 1

    def fill(self, locator, text: str):
        locator.fill(text)
        self.chars += len(text)

    def select(self, locator, value: str):
        locator.select_option(value)
        self.clicks += 2

    def choose_file(self, locator, path):
        locator.set_input_files(str(path))
        self.clicks += 2

    def as_dict(self) -> dict:
        return {"clicks": self.clicks, "characters": self.chars}


def record_effort(name: str, figures: dict) -> None:
    if not EFFORT_DIR:
        return
    path = Path(EFFORT_DIR) / "submission-effort.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    known = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    known[name] = figures
    path.write_text(json.dumps(known, ensure_ascii=False, indent=1), encoding="utf-8")


@pytest.fixture
def saku_accepts(store):
    """佐久市 takes 電子提出 (its administrator's setting), as it was afterwards."""
    from chalicelib.domain.staff import Staff
    from chalicelib.usecases import orderer_admin
    admin = Staff(ADMIN, SAKU)
    before = orderer_admin.settings(admin)
    inbox = dict(before["inbox"])
    if not inbox["accepts"]:
        orderer_admin.change(admin, {"revision": before["revision"], "departments": before["departments"],
                                     "notification_addresses": before["notification_addresses"],
                                     "inbox": {**inbox, "accepts": True}})
    yield
    now = orderer_admin.settings(admin)
    if now["inbox"] != before["inbox"]:
        orderer_admin.change(admin, {"revision": now["revision"], "departments": now["departments"],
                                     "notification_addresses": now["notification_addresses"],
                                     "inbox": before["inbox"]})


@pytest.fixture
def contractor(browser):
    """The contractor's own browser (a PC: the notice came by mail)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ja-JP")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def sign_in(page, address, effort: Effort | None = None):
    effort = effort or Effort()
    email_field = page.get_by_label("職場のメールアドレス")
    expect(email_field).to_be_visible()
    effort.fill(email_field, address)
    effort.click(page.get_by_role("button", name="確認コードを送る"))
    code = page.get_by_label("確認コード（8桁の数字）")
    expect(code).to_be_focused()
    effort.fill(code, codes_sent_to(address)[-1])
    effort.click(page.get_by_role("button", name="サインイン", exact=True))
    return effort


def mail_about(address: str, words: str, timeout: float = 10.0):
    """The first mail to ``address`` whose subject or text has ``words`` (waiting for the sweep)."""
    deadline = time.monotonic() + timeout
    while True:
        for message in mails_sent_to(address):
            if words in (message["Subject"] or "") or words in message.get_content():
                return message
        if time.monotonic() > deadline:
            raise AssertionError(f"no mail to {address} about {words}: "
                                 f"{[m['Subject'] for m in mails_sent_to(address)]}")
        time.sleep(0.2)


def no_key_in_any_mail(address: str, key: str) -> None:
    bare = key.replace("-", "")
    for message in mails_sent_to(address):
        text = message.get_content().replace("-", "")
        assert bare not in text and bare.lower() not in text.lower(), message["Subject"]


def key_never_in_a_url(requests: list[tuple[str, str, bytes]], key: str) -> None:
    for method, url, _ in requests:
        assert key not in url and key.replace("-", "") not in url, (method, url)


def submit_in_page(page, portal_url, pdf: Path, contact_email: str, effort: Effort, width: int,
                   department: str = "契約検査課", reference: str = "佐建第2024-15号") -> tuple[str, float]:
    """From the notice PDF to the 受付番号 on the contractor's page; returns the 受付番号 and when
    提出する was pressed (time.monotonic())."""
    page.goto(f"{portal_url}/contractor/submission/")
    accessible(page, f"submission-empty-{width}", full_page=True)
    effort.choose_file(page.get_by_label("PDF・画像から読み取る"), pdf)
    heading = page.get_by_role("heading", name="提出する電子保証：有効")
    expect(heading).to_be_focused()
    expect(page.locator("#submission-orderer")).to_have_text("長野県佐久市")
    accessible(page, f"submission-preview-{width}", full_page=True)
    effort.select(page.get_by_label("提出先の担当部署"), department)
    effort.fill(page.get_by_label("発注者の工事番号・契約番号（任意）"), reference)
    effort.fill(page.get_by_label("担当者名"), "浅間 花子")
    effort.fill(page.get_by_label("メールアドレス"), contact_email)
    pressed = time.monotonic()
    effort.click(page.get_by_role("button", name="提出する", exact=True))
    expect(page.get_by_role("heading", name="提出しました")).to_be_focused()
    number = page.locator("#submission-number").inner_text()
    assert RECEIVED_ID.match(number), number
    return number, pressed


def inbox_row(page, number: str):
    return page.locator(f'#inbox-table tr[data-submission="{number}"]')


@pytest.mark.parametrize("width, height", [(1280, 900), (360, 740)])
def test_submitted_from_the_notice_pdf_received_in_the_inbox_and_the_contractor_is_told(
        page, contractor, api, portal_url, issue_guarantee, saku_accepts, tmp_path, request, width, height):
    contractor.set_viewport_size({"width": width, "height": height})
    page.set_viewport_size({"width": width, "height": height})
    issued = issue_guarantee()
    number, key = issued["guarantee"]["contract_number"], issued["auth_key"]
    pdf = tmp_path / "認証キーのお知らせ.pdf"
    pdf.write_bytes(notice_pdf(api, issued))
    contact = f"hanako-{os.urandom(4).hex()}@asama-kensetsu.example.jp"
    clerk = staff_address()

    # The clerk has the inbox open (signed in) before anything is submitted.
    staff_effort = Effort()
    page.goto(f"{portal_url}/orderer/inbox/")
    sign_in(page, clerk, staff_effort)
    expect(page.get_by_role("heading", name="提出された電子保証")).to_be_visible()
    signed_in_effort = staff_effort.as_dict()

    sent: list[tuple[str, str, bytes]] = []
    contractor.on("request", lambda r: sent.append((r.method, r.url, r.post_data_buffer or b"")))
    contractor_effort = Effort()
    receipt_number, submitted = submit_in_page(contractor, portal_url, pdf, contact, contractor_effort, width)
    answered = time.monotonic()

    # The clerk updates the list at once: the entry is there, newest first.
    page.get_by_role("button", name="一覧を更新する").click()
    row = inbox_row(page, receipt_number)
    expect(row).to_be_visible()
    seen = time.monotonic()

    expect(contractor.locator("#submission-done")).to_contain_text(number)
    expect(contractor.locator("#submission-done-mail")).to_contain_text(contact)
    expect(contractor.locator("#auth-key")).to_have_value("")  # nothing of the key stays on the page
    accessible(contractor, f"submission-done-{width}", full_page=True)
    key_never_in_a_url(sent, key)
    assert all(b"%PDF" not in body for _, _, body in sent)  # the file is read in the page, never sent
    # The 受付 mail, at once, with the number to quote and no key.
    accepted = mail_about(contact, receipt_number)
    assert number in accepted.get_content()

    expect(page.locator("#inbox-table tbody tr").first).to_have_attribute("data-submission", receipt_number)
    expect(row).to_contain_text("未確認")
    expect(row).to_contain_text(number)
    expect(row).to_contain_text("浅間 花子")
    accessible(page, f"inbox-list-{width}", full_page=True)

    # Filtered: 未確認 of 契約検査課 still shows it; 受領済み does not.
    page.locator("#inbox-state").select_option("received")
    expect(row).to_have_count(0)
    page.locator("#inbox-state").select_option("pending")
    page.locator("#inbox-department").select_option("契約検査課")
    expect(row).to_be_visible()
    # The kinds are the orderer's (its public entry); a 契約保証 filter leaves this 前払金保証 out.
    page.locator("#inbox-kind").select_option("contract")
    expect(row).to_have_count(0)
    page.locator("#inbox-kind").select_option("advance_payment")
    expect(row).to_be_visible()
    # Days are JST days of the product's clock: submitted today, so not up to yesterday.
    from chalicelib.adapters import clock
    today = clock.today()
    page.locator("#inbox-to").fill((today - dt.timedelta(days=1)).isoformat())
    expect(row).to_have_count(0)
    page.locator("#inbox-from").fill(today.isoformat())
    page.locator("#inbox-to").fill(today.isoformat())
    expect(row).to_be_visible()
    accessible(page, f"inbox-filtered-{width}", full_page=True)

    # Opened: the submission and the guarantee as verified, without typing the key.
    staff_effort = Effort()
    staff_effort.click(row.get_by_role("button", name=re.compile(receipt_number)))
    expect(page.get_by_role("heading", name="提出された電子保証の内容")).to_be_focused()
    entry = page.locator("#inbox-entry")
    expect(entry.locator("#inbox-entry-fields")).to_contain_text("佐建第2024-15号")
    expect(entry.locator("#inbox-entry-fields")).to_contain_text(contact)
    # Whether it is in force now, and when the portal looked, as the verification page says it.
    expect(entry.locator("#inbox-entry-fields dt", has_text="電子保証の状態")).to_be_visible()
    expect(entry.locator("#inbox-entry-fields")).to_contain_text("有効")
    expect(entry.locator("#inbox-entry-fields")).to_contain_text("（日本時間）")
    expect(entry.locator('#inbox-entry-sections dd[data-row="contract_number"]')).to_have_text(number)
    expect(entry.locator('#inbox-entry-sections dd[data-row="amount"]')).to_contain_text("円")
    accessible(page, f"inbox-entry-{width}", full_page=True)

    # 受領: who records it, then one press to confirm.
    staff_effort.click(page.get_by_role("button", name="受領を記録する", exact=True))
    dialog = page.locator("#inbox-dialog")
    expect(dialog).to_be_visible()
    staff_effort.select(dialog.get_by_label("担当部署"), "契約検査課")
    staff_effort.fill(dialog.get_by_label("氏名"), "佐久 一郎")
    accessible(page, f"inbox-receipt-dialog-{width}")
    staff_effort.click(dialog.get_by_role("button", name="受領を記録する"))
    expect(page.locator("#inbox-entry-status")).to_contain_text("受領を記録しました")
    expect(entry.locator("#inbox-entry-fields")).to_contain_text("受領済み")
    expect(page.get_by_role("button", name="受領を記録する", exact=True)).to_be_hidden()
    accessible(page, f"inbox-after-receipt-{width}", full_page=True)

    # The contractor hears of it; no mail carries the key.
    told = mail_about(contact, "受領")
    assert receipt_number in told.get_content()
    no_key_in_any_mail(contact, key)

    # The receipt is the verification page's: the key now shows it as received.
    verified = post_json(api, "/v1/verifications", {"contract_number": number, "auth_key": key}).json_body
    assert verified["receipt"] and "契約検査課" in verified["receipt"]["label"]

    if width == 1280:
        figures = {"contractor": contractor_effort.as_dict(), "staff_sign_in": signed_in_effort,
                   "staff_open_and_receive": staff_effort.as_dict(),
                   "seconds_submit_to_answer": round(answered - submitted, 2),
                   "seconds_submit_to_inbox_row": round(seen - submitted, 2),
                   "seconds_answer_to_inbox_row": round(seen - answered, 2)}
        record_effort("receive", figures)
        report_line(request, f"電子提出 → 受領: {json.dumps(figures, ensure_ascii=False)}")


def test_returned_with_a_reason_then_submitted_again_under_the_same_number(
        page, contractor, api, portal_url, issue_guarantee, saku_accepts, request):
    issued = issue_guarantee()
    number, key = issued["guarantee"]["contract_number"], issued["auth_key"]
    contact = f"taro-{os.urandom(4).hex()}@asama-kensetsu.example.jp"

    # The notice's link (#n=…&k=…) opens the page with the notice read; the key leaves the address bar.
    sent: list[tuple[str, str, bytes]] = []
    contractor.on("request", lambda r: sent.append((r.method, r.url, r.post_data_buffer or b"")))
    contractor.goto(f"{portal_url}/contractor/submission/#n={number}&k={key}")
    expect(contractor.get_by_role("heading", name="提出する電子保証：有効")).to_be_focused()
    assert "#" not in contractor.url
    contractor.get_by_label("提出先の担当部署").select_option("建設課")
    contractor.get_by_label("担当者名").fill("浅間 太郎")
    contractor.get_by_label("メールアドレス").fill(contact)
    contractor.get_by_role("button", name="提出する", exact=True).click()
    expect(contractor.get_by_role("heading", name="提出しました")).to_be_focused()
    receipt_number = contractor.locator("#submission-number").inner_text()
    assert RECEIVED_ID.match(receipt_number)
    key_never_in_a_url(sent, key)

    page.goto(f"{portal_url}/orderer/inbox/")
    effort = sign_in(page, staff_address())
    before = effort.as_dict()
    row = inbox_row(page, receipt_number)
    effort.click(row.get_by_role("button", name=re.compile(receipt_number)))
    effort.click(page.get_by_role("button", name="差し戻す", exact=True))
    dialog = page.locator("#inbox-dialog")
    expect(dialog).to_be_visible()
    # The confirmation asks for the reason; none given: said at the field, nothing recorded.
    effort.select(dialog.get_by_label("担当部署"), "建設課")
    effort.fill(dialog.get_by_label("氏名"), "佐久 一郎")
    dialog.get_by_role("button", name="差し戻す").click()  # not counted: not part of the path
    expect(dialog.locator("#inbox-dialog-error")).to_contain_text("差戻しの理由を入力してください。")
    expect(dialog.get_by_label("差戻しの理由")).to_be_focused()
    reason = "工事番号が記載されていません。工事番号を入力して、もう一度提出してください。"
    effort.fill(dialog.get_by_label("差戻しの理由"), reason)
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 900 if width == 1280 else 740})
        accessible(page, f"inbox-return-dialog-{width}")
    page.set_viewport_size({"width": 1280, "height": 900})
    effort.click(dialog.get_by_role("button", name="差し戻す"))
    expect(page.locator("#inbox-entry-status")).to_contain_text("差し戻しました")
    expect(page.locator("#inbox-entry-fields")).to_contain_text(reason)

    told = mail_about(contact, reason)
    assert receipt_number in told.get_content()
    no_key_in_any_mail(contact, key)

    # The contractor opens the notice again: the returned entry is said; the details typed before are
    # not offered (whoever holds the key opens this page, the issuer too), so they are typed again.
    contractor.goto(f"{portal_url}/contractor/submission/#n={number}&k={key}")
    existing = contractor.locator("#submission-existing")
    expect(existing).to_contain_text(receipt_number)
    expect(existing).to_contain_text("差戻し")
    expect(existing).to_contain_text(reason)
    expect(contractor.get_by_label("担当者名")).to_have_value("")
    contractor.get_by_label("担当者名").fill("浅間 太郎")
    contractor.get_by_label("メールアドレス").fill(contact)
    accessible(contractor, "submission-existing-1280", full_page=True)
    contractor.set_viewport_size({"width": 360, "height": 740})
    accessible(contractor, "submission-existing-360", full_page=True)
    contractor.set_viewport_size({"width": 1280, "height": 900})
    contractor.get_by_label("発注者の工事番号・契約番号（任意）").fill("佐建第2024-16号")
    contractor.get_by_role("button", name="提出する", exact=True).click()
    expect(contractor.get_by_role("heading", name="提出しました")).to_be_focused()
    expect(contractor.locator("#submission-number")).to_have_text(receipt_number)  # the same entry, reopened

    page.get_by_role("button", name="一覧に戻る").click()
    page.reload()
    expect(inbox_row(page, receipt_number)).to_contain_text("未確認")
    expect(inbox_row(page, receipt_number)).to_contain_text("佐建第2024-16号")
    record_effort("return", {"staff_open_and_return": {"clicks": effort.clicks - before["clicks"],
                                                        "characters": effort.chars - before["characters"]}})


@pytest.mark.parametrize("width, height", [(1280, 900), (360, 740)])
def test_two_entries_received_at_once_each_row_says_what_happened(page, api, portal_url, issue_guarantee,
                                                                   saku_accepts, request, width, height):
    page.set_viewport_size({"width": width, "height": height})
    numbers = []
    for n in range(2):
        issued = issue_guarantee()
        answer = post_json(api, "/v1/submissions", {
            "contract_number": issued["guarantee"]["contract_number"], "auth_key": issued["auth_key"],
            "orderer_id": SAKU, "department": "上下水道課",
            "contact": {"name": f"受注者{n}", "email": f"bulk-{os.urandom(4).hex()}@example.jp"}})
        assert answer.status_code == 201, answer.body
        numbers.append(answer.json_body["submission"]["submission_id"])

    page.goto(f"{portal_url}/orderer/inbox/")
    effort = sign_in(page, staff_address())
    before = effort.as_dict()
    effort.select(page.locator("#inbox-department"), "上下水道課")
    effort.select(page.locator("#inbox-state"), "pending")
    for number in numbers:
        expect(inbox_row(page, number)).to_be_visible()
    accessible(page, f"inbox-bulk-list-{width}", full_page=True)
    for number in numbers:
        effort.click(page.get_by_label(f"受付番号 {number} を選ぶ"))
    expect(page.locator("#inbox-selected")).to_have_text("2件を選んでいます。")
    effort.click(page.get_by_role("button", name="選んだものの受領を記録する"))
    dialog = page.locator("#inbox-dialog")
    expect(dialog.get_by_role("heading")).to_have_text("2件を受領しますか")
    for number in numbers:
        expect(dialog.locator("#inbox-dialog-list")).to_contain_text(number)
    effort.select(dialog.get_by_label("担当部署"), "上下水道課")
    effort.fill(dialog.get_by_label("氏名"), "佐久 次郎")
    accessible(page, f"inbox-bulk-dialog-{width}")
    effort.click(dialog.get_by_role("button", name="受領を記録する"))
    expect(page.locator("#inbox-status")).to_have_text("2件の受領を記録しました。")
    for number in numbers:
        expect(inbox_row(page, number)).to_contain_text("受領済み")
        expect(inbox_row(page, number)).to_contain_text("受領を記録しました。")
        expect(inbox_row(page, number).get_by_role("checkbox")).not_to_be_checked()
    accessible(page, f"inbox-bulk-result-{width}", full_page=True)
    if width == 1280:
        record_effort("bulk_receive_two", {"clicks": effort.clicks - before["clicks"],
                                            "characters": effort.chars - before["characters"]})


@pytest.mark.parametrize("width, height", [(1280, 900), (360, 740)])
def test_a_changed_guarantees_old_notice_is_refused_in_the_apis_words(contractor, api, portal_url, issue_guarantee,
                                                                      surety_token, saku_accepts, width, height):
    contractor.set_viewport_size({"width": width, "height": height})
    issued = issue_guarantee()
    gid = issued["guarantee"]["guarantee_id"]
    amendment = {"base_version": 1, "reason": "increase", "effective_date": issued["guarantee"]["issue_date"],
                 "changes": advance_increase(25_000_000)}
    assert post_json(api, f"/v1/guarantees/{gid}/amendments", amendment, issue_headers(surety_token)).status_code == 201
    contractor.goto(f"{portal_url}/contractor/submission/")
    contractor.get_by_label("保証契約番号").fill(issued["guarantee"]["contract_number"])
    contractor.get_by_label("認証キー").fill(issued["auth_key"])  # the first version's key
    contractor.get_by_role("button", name="内容を確認する").click()
    refusal = contractor.locator("#submission-refusal")
    expect(contractor.get_by_role("heading", name="電子保証の内容：変更済み")).to_be_focused()
    expect(refusal).to_contain_text("新しい「認証キーのお知らせ」で提出してください")
    expect(contractor.locator("#submission-form")).to_be_hidden()
    accessible(contractor, f"submission-refusal-{width}", full_page=True)


@pytest.mark.parametrize("width, height", [(1280, 900), (360, 740)])
def test_the_administrator_sets_the_inbox_per_department(page, portal_url, saku_accepts, width, height):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{portal_url}/orderer/admin/")
    sign_in(page, ADMIN)
    section = page.locator("#admin-inbox")
    expect(section).to_be_visible()
    expect(section.get_by_label("電子提出を受け付ける")).to_be_checked()
    group = section.locator('fieldset[data-department="建設課"]')
    group.get_by_label("新しい提出のお知らせ").select_option("daily")
    group.get_by_role("textbox").fill("kensetsu@city.saku.nagano.jp")
    section.get_by_label("受注者が入力した工事番号・契約番号を発行元にも知らせる").check()
    page.get_by_role("button", name="保存する").click()
    expect(page.locator("#admin-status")).to_have_text("保存しました。")
    page.reload()
    group = page.locator('#admin-inbox fieldset[data-department="建設課"]')
    expect(group.get_by_label("新しい提出のお知らせ")).to_have_value("daily")
    expect(group.get_by_role("textbox")).to_have_value("kensetsu@city.saku.nagano.jp")
    expect(page.get_by_label("受注者が入力した工事番号・契約番号を発行元にも知らせる")).to_be_checked()
    page.locator("#admin-inbox").scroll_into_view_if_needed()
    accessible(page, f"admin-inbox-{width}", full_page=True)
    # An address outside the staff's domains: the API's refusal at its field.
    group.get_by_role("textbox").fill("someone@example.com")
    page.get_by_role("button", name="保存する").click()
    expect(group.get_by_role("textbox")).to_have_attribute("aria-invalid", "true")


def test_an_orderer_that_takes_no_submissions_yet_is_named_with_the_e_mail_path(contractor, api, portal_url,
                                                                              issue_guarantee):
    issued = issue_guarantee(orderer_id="200000")  # 長野県: enrolled, 電子提出 not turned on
    contractor.goto(f"{portal_url}/contractor/submission/#n={issued['guarantee']['contract_number']}"
                    f"&k={issued['auth_key']}")
    refusal = contractor.locator("#submission-refusal")
    expect(refusal).to_be_visible()
    expect(contractor.get_by_role("heading", name="電子保証の内容：有効")).to_be_focused()
    expect(contractor.locator("#submission-orderer")).to_have_text("長野県")
    expect(refusal.get_by_role("link", name=re.compile("電子メールで提出する方法"))).to_have_attribute(
        "href", re.compile(r"(^|/)submit/$"))
    expect(contractor.locator("#submission-refusal-contact")).to_contain_text("026-000-7293")
    expect(contractor.locator("#submission-form")).to_be_hidden()
    for width, height in ((1280, 900), (360, 740)):
        contractor.set_viewport_size({"width": width, "height": height})
        accessible(contractor, f"submission-not-taken-{width}", full_page=True)


def test_more_than_a_page_of_entries_comes_page_by_page(page, api, portal_url, issue_guarantee, saku_accepts):
    numbers = []
    for _ in range(21):
        issued = issue_guarantee()
        answer = post_json(api, "/v1/submissions", {
            "contract_number": issued["guarantee"]["contract_number"], "auth_key": issued["auth_key"],
            "orderer_id": SAKU, "department": "教育総務課",
            "contact": {"name": "受注者", "email": "paging@example.jp"}})
        assert answer.status_code == 201, answer.body
        numbers.append(answer.json_body["submission"]["submission_id"])
    page.goto(f"{portal_url}/orderer/inbox/")
    sign_in(page, staff_address())
    page.locator("#inbox-department").select_option("教育総務課")
    rows = page.locator("#inbox-table tbody tr")
    expect(rows).to_have_count(20)
    expect(rows.first).to_have_attribute("data-submission", numbers[-1])  # newest first
    more = page.get_by_role("button", name="さらに表示")
    expect(more).to_be_visible()
    more.click()
    expect(rows).to_have_count(21)
    expect(rows.last).to_have_attribute("data-submission", numbers[0])
    expect(rows.last.get_by_role("button", name=re.compile(numbers[0]))).to_be_focused()
    expect(more).to_be_hidden()
    # Every shown row chosen at once.
    page.get_by_label("表示しているすべてを選ぶ").check()
    expect(page.locator("#inbox-selected")).to_have_text("21件を選んでいます。")


def test_decided_meanwhile_by_someone_else_the_clerk_is_told_and_sees_it_as_it_is(page, api, portal_url,
                                                                                  issue_guarantee, saku_accepts):
    from support import staff_headers
    issued = issue_guarantee()
    answer = post_json(api, "/v1/submissions", {
        "contract_number": issued["guarantee"]["contract_number"], "auth_key": issued["auth_key"],
        "orderer_id": SAKU, "department": "農林課", "contact": {"name": "受注者", "email": "meanwhile@example.jp"}})
    number = answer.json_body["submission"]["submission_id"]
    page.goto(f"{portal_url}/orderer/inbox/")
    sign_in(page, staff_address())
    inbox_row(page, number).get_by_role("button", name=re.compile(number)).click()
    expect(page.get_by_role("button", name="差し戻す", exact=True)).to_be_visible()
    # Another clerk records 受領 first.
    other = post_json(api, f"/v1/staff/submissions/{number}/receipt", {"department": "農林課", "name": "佐久 三郎"},
                      staff_headers(api))
    assert other.status_code == 201, other.body
    page.get_by_role("button", name="差し戻す", exact=True).click()
    dialog = page.locator("#inbox-dialog")
    dialog.get_by_label("担当部署").select_option("農林課")
    dialog.get_by_label("氏名").fill("佐久 一郎")
    dialog.get_by_label("差戻しの理由").fill("金額が契約書と異なります。")
    dialog.get_by_role("button", name="差し戻す").click()
    expect(page.locator("#inbox-error")).not_to_be_empty()
    expect(page.locator("#inbox-error")).to_be_focused()
    expect(page.locator("#inbox-entry-fields")).to_contain_text("受領済み")
    expect(page.get_by_role("button", name="差し戻す", exact=True)).to_be_hidden()
    accessible(page, "inbox-decided-meanwhile-390")
