"""署名検証 on the verification page: WebCrypto checks the platform's signature against the
JWKS; data altered on the way is flagged in red, and nothing is hidden."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from playwright.sync_api import expect

from chalicelib import signing

pytestmark = pytest.mark.e2e


def check(page, portal_url, issued):
    page.goto(portal_url + "/orderer/verify/")
    page.get_by_label("保証契約番号").fill(issued["guarantee"]["contract_number"])
    page.get_by_label("認証キー").fill(issued["auth_key"])
    page.get_by_role("button", name="確認する").click()
    expect(page.locator("#verify-result")).to_be_visible()


def test_a_genuine_certificate_shows_a_valid_signature(page, portal_url, issue_guarantee):
    issued = issue_guarantee()
    check(page, portal_url, issued)
    line = page.locator("#verify-signature")
    expect(line).to_have_attribute("data-state", "valid")
    day = dt.date.fromisoformat(issued["guarantee"]["issue_date"])
    kid = signing.current_signer().public_jwk()["kid"]
    expect(line).to_have_text(f"署名検証：正当（発行 {day.year}年{day.month}月{day.day}日、鍵 ID {kid[:12]}…）")


def test_tampered_data_is_flagged_and_still_shown(page, portal_url, issue_guarantee):
    issued = issue_guarantee()

    def tamper(route):
        response = route.fetch()
        body = response.json()
        body["certificate"]["amount"] = 99_000_000  # a proxy or a forged page changes the amount
        route.fulfill(response=response, body=json.dumps(body, ensure_ascii=False),
                      headers={**response.headers, "content-type": "application/json; charset=utf-8"})

    page.route("**/api/v1/verifications", tamper)
    check(page, portal_url, issued)
    line = page.locator("#verify-signature")
    expect(line).to_have_attribute("data-state", "invalid")
    expect(line).to_contain_text("署名検証：不一致")
    # Nothing is hidden: the clerk sees what the page was given, next to the warning.
    expect(page.locator('[data-field="amount"]')).to_have_text("99,000,000円")
