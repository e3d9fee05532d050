"""Hostile markup and rare characters in names, through the real API and real Chromium.

A contractor named `<img src=x onerror=alert(1)>` is issued for real (no stubbed API), then
checked on the verify page: the name is shown literally (its textContent is the name), no
element was created from it, no dialog opened, no request for "x" went out. Its notice PDF
(the base64 of the issuance reply, through pdftotext) prints the same literal name, and the
representative 𠮷田 髙﨑 (𠮷 is outside the Basic Multilingual Plane, 﨑 a compatibility
ideograph that NFC keeps) survives both ways.
"""
from __future__ import annotations

import base64
import subprocess

import pytest
from playwright.sync_api import expect

from support import verify_in_page

# All on DynamoDB Local: the module's guarantee is issued once, for the browser test (whose portal runs
# on the engine) and for the two that read the issuance and its notice.
pytestmark = [pytest.mark.e2e, pytest.mark.dynamodb]

HOSTILE_NAME = "<img src=x onerror=alert(1)>"
HOSTILE_ADDRESS = '長野県佐久市"><script>alert(2)</script>1-1'
RARE_REPRESENTATIVE = "𠮷田 髙﨑"


@pytest.fixture(scope="module")
def issued(issue_guarantee):
    return issue_guarantee(contractor={
        "name": HOSTILE_NAME, "address": HOSTILE_ADDRESS, "representative": RARE_REPRESENTATIVE})


def test_the_issuance_keeps_the_names_exactly(issued):
    contractor = issued["guarantee"]["contractor"]
    assert contractor == {"name": HOSTILE_NAME, "address": HOSTILE_ADDRESS, "representative": RARE_REPRESENTATIVE}


def test_hostile_and_rare_names_are_displayed_literally_on_the_verify_page(page, portal_url, issued):
    dialogs, requests = [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{portal_url}/orderer/verify/")

    verify_in_page(page, issued["guarantee"]["contract_number"], issued["auth_key"])
    result = page.locator("#verify-result")
    for name, value in (("contractor_name", HOSTILE_NAME), ("contractor_address", HOSTILE_ADDRESS),
                        ("contractor_representative", RARE_REPRESENTATIVE)):
        shown = result.locator(f'[data-field="{name}"]')
        expect(shown).to_have_text(value)
        assert shown.evaluate("el => el.textContent") == value
        assert shown.evaluate("el => el.children.length") == 0  # text only, no element made from it
    assert result.locator("img, script").count() == 0
    assert page.evaluate("document.querySelectorAll('img[src=\"x\"], img[onerror]').length") == 0
    page.wait_for_timeout(300)  # an onerror handler would have fired by now
    assert dialogs == []
    assert not [url for url in requests if url.rstrip("/").endswith("/x")]
    # 𠮷 is one character (a surrogate pair in JavaScript), not two replacement marks.
    assert result.locator('[data-field="contractor_representative"]').evaluate(
        "el => Array.from(el.textContent).length") == len(RARE_REPRESENTATIVE)


def test_the_notice_pdf_prints_the_names_literally(issued, tmp_path):
    notice = issued["notice"]
    assert notice["content_type"] == "application/pdf"
    pdf = tmp_path / "notice.pdf"
    pdf.write_bytes(base64.b64decode(notice["data_base64"]))

    text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-layout", str(pdf), "-"],
                          capture_output=True, check=True).stdout.decode("utf-8")

    assert HOSTILE_NAME in text
    assert "𠮷" in text and "髙﨑" in text
    assert RARE_REPRESENTATIVE in text or RARE_REPRESENTATIVE.replace(" ", "") in text.replace(" ", "")
