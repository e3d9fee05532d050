"""Recording 受領 in Chromium as the orderer's staff do it: verify, sign in with the code mailed
to a work address (read here from the local outbox), record, sign out — at 1280 and 360 px,
with no axe violation in any state."""
from __future__ import annotations


import pytest
from playwright.sync_api import expect

from support import (accessible, codes_sent_to, staff_address, verify_in_page)

pytestmark = pytest.mark.e2e





@pytest.mark.parametrize("width, height", [(1280, 900), (360, 740)])
def test_sign_in_record_and_sign_out(page, portal_url, issue_guarantee, width, height):
    issued = issue_guarantee()
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{portal_url}/orderer/verify/")
    verify_in_page(page, issued["guarantee"]["contract_number"], issued["auth_key"])

    page.get_by_role("button", name="受領を記録する").click()
    email = page.get_by_label("職場のメールアドレス")
    expect(email).to_be_focused()
    email.scroll_into_view_if_needed()
    accessible(page, f"sign-in-address-{width}")

    address = staff_address()
    email.fill(address)
    page.get_by_role("button", name="確認コードを送る").click()
    code = page.get_by_label("確認コード（8桁の数字）")
    expect(code).to_be_focused()
    expect(page.locator("#staff-code-sent")).to_contain_text("確認コードを送りました")
    [sent] = codes_sent_to(address)

    code.fill(f"{(int(sent) + 1) % 100_000_000:08d}")  # a typo first
    page.get_by_role("button", name="サインイン", exact=True).click()
    expect(page.locator("#staff-error")).to_contain_text("確認コードが正しくないか")
    expect(code).to_have_attribute("aria-invalid", "true")
    accessible(page, f"sign-in-wrong-code-{width}")

    code.fill("　".join(sent[:3]) + sent[3:].translate(str.maketrans("0123456789", "０１２３４５６７８９")))
    page.get_by_role("button", name="サインイン", exact=True).click()  # full-width and spaced: still the code
    expect(page.get_by_label("担当部署")).to_be_focused()
    expect(page.locator("#staff-who")).to_have_text(f"{address}（長野県佐久市）")
    accessible(page, f"receipt-form-signed-in-{width}")

    page.get_by_label("担当部署").select_option("建設課")
    page.get_by_label("氏名").fill("佐久 花子")
    page.get_by_role("button", name="記録する", exact=True).click()
    expect(page.locator("#receipt-label")).to_contain_text("受領済み（長野県佐久市 建設課、")
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def signed_in_at_the_receipt_form(page, portal_url, issued) -> None:
    page.goto(f"{portal_url}/orderer/verify/")
    verify_in_page(page, issued["guarantee"]["contract_number"], issued["auth_key"])
    page.get_by_role("button", name="受領を記録する").click()
    address = staff_address()
    page.get_by_label("職場のメールアドレス").fill(address)
    page.get_by_role("button", name="確認コードを送る").click()
    expect(page.get_by_label("確認コード（8桁の数字）")).to_be_focused()  # the mail has been sent
    page.get_by_label("確認コード（8桁の数字）").fill(codes_sent_to(address)[-1])
    page.get_by_role("button", name="サインイン", exact=True).click()
    expect(page.get_by_label("担当部署")).to_be_visible()


def test_sign_out_asks_for_sign_in_again(page, portal_url, issue_guarantee):
    signed_in_at_the_receipt_form(page, portal_url, issue_guarantee())

    page.get_by_role("button", name="サインアウト").click()
    expect(page.get_by_role("button", name="受領を記録する")).to_be_focused()
    expect(page.get_by_label("担当部署")).to_be_hidden()
    cookies = [c for c in page.context.cookies() if c["name"] == "portal_session"]
    assert cookies == []  # the browser dropped it: Max-Age=0
    page.get_by_role("button", name="受領を記録する").click()
    expect(page.get_by_label("職場のメールアドレス")).to_be_focused()


def test_the_session_cookie_is_out_of_scripts_reach(page, portal_url, issue_guarantee):
    signed_in_at_the_receipt_form(page, portal_url, issue_guarantee())
    [cookie] = [c for c in page.context.cookies() if c["name"] == "portal_session"]
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and cookie["path"] == "/"
    assert "portal_session" not in page.evaluate("document.cookie")


def test_the_sign_in_page_signs_in_and_points_to_the_ledger(page, portal_url):
    page.goto(f"{portal_url}/orderer/sign-in/")
    address = staff_address()
    page.get_by_label("職場のメールアドレス").fill(address)
    page.get_by_role("button", name="確認コードを送る").click()
    expect(page.get_by_label("確認コード（8桁の数字）")).to_be_focused()
    page.get_by_label("確認コード（8桁の数字）").fill(codes_sent_to(address)[-1])
    page.get_by_role("button", name="サインイン", exact=True).click()
    expect(page.get_by_role("heading", name="サインインしています")).to_be_focused()
    accessible(page, "sign-in-page-done")
    page.locator("#signed-in").get_by_role("link", name="受領台帳").click()
    expect(page.get_by_role("heading", name="受領した電子保証")).to_be_visible()  # no second sign-in
