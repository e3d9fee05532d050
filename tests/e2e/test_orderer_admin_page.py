"""発注者の管理者 in Chromium: 佐久市's administrator signs in with the mailed code, renames, adds,
moves and removes departments, saves, meets a field's refusal and a change made meanwhile, and
the receipt form of the verification page offers the new departments at once (no restart); the
staff's sign-ins and receipts are listed, page by page. A member of staff who is no
administrator is told so. At 1280 and 360 px, no axe violation in any state."""
from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

import staff_pages
from support import accessible, staff_address, verify_in_page

pytestmark = pytest.mark.e2e

ADMIN = "keiyaku@city.saku.nagano.jp"  # api/devtools/data/demo_enrolments.json
SAKU = "202177"


def sign_in(page, address):
    # The administrator's page puts the cursor in the address field at once; then as on every staff page.
    expect(page.get_by_label("職場のメールアドレス")).to_be_focused()
    staff_pages.sign_in(page, address)


def department_values(page) -> list[str]:
    return page.locator("#admin-departments input").evaluate_all("inputs => inputs.map(i => i.value)")


@pytest.fixture
def saku_restored(store):
    """佐久市's settings as they were, whatever the test changed (other tests use its departments)."""
    from chalicelib.domain.staff import Staff
    from chalicelib.usecases import orderer_admin
    before = store.registry.enrolment(SAKU)
    yield before
    now = store.registry.enrolment(SAKU)
    if (now.departments, now.notification_addresses) != (before.departments, before.notification_addresses):
        orderer_admin.change(Staff(ADMIN, SAKU), {"revision": now.revision, "departments": list(before.departments),
                                                  "notification_addresses": list(before.notification_addresses)})


@pytest.mark.parametrize("width, height", [(1280, 900), (360, 740)])
def test_the_administrator_keeps_the_departments_and_sees_the_staff(page, portal_url, store, issue_guarantee,
                                                                     saku_restored, width, height):
    from chalicelib.adapters import clock
    from chalicelib.domain import staff_activity
    from chalicelib.domain.staff import Staff
    from chalicelib.usecases import orderer_admin
    page.set_viewport_size({"width": width, "height": height})
    shot = f"admin-{width}"

    # Not signed in: the sign-in, for this page's purpose.
    page.goto(f"{portal_url}/orderer/admin/")
    expect(page.get_by_label("職場のメールアドレス")).to_be_focused()
    expect(page.locator("#staff-sign-in")).to_contain_text("発注者の管理者の方が使います")
    accessible(page, f"{shot}-sign-in", full_page=True)

    sign_in(page, ADMIN)
    expect(page.get_by_role("heading", name="担当部署と通知先")).to_be_focused()
    assert department_values(page) == list(saku_restored.departments)
    expect(page.locator("#admin-domains")).to_have_text("city.saku.nagano.jp")
    expect(page.locator("#admin-domains-note")).to_contain_text("運営者が設定します")
    expect(page.locator("#admin-departments-hint")).to_contain_text("30件まで・各40文字まで")
    expect(page.locator("#admin-activity-table")).to_contain_text(ADMIN)  # this sign-in, listed
    expect(page.locator("#admin-activity-table tbody tr").first).to_contain_text("サインイン")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    accessible(page, f"{shot}-settings", full_page=True)

    # Rename, add, move up, remove.
    page.get_by_label("担当部署（2番目）", exact=True).fill("建設部 建設課")
    page.get_by_role("button", name="担当部署を追加").click()
    added = page.get_by_label("担当部署（7番目）", exact=True)
    expect(added).to_be_focused()
    added.fill("こども課")
    page.get_by_role("button", name="担当部署（7番目）を上へ移動").click()
    expect(page.get_by_role("button", name="担当部署（6番目）を上へ移動")).to_be_focused()
    expect(page.locator("#admin-status")).to_have_text("担当部署（7番目）を6番目に移動しました。")
    page.get_by_role("button", name="担当部署（5番目）を削除").click()  # 農林課
    expect(page.get_by_label("担当部署（5番目）", exact=True)).to_be_focused()
    assert department_values(page) == ["契約検査課", "建設部 建設課", "土木課", "上下水道課", "こども課", "教育総務課"]
    page.get_by_role("button", name="保存する").click()
    expect(page.locator("#admin-status")).to_have_text("保存しました。")
    expect(page.locator("#admin-changed")).to_contain_text("最終更新：")
    assert store.registry.enrolment(SAKU).departments == (
        "契約検査課", "建設部 建設課", "土木課", "上下水道課", "こども課", "教育総務課")
    accessible(page, f"{shot}-saved", full_page=True)

    # A refusal at its field: the API's words beside the field, which takes the focus.
    page.get_by_role("button", name="担当部署を追加").click()
    page.get_by_label("担当部署（7番目）", exact=True).fill("土木課")
    page.get_by_role("button", name="通知先を追加").click()
    page.get_by_label("通知先メールアドレス（1番目）", exact=True).fill("keiri@asama.example")
    page.get_by_role("button", name="保存する").click()
    duplicate = page.get_by_label("担当部署（7番目）", exact=True)
    expect(duplicate).to_be_focused()
    expect(duplicate).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#admin-department-6-error")).to_contain_text("すでに一覧にあります")
    expect(page.locator("#admin-address-0-error")).to_contain_text("職員のメールドメイン")
    expect(page.locator("#admin-problems")).to_contain_text("入力内容を確認してください。")
    accessible(page, f"{shot}-invalid", full_page=True)

    # Someone else changed the settings meanwhile: nothing is saved, the page offers the latest.
    page.get_by_role("button", name="担当部署（7番目）を削除").click()
    page.get_by_role("button", name="通知先メールアドレス（1番目）を削除").click()
    current = store.registry.enrolment(SAKU)
    orderer_admin.change(Staff(ADMIN, SAKU), {"revision": current.revision,
                                              "departments": [*current.departments, "環境課"]})
    page.get_by_role("button", name="保存する").click()
    expect(page.locator("#admin-conflict")).to_contain_text("ほかの方が先に設定を変更しました")
    expect(page.get_by_role("button", name="最新の設定を読み込む")).to_be_focused()
    accessible(page, f"{shot}-conflict", full_page=True)
    page.get_by_role("button", name="最新の設定を読み込む").click()
    expect(page.get_by_role("heading", name="担当部署と通知先")).to_be_focused()
    assert department_values(page)[-1] == "環境課"
    expect(page.locator("#admin-conflict")).to_be_hidden()

    # A receipt recorded on the verification page is listed for the administrator.
    issued = issue_guarantee()
    number = issued["guarantee"]["contract_number"]
    page.goto(f"{portal_url}/orderer/verify/")
    verify_in_page(page, number, issued["auth_key"])
    page.get_by_role("button", name="受領を記録する").click()
    # Beside the signed-in address, the way to this page, for an administrator.
    expect(page.get_by_role("link", name="発注者の管理者の画面")).to_be_visible()
    accessible(page, f"{shot}-verify-link")
    page.get_by_label("担当部署").select_option("土木課")
    page.get_by_label("氏名").fill("佐久 花子")
    page.get_by_role("button", name="記録する", exact=True).click()
    expect(page.locator("#receipt-label")).to_contain_text("受領済み（長野県佐久市 土木課、")

    # Enough entries for a second page of the activity.
    now = clock.now()
    for n in range(25):
        store.activity.add(SAKU, staff_activity.entry(now.replace(year=now.year - 1), f"clerk{n}@city.saku.nagano.jp",
                                                      "signed_in"), now + dt.timedelta(days=1))
    page.goto(f"{portal_url}/orderer/admin/")
    first = page.locator("#admin-activity-table tbody tr").first
    expect(first).to_contain_text("受領を記録")
    expect(first).to_contain_text(f"{number}（第1版）")
    expect(first).to_contain_text("土木課 佐久 花子")
    rows = page.locator("#admin-activity-table tbody tr")
    expect(rows).to_have_count(20)
    accessible(page, f"{shot}-activity", full_page=True)
    page.get_by_role("button", name="さらに表示").click()
    expect(page.locator("#admin-activity-table tbody tr:nth-child(21) th")).to_be_focused()
    assert rows.count() > 20
    expect(page.locator("#admin-activity-count")).to_contain_text(f"{rows.count()}件を表示しています。")
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width, height", [(1280, 900), (360, 740)])
def test_a_member_of_staff_who_is_no_administrator_is_told_so(page, portal_url, width, height):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{portal_url}/orderer/admin/")
    sign_in(page, staff_address())
    expect(page.get_by_role("heading", name="この画面を使う権限がありません")).to_be_focused()
    expect(page.locator("#admin-refused-message")).to_contain_text("発注者の管理者の方だけが使えます")
    expect(page.locator("#admin-settings")).to_be_hidden()
    expect(page.locator("#admin-activity")).to_be_hidden()
    expect(page.get_by_role("button", name="サインアウト")).to_be_visible()
    accessible(page, f"admin-{width}-refused", full_page=True)
    page.goto(f"{portal_url}/orderer/ledger/")
    expect(page.get_by_role("heading", name="受領した電子保証")).to_be_focused()
    expect(page.locator("#staff-admin-link")).to_be_hidden()


def test_the_receipt_form_offers_the_saved_departments_without_a_restart(page, portal_url, store, issue_guarantee,
                                                                         saku_restored):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{portal_url}/orderer/admin/")
    sign_in(page, ADMIN)
    expect(page.get_by_role("heading", name="担当部署と通知先")).to_be_focused()
    page.get_by_label("担当部署（2番目）", exact=True).fill("建設部 建設課")
    page.get_by_role("button", name="担当部署（1番目）を下へ移動").click()
    page.get_by_role("button", name="担当部署を追加").click()
    page.get_by_label("担当部署（7番目）", exact=True).fill("こども課")
    page.get_by_role("button", name="保存する").click()
    expect(page.locator("#admin-status")).to_have_text("保存しました。")

    # The same signed-in browser, the same running portal: the receipt form offers the new list.
    issued = issue_guarantee()
    page.goto(f"{portal_url}/orderer/verify/")
    verify_in_page(page, issued["guarantee"]["contract_number"], issued["auth_key"])
    page.get_by_role("button", name="受領を記録する").click()
    expect(page.get_by_label("担当部署")).to_be_focused()
    options = page.get_by_label("担当部署").locator("option").all_text_contents()
    assert options[1:] == ["建設部 建設課", "契約検査課", "土木課", "上下水道課", "農林課", "教育総務課", "こども課"]
    page.get_by_label("担当部署").select_option("こども課")
    page.get_by_label("氏名").fill("佐久 花子")
    page.get_by_role("button", name="記録する", exact=True).click()
    expect(page.locator("#receipt-label")).to_contain_text("受領済み（長野県佐久市 こども課、")
