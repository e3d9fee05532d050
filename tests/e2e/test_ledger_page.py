"""受領台帳 in Chromium: sign in with the mailed code, verify and record a receipt, see it in
the ledger, the surety amends it and the row says 変更済み (and the clerk gets a mail), the
CSV downloads and parses, a row opens the version received — at 1280 and 360 px, no axe
violation."""
from __future__ import annotations

import csv
import email
import email.policy
import io
import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from openapi_document import advance_increase
from staff_pages import sign_in
from support import TEST_SURETY_NAME, accessible, issue_headers, post_json, staff_address, verify_in_page

pytestmark = pytest.mark.e2e



def row_of(page, number):
    return page.get_by_role("row").filter(has=page.get_by_role("button", name=f"{number}（第1版）の内容を見る"))


# Every space-separated token of the amount/period and receipt cells (a number, a date, a
# name), and every column heading, as the number of lines it is drawn on.
TOKENS_LINES = """() => {
  const lines = [];
  const table = document.querySelector('#ledger-table');
  for (const th of table.querySelectorAll('thead th')) {
    const r = document.createRange(); r.selectNodeContents(th);
    lines.push([th.textContent, new Set([...r.getClientRects()].map(x => Math.round(x.top))).size]);
  }
  for (const td of table.querySelectorAll('tbody td:nth-child(4), tbody td:nth-child(5)')) {
    const walk = document.createTreeWalker(td, NodeFilter.SHOW_TEXT);
    for (let node; (node = walk.nextNode());) {
      for (const m of node.data.matchAll(/\\S+/g)) {
        const r = document.createRange(); r.setStart(node, m.index); r.setEnd(node, m.index + m[0].length);
        lines.push([m[0], new Set([...r.getClientRects()].map(x => Math.round(x.top))).size]);
      }
    }
  }
  return lines;
}"""


def laid_out_at_1280(page):
    """The ledger takes the whole text column (no table of contents beside it), and no heading,
    amount, date or name is broken across lines."""
    table = page.locator("#ledger-table").bounding_box()
    column = page.locator("article.md-content__inner").bounding_box()
    assert table["width"] >= column["width"] - 2 * 24, (table, column)
    assert page.locator(".md-sidebar--secondary").evaluate("e => getComputedStyle(e).display === 'none' || "
                                                           "e.hidden || e.getBoundingClientRect().width === 0")
    broken = [token for token, count in page.evaluate(TOKENS_LINES) if count != 1]
    assert broken == []
    # Squeezed to its narrowest (as many long names would), still no token breaks.
    page.eval_on_selector("#ledger-table", "t => { t.style.width = '1px'; }")
    broken = [token for token, count in page.evaluate(TOKENS_LINES) if count != 1]
    page.eval_on_selector("#ledger-table", "t => { t.style.width = ''; }")
    assert broken == []


@pytest.mark.parametrize("width, height", [(1280, 900), (360, 740)])
def test_receive_then_follow_the_guarantee_in_the_ledger(page, portal_url, api, surety_token, issue_guarantee,
                                                         width, height):
    page.set_viewport_size({"width": width, "height": height})
    issued = issue_guarantee()
    number = issued["guarantee"]["contract_number"]
    address = staff_address()

    page.goto(f"{portal_url}/orderer/verify/")
    verify_in_page(page, number, issued["auth_key"])
    page.get_by_role("button", name="受領を記録する").click()
    sign_in(page, address)
    page.get_by_label("担当部署").select_option("建設課")
    page.get_by_label("氏名").fill("佐久 花子")
    page.get_by_role("button", name="記録する", exact=True).click()
    expect(page.locator("#receipt-label")).to_contain_text("受領済み（長野県佐久市 建設課、")

    # The same browser is signed in: the ledger opens at once.
    page.goto(f"{portal_url}/orderer/ledger/")
    expect(page.get_by_role("heading", name="受領した電子保証")).to_be_focused()
    page.get_by_label("担当部署").select_option("建設課")
    row = row_of(page, number)
    expect(row).to_contain_text("有効")
    expect(row).to_contain_text("建設課 佐久 花子")
    # Focused for screen readers, drawn without a ring (it is no control).
    assert page.get_by_role("heading", name="受領した電子保証").evaluate("e => getComputedStyle(e).outlineStyle") == "none"
    if width == 1280:
        laid_out_at_1280(page)
    accessible(page, f"ledger-{width}", full_page=True)

    # The surety amends it: the row says so, and the clerk who received it gets a mail.
    gid = issued["guarantee"]["guarantee_id"]
    amendment = {"base_version": 1, "reason": "increase", "effective_date": issued["guarantee"]["issue_date"],
                 "changes": advance_increase(25_000_000)}
    assert post_json(api, f"/v1/guarantees/{gid}/amendments", amendment, issue_headers(surety_token)).status_code == 201
    page.reload()
    page.get_by_label("担当部署").select_option("建設課")
    expect(row_of(page, number)).to_contain_text("変更済み（第2版が発行済み）")
    outbox = Path(os.environ["PORTAL_OUTBOX_DIR"])
    notices = [m for m in (email.message_from_bytes(p.read_bytes(), policy=email.policy.default)
                           for p in outbox.glob("*.eml")) if m["To"] == address and "変更のお知らせ" in m["Subject"]]
    assert len(notices) == 1 and number in notices[0]["Subject"]

    # The CSV: what Excel opens (UTF-8 with a BOM).
    with page.expect_download() as download:
        page.get_by_role("button", name="CSVで保存").click()
    raw = Path(download.value.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    [mine] = [dict(zip(rows[0], r)) for r in rows[1:] if r[0] == number]
    assert mine["現在の状態"] == "変更済み（第2版が発行済み）" and mine["担当部署"] == "建設課"
    assert (mine["発行者"], mine["発行者の種別"]) == (TEST_SURETY_NAME, "保証事業会社")
    assert mine["要対応"] == "受領後に変更されました"

    # A row opens the version received, without the key, and says a newer one exists.
    page.get_by_role("button", name=f"{number}（第1版）の内容を見る").click()
    expect(page.get_by_role("heading", name="受領した電子保証の内容")).to_be_focused()
    expect(page.locator("#ledger-detail")).to_contain_text("22,000,000円")
    expect(page.locator("#ledger-detail-banner")).to_contain_text("この電子保証は変更されています")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    # 一覧に戻る stands apart from the last row's divider.
    fields = page.locator("#ledger-detail-fields").bounding_box()
    back = page.get_by_role("button", name="一覧に戻る").bounding_box()
    assert back["y"] - (fields["y"] + fields["height"]) >= 16
    accessible(page, f"ledger-detail-{width}", full_page=True)


def test_the_ledger_asks_staff_to_sign_in(page, portal_url):
    page.goto(f"{portal_url}/orderer/ledger/")
    expect(page.get_by_label("職場のメールアドレス")).to_be_focused()
    expect(page.get_by_role("button", name="やめる")).to_be_hidden()
    accessible(page, "ledger-sign-in", full_page=True)


@pytest.mark.parametrize("width, height", [(1280, 900), (360, 740)])
def test_a_receipt_recorded_by_mistake_is_withdrawn_from_the_ledger(page, portal_url, api, issue_guarantee,
                                                                    width, height):
    from support import staff_headers
    page.set_viewport_size({"width": width, "height": height})
    issued = issue_guarantee()
    number = issued["guarantee"]["contract_number"]
    body = {"contract_number": number, "auth_key": issued["auth_key"], "department": "農林課", "name": "佐久 花子"}
    address = staff_address()  # only the account that recorded it may take it back
    assert post_json(api, "/v1/receipts", body, staff_headers(api, address)).status_code == 201
    page.goto(f"{portal_url}/orderer/ledger/")
    sign_in(page, address)
    page.get_by_label("担当部署").select_option("農林課")
    expect(row_of(page, number)).to_be_visible()
    native = []
    page.on("dialog", lambda dialog: (native.append(dialog.message), dialog.dismiss()))
    withdraw = page.get_by_role("button", name=f"{number}（第1版）の受領の記録を取り消す")

    # Asked in the page, focus on やめる; Esc takes nothing back and gives the focus back.
    withdraw.click()
    dialog = page.get_by_role("dialog", name="受領の記録を取り消しますか")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text(f"保証契約番号 {number}（第1版、")
    expect(dialog).to_contain_text("農林課で記録）の受領の記録を取り消します。")
    expect(dialog.get_by_role("button", name="やめる")).to_be_focused()
    # やめる, focused, still looks secondary: outlined, not filled like 記録を取り消す.
    expect(dialog.get_by_role("button", name="やめる")).to_have_css("background-color", "rgba(0, 0, 0, 0)")
    expect(dialog.get_by_role("button", name="記録を取り消す")).not_to_have_css("background-color", "rgba(0, 0, 0, 0)")
    accessible(page, f"ledger-withdraw-dialog-{width}")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(withdraw).to_be_focused()
    expect(row_of(page, number)).to_be_visible()

    withdraw.click()
    dialog.get_by_role("button", name="記録を取り消す").click()
    expect(page.locator("#ledger-status")).to_have_text(
        f"保証契約番号 {number}（第1版）の受領の記録を取り消しました。受注者と発行元（保証会社・損害保険会社・銀行等）に、電子メールでお知らせします。")
    expect(row_of(page, number)).to_have_count(0)
    # The count line counts: no "0件" glued to the message (the empty list says so itself).
    expect(page.locator("#ledger-count")).not_to_contain_text("取り消しました")
    expect(page.locator("#ledger-count")).not_to_have_text("0件")
    accessible(page, f"ledger-withdrawn-{width}")
    assert native == []  # never the browser's bare confirm()
