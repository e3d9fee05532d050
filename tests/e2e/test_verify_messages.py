"""What the verify page says when a check does not simply succeed, in real Chromium: where a
typo in the 認証キー can be, whom to ask when a number and key open nothing, who issued a
cancelled guarantee, and the 保証約款 linked to its full text — at 1280 and 360 px."""
from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from chalicelib.domain import authkey
from devtools.demo import ADVANCE_TERMS_URL
from support import TEST_SURETY_NAME, accessible, issue_headers, post_json, verify_in_page

pytestmark = pytest.mark.e2e

SIZES = [(1280, 900), (360, 740)]
NO_TYPING = "お知らせのPDFを選ぶと、入力せずに確認できます。"


def open_verify(page, portal_url, width, height):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{portal_url}/orderer/verify/")
    expect(page.get_by_label("保証契約番号")).to_be_visible()


def typo_in_group(key: str, group: int) -> str:
    """The key with one symbol of ``group`` (1-7) replaced, chosen so that the check symbols
    place the error in that group alone (found by trying, not assumed)."""
    canonical = authkey.parse(key)
    for position in range((group - 1) * 4, group * 4):
        for symbol in authkey.ALPHABET:
            typo = canonical[:position] + symbol + canonical[position + 1:]
            if typo != canonical and authkey.typo_groups(typo) == (group,):
                return authkey.display(typo)
    raise AssertionError("no typo the check places in that group alone")


@pytest.mark.parametrize("width, height", SIZES)
def test_a_typo_says_which_group_of_four_to_look_at_and_offers_the_pdf(page, portal_url, issue_guarantee,
                                                                         width, height):
    issued = issue_guarantee()
    typo = typo_in_group(issued["auth_key"], 3)
    open_verify(page, portal_url, width, height)
    verify_in_page(page, issued["guarantee"]["contract_number"], typo, wait=False)
    error = page.locator("#verify-error")
    expect(error).to_have_text(
        "認証キーに入力の誤りがあります。1文字の打ち間違いか、隣り合う2文字の入れ替わりであれば、"
        "左から3番目の組（4文字）にあります。お知らせの認証キーと照らし合わせてください。" + NO_TYPING)
    expect(error).to_be_focused()
    expect(page.get_by_label("認証キー")).to_have_attribute("aria-invalid", "true")
    accessible(page, f"verify-typo-{width}")


@pytest.mark.parametrize("width, height", SIZES)
def test_a_number_and_key_that_open_nothing_say_whom_to_ask(page, portal_url, issue_guarantee, width, height):
    one, other = issue_guarantee(), issue_guarantee()
    open_verify(page, portal_url, width, height)
    verify_in_page(page, one["guarantee"]["contract_number"], other["auth_key"], wait=False)
    error = page.locator("#verify-error")
    expect(error).to_contain_text("保証契約番号または認証キーが正しくありません。")
    expect(error).to_contain_text(NO_TYPING[:-1])
    expect(error).to_contain_text(
        "それでも確認できないときは、お知らせを送ってきた受注者か、お知らせに記載の保証会社にお問い合わせください。")
    accessible(page, f"verify-not-found-{width}")


@pytest.mark.parametrize("width, height", SIZES)
def test_a_cancelled_guarantee_names_its_issuer_and_contractor(page, portal_url, api, surety_token, issue_guarantee,
                                                              width, height):
    issued = issue_guarantee(kind="contract")
    gid = issued["guarantee"]["guarantee_id"]
    response = post_json(api, f"/v1/guarantees/{gid}/cancellation",
                         {"reason": "契約の解除", "date": issued["guarantee"]["issue_date"]}, issue_headers(surety_token))
    assert response.status_code == 200, response.body
    open_verify(page, portal_url, width, height)
    verify_in_page(page, issued["guarantee"]["contract_number"], issued["auth_key"])
    advice = page.locator("#verify-banner-advice")
    contractor = issued["guarantee"]["contractor"]["name"]
    expect(advice).to_have_text("解約された保証契約の電子保証は、保証の対象になりません。詳しくは、受注者（"
                                f"{contractor}）または発行元の保証会社（{TEST_SURETY_NAME}）にお問い合わせください。")
    accessible(page, f"verify-cancelled-{width}")


@pytest.mark.parametrize("width, height", SIZES)
def test_the_guarantee_terms_link_to_their_full_text(page, portal_url, issue_guarantee, width, height):
    issued = issue_guarantee()
    open_verify(page, portal_url, width, height)
    verify_in_page(page, issued["guarantee"]["contract_number"], issued["auth_key"])
    link = page.locator('#verify-result [data-row="guarantee_terms"]').get_by_role(
        "link", name="前払金保証約款（2020年4月1日改正）")
    expect(link).to_have_attribute("href", ADVANCE_TERMS_URL)
    expect(link).to_have_attribute("target", "_blank")
    expect(link).to_have_attribute("rel", "noopener noreferrer")
    expect(page.locator(".portal-terms-where")).to_have_text("全文（発行元のウェブサイト・新しいタブで開きます）")
    link.scroll_into_view_if_needed()
    accessible(page, f"verify-terms-link-{width}")


def test_terms_without_an_https_url_are_named_only(page, portal_url, issue_guarantee):
    # The API admits https only; the page holds to it for any answer (here a stubbed one).
    issued = issue_guarantee()
    real = post_json_to_page_api(page, portal_url, issued)
    real["certificate"]["guarantee_terms"]["url"] = "javascript:alert(1)"
    page.route("**/v1/verifications", lambda route: route.fulfill(
        status=200, content_type="application/json", body=json.dumps(real)))
    page.goto(f"{portal_url}/orderer/verify/")
    verify_in_page(page, issued["guarantee"]["contract_number"], issued["auth_key"])
    terms = page.locator('#verify-result dd[data-row="guarantee_terms"]')
    expect(terms).to_have_text("前払金保証約款（2020年4月1日改正）")
    assert terms.locator("a").count() == 0


def post_json_to_page_api(page, portal_url, issued) -> dict:
    response = page.request.post(f"{portal_url}/api/v1/verifications", data={
        "contract_number": issued["guarantee"]["contract_number"], "auth_key": issued["auth_key"]})
    assert response.ok
    return response.json()
