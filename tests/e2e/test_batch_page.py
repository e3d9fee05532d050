"""まとめて確認 in real Chromium: many notice PDFs at once, or pasted lines of number and key,
checked into one table that sorts and saves as CSV; 100 notices hold, and the time is told."""
from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from playwright.sync_api import expect

from chalicelib.domain import authkey
from csv_formula_cases import CASES
from openapi_document import advance_increase
from support import (accessible, clock_at, guarantee_request, issue_headers, new_contract_number, notice_pdf, post_json,
                     report_line, staff_headers)

pytestmark = pytest.mark.e2e


def open_batch(page, portal_url):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{portal_url}/orderer/batch/")
    expect(page.get_by_role("button", name="まとめて確認する")).to_be_visible()


def saved_csv(page, named: list | None = None) -> list[dict]:
    with page.expect_download() as info:
        page.get_by_role("button", name="CSVで保存").click()
    if named is not None:
        named.append(info.value.suggested_filename)
    with open(info.value.path(), "rb") as saved:
        raw = saved.read()
    assert raw.startswith("\ufeff".encode("utf-8"))  # Excel opens it with the kanji intact
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def check_lines(page, pairs) -> None:
    page.get_by_label("保証契約番号と認証キー（1行に1件）").fill("\n".join(f"{n} {k}" for n, k in pairs))
    page.get_by_role("button", name="まとめて確認する").click()
    expect(page.locator("#batch-progress")).to_contain_text(f"{len(pairs)}件を確認しました")


def pair(issued) -> tuple[str, str]:
    return issued["guarantee"]["contract_number"], issued["auth_key"]


def row_of(page, number, state=None):
    """The table's row of a number (of the one in `state`, for an amended guarantee's two keys)."""
    rows = page.locator("#batch-table tbody tr", has=page.locator("td[data-col='number']", has_text=number))
    return rows.filter(has=page.locator(f"td[data-state='{state}']")) if state else rows


def no_sideways_scroll(page) -> None:
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], f"the page scrolls sideways: {widths[0]} px of content in {widths[1]} px"


@pytest.fixture
def mixed(api, surety_token, issue_guarantee):
    """Guarantees in every state the clerk meets: valid (an advance and a contract guarantee),
    already received, amended (its old key: 変更済み; its new key: 有効), cancelled, and a
    pair that opens nothing."""
    from chalicelib.adapters import clock
    valid = issue_guarantee(amount=12_345_678)
    contract = issue_guarantee(kind="contract", amount=5_500_000)
    received = issue_guarantee()
    response = post_json(api, "/v1/receipts", {"contract_number": received["guarantee"]["contract_number"],
                                               "auth_key": received["auth_key"], "department": "契約検査課",
                                               "name": "佐久 花子"}, staff_headers(api))
    assert response.status_code == 201, response.body
    amended = issue_guarantee()
    changed = post_json(api, f"/v1/guarantees/{amended['guarantee']['guarantee_id']}/amendments",
                        {"base_version": 1, "reason": "increase", "effective_date": clock.today().isoformat(),
                         "changes": advance_increase(25_000_000)}, issue_headers(surety_token))
    assert changed.status_code == 201, changed.body
    cancelled = issue_guarantee()
    gone = post_json(api, f"/v1/guarantees/{cancelled['guarantee']['guarantee_id']}/cancellation",
                     {"reason": "工事の中止", "date": clock.today().isoformat()}, issue_headers(surety_token))
    assert gone.status_code == 200, gone.body
    return {"valid": valid, "contract": contract, "received": received, "superseded": amended,
            "amended": changed.json_body, "cancelled": cancelled,
            "unknown": {"guarantee": {"contract_number": new_contract_number()},
                        "auth_key": authkey.display(authkey.generate())}}


def test_each_row_shows_its_state_as_a_badge_the_table_counts_them_and_says_why_a_row_cannot_be_chosen(
        page, portal_url, mixed):
    open_batch(page, portal_url)
    check_lines(page, [pair(g) for g in mixed.values()])
    # The verify page's badges, with the state in words (not its colour alone).
    for name, label in (("valid", "有効"), ("contract", "有効"), ("received", "有効"), ("superseded", "変更済み"),
                        ("cancelled", "解約")):
        status = {"contract": "valid", "received": "valid"}.get(name, name)
        state = row_of(page, mixed[name]["guarantee"]["contract_number"], status).locator("td[data-col='state']")
        expect(state.locator(f".portal-badge.portal-badge--{status}")).to_have_text(label)
    expect(page.locator("#batch-summary")).to_have_text("有効 4件・変更済み 1件・解約 1件")
    received = row_of(page, mixed["received"]["guarantee"]["contract_number"])
    expect(received.locator("td[data-col='state']")).to_contain_text("受領済み（長野県佐久市 契約検査課")
    # Where there is no box to tick, the cell says why.
    for name, reason in (("received", "受領を記録済みです"), ("superseded", "新しい版があります"),
                         ("cancelled", "解約されています")):
        pick = row_of(page, mixed[name]["guarantee"]["contract_number"], "valid" if name == "received" else name
                      ).locator("td[data-col='pick']")
        expect(pick).to_have_text(reason)
        expect(pick.locator("input")).to_have_count(0)
    unknown = page.locator("#batch-table tbody tr", has=page.locator("td[data-state='error']"))
    expect(unknown.locator("td[data-col='pick']")).to_have_text("確認できませんでした")
    for name in ("valid", "contract"):
        expect(page.get_by_label(f"{mixed[name]['guarantee']['contract_number']} を選ぶ")).to_be_visible()
    expect(row_of(page, mixed["amended"]["guarantee"]["contract_number"], "valid").get_by_role("checkbox")).to_be_visible()
    accessible(page, "batch-mixed-1280", full_page=True)
    page.set_viewport_size({"width": 360, "height": 800})
    accessible(page, "batch-mixed-360", full_page=True)


def test_the_table_shows_kind_period_and_amounts_as_the_api_words_them(page, portal_url, mixed):
    open_batch(page, portal_url)
    valid, contract = mixed["valid"]["guarantee"], mixed["contract"]["guarantee"]
    check_lines(page, [pair(mixed["valid"]), pair(mixed["contract"])])
    row = row_of(page, valid["contract_number"])
    expect(row.locator("td[data-col='kind']")).to_have_text("前払金保証")
    expect(row.locator("td[data-col='amount']")).to_have_text(
        f"12,345,678円前払金額 {valid['advance']['amount']:,}円")
    start, end = (dt.date.fromisoformat(valid["guarantee_period"][k]) for k in ("start", "end"))
    expect(row.locator("td[data-col='period']")).to_have_text(
        f"{start.year}年{start.month}月{start.day}日 〜 {end.year}年{end.month}月{end.day}日")
    other = row_of(page, contract["contract_number"])
    expect(other.locator("td[data-col='kind']")).to_have_text("契約保証")
    tenths = contract["amount"] * 1000 // contract["project"]["contract_price"]
    ratio = f"{tenths // 10}%" if tenths % 10 == 0 else f"{tenths // 10}.{tenths % 10}%"  # 10%, not 10.0%
    expect(other.locator("td[data-col='amount']")).to_have_text(f"5,500,000円（請負代金額の{ratio}）")
    rows = {r["保証契約番号"]: r for r in saved_csv(page)}
    assert rows[valid["contract_number"]]["種類"] == "前払金保証"
    assert int(rows[valid["contract_number"]]["前払金額（円）"]) == valid["advance"]["amount"]
    assert rows[contract["contract_number"]]["前払金額（円）"] == ""
    assert rows[valid["contract_number"]]["保証期間"].startswith(f"{start.year}年{start.month}月{start.day}日 〜 ")
    # Sorted by period: the column sorts by the first day, not by the words.
    page.get_by_role("button", name="保証期間").click()
    expect(page.locator("#batch-table th[data-key='period']")).to_have_attribute("aria-sort", "ascending")


def test_all_rows_that_can_be_chosen_are_chosen_at_once_from_the_keyboard(page, portal_url, issue_guarantee, mixed):
    issued = [issue_guarantee() for _ in range(3)]
    open_batch(page, portal_url)
    check_lines(page, [pair(g) for g in issued] + [pair(mixed["cancelled"]), pair(mixed["received"])])
    everything = page.get_by_label("すべて選ぶ")
    boxes = [page.get_by_label(f"{g['guarantee']['contract_number']} を選ぶ") for g in issued]
    expect(everything).to_be_enabled()
    expect(everything).not_to_be_checked()
    boxes[0].check()
    assert everything.evaluate("box => box.indeterminate") is True  # some, not all
    everything.focus()
    page.keyboard.press("Space")
    for box in boxes:
        expect(box).to_be_checked()
    expect(everything).to_be_checked()
    assert everything.evaluate("box => box.indeterminate") is False
    expect(page.locator("#batch-table tbody input[type=checkbox]")).to_have_count(3)  # the other two say why
    expect(page.get_by_role("button", name="選んだ電子保証の受領を記録する")).to_be_enabled()
    page.keyboard.press("Space")
    for box in boxes:
        expect(box).not_to_be_checked()
    expect(page.get_by_role("button", name="選んだ電子保証の受領を記録する")).to_be_disabled()
    accessible(page)


@pytest.mark.parametrize("width", [1280, 360])
def test_the_page_never_scrolls_sideways(page, portal_url, mixed, width):
    """The table scrolls inside its box; the page itself fits the window (a hidden file input
    once made it as wide as the window, past the text column)."""
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{portal_url}/orderer/batch/")
    expect(page.get_by_role("button", name="まとめて確認する")).to_be_visible()
    no_sideways_scroll(page)
    check_lines(page, [pair(g) for g in mixed.values()])
    no_sideways_scroll(page)
    # Nor does the table need its own sideways scroll at 1280 px (受注者 and 詳しく were cut off
    # there), and on a phone its rows are cards.
    scroll = page.locator(".portal-table-scroll")
    assert scroll.evaluate("e => [e.scrollWidth, e.clientWidth]") == [scroll.evaluate("e => e.clientWidth")] * 2
    if width == 360:
        assert page.locator("#batch-table tbody tr").first.evaluate("e => getComputedStyle(e).display") == "flex"
    accessible(page, f"batch-fits-{width}", full_page=True)


def test_the_csv_is_named_with_the_day_in_japan_its_content_is_dated(page, api, surety_token, portal_url):
    # 2026-12-01 15:30 UTC is already 12月2日 in Japan: the file's name and its 確認日時 say so,
    # by the portal's clock (the PC's, in UTC, would still say the 1st).
    moment = dt.datetime(2026, 12, 1, 15, 30, 5, tzinfo=dt.timezone.utc)
    with clock_at(moment):
        response = post_json(api, "/v1/guarantees", guarantee_request(), issue_headers(surety_token))
        assert response.status_code == 201, response.body
        open_batch(page, portal_url)
        check_lines(page, [pair(response.json_body)])
        named = []
        [row] = saved_csv(page, named)
    assert named == ["まとめて確認_2026-12-02.csv"]
    assert row["確認日時"] == "2026/12/02 00:30:05"


def test_the_browsers_formula_guard_is_the_apis(page, portal_url, api, issue_guarantee):
    """The API's table of cases (tests/csv_formula_cases.py) through csv-cell.js in the page,
    and one surety's full-width formula through the saved file."""
    from chalicelib.domain import csv_cells
    open_batch(page, portal_url)
    cells = [cell for cell, _ in CASES]
    in_browser = page.evaluate("cells => cells.map(window.portalCsvCell)", cells)
    expected = [("'" + cell if guarded else cell) for cell, guarded in CASES]
    assert in_browser == expected == [csv_cells.as_text(cell) for cell in cells]
    issued = issue_guarantee(project={**guarantee_request()["project"], "name": "＝1+1"})
    check_lines(page, [pair(issued)])
    [row] = saved_csv(page)
    assert row["工事名"] == "'＝1+1"


def test_twenty_notice_pdfs_become_twenty_rows_and_a_csv(page, api, portal_url, issue_guarantee, tmp_path):
    issued = [issue_guarantee(amount=1_000_000 * (i + 1)) for i in range(20)]
    paths = []
    for i, g in enumerate(issued):
        path = tmp_path / f"認証キーのお知らせ_{i:02d}.pdf"
        path.write_bytes(notice_pdf(api, g))
        paths.append(str(path))
    sent = []
    page.on("request", lambda r: sent.append(r.post_data_buffer or b""))
    open_batch(page, portal_url)
    page.locator("#batch-files").set_input_files(paths)
    expect(page.locator("#batch-files-chosen")).to_have_text("20件のファイルを選びました。")
    page.get_by_role("button", name="まとめて確認する").click()
    expect(page.locator("#batch-progress")).to_contain_text("20件を確認しました", timeout=60_000)
    expect(page.locator("#batch-table tbody tr")).to_have_count(20)
    accessible(page, "batch-twenty-pdfs")
    assert all(b"%PDF" not in body for body in sent)  # the files stayed on this PC

    rows = saved_csv(page)
    assert len(rows) == 20
    by_number = {r["保証契約番号"]: r for r in rows}
    for g in issued:
        row = by_number[g["guarantee"]["contract_number"]]
        assert row["状態"] == "有効" and int(row["保証金額（円）"]) == g["guarantee"]["amount"]
        assert row["工事名"] == g["guarantee"]["project"]["name"]
    for row in rows:
        assert not any(g["auth_key"] in value for g in issued for value in row.values())  # no key in the file

    # Sorted by amount, largest first, with a second press.
    header = page.get_by_role("button", name="保証金額")
    header.click()
    header.click()
    expect(page.locator("#batch-table th[data-key='amount']")).to_have_attribute("aria-sort", "descending")
    expect(page.locator("#batch-table tbody tr").first.locator("td[data-col='amount']")).to_contain_text("20,000,000円")


def test_a_hundred_pasted_lines_hold_and_report_their_time(page, portal_url, issue_guarantee, request):
    issued = [issue_guarantee() for _ in range(100)]
    wrong = authkey.display(authkey.generate())
    lines = [f"{g['guarantee']['contract_number']}\t{g['auth_key']}" for g in issued]
    lines.append(f"{issued[0]['guarantee']['contract_number']}, {wrong}")  # one that does not open
    open_batch(page, portal_url)
    page.get_by_label("保証契約番号と認証キー（1行に1件）").fill("\n".join(lines))
    page.get_by_role("button", name="まとめて確認する").click()
    expect(page.locator("#batch-progress")).to_contain_text("101件を確認しました（うち1件は確認できませんでした）",
                                                          timeout=120_000)
    expect(page.locator("#batch-table tbody tr")).to_have_count(101)
    expect(page.locator('#batch-table td[data-state="valid"]')).to_have_count(100)
    seconds = float(page.locator(".portal-batch").get_attribute("data-seconds"))
    report_line(request, f"[batch] 101 pasted lines checked in {seconds:.1f} s in Chromium against the local stack")


def test_nothing_chosen_says_what_to_do(page, portal_url):
    open_batch(page, portal_url)
    page.get_by_role("button", name="まとめて確認する").click()
    expect(page.locator("#batch-error")).to_have_text("お知らせのPDFを選ぶか、保証契約番号と認証キーを入力してください。")
    accessible(page, "batch-empty")


def test_a_pasted_notice_link_is_read_and_never_shown_or_saved_whole(page, portal_url, issue_guarantee):
    issued = issue_guarantee()
    number, key = issued["guarantee"]["contract_number"], issued["auth_key"]
    link = f"{portal_url}/orderer/verify/#n={number}&k={key}"
    open_batch(page, portal_url)
    page.get_by_label("保証契約番号と認証キー（1行に1件）").fill(link + "\nhttps://example.com/some/page")
    page.get_by_role("button", name="まとめて確認する").click()
    expect(page.locator("#batch-progress")).to_contain_text("2件を確認しました（うち1件は確認できませんでした）")
    first = page.locator("#batch-table tbody tr").first
    expect(first.locator("td").nth(2)).to_have_text(number)  # after 選ぶ and お知らせ
    expect(first.locator("td[data-col='state']")).to_have_text("有効")
    assert key not in page.locator("#batch-table").inner_text()
    rows = saved_csv(page)
    assert [r["保証契約番号"] for r in rows] == [number, ""] and not any(key in v for r in rows for v in r.values())


def test_signed_in_staff_record_receipt_of_the_chosen_rows_in_one_action(page, api, portal_url, issue_guarantee):
    from support import codes_sent_to, staff_address
    issued = [issue_guarantee() for _ in range(3)]
    open_batch(page, portal_url)
    page.get_by_label("保証契約番号と認証キー（1行に1件）").fill(
        "\n".join(f"{g['guarantee']['contract_number']} {g['auth_key']}" for g in issued))
    page.get_by_role("button", name="まとめて確認する").click()
    expect(page.locator("#batch-progress")).to_contain_text("3件を確認しました")
    for g in issued[:2]:
        page.get_by_label(f"{g['guarantee']['contract_number']} を選ぶ").check()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.get_by_role("button", name="選んだ電子保証の受領を記録する").click()
    address = staff_address()
    page.get_by_label("職場のメールアドレス").fill(address)
    page.get_by_role("button", name="確認コードを送る").click()
    expect(page.get_by_label("確認コード（8桁の数字）")).to_be_visible()  # the code is in the outbox now
    page.get_by_label("確認コード（8桁の数字）").fill(codes_sent_to(address)[-1])
    page.get_by_role("button", name="サインイン").click()
    expect(page.get_by_label("担当部署")).to_be_focused()
    page.get_by_label("担当部署").select_option("契約検査課")
    page.get_by_label("氏名").fill("佐久 花子")
    accessible(page, "batch-receipt-form")
    page.get_by_role("button", name="記録する（2件）").click()
    expect(page.locator("#batch-receipt-status")).to_have_text("2件の受領を記録しました。")
    table = page.locator("#batch-table")
    for g in issued[:2]:
        row = table.locator("tr", has_text=g["guarantee"]["contract_number"])
        expect(row).to_contain_text("受領済み（長野県佐久市 契約検査課")
    third = table.locator("tr", has_text=issued[2]["guarantee"]["contract_number"])
    expect(third).not_to_contain_text("受領済み")
    expect(page.get_by_label(f"{issued[2]['guarantee']['contract_number']} を選ぶ")).to_be_visible()
    assert errors == []
