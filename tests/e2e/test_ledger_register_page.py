"""The 受領台帳 as a register in Chromium (issue 30): a ledger of 2,000 receipts of an orderer of
this module's own (御代田町, enrolled here, each row its own 保証契約番号), paged 50 at a time with
さらに表示, the filters kept in the page's address (a reload and the back button bring the same
list), the search, the 「要対応」 tab after an amendment, an empty result, the detail with the
receipt and its メモ, the CSV of every row joined from its parts, the budget stop asked on by the
page itself and stopped, the contract list's upload/errors/replace/remove — at 1280 and 360 px,
no axe violation. Screenshots of each state go to PORTAL_SCREENSHOTS (e.g. /tmp/shots30).

The rows are written through the store's own receipt write (Guarantees.create and
record_receipt, what issuance and 受領 write: the ledger's indexes come with them), without
rendering 2,000 notices. Two parts of the page answer for APIs built beside it: the budget stop
(the register's indexed reads) and the contract list (PUT/GET/DELETE /v1/staff/contract-list);
their tests here answer with the contract's shapes through the browser's routing, and the
contract-list test against the real API is skipped until that API answers."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from playwright.sync_api import expect

from openapi_document import advance_increase
from registry_writes import enrolled
from staff_pages import sign_in
from support import TEST_SURETY_ID, accessible, issue_headers, post_json

pytestmark = pytest.mark.e2e
# Before the register's indexed reads (section A) a page of this ledger reads all 2,000 rows on
# DynamoDB Local, on a shared machine: seconds, not the 5 s Playwright waits by default.
expect.set_options(timeout=30_000)

ORDERER = "203238"  # 御代田町: enrolled by this module alone
DOMAIN = "town.miyota.nagano.jp"
DEPARTMENTS = ("建設水道課", "産業経済課", "総務課", "教育委員会 こども未来課")
ROWS = 2000
PROJECTS = ("町道塩野線道路改良工事", "御代田中学校体育館改修工事", "上水道配水管布設替工事", "雪窓湖周辺整備工事",
            "町営住宅外壁改修工事", "浅間山麓農道舗装工事", "公共下水道管渠築造工事", "役場庁舎空調設備更新工事")
CONTRACTORS = ("浅間建設株式会社", "有限会社みよた土木", "軽井沢工業株式会社", "佐久設備株式会社", "信州舗道株式会社")
NEEDLE_PROJECT = "ＭＩＹＯＴＡ駅前広場整備工事"  # full-width letters: found by 「miyota駅前」
WIDTHS = [(1280, 900), (360, 740)]


def shot(page, name: str, full_page: bool = False) -> None:
    """The screenshot (PORTAL_SCREENSHOTS) first, so a state is seen even when axe then fails."""
    import os
    shots = os.environ.get("PORTAL_SCREENSHOTS")
    if shots:
        Path(shots).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{shots}/{name}.png", full_page=full_page)
    accessible(page)


def _seed(store, clock, count: int) -> dict:
    """``count`` receipts of guarantees issued to ORDERER, received over the last ~500 days, each
    its own number; a few with a メモ, one with NEEDLE_PROJECT. Returns what the tests look for."""
    from chalicelib.domain import events
    from chalicelib.domain.formatting import iso_utc
    from chalicelib.domain.guarantee import Version
    from chalicelib.domain.terms_rules import parse_issuance
    from chalicelib.usecases.common import idempotency, orderers
    from chalicelib.usecases.common.receipt_writing import ledger_entry
    from chalicelib.usecases.common.versions import signed_record
    from chalicelib.usecases.issue_guarantee import new_guarantee_id
    from chalicelib.usecases.ports.records import NewGuarantee
    from devtools.demo import demo_request
    from chalicelib.domain import authkey

    now = clock.now().replace(microsecond=0)
    today = clock.today()
    surety = store.sureties.get(TEST_SURETY_ID)
    listed = orderers.body(ORDERER)
    orderer = orderers.find(ORDERER)
    run = uuid.uuid4().hex[:6].upper()
    actor = {"kind": "surety", "surety_id": surety.id, "token_id": "ledger-register-page"}
    # Spread over 480 days back (never in the future), newest first by index.
    plan = []
    for n in range(count):
        days_back = 480 * n // count
        day = today - dt.timedelta(days=days_back)
        kind = "contract" if n % 7 == 3 else "advance_payment"
        project = NEEDLE_PROJECT if n == count - 37 else PROJECTS[n % len(PROJECTS)]
        plan.append((n, day, kind, project))

    def one(item):
        n, day, kind, project = item
        number = f"MY-{run}-{n:05d}"
        body = demo_request(number, day, kind)
        body["orderer_id"] = ORDERER
        body["project"]["name"] = project
        body["project"]["number"] = f"御建第{day.year}-{n % 300 + 1}号"
        body["contractor"]["name"] = CONTRACTORS[n % len(CONTRACTORS)]
        terms = parse_issuance(body, day, listed, orderer, surety.issuer_type)
        issued_at = dt.datetime.combine(day, dt.time(0, 30), tzinfo=dt.timezone.utc)
        version = Version(guarantee_id=new_guarantee_id(), version=1, surety_id=surety.id, surety_name=surety.name,
                          terms=terms, issued_at=issued_at, surety_contact=surety.contact_for(None),
                          surety_profile=surety.profile(None))
        record = signed_record(version)
        key = authkey.generate()
        idem = idempotency.record(surety.id, f"seed-{run}-{n}", "seed", {"seeded": True}, version.guarantee_id, now)
        store.guarantees.create(NewGuarantee(
            guarantee_id=version.guarantee_id, surety_id=surety.id, contract_number=number, orderer_id=ORDERER,
            corporate_number=None, issued_at=record["issued_at"], version_record=record,
            key_hash=_hashes().auth_key(key), event=events.issued(issued_at, 1, actor),
            history_entry=version.history_entry()), idem)
        received_at = issued_at + dt.timedelta(hours=12) - dt.timedelta(minutes=n % 600)
        receipt = {"orderer": listed.name, "department": DEPARTMENTS[n % len(DEPARTMENTS)],
                   "name": "御代田 花子" if n % 2 else "浅間 一郎", "date": day.isoformat(),
                   "recorded_at": iso_utc(received_at), "staff": f"keiyaku@{DOMAIN}"}
        if n % 50 == 0:
            receipt["note"] = f"紙の保証書と照合済み（No.{n}）"
        staff_actor = {"kind": "orderer", "client": "seed", "department": receipt["department"], "name": receipt["name"]}
        store.guarantees.record_receipt(version.guarantee_id, surety.id, 1, receipt,
                                        events.receipt(received_at, 1, staff_actor), [],
                                        (ORDERER, ledger_entry(version, receipt)))
        return number, version.guarantee_id, n, receipt

    with ThreadPoolExecutor(max_workers=4) as pool:
        done = list(pool.map(one, plan))
    by_index = {n: (number, gid, receipt) for number, gid, n, receipt in done}
    return {"run": run, "by_index": by_index, "newest": by_index[0], "needle": by_index[count - 37],
            "with_note": by_index[50]}


def _hashes():
    from chalicelib.usecases.common.dependencies import get as deps
    return deps().hashes


@pytest.fixture(scope="module")
def register(module_wiring, portal_url):
    """御代田町 enrolled with staff on DOMAIN, and its ledger of ROWS receipts (DynamoDB Local:
    the portal's server runs on it)."""
    store = module_wiring.store
    saku = store.registry.enrolment("202177")
    with enrolled(store, ORDERER, staff_email_domains=(DOMAIN,), departments=DEPARTMENTS,
                  kinds=("advance_payment", "contract"), accepts_from=saku.accepts_from - dt.timedelta(days=900)):
        yield _seed(store, module_wiring.clock, ROWS)


def staff():
    return f"keiyaku-{uuid.uuid4().hex[:8]}@{DOMAIN}"


def open_ledger(page, portal_url, width, height, query=""):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{portal_url}/orderer/ledger/{query}")
    sign_in(page, staff())
    expect(page.get_by_role("heading", name="受領した電子保証")).to_be_focused()
    expect(page.locator("#ledger-count")).to_contain_text("件を表示しています")


def rows(page):
    return page.locator("#ledger-table tbody tr")


def numbers(page):
    return page.locator("#ledger-table tbody th").all_text_contents()


BROKEN = """() => {
  const broken = [];
  for (const el of document.querySelectorAll('#ledger-table .portal-ledger-nowrap, #ledger-table thead th')) {
    const r = document.createRange(); r.selectNodeContents(el);
    const lines = new Set([...r.getClientRects()].map(x => Math.round(x.top))).size;
    if (lines > 1) broken.push(el.textContent);
  }
  for (const el of document.querySelectorAll('#ledger-table .portal-ledger-period')) {
    // 「2024年7月1日 〜 2025年4月14日」: at most two lines, each date whole.
    const r = document.createRange(); r.selectNodeContents(el);
    if (new Set([...r.getClientRects()].map(x => Math.round(x.top))).size > 2) broken.push(el.textContent);
  }
  return broken;
}"""


@pytest.mark.parametrize("width, height", WIDTHS)
def test_a_register_of_two_thousand_rows_pages_by_fifty(page, portal_url, register, width, height):
    open_ledger(page, portal_url, width, height)
    expect(rows(page)).to_have_count(50)
    expect(page.locator("#ledger-count")).to_have_text("50件を表示しています（さらにあります）。")
    assert numbers(page)[0] == register["newest"][0]  # newest first
    shot(page, f"register-first-page-{width}")
    if width == 1280:
        assert page.evaluate(BROKEN) == []
        # The table fits the text column: no sideways scroll at 1280.
        assert page.evaluate("(() => { const s = document.querySelector('.portal-table-scroll');"
                             " return s.scrollWidth <= s.clientWidth + 1; })()")
    else:
        # Cards: nothing wider than the screen.
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.get_by_role("button", name="さらに表示").click()
    expect(rows(page)).to_have_count(100)
    # The reader continues at the first new row.
    expect(page.locator("#ledger-table tbody tr:nth-child(51) th button")).to_be_focused()
    seen = numbers(page)
    assert len(set(seen)) == 100
    expect(page.locator("#ledger-count")).to_have_text("100件を表示しています（さらにあります）。")
    shot(page, f"register-more-{width}")


@pytest.mark.parametrize("width, height", WIDTHS)
def test_filters_live_in_the_address_and_the_back_button(page, portal_url, register, width, height):
    open_ledger(page, portal_url, width, height)
    page.get_by_label("担当部署").select_option("産業経済課")
    expect(page).to_have_url(re.compile(r"department=%E7%94%A3"))
    expect(rows(page)).to_have_count(50)
    for text in page.locator("#ledger-table tbody td:nth-child(5)").all_text_contents():
        assert "産業経済課" in text
    page.get_by_label("保証の種類").select_option("contract")
    expect(page).to_have_url(re.compile(r"kind=contract"))
    expect(page.locator("#ledger-table tbody td:nth-child(2)").first).to_contain_text("契約保証")
    page.get_by_label("並び順").select_option("received_asc")
    expect(page).to_have_url(re.compile(r"sort=received_asc"))
    first_oldest = page.locator("#ledger-table tbody th").first
    expect(first_oldest).not_to_have_text(register["newest"][0])
    shot(page, f"register-filtered-{width}")

    # A reload (a bookmark) brings the same list and the same controls.
    url = page.url
    page.reload()
    expect(page.locator("#ledger-count")).to_contain_text("件を表示しています")
    expect(page.get_by_label("担当部署")).to_have_value("産業経済課")
    expect(page.get_by_label("保証の種類")).to_have_value("contract")
    expect(page.get_by_label("並び順")).to_have_value("received_asc")
    assert page.url == url

    # Back: the list before the order changed.
    page.go_back()
    expect(page.get_by_label("並び順")).to_have_value("received_desc")
    expect(page.get_by_label("保証の種類")).to_have_value("contract")
    page.go_back()
    expect(page.get_by_label("保証の種類")).to_have_value("")
    expect(page.get_by_label("担当部署")).to_have_value("産業経済課")

    # Received dates: only the days asked.
    page.get_by_role("button", name="条件を消す").click()
    day = register["with_note"][2]["date"]
    page.get_by_label("受領日（から）").fill(day)
    page.get_by_label("受領日（まで）").fill(day)
    page.get_by_label("受領日（まで）").dispatch_event("change")
    expect(page).to_have_url(re.compile(rf"received_from={day}&received_to={day}"))
    expect(page.locator("#ledger-table tbody th").filter(has_text=register["with_note"][0])).to_have_count(1)
    ja = dt.date.fromisoformat(day)
    for text in page.locator("#ledger-table tbody td:nth-child(5)").all_text_contents():
        assert f"{ja.year}年{ja.month}月{ja.day}日" in text


@pytest.mark.parametrize("width, height", WIDTHS)
def test_search_finds_one_row_in_two_thousand_and_says_when_none(page, portal_url, register, width, height):
    open_ledger(page, portal_url, width, height)
    page.get_by_label("探す言葉").fill("miyota駅前")  # half-width for full-width text
    page.get_by_role("button", name="探す", exact=True).click()
    expect(page).to_have_url(re.compile(r"[?&]search=miyota"))
    expect(rows(page)).to_have_count(1)
    expect(rows(page).first).to_contain_text(NEEDLE_PROJECT)
    expect(page.locator("#ledger-count")).to_have_text("1件を表示しています。")
    expect(page.get_by_role("button", name="さらに表示")).to_be_hidden()
    shot(page, f"register-search-{width}")
    # By its number, as typed by a clerk (lower case).
    page.get_by_label("探す言葉").fill(register["newest"][0].lower())
    page.get_by_label("探す言葉").press("Enter")
    expect(rows(page)).to_have_count(1)
    # Nothing: the empty message, no count.
    page.get_by_label("探す言葉").fill("該当しない言葉ZZZ")
    page.get_by_label("探す言葉").press("Enter")
    expect(page.get_by_text("該当する受領の記録はありません。")).to_be_visible()
    expect(page.locator("#ledger-table")).to_be_hidden()
    expect(page.locator("#ledger-count")).to_have_text("")
    shot(page, f"register-empty-{width}")


@pytest.mark.parametrize("width, height", WIDTHS)
def test_the_attention_tab_shows_a_guarantee_changed_after_receipt(page, portal_url, api, surety_token, register,
                                                                   width, height):
    # One row of the register amended by its surety now (each width its own row).
    number, gid, _ = register["by_index"][5 if width == 1280 else 6]
    from chalicelib.usecases.common.dependencies import get as deps
    issued = deps().store.guarantees.get_version(gid, 1).version
    amendment = {"base_version": 1, "reason": "increase", "effective_date": issued.terms.contract_date.isoformat(),
                 "changes": advance_increase(25_000_000)}
    answer = post_json(api, f"/v1/guarantees/{gid}/amendments", amendment, issue_headers(surety_token))
    assert answer.status_code == 201, answer.body
    open_ledger(page, portal_url, width, height)
    page.get_by_role("tab", name="要対応").click()
    expect(page.get_by_role("tab", name="要対応")).to_have_attribute("aria-selected", "true")
    expect(page).to_have_url(re.compile(r"view=attention"))
    row = rows(page).filter(has=page.get_by_role("button", name=f"{number}（第1版）の内容を見る"))
    expect(row).to_have_count(1)
    expect(row.locator(".portal-ledger-badge")).to_contain_text(["受領後に変更されました"])
    expect(row).to_contain_text("変更済み（第2版が発行済み）")
    # Every row of this view has a reason, shown as a badge.
    badges = page.locator("#ledger-table tbody tr").evaluate_all(
        "trs => trs.map(tr => tr.querySelectorAll('.portal-ledger-badge').length)")
    assert badges and min(badges) >= 1
    shot(page, f"register-attention-{width}")
    page.get_by_role("tab", name="すべて").click()
    expect(page).not_to_have_url(re.compile(r"view=attention"))


@pytest.mark.parametrize("width, height", WIDTHS)
def test_the_detail_shows_the_receipt_with_its_memo(page, portal_url, register, width, height):
    number, _, receipt = register["with_note"]
    open_ledger(page, portal_url, width, height, f"?search={number}")
    page.get_by_role("button", name=f"{number}（第1版）の内容を見る").click()
    expect(page.get_by_role("heading", name="受領した電子保証の内容")).to_be_focused()
    box = page.locator("#ledger-receipt")
    expect(box).to_contain_text(receipt["note"])
    expect(box).to_contain_text(receipt["department"])
    expect(box).to_contain_text(receipt["name"])
    expect(box).to_contain_text(receipt["staff"])
    # The verification's sections as it shows them (the 前払金 and its bank, the works period).
    expect(page.locator("#ledger-detail-sections")).to_contain_text("八十二銀行")
    expect(page.locator("#ledger-detail-sections")).to_contain_text("22,000,000円")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    shot(page, f"register-detail-{width}", full_page=True)
    page.get_by_role("button", name="一覧に戻る").click()
    expect(page.get_by_role("button", name=f"{number}（第1版）の内容を見る")).to_be_focused()


def test_the_csv_holds_every_row_of_the_register(page, portal_url, register):
    open_ledger(page, portal_url, 1280, 900)
    with page.expect_download(timeout=120_000) as download:
        page.get_by_role("button", name="CSVで保存").click()
    raw = Path(download.value.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.count(b"\xef\xbb\xbf") == 1
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    header, body = table[0], table[1:]
    assert header[0] == "保証契約番号" and "保証契約番号" not in [r[0] for r in body]
    mine = [r[0] for r in body if r[0].startswith(f"MY-{register['run']}-")]
    assert len(mine) == len(set(mine)) == ROWS
    assert download.value.suggested_filename.startswith("受領台帳_")
    expect(page.locator("#ledger-csv-progress")).to_have_text(
        re.compile(rf"^{len(body):,}行を書き出しました。ファイル「受領台帳_.*\.csv」を保存しました。$"))
    shot(page, "register-csv-done-1280")


def _part(text: str, next_cursor: str | None) -> dict:
    headers = {"Content-Type": "text/csv; charset=utf-8",
               "Content-Disposition": "attachment; filename=\"ledger.csv\"; "
                                      "filename*=UTF-8''%E5%8F%97%E9%A0%98%E5%8F%B0%E5%B8%B3_test.csv"}
    if next_cursor:
        headers["X-Next-Cursor"] = next_cursor
    return {"status": 200, "headers": headers, "body": text.encode("utf-8")}


def test_the_csv_is_joined_from_its_parts_with_a_progress_line(page, portal_url, register):
    """Three parts (X-Next-Cursor), as the export answers a register larger than a part: one file,
    one header, a quoted cell with a line break counted as one row."""
    parts = {None: _part("\ufeff保証契約番号,メモ\r\nA-1,\"二行の\nメモ\"\r\nA-2,\r\n", "c2"),
             "c2": _part("A-3,\r\nA-4,\r\n", "c3"), "c3": _part("A-5,\r\n", None)}
    asked = []

    def answer(route):
        cursor = dict(re.findall(r"[?&](cursor)=([^&]+)", route.request.url)).get("cursor")
        asked.append(cursor)
        route.fulfill(**parts[cursor])
    open_ledger(page, portal_url, 1280, 900)
    page.route(re.compile(r".*/v1/staff/receipts\.csv.*"), answer)
    with page.expect_download() as download:
        page.get_by_role("button", name="CSVで保存").click()
    raw = Path(download.value.path()).read_bytes().decode("utf-8")
    assert asked == [None, "c2", "c3"]
    assert raw == "\ufeff保証契約番号,メモ\r\nA-1,\"二行の\nメモ\"\r\nA-2,\r\nA-3,\r\nA-4,\r\nA-5,\r\n"
    assert download.value.suggested_filename == "受領台帳_test.csv"
    expect(page.locator("#ledger-csv-progress")).to_have_text("5行を書き出しました。ファイル「受領台帳_test.csv」を保存しました。")


def _ledger_row(n: int, day: str) -> dict:
    return {"guarantee_id": f"g{n:025d}", "version": 1, "version_label": "第1版", "contract_number": f"BUDGET-{n:04d}",
            "kind": "advance_payment", "kind_label": "前払金保証", "surety_name": "テスト建設業保証株式会社",
            "issuer_type": "surety_company", "issuer_type_label": "保証事業会社", "project_name": "予算停止の確認工事",
            "project_number": None, "contractor": "浅間建設株式会社", "amount": 22000000, "amount_label": "22,000,000円",
            "guarantee_period": {"start": "2024-07-01", "end": "2025-04-14"},
            "guarantee_period_label": "2024年7月1日 〜 2025年4月14日", "department": "建設水道課", "name": "御代田 花子",
            "recorded_by": f"keiyaku@{DOMAIN}", "date": day, "date_label": "2024年7月2日",
            "recorded_at": f"{day}T05:00:00Z", "withdrawable_until": None, "state": "valid", "state_label": "有効",
            "attention": [{"code": "ending_soon", "label": "保証期間が30日以内に終わります"}]}


@pytest.mark.parametrize("width, height", WIDTHS)
def test_the_page_asks_on_after_a_budget_stop_until_stopped(page, portal_url, register, width, height):
    """The register stops at its examine budget with few rows found: the page shows how far it
    looked, asks on by itself, and 探すのをやめる stops it; 続けて探す goes on from there."""
    pages = []
    hold = {"on": False}

    def answer(route):
        url = route.request.url
        if "cursor=" not in url:
            n, cursor, label = 0, "k1", "2026年10月1日に受領したものまで探しました。"
        elif "cursor=k1" in url:
            n, cursor, label = 1, "k2", "2026年7月1日に受領したものまで探しました。"
        elif "cursor=k2" in url and hold["on"]:
            pages.append("held")
            return  # never answered: the clerk stops the search meanwhile
        else:
            n, cursor, label = 2, None, None
        pages.append(n)
        body = {"receipts": [_ledger_row(n, "2024-07-02")], "next_cursor": cursor,
                "searched_through": "2026-07-01" if label else None, "searched_through_label": label}
        route.fulfill(status=200, content_type="application/json", body=json.dumps(body, ensure_ascii=False))

    page.set_viewport_size({"width": width, "height": height})
    page.route(re.compile(r".*/v1/staff/receipts\?.*|.*/v1/staff/receipts$"), answer)
    hold["on"] = True
    page.goto(f"{portal_url}/orderer/ledger/?search=budget")
    sign_in(page, staff())
    expect(page.locator("#ledger-searched")).to_have_text(
        "2026年7月1日に受領したものまで探しました。続けて探しています…")
    expect(rows(page)).to_have_count(2)
    stop = page.get_by_role("button", name="探すのをやめる")
    expect(stop).to_be_visible()
    shot(page, f"register-searching-{width}")
    stop.click()
    expect(page.locator("#ledger-searched")).to_have_text("2026年7月1日に受領したものまで探しました。")
    go_on = page.get_by_role("button", name="続けて探す")
    expect(go_on).to_be_focused()
    expect(page.locator("#ledger-count")).to_have_text("2件を表示しています（さらにあります）。")
    shot(page, f"register-search-stopped-{width}")
    hold["on"] = False
    go_on.click()
    expect(rows(page)).to_have_count(3)
    expect(page.locator("#ledger-searching")).to_be_hidden()
    expect(page.locator("#ledger-count")).to_have_text("3件を表示しています。")
    assert pages == [0, 1, "held", 2]
    assert len(set(numbers(page))) == 3


CONTRACT_LIST = {"contracts": 1234, "uploaded_at": "2026-12-07T01:05:00Z", "uploaded_at_label": "2026年12月7日 10時05分",
                 "uploaded_by": f"keiyaku@{DOMAIN}"}


@pytest.mark.parametrize("width, height", WIDTHS)
def test_the_contract_list_is_uploaded_refused_replaced_and_removed(page, portal_url, register, tmp_path,
                                                                    width, height):
    """Against the contract's shapes (section C's API answers through the browser's routing here)."""
    state = {"list": None}
    sent = []

    def answer(route):
        request = route.request
        if request.method == "GET":
            body, code = {"contract_list": state["list"]}, 200
        elif request.method == "PUT":
            sent.append((request.headers.get("content-type"), request.post_data_buffer))
            if b"bad" in request.post_data_buffer:
                body, code = {"error": {"code": "invalid_contract_list", "message": "契約一覧に誤りがあります。直してから、もう一度登録してください。",
                              "lines": [{"line": 3, "column": "請負代金額", "message": "請負代金額は数字で入力してください。"},
                                        {"line": 7, "column": "工期", "message": "工期の終わりの日が始めの日より前です。"}]}}, 400
            else:
                state["list"] = dict(CONTRACT_LIST, contracts=CONTRACT_LIST["contracts"] + len(sent))
                body, code = {"contract_list": state["list"]}, 200
        else:
            state["list"] = None
            body, code = {"removed": True}, 200
        route.fulfill(status=code, content_type="application/json", body=json.dumps(body, ensure_ascii=False))

    page.route(re.compile(r".*/v1/staff/contract-list$"), answer)
    open_ledger(page, portal_url, width, height)
    section = page.locator("#contracts")
    expect(section).to_be_visible()
    expect(page.locator("#contracts-summary")).to_have_text("契約一覧は登録されていません。")
    bad = tmp_path / "bad.csv"
    bad.write_bytes("契約番号,工事名\r\nbad,x\r\n".encode("cp932"))
    page.get_by_label("契約一覧のファイル（CSV、5 MB まで）").set_input_files(str(bad))
    page.get_by_role("button", name="登録する").click()
    errors = page.locator("#contracts-error li")
    expect(errors).to_have_text(["3行目・「請負代金額」：請負代金額は数字で入力してください。",
                                 "7行目・「工期」：工期の終わりの日が始めの日より前です。"])
    assert sent[0][0] == "text/csv" and sent[0][1] == bad.read_bytes()  # the file's bytes as they are
    shot(page, f"contracts-refused-{width}", full_page=True)

    good = tmp_path / "good.csv"
    good.write_bytes("契約番号,工事名,受注者,請負代金額,工期\r\n1,町道工事,浅間建設株式会社,55000000,2024年7月1日～2025年3月31日\r\n"
                     .encode("cp932"))
    page.get_by_label("契約一覧のファイル（CSV、5 MB まで）").set_input_files(str(good))
    page.get_by_role("button", name="登録する").click()
    expect(page.locator("#contracts-summary")).to_have_text(
        f"契約一覧を登録しています（1,236件、2026年12月7日 10時05分にkeiyaku@{DOMAIN}が登録）。新しいファイルを登録すると、すべて差し替えます。")
    expect(errors).to_have_count(0)
    shot(page, f"contracts-uploaded-{width}", full_page=True)
    page.get_by_label("契約一覧のファイル（CSV、5 MB まで）").set_input_files(str(good))
    page.get_by_role("button", name="差し替える").click()
    expect(page.locator("#contracts-summary")).to_contain_text("1,237件")

    page.get_by_role("button", name="登録した契約一覧を削除する").click()
    dialog = page.get_by_role("dialog", name="契約一覧を削除しますか")
    expect(dialog.get_by_role("button", name="やめる")).to_be_focused()
    shot(page, f"contracts-remove-dialog-{width}")
    dialog.get_by_role("button", name="削除する").click()
    expect(page.locator("#contracts-summary")).to_have_text("登録した契約一覧を削除しました。")
    expect(page.get_by_role("button", name="登録した契約一覧を削除する")).to_be_hidden()


def test_the_contract_list_against_the_api(page, portal_url, register, tmp_path):
    """The page against the real PUT/GET/DELETE /v1/staff/contract-list, a Shift_JIS file as an office PC saves it."""
    open_ledger(page, portal_url, 1280, 900)
    listed = tmp_path / "contracts.csv"
    number, gid, _ = register["newest"]
    listed.write_bytes(("契約番号,工事名,受注者,請負代金額,工期の始期,工期の終期\r\n"
                        "御建第2026-1号,町道塩野線道路改良工事,浅間建設株式会社,55000000,2026-01-01,2026-09-30\r\n")
                       .encode("cp932"))
    page.get_by_label("契約一覧のファイル（CSV、5 MB まで）").set_input_files(str(listed))
    page.get_by_role("button", name="登録する").click()
    expect(page.locator("#contracts-summary")).to_contain_text("契約一覧を登録しています（1件、")
    page.get_by_role("button", name="登録した契約一覧を削除する").click()
    page.get_by_role("dialog", name="契約一覧を削除しますか").get_by_role("button", name="削除する").click()
    expect(page.locator("#contracts-summary")).to_have_text("登録した契約一覧を削除しました。")


def test_secrets_stay_out_of_the_address(page, portal_url, register):
    """The address holds only the filters (no cursor, no key): a bookmark is the list, never a position."""
    open_ledger(page, portal_url, 1280, 900)
    page.get_by_role("button", name="さらに表示").click()
    expect(rows(page)).to_have_count(100)
    assert "cursor" not in page.url
