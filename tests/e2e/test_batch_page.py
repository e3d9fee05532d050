"""まとめて確認 in real Chromium: many notice PDFs at once, or pasted lines of number and key,
checked into one table that sorts and saves as CSV; 100 notices hold, and the time is told."""
from __future__ import annotations

import csv
import io

import pytest
from playwright.sync_api import expect

from chalicelib.domain import authkey
from support import accessible, notice_pdf, report_line

pytestmark = pytest.mark.e2e


def open_batch(page, portal_url):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{portal_url}/orderer/batch/")
    expect(page.get_by_role("button", name="まとめて確認する")).to_be_visible()


def saved_csv(page) -> list[dict]:
    with page.expect_download() as info:
        page.get_by_role("button", name="CSVで保存").click()
    raw = open(info.value.path(), "rb").read()
    assert raw.startswith("\ufeff".encode("utf-8"))  # Excel opens it with the kanji intact
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


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
    expect(page.locator("#batch-table tbody tr").first.locator("td").nth(4)).to_have_text("20,000,000")


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
    expect(first.locator("td").nth(3)).to_have_text("有効")
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
        expect(row).to_contain_text("受領済み（佐久市 契約検査課")
    third = table.locator("tr", has_text=issued[2]["guarantee"]["contract_number"])
    expect(third).not_to_contain_text("受領済み")
    expect(page.get_by_label(f"{issued[2]['guarantee']['contract_number']} を選ぶ")).to_be_visible()
    assert errors == []
