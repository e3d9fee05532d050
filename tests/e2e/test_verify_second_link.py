"""A second notice link opened in the same tab, in real Chromium: only the fragment changes,
so the page stays and no script re-runs. The new link must start a new check, and nothing
of the guarantee shown before (its 受領済み above all) may stay on screen."""
from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from chalicelib.domain.links import verify_url
from support import staff_headers, post_json

pytestmark = pytest.mark.e2e

VERIFY = "/orderer/verify/"
DESKTOP = {"width": 1280, "height": 900}
NARROW = {"width": 360, "height": 740}
# Holds back the answer to the next check by `ms`, so a test can open a second link while
# the first is still on its way (the network is not that slow here).
DELAY_NEXT_CHECK = """
window.__delayNextCheck = 0;
const originalFetch = window.fetch;
window.fetch = function (url, options) {
  const answer = originalFetch.apply(this, arguments);
  const ms = String(url).endsWith('/v1/verifications') ? window.__delayNextCheck : 0;
  window.__delayNextCheck = 0;
  return ms ? answer.then((r) => new Promise((resolve) => setTimeout(() => resolve(r), ms))) : answer;
};
"""


def received(api, issued, department="契約検査課", name="佐久 花子"):
    response = post_json(api, "/v1/receipts", {
        "contract_number": issued["guarantee"]["contract_number"], "auth_key": issued["auth_key"],
        "department": department, "name": name}, staff_headers(api))
    assert response.status_code == 201, response.body


def link(portal_url, issued):
    return verify_url(portal_url, issued["guarantee"]["contract_number"], issued["auth_key"])


@pytest.fixture(params=[DESKTOP], ids=["1280"])
def tab(request, browser, portal_url):
    context = browser.new_context(viewport=request.param, locale="ja-JP")
    context.set_default_timeout(10_000)
    context.add_init_script(DELAY_NEXT_CHECK)
    page = context.new_page()
    checks = []
    page.on("request", lambda r: checks.append(r) if r.url.endswith("/v1/verifications") else None)
    page.checks = checks
    yield page
    context.close()


def shoot(page, name):
    shots = os.environ.get("PORTAL_SCREENSHOTS")
    if shots:
        page.screenshot(path=os.path.join(shots, f"{name}-{page.viewport_size['width']}.png"), full_page=True)


def open_in_same_tab(page, url):
    """As a link followed in this tab: a fragment navigation, never a reload."""
    page.evaluate("(url) => { location.href = url; }", url)


def expect_shown(page, issued):
    result = page.locator("#verify-result")
    expect(result).to_be_visible()
    expect(result.locator('[data-field="contract_number"]')).to_have_text(issued["guarantee"]["contract_number"])
    expect(page.get_by_label("保証契約番号")).to_have_value(issued["guarantee"]["contract_number"])
    expect(page.locator("#verify-result-heading")).to_be_focused()


def expect_nothing_of(page, issued):
    result = page.locator("#verify-result")
    expect(result).not_to_contain_text(issued["guarantee"]["contract_number"])
    expect(result).not_to_contain_text("受領済み")
    expect(result).not_to_contain_text("佐久 花子")
    expect(page.locator("#receipt-done")).to_be_hidden()
    expect(page.locator("#receipt-label")).to_be_empty()


@pytest.mark.parametrize("tab", [DESKTOP, NARROW], ids=["1280", "360"], indirect=True)
def test_a_second_link_in_the_same_tab_starts_a_new_check_and_clears_the_first(
        tab, api, portal_url, issue_guarantee):
    first, second = issue_guarantee(), issue_guarantee()
    received(api, first)
    page = tab

    page.goto(link(portal_url, first))
    expect_shown(page, first)
    expect(page.locator("#receipt-done")).to_be_visible()
    expect(page.locator("#receipt-label")).to_contain_text("受領済み")
    assert page.evaluate("location.hash") == ""
    page.evaluate("window.__samePage = true")
    shoot(page, "second-link-before")

    open_in_same_tab(page, link(portal_url, second))

    expect_shown(page, second)
    expect_nothing_of(page, first)
    expect(page.get_by_role("button", name="受領を記録する")).to_be_visible()  # the second is not received
    assert page.evaluate("location.hash") == ""  # removed again, before anything else
    assert page.evaluate("window.__samePage") is True  # no reload: the page itself took the link
    assert len(page.checks) == 2
    expect(page.locator("#verify-signature")).not_to_have_attribute("data-state", "pending")
    shoot(page, "second-link-after")

    # The same link again, once the page has removed it: a fragment change like any other.
    # Material's document$ replaying the page must not add a second listener (one check).
    page.evaluate("window.document$ && window.document$.next(document)")
    open_in_same_tab(page, link(portal_url, second))
    expect(page.locator("#verify-checked-at")).to_contain_text("確認日時：")
    expect_shown(page, second)
    assert len(page.checks) == 3

    # And back to the first: its receipt is shown again, from its own check.
    open_in_same_tab(page, link(portal_url, first))
    expect_shown(page, first)
    expect(page.locator("#receipt-label")).to_contain_text("受領済み")
    expect(page.locator("#verify-result")).not_to_contain_text(second["guarantee"]["contract_number"])
    assert len(page.checks) == 4


def test_a_link_opened_while_the_first_check_is_on_its_way_wins(tab, api, portal_url, issue_guarantee):
    first, second = issue_guarantee(), issue_guarantee()
    received(api, first)
    page = tab
    page.goto(portal_url + VERIFY)
    expect(page.get_by_label("保証契約番号")).to_be_focused()

    page.evaluate("window.__delayNextCheck = 1500")
    open_in_same_tab(page, link(portal_url, first))
    expect(page.locator("#verify-form")).to_have_attribute("aria-busy", "true")
    open_in_same_tab(page, link(portal_url, second))

    expect_shown(page, second)
    page.wait_for_timeout(2000)  # the first answer has come by now, and was dropped
    expect_shown(page, second)
    expect_nothing_of(page, first)
    expect(page.locator("#verify-form")).not_to_have_attribute("aria-busy", "true")
    expect(page.get_by_role("button", name="確認する", exact=True)).to_be_enabled()
    assert len(page.checks) == 2


def test_an_incomplete_second_link_clears_the_first_and_checks_nothing(tab, api, portal_url, issue_guarantee):
    first = issue_guarantee()
    received(api, first)
    page = tab
    page.goto(link(portal_url, first))
    expect_shown(page, first)

    open_in_same_tab(page, f"{portal_url}{VERIFY}#n={first['guarantee']['contract_number']}")

    expect(page.locator("#verify-result")).to_be_hidden()
    expect_nothing_of(page, first)
    expect(page.get_by_label("保証契約番号")).to_have_value("")
    expect(page.get_by_label("認証キー")).to_have_value("")
    expect(page.get_by_label("保証契約番号")).to_be_focused()
    assert page.evaluate("location.hash") == ""
    assert len(page.checks) == 1


def test_an_in_page_anchor_leaves_the_result_alone(tab, portal_url, issue_guarantee):
    issued = issue_guarantee()
    page = tab
    page.goto(link(portal_url, issued))
    expect_shown(page, issued)

    open_in_same_tab(page, f"{portal_url}{VERIFY}#form-heading")

    expect(page.locator('#verify-result [data-field="contract_number"]')).to_have_text(
        issued["guarantee"]["contract_number"])
    assert page.evaluate("location.hash") == "#form-heading"
    assert len(page.checks) == 1
