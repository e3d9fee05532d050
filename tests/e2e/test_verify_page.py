"""The orderer's verify page in real Chromium, against the local portal (site + API)."""
import datetime as dt
import json
import os
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import expect

from chalicelib.adapters import clock
from chalicelib.domain import authkey
from support import accessible, clock_at, verify_in_page

pytestmark = pytest.mark.e2e

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
NOT_FOUND_PREFIX = "保証契約番号または認証キーが正しくありません"
NETWORK_ERROR = "通信に失敗しました。時間をおいて再度お試しください。"


def terms(start, works_end, guarantee_end):
    """Issuance overrides for the periods (top-level keys replace the fixture's)."""
    return {
        "guarantee_period": {"start": start.isoformat(), "end": guarantee_end.isoformat()},
        "project": {
            "name": "市道岩村田1号線道路改良工事",
            "location": "長野県佐久市岩村田地内",
            "contract_price": 55_000_000,
            "period": {"start": start.isoformat(), "end": works_end.isoformat()},
        },
    }


def current_terms():
    today = clock.today()  # the business date the portal judges by
    return terms(today - dt.timedelta(days=30), today + dt.timedelta(days=365),
                 today + dt.timedelta(days=400))


def jp_date(iso):
    y, m, d = iso.split("-")
    return f"{int(y)}年{int(m)}月{int(d)}日"


def as_clerk_types(key):
    # Lower case and spaces for hyphens: the server, not the form, normalises.
    return key.lower().replace("-", " ")


def with_typo(key):
    """The same key with its first character replaced by another Crockford symbol."""
    first = key[0].upper()
    other = CROCKFORD[(CROCKFORD.index(first) + 1) % 32] if first in CROCKFORD else "0"
    return other + key[1:]


def post_verification(portal_url, contract_number, auth_key):
    body = json.dumps({"contract_number": contract_number, "auth_key": auth_key}).encode()
    request = urllib.request.Request(
        f"{portal_url}/api/v1/verifications", data=body,
        headers={"Content-Type": "application/json"}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def field(page, name):
    return page.locator(f'#verify-result [data-field="{name}"]')


def open_verify(page, portal_url):
    page.goto(f"{portal_url}/orderer/verify/")
    expect(page.get_by_label("保証契約番号")).to_be_visible()


def check(page, contract_number, auth_key):
    verify_in_page(page, contract_number, auth_key, wait=False)


def test_shows_certificate_for_key_typed_like_a_clerk(page, portal_url, issue_guarantee):
    issued = issue_guarantee(**current_terms())
    c = issued["guarantee"]
    open_verify(page, portal_url)

    check(page, c["contract_number"], as_clerk_types(issued["auth_key"]))

    expect(page.locator("#verify-result")).to_be_visible()
    expect(field(page, "amount")).to_have_text(f"{c['amount']:,}円")
    expect(field(page, "orderer")).to_contain_text("佐久市")
    expect(field(page, "status")).to_have_text("有効")
    expect(field(page, "status")).to_have_class("portal-badge portal-badge--valid")
    expect(field(page, "contract_number")).to_have_text(c["contract_number"])
    period = c["guarantee_period"]
    expect(field(page, "guarantee_period")).to_have_text(
        f"{jp_date(period['start'])} 〜 {jp_date(period['end'])}")
    expect(field(page, "contractor_name")).to_have_text(c["contractor"]["name"])
    expect(page.locator("#verify-error")).to_be_empty()


def test_expired_guarantee_has_a_neutral_status_badge(page, portal_url, issue_guarantee):
    # Issued in 2024 (the portal's clock set back), checked today: past its 保証期間.
    with clock_at(dt.datetime(2024, 7, 1, 1, 0, tzinfo=dt.timezone.utc)):
        issued = issue_guarantee(**terms(dt.date(2024, 7, 1), dt.date(2025, 3, 14), dt.date(2025, 4, 14)))
    open_verify(page, portal_url)

    check(page, issued["guarantee"]["contract_number"], issued["auth_key"])

    expect(field(page, "status")).to_have_text("期限満了")
    expect(field(page, "status")).not_to_have_class("portal-badge portal-badge--valid")


def test_key_of_another_guarantee_is_not_found_without_naming_a_field(
        page, portal_url, issue_guarantee):
    mine = issue_guarantee()
    other = issue_guarantee()
    open_verify(page, portal_url)

    check(page, mine["guarantee"]["contract_number"], other["auth_key"])

    error = page.locator("#verify-error")
    expect(error).to_contain_text(NOT_FOUND_PREFIX)
    expect(error).to_be_focused()
    expect(page.locator("#verify-result")).to_be_hidden()
    # Naming the wrong field would tell a guesser which half was right.
    assert "保証契約番号または認証キー" in error.inner_text()
    for label in ("保証契約番号", "認証キー"):
        assert page.get_by_label(label).get_attribute("aria-invalid") is None


def test_single_character_typo_shows_the_servers_typo_message(page, portal_url, issue_guarantee):
    issued = issue_guarantee()
    number = issued["guarantee"]["contract_number"]
    typo = with_typo(issued["auth_key"])
    status, body = post_verification(portal_url, number, typo)
    assert (status, body["error"]["code"]) == (400, "auth_key_typo")
    open_verify(page, portal_url)

    check(page, number, typo)

    expect(page.locator("#verify-error")).to_have_text(body["error"]["message"])
    expect(page.get_by_label("認証キー")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#verify-result")).to_be_hidden()


def test_empty_form_lists_both_missing_fields(page, portal_url):
    open_verify(page, portal_url)

    page.get_by_role("button", name="確認する").click()

    error = page.locator("#verify-error")
    expect(error).to_contain_text("保証契約番号を入力してください。")
    expect(error).to_contain_text("認証キーを入力してください。")
    for label in ("保証契約番号", "認証キー"):
        expect(page.get_by_label(label)).to_have_attribute("aria-invalid", "true")


def test_no_horizontal_scroll_on_a_360px_phone(page, portal_url, issue_guarantee):
    issued = issue_guarantee()
    page.set_viewport_size({"width": 360, "height": 740})
    open_verify(page, portal_url)

    check(page, issued["guarantee"]["contract_number"], issued["auth_key"])

    expect(page.locator("#verify-result")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_keyboard_only_check_moves_focus_to_the_result(page, portal_url, issue_guarantee):
    issued = issue_guarantee()
    page.set_viewport_size({"width": 1280, "height": 900})
    open_verify(page, portal_url)

    # The first field has the focus on load: no Tab through the site's menus first.
    assert page.evaluate("document.activeElement.id") == "contract-number"
    page.keyboard.type(issued["guarantee"]["contract_number"])
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "auth-key"
    page.keyboard.type(issued["auth_key"])
    page.keyboard.press("Enter")

    expect(page.locator("#verify-result")).to_be_visible()
    expect(page.locator("#verify-result-heading")).to_be_focused()


# The two tests below answer from a stubbed API, to reach cases the real one cannot produce.

def stub_api(page, status, body):
    page.route("**/v1/verifications", lambda route: route.fulfill(
        status=status, content_type="application/json", body=json.dumps(body)))


def test_names_are_shown_as_text_never_as_markup(page, portal_url):
    hostile = '<img src=x onerror="window.__pwned=1">○○建設'
    stub_api(page, 200, {"certificate": {
        "kind_label": "前払金保証", "contract_number": "SAKU-2024-0001", "amount": 22000000,
        "guarantee_period": {"start": "2024-07-01", "end": "2025-04-14"},
        "orderer": {"name": "佐久市", "prefecture": "長野県"},
        "project": {"name": hostile, "contract_price": 55000000},
        "contractor": {"name": hostile}, "status": "valid", "status_label": "有効",
    }, "sections": [
        {"key": "guarantee", "title": "保証の内容", "rows": [
            {"key": "guarantee_period", "label": "保証期間", "lines": ["2024年7月1日 〜 2025年4月14日"]}]},
        {"key": "contractor", "title": hostile, "rows": [
            {"key": "contractor_name", "label": hostile, "lines": [hostile]},
            {"key": "member_1", "label": "構成員1", "lines": [hostile, hostile]}]},
        {"key": "later", "title": "のちに加わる見出し", "rows": [{"key": "new_row", "label": "新しい行", "lines": ["値"]}]},
    ]})
    open_verify(page, portal_url)

    check(page, "SAKU-2024-0001", "0000-0000-0000-0000-0000-0000-0000")

    expect(field(page, "contractor_name")).to_have_text(hostile)
    expect(field(page, "member_1")).to_have_text(hostile + hostile)
    # The page writes the API's words as they come, and a section it has no place for still shows.
    expect(field(page, "guarantee_period")).to_have_text("2024年7月1日 〜 2025年4月14日")
    expect(field(page, "new_row")).to_have_text("値")
    expect(page.locator("#verify-result h3", has_text="のちに加わる見出し")).to_be_visible()
    assert page.locator("#verify-result img").count() == 0
    assert page.evaluate("window.__pwned") is None


def test_server_failure_shows_the_generic_message_and_key_stays_out_of_urls(page, portal_url):
    requests = []
    page.on("request", lambda request: requests.append(request))
    stub_api(page, 503, {"message": "Service Unavailable"})
    open_verify(page, portal_url)

    check(page, "SAKU-2024-0001", "ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345")

    expect(page.locator("#verify-error")).to_have_text(NETWORK_ERROR)
    expect(page.get_by_role("button", name="確認する")).to_be_enabled()
    api_calls = [r for r in requests if "/v1/verifications" in r.url]
    assert [r.method for r in api_calls] == ["POST"]
    assert all("PQRS" not in r.url.upper() for r in requests)


@pytest.mark.parametrize("width", [1280, 360])
def test_after_many_wrong_keys_the_page_says_so_and_the_right_key_still_opens(
        page, portal_url, issue_guarantee, width):
    page.set_viewport_size({"width": width, "height": 900})
    issued = issue_guarantee(**current_terms())
    number = issued["guarantee"]["contract_number"]
    for _ in range(10):  # someone guessing from this same address (the default limit per number)
        assert post_verification(portal_url, number, authkey.display(authkey.generate()))[0] == 404
    open_verify(page, portal_url)

    check(page, number, authkey.display(authkey.generate()))

    error = page.locator("#verify-error")
    expect(error).to_contain_text("認証キーの誤りが続いたため")
    expect(error).to_contain_text("正しい認証キーは、いつでも確認できます")
    expect(error).to_be_focused()
    accessible(page, f"verify-too-many-wrong-keys-{width}")

    check(page, number, issued["auth_key"])
    expect(field(page, "status")).to_have_text("有効")
    expect(page.locator("#verify-error")).to_be_empty()


def test_the_result_prints_on_one_a4_page_without_the_key(page, portal_url, issue_guarantee, tmp_path):
    import subprocess
    issued = issue_guarantee(**current_terms())
    open_verify(page, portal_url)
    check(page, issued["guarantee"]["contract_number"], issued["auth_key"])
    expect(field(page, "status")).to_have_text("有効")
    expect(page.locator("#verify-checked-at")).to_contain_text("確認日時：")
    expect(page.get_by_role("button", name="印刷する")).to_be_visible()

    pdf = tmp_path / "result.pdf"
    pdf.write_bytes(page.pdf(format="A4", print_background=True))  # the print stylesheet, as Ctrl-P uses

    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert [line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")] == ["1"], info
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    compact = "".join(text.split())
    assert "確認結果：有効" in compact and "確認日時：" in compact
    assert issued["guarantee"]["contract_number"] in compact
    key = issued["auth_key"]
    assert key not in text and key.replace("-", "") not in compact  # the key never reaches paper
    assert f"{portal_url}/orderer/verify/" in compact  # where it came from, without a fragment
    for chrome in ("確認する", "印刷する", "お知らせのPDF・QRコードで確認する", "写し（PDF）を保存する"):
        assert chrome not in compact, chrome
    if os.environ.get("PORTAL_SCREENSHOTS"):
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-singlefile", str(pdf),
                        os.path.join(os.environ["PORTAL_SCREENSHOTS"], "verify-print")], check=True)


@pytest.mark.parametrize("size", [(1280, 900), (1366, 768), (360, 740)])
def test_after_checking_the_state_and_first_facts_are_in_view_and_announced(page, portal_url, issue_guarantee, size):
    page.set_viewport_size({"width": size[0], "height": size[1]})
    issued = issue_guarantee(**current_terms())
    open_verify(page, portal_url)
    expect(page.get_by_label("保証契約番号")).to_be_focused()  # typing starts at once, no Tab through the menus

    check(page, issued["guarantee"]["contract_number"], issued["auth_key"])

    heading = page.locator("#verify-result-heading")
    expect(heading).to_be_focused()
    expect(heading).to_have_text("確認結果：有効")  # what a screen reader says first
    for name in ("status", "kind", "contract_number", "amount"):
        box = field(page, name).bounding_box()
        assert box is not None and 0 <= box["y"] and box["y"] + box["height"] <= size[1], (name, box)


def test_other_pages_still_print_their_content(page, portal_url, tmp_path):
    import subprocess
    page.goto(f"{portal_url}/faq/")
    pdf = tmp_path / "faq.pdf"
    pdf.write_bytes(page.pdf(format="A4"))
    text = "".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split())
    assert "よくある質問" in text and "認証キー" in text  # the verify page's print rules stay on that page


def test_the_check_is_dated_by_the_portals_clock(page, portal_url, api, surety_token):
    """確認日時 is when the portal checked (its as_of), not the PC's clock nor a proxy's Date."""
    from support import guarantee_request, issue_headers, post_json
    moment = dt.datetime(2026, 12, 1, 15, 30, 5, tzinfo=dt.timezone.utc)  # 12月2日 0時30分 in Japan
    with clock_at(moment):
        response = post_json(api, "/v1/guarantees", guarantee_request(), issue_headers(surety_token))
        assert response.status_code == 201, response.body
        issued = response.json_body
        open_verify(page, portal_url)
        check(page, issued["guarantee"]["contract_number"], issued["auth_key"])
        # As the signed copy prints its 確認日時 (the API's as_of_label: one form, from one place).
        expect(page.locator("#verify-checked-at")).to_have_text("確認日時：2026年12月2日 00:30（日本時間）")
