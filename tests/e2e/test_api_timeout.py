"""The one fetch helper (site/assets/javascripts/api.js) gives up on an API that does not
answer, and the pages then say the one network message: an answer that never comes must not
leave 確認する pressed for ever. The page's clock is Playwright's, moved past the timeout."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from support import verify_in_page

pytestmark = pytest.mark.e2e

NETWORK_ERROR = "通信に失敗しました。時間をおいて再度お試しください。"


def hang(page, pattern):
    held = []
    page.route(pattern, lambda route: held.append(route))  # neither answered nor failed
    return held


def test_a_check_the_api_never_answers_ends_with_the_network_message(page, portal_url):
    page.clock.install()
    held = hang(page, "**/v1/verifications")
    page.goto(f"{portal_url}/orderer/verify/")
    verify_in_page(page, "SAKU-2024-0001", "0000-0000-0000-0000-0000-0000-0000", wait=False)
    expect(page.get_by_role("button", name="確認する")).to_be_disabled()
    assert len(held) == 1
    timeout = page.evaluate("window.portalApi.TIMEOUT_MS")
    page.clock.run_for(timeout - 1000)
    expect(page.locator("#verify-error")).to_be_empty()  # still waiting, as it should
    page.clock.run_for(2000)
    expect(page.locator("#verify-error")).to_have_text(NETWORK_ERROR)
    expect(page.get_by_role("button", name="確認する")).to_be_enabled()


def test_a_batch_row_the_api_never_answers_says_the_same(page, portal_url):
    page.clock.install()
    hang(page, "**/v1/verifications")
    page.goto(f"{portal_url}/orderer/batch/")
    page.get_by_label("保証契約番号と認証キー（1行に1件）").fill("SAKU-2024-0001 0000-0000-0000-0000-0000-0000-0000")
    page.get_by_role("button", name="まとめて確認する").click()
    page.clock.run_for(page.evaluate("window.portalApi.TIMEOUT_MS") + 1000)
    expect(page.locator("#batch-table td[data-col='state']")).to_have_text(NETWORK_ERROR)
