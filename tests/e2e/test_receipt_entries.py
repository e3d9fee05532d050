"""The receipt's 担当部署 and 氏名 are typed once per sign-in: the next receipt, on the verify
page or on まとめて確認, starts with them; another account on the same browser never sees
them (they live with the session on the server, not in the browser)."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from support import accessible, codes_sent_to, staff_address, verify_in_page

pytestmark = pytest.mark.e2e

REMEMBERED = "このサインインで前回の受領に入力した担当部署と氏名です。違うときは直してください。"


def sign_in(page, address):
    page.get_by_label("職場のメールアドレス").fill(address)
    page.get_by_role("button", name="確認コードを送る").click()
    code = page.get_by_label("確認コード（8桁の数字）")
    expect(code).to_be_focused()
    code.fill(codes_sent_to(address)[-1])
    page.get_by_role("button", name="サインイン", exact=True).click()


def open_receipt_form(page, portal_url, issued):
    page.goto(f"{portal_url}/orderer/verify/")
    verify_in_page(page, issued["guarantee"]["contract_number"], issued["auth_key"])
    page.get_by_role("button", name="受領を記録する").click()


@pytest.mark.parametrize("width, height", [(1280, 900), (360, 740)])
def test_the_next_receipt_of_a_sign_in_starts_with_its_entries_and_another_account_sees_none(
        page, portal_url, issue_guarantee, width, height):
    page.set_viewport_size({"width": width, "height": height})
    first, second, third = issue_guarantee(), issue_guarantee(), issue_guarantee()
    department, name = page.get_by_label("担当部署"), page.get_by_label("氏名")

    open_receipt_form(page, portal_url, first)
    sign_in(page, staff_address())
    expect(department).to_be_focused()
    expect(name).to_have_value("")
    expect(page.get_by_text(REMEMBERED)).to_be_hidden()
    department.select_option("建設課")
    name.fill("佐久 花子")
    page.get_by_role("button", name="記録する", exact=True).click()
    expect(page.locator("#receipt-label")).to_contain_text("受領済み（長野県佐久市 建設課、")

    # The next guarantee, same sign-in: nothing to type again.
    open_receipt_form(page, portal_url, second)
    expect(department).to_have_value("建設課")
    expect(name).to_have_value("佐久 花子")
    expect(page.get_by_text(REMEMBERED)).to_be_visible()
    accessible(page, f"receipt-entries-remembered-{width}")
    page.get_by_role("button", name="記録する", exact=True).click()
    expect(page.locator("#receipt-label")).to_contain_text("受領済み（長野県佐久市 建設課、")
    expect(page.locator("#receipt-recorder")).to_have_text("記録者：佐久 花子")

    # Another clerk at the same PC signs out the first and in with their own account.
    open_receipt_form(page, portal_url, third)
    expect(name).to_have_value("佐久 花子")
    page.get_by_role("button", name="サインアウト").click()
    page.get_by_role("button", name="受領を記録する").click()
    sign_in(page, staff_address())
    expect(department).to_be_focused()
    expect(department).to_have_value("")
    expect(name).to_have_value("")
    expect(page.get_by_text(REMEMBERED)).to_be_hidden()
    accessible(page, f"receipt-entries-other-account-{width}")


def test_the_batch_page_starts_with_the_sign_ins_entries(page, portal_url, issue_guarantee):
    page.set_viewport_size({"width": 1280, "height": 900})
    first, later = issue_guarantee(), issue_guarantee()
    open_receipt_form(page, portal_url, first)
    sign_in(page, staff_address())
    page.get_by_label("担当部署").select_option("土木課")
    page.get_by_label("氏名").fill("岩村田 次郎")
    page.get_by_role("button", name="記録する", exact=True).click()
    expect(page.locator("#receipt-label")).to_contain_text("受領済み（長野県佐久市 土木課、")

    page.goto(f"{portal_url}/orderer/batch/")
    page.get_by_label("保証契約番号と認証キー（1行に1件）").fill(
        f"{later['guarantee']['contract_number']} {later['auth_key']}")
    page.get_by_role("button", name="まとめて確認する").click()
    page.locator("#batch-table input[type=checkbox]").first.check()
    page.get_by_role("button", name="選んだ電子保証の受領を記録する").click()
    expect(page.get_by_label("担当部署")).to_have_value("土木課")
    expect(page.get_by_label("氏名")).to_have_value("岩村田 次郎")
    expect(page.get_by_text(REMEMBERED)).to_be_visible()
    accessible(page, "batch-receipt-entries-remembered")
