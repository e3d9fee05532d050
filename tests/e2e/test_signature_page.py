"""署名検証 on the verification page: WebCrypto checks the platform's signature against the
JWKS; data altered on the way is flagged in red, and nothing is hidden."""
from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys

import pytest
import requests
from playwright.sync_api import expect

from chalicelib.adapters import signing
from support import REPO, accessible, verify_in_page

pytestmark = pytest.mark.e2e


def check(page, portal_url, issued):
    page.goto(portal_url + "/orderer/verify/")
    verify_in_page(page, issued["guarantee"]["contract_number"], issued["auth_key"])


def test_a_genuine_certificate_shows_a_valid_signature(page, portal_url, issue_guarantee):
    issued = issue_guarantee()
    check(page, portal_url, issued)
    line = page.locator("#verify-signature")
    expect(line).to_have_attribute("data-state", "valid")
    day = dt.date.fromisoformat(issued["guarantee"]["issue_date"])
    kid = signing.current_signer().public_jwk()["kid"]
    expect(line).to_contain_text("内容は発行時から改ざんされていません（電子保証ポータルの電子署名を確認しました）。")
    # The technical part waits behind a disclosure, for whoever wants it.
    detail = line.locator("details")
    expect(detail).not_to_have_attribute("open", "")
    detail.locator("summary").click()
    accessible(page, "verify-signature-details")
    expect(detail).to_contain_text(f"署名日 {day.year}年{day.month}月{day.day}日、鍵 ID {kid[:12]}…")


def test_tampered_data_is_flagged_and_still_shown(page, portal_url, issue_guarantee):
    issued = issue_guarantee()

    def tamper(route):
        response = route.fetch()
        body = response.json()
        # A proxy or a forged page changes the amount: in the certificate, and in the row printed
        # from it (the page shows the rows; the signature covers the certificate they are made from).
        body["certificate"]["amount"] = 99_000_000
        row = next(r for s in body["sections"] for r in s["rows"] if r["key"] == "amount")
        row["lines"] = ["99,000,000円"]
        route.fulfill(response=response, body=json.dumps(body, ensure_ascii=False),
                      headers={**response.headers, "content-type": "application/json; charset=utf-8"})

    page.route("**/api/v1/verifications", tamper)
    check(page, portal_url, issued)
    line = page.locator("#verify-signature")
    expect(line).to_have_attribute("data-state", "invalid")
    expect(line).to_contain_text("発行時に電子署名した内容と一致しません")
    # Nothing is hidden: the clerk sees what the page was given, next to the warning.
    expect(page.locator('[data-field="amount"]')).to_have_text("99,000,000円")


def test_the_signed_copy_is_saved_from_the_page_and_checks_offline(page, portal_url, issue_guarantee, tmp_path):
    issued = issue_guarantee()
    check(page, portal_url, issued)
    name = f"電子保証の写し_{issued['guarantee']['contract_number']}_第1版.pdf"

    with page.expect_download() as info:
        page.get_by_role("button", name="写し（PDF）を保存する").click()
    download = info.value

    assert download.suggested_filename == name
    expect(page.locator("#copy-status")).to_have_text(f"「{name}」をダウンロードしました。")
    copy, jwks = tmp_path / "copy.pdf", tmp_path / "jwks.json"
    download.save_as(copy)
    jwks.write_bytes(requests.get(portal_url + "/api/.well-known/jwks.json", timeout=10).content)
    # In a child process: pyHanko's validation runs its own event loop, which cannot share
    # this thread with Playwright's.
    offline = subprocess.run([sys.executable, "-m", "devtools.verify", str(copy), "--jwks", str(jwks)],
                             env={**os.environ, "PYTHONPATH": str(REPO / "api")}, capture_output=True, text=True,
                             timeout=60)
    assert offline.returncode == 0, offline.stdout + offline.stderr
    assert "[NG]" not in offline.stdout


def test_a_copy_that_cannot_be_made_says_why_next_to_the_button(page, portal_url, issue_guarantee):
    issued = issue_guarantee()

    def refuse(route):
        route.fulfill(status=409, content_type="application/json; charset=utf-8", body=json.dumps(
            {"error": {"code": "copy_unavailable", "message": "この電子保証は、署名付きの写しを作成できません。"}},
            ensure_ascii=False))

    page.route("**/api/v1/certificate-copies", refuse)
    check(page, portal_url, issued)
    page.get_by_role("button", name="写し（PDF）を保存する").click()
    expect(page.locator("#copy-error")).to_have_text("この電子保証は、署名付きの写しを作成できません。")
    expect(page.locator("#copy-status")).to_have_text("")
    expect(page.get_by_role("button", name="写し（PDF）を保存する")).to_be_enabled()
