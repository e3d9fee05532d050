"""The verify page's result on paper, in real Chromium: one A4 page in every state a clerk
prints — a plain guarantee, one with a recorded 受領, an amended one (its history) and the
version it replaced (its banner), a joint venture's (its members), a cancelled one, and all
of it at once — and the result's heading, which takes the focus, drawn as a heading.

page.pdf() prints with the print stylesheet, as 印刷する (window.print) and Ctrl-P do.
With PORTAL_SCREENSHOTS=<dir> each PDF is also rendered to PNG there, for people to look at.
"""
from __future__ import annotations

import copy
import datetime as dt
import os
import subprocess

import pytest
from playwright.sync_api import expect

from devtools.demo import DEMO_JV
from openapi_document import advance_increase
from support import guarantee_request, issue_headers, post_json, staff_headers, verify_in_page

pytestmark = pytest.mark.e2e

VERIFY = "/orderer/verify/"
SURETY_ID = "print-full-surety"


@pytest.fixture(scope="module")
def surety(api):
    """A surety that gives everything a certificate can show of it: 代表者, 本店所在地 and a
    取扱支店 with phone, mail and hours (the longest お問い合わせ先). -> issue(**overrides), token"""
    from chalicelib.usecases import sureties
    sureties.register(SURETY_ID, "東日本テスト建設業保証株式会社", representative="代表取締役社長 東 日本",
                      head_office="東京都中央区八丁堀二丁目1番1号",
                      branches={"nagano": {"department": "長野支店", "phone": "026-000-0000",
                                           "email": "nagano@surety.example", "hours": "平日 9:00〜17:00"}})
    token = sureties.create_token(SURETY_ID, label="print")[1]

    def issue(**overrides):
        response = post_json(api, "/v1/guarantees", guarantee_request(surety_branch="nagano", **overrides),
                             issue_headers(token))
        assert response.status_code == 201, response.body
        return response.json_body
    return issue, token


def today_jst() -> dt.date:
    from chalicelib.adapters import clock
    return clock.today()


def amend(api, token, issued, amount, base_version):
    body = {"base_version": base_version, "reason": "increase", "effective_date": today_jst().isoformat(),
            "changes": advance_increase(amount)}
    response = post_json(api, f"/v1/guarantees/{issued['guarantee']['guarantee_id']}/amendments", body,
                         issue_headers(token))
    assert response.status_code == 201, response.body
    return response.json_body


def cancel(api, token, issued):
    response = post_json(api, f"/v1/guarantees/{issued['guarantee']['guarantee_id']}/cancellation",
                         {"reason": "工事の中止", "date": today_jst().isoformat()}, issue_headers(token))
    assert response.status_code == 200, response.body


def receive(api, number, key):
    response = post_json(api, "/v1/receipts", {
        "contract_number": number, "auth_key": key, "department": "契約検査課", "name": "佐久 花子",
        "note": "工事番号 R6-土木-0123 の前払金として受領しました。"}, staff_headers(api))
    assert response.status_code == 201, response.body


def state(name, api, surety):
    """(contract number, key to check, text the print must hold) for a named state."""
    issue_guarantee, token = surety
    jv = name in ("jv", "everything")
    issued = issue_guarantee(**({"contractor": copy.deepcopy(DEMO_JV)} if jv else {}))
    number, key = issued["guarantee"]["contract_number"], issued["auth_key"]
    expected = ["確認結果：有効"]
    if name in ("amended", "superseded", "everything"):
        latest = issued
        for version, amount in enumerate((25_000_000, 27_000_000, 30_000_000), start=1):
            latest = amend(api, token, issued, amount, base_version=version)
            if name != "everything":
                break
        if name == "superseded":
            expected = ["確認結果：変更済み", "この電子保証は変更されています"]
        else:
            key = latest["auth_key"]
            expected.append("変更の履歴")
    if name in ("received", "everything"):
        receive(api, number, key)
        expected.append("受領済み")
    if jv:
        expected.append("（代表構成員）")
    if name == "cancelled":
        cancel(api, token, issued)
        expected = ["確認結果：解約", "解約されています"]
    return number, key, expected


def printed(page, tmp_path, name):
    pdf = tmp_path / f"{name}.pdf"
    page.emulate_media(media="print")
    pdf.write_bytes(page.pdf(format="A4", print_background=True))
    page.emulate_media(media="screen")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    shots = os.environ.get("PORTAL_SCREENSHOTS")
    if shots:
        subprocess.run(["pdftoppm", "-png", "-r", "70", str(pdf), os.path.join(shots, f"print-{name}")], check=True)
    return pages, "".join(text.split())


@pytest.mark.parametrize("name", ["plain", "received", "amended", "superseded", "jv", "cancelled", "everything"])
def test_every_state_prints_on_one_a4_page(page, portal_url, api, surety, tmp_path, name):
    number, key, expected = state(name, api, surety)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(portal_url + VERIFY)
    verify_in_page(page, number, key)
    expect(page.locator("#verify-signature")).not_to_have_attribute("data-state", "pending")

    pages, text = printed(page, tmp_path, name)

    assert pages == 1, (name, pages)
    for words in expected + [number, "確認日時：", "電子保証ポータル", "長野支店", "本店所在地"]:
        assert "".join(words.split()) in text, (name, words)
    assert key not in text and key.replace("-", "") not in text  # the key never reaches paper


def test_the_focused_result_heading_is_no_box_on_screen_or_paper(page, portal_url, issue_guarantee, tmp_path):
    issued = issue_guarantee()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(portal_url + VERIFY)
    # Typed and sent with Enter, as a clerk does: after a key press the browser rings what
    # takes the focus next (:focus-visible), even a heading focused by the script.
    page.get_by_label("保証契約番号").fill(issued["guarantee"]["contract_number"])
    page.get_by_label("認証キー").fill(issued["auth_key"])
    page.get_by_label("認証キー").press("Enter")
    heading = page.locator("#verify-result-heading")
    expect(heading).to_be_focused()  # where a screen reader goes on reading
    assert heading.evaluate("(h) => h.matches(':focus-visible')")

    # Not a control (not in the tab order): nothing drawn around it.
    outline = heading.evaluate("(h) => getComputedStyle(h).outlineStyle + ' ' + getComputedStyle(h).outlineWidth")
    assert outline.split()[0] == "none" or outline.split()[1] == "0px", outline
    page.emulate_media(media="print")
    outline = heading.evaluate("(h) => getComputedStyle(h).outlineStyle")
    page.emulate_media(media="screen")
    assert outline == "none", outline
