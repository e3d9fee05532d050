"""The verification page shows the full 保証証書 — a joint venture's 前払金保証 with its
預託金融機関, the surety and where to ask — at 1280 px and 360 px, with no axe violation."""
from __future__ import annotations

import copy

import pytest
from playwright.sync_api import expect

from devtools.demo import DEMO_JV
from support import accessible, guarantee_request, issue_headers, post_json, verify_in_page

pytestmark = pytest.mark.e2e

SURETY_ID = "page-full-surety"
BRANCH = {"department": "長野支店", "phone": "026-000-0000", "email": "nagano@surety.example",
          "hours": "平日 9:00〜17:00"}


@pytest.fixture(scope="module")
def jv_guarantee(api) -> dict:
    from chalicelib.usecases import sureties
    sureties.register(SURETY_ID, "東日本テスト建設業保証株式会社", branches={"nagano": BRANCH},
                      representative="代表取締役社長 東 日本", head_office="東京都中央区八丁堀二丁目1番1号")
    token = sureties.create_token(SURETY_ID, label="page")[1]
    body = guarantee_request(contractor=copy.deepcopy(DEMO_JV), surety_branch="nagano")
    body["contractor"]["members"][1]["corporate_number"] = "1100001000005"
    response = post_json(api, "/v1/guarantees", body, issue_headers(token))
    assert response.status_code == 201, response.body
    return response.json_body


def expected_rows(issued: dict) -> dict[str, str]:
    c = issued["guarantee"]
    return {
        "保証の種類": "前払金保証",
        "保証金額": "22,000,000円",
        "前払金額": "22,000,000円",
        "預託金融機関": "八十二銀行 佐久支店（金融機関コード 0143・支店コード 301）",
        "再預託": "利用しない",
        # The name links to the full text (demo data); the line under it says where it goes.
        "保証約款": "前払金保証約款（2020年4月1日改正）全文（発行元のウェブサイト・新しいタブで開きます）",
        "工事番号": c["project"]["number"],
        "請負契約日": "{}年{}月{}日".format(*(int(p) for p in c["contract_date"].split("-"))),
        "受注者名": "浅間・佐久特定建設工事共同企業体",
        "本店所在地": "東京都中央区八丁堀二丁目1番1号",
        "取扱支店": "長野支店",
        # As the signed copy prints it: the hours with the phone number.
        "電話": "026-000-0000（平日 9:00〜17:00）",
        "電子メール": "nagano@surety.example",
    }


@pytest.mark.parametrize("width, height", [(1280, 900), (360, 740)])
def test_every_field_of_a_joint_ventures_advance_guarantee_is_shown(page, portal_url, jv_guarantee, width, height):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{portal_url}/orderer/verify/")
    verify_in_page(page, jv_guarantee["guarantee"]["contract_number"], jv_guarantee["auth_key"])
    result = page.locator("#verify-result")
    for label, value in expected_rows(jv_guarantee).items():
        term = result.locator("dt", has_text=label).first
        expect(term).to_be_visible()
        expect(term.locator("xpath=following-sibling::dd[1]")).to_have_text(value)
    members = result.locator('dd[data-row^="member_"]')
    expect(members).to_have_count(2)
    expect(result.locator('dt[data-row^="member_"]')).to_have_text(["構成員1", "構成員2"])
    expect(members.nth(0).locator(".portal-cert-line").first).to_have_text("浅間建設株式会社（代表構成員）")
    expect(members.nth(1).locator(".portal-cert-line").first).to_have_text("佐久土木株式会社")
    expect(members.nth(1)).to_contain_text("法人番号 1100001000005")
    # The phone and the mail open the phone or the mail program, from the certificate's own values.
    expect(result.locator('dd[data-row="contact_phone"] a')).to_have_attribute("href", "tel:0260000000")
    expect(result.locator('dd[data-row="contact_email"] a')).to_have_attribute("href", "mailto:nagano@surety.example")
    expect(result.get_by_text("にお問い合わせください")).to_be_hidden()  # the contact is given
    # Nothing wider than the screen: long names and the bank wrap.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    accessible(page, f"full-certificate-{width}", full_page=True)


def test_a_guarantee_without_the_new_fields_hides_their_rows(page, portal_url, issue_guarantee):
    issued = issue_guarantee(kind="contract", amount=5_500_000)
    page.goto(f"{portal_url}/orderer/verify/")
    verify_in_page(page, issued["guarantee"]["contract_number"], issued["auth_key"])
    result = page.locator("#verify-result")
    expect(result.locator('[data-field="amount"]')).to_have_text("5,500,000円（請負代金額の10%）")
    for label in ("前払金額", "預託金融機関", "再預託", "構成員1", "本店所在地", "取扱支店"):
        expect(result.locator(f'dt:text-is("{label}")')).to_be_hidden()
    expect(result.get_by_text("にお問い合わせください")).to_be_visible()  # the test surety gave no contact
