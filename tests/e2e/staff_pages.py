"""Signing a member of staff in on a staff page, as a clerk does: the e-mail address, the code from
the mail, サインイン (shared by the staff pages' tests: the 受領台帳 pages, the administrator's page)."""
from playwright.sync_api import expect

from support import codes_sent_to


def sign_in(page, address):
    email_field = page.get_by_label("職場のメールアドレス")
    expect(email_field).to_be_visible()
    email_field.fill(address)
    page.get_by_role("button", name="確認コードを送る").click()
    code = page.get_by_label("確認コード（8桁の数字）")
    expect(code).to_be_focused()
    code.fill(codes_sent_to(address)[-1])
    page.get_by_role("button", name="サインイン", exact=True).click()
