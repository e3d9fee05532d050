"""`e-guarantee issue` run as a surety's clerk would, on files as spreadsheets write them:
every unreadable cell of every row named while the good rows are issued, numbers written
with commas or full-width digits read (and said so), repeated rows sent once, every problem
the portal names printed, exit codes that tell the cases apart, Ctrl-C that stops
resumably, and replies printed with the API's own times."""
from __future__ import annotations

import json
import os
import re
import signal
import time

import httpx
import pytest

from support import guarantee_request
from test_sdk_and_cli import cli, opens, results, write_csv


def by_row(rows: list[dict]) -> dict[int, dict]:
    return {int(r["row"]): r for r in rows}


def test_every_unreadable_cell_is_named_and_the_good_rows_are_issued(api, portal_url, surety_token, tmp_path):
    from e_guarantee_portal import Portal
    good = guarantee_request()
    commas = guarantee_request(amount="22,000,000")
    commas["advance"]["amount"] = "２２，０００，０００"  # full-width digits and comma, as an IME types them
    exponent = guarantee_request(amount="2e7")  # what Excel writes for a number in a narrow column
    two_bad = guarantee_request(amount="1.5")
    two_bad["advance"]["amount"] = "22,00,000"
    two_bad["advance"]["redeposit"] = "たぶん"
    unit = guarantee_request(amount="22000000円")
    last = guarantee_request()
    bodies = [good, commas, exponent, two_bad, unit, last]
    source, out = tmp_path / "guarantees.csv", tmp_path / "issued.csv"
    write_csv(source, bodies)

    ran = cli(portal_url, surety_token, "issue", str(source), "--results", str(out))
    assert ran.returncode == 1, ran.stderr  # some rows not issued, the others issued
    issued = by_row(results(out))
    assert sorted(issued) == [2, 3, 7]  # spreadsheet rows: the header is row 1
    assert [issued[n]["contract_number"] for n in (2, 3, 7)] == [good["contract_number"], commas["contract_number"],
                                                                 last["contract_number"]]
    for row in issued.values():
        assert opens(api, row["contract_number"], row["auth_key"])
    shown = Portal(f"{portal_url}/api", surety_token).guarantee(issued[3]["guarantee_id"]).to_dict()
    assert shown["versions"][0]["certificate"]["amount"] == 22_000_000
    # What was read another way is said, per row, with the cell as written.
    assert "3 行目: advance.amount 「２２，０００，０００」を 22000000、amount 「22,000,000」を 22000000 として読みました" \
        in ran.stderr  # (the columns in the file's order)
    # Every unreadable cell, each with its row, column, value and why (in Japanese).
    assert "4 行目 amount 「2e7」: 指数の形（2e7 など）では読み込めません。" in ran.stderr
    assert "5 行目 amount 「1.5」: 小数は使えません。" in ran.stderr
    assert "5 行目 advance.amount 「22,00,000」: カンマの位置が正しくありません。" in ran.stderr
    assert "5 行目 advance.redeposit 「たぶん」: true か false を入力してください。" in ran.stderr
    assert "6 行目 amount 「22000000円」: 整数（数字だけ）で入力してください。" in ran.stderr
    assert "発行 3 件" in ran.stderr and "送信前に見つけた誤り 3 件" in ran.stderr

    fixed = [good, commas, guarantee_request(contract_number=exponent["contract_number"]), last]
    write_csv(source, fixed)
    again = cli(portal_url, surety_token, "issue", str(source), "--results", str(out))
    assert again.returncode == 0, again.stderr  # all issued, now or before
    assert "skipping 3 rows" in again.stderr and "発行 1 件" in again.stderr


def test_the_exit_code_tells_a_wrong_file_and_a_wrong_token_from_refused_rows(portal_url, surety_token, tmp_path):
    source, out = tmp_path / "guarantees.csv", tmp_path / "issued.csv"
    source.write_text("contract_number,amout,kind\nA-1,3,advance_payment\n", encoding="utf-8")
    wrong_column = cli(portal_url, surety_token, "issue", str(source), "--results", str(out))
    assert wrong_column.returncode == 2 and "unknown column: 'amout'" in wrong_column.stderr
    missing = cli(portal_url, surety_token, "issue", str(tmp_path / "none.csv"), "--results", str(out))
    assert missing.returncode == 2 and "none.csv" in missing.stderr and "Traceback" not in missing.stderr
    assert results(out) == []  # nothing sent
    write_csv(source, [guarantee_request()])
    wrong_token = cli(portal_url, "egp_wrong", "issue", str(source), "--results", str(out))
    assert wrong_token.returncode == 3 and "続きから発行します" in wrong_token.stderr
    help_text = cli(portal_url, surety_token, "issue", "--help").stdout
    assert all(re.search(rf"^  {code} ", help_text, re.MULTILINE) for code in (0, 1, 2, 3, 130))


def test_every_problem_the_portal_names_is_kept_and_printed(portal_url, surety_token, tmp_path):
    from e_guarantee_portal import Portal, PortalError, Problem
    body = guarantee_request(kind="not_a_kind")
    del body["project"]["name"]
    body["guarantee_period"]["end"] = "2026-13-45"
    try:
        Portal(f"{portal_url}/api", surety_token).issue(body)
    except PortalError as e:
        refused = e
    else:
        raise AssertionError("issued")
    assert len(refused.details) == 3 and all(isinstance(p, Problem) for p in refused.details)
    assert {p.field for p in refused.details} == {"kind", "project.name", "guarantee_period.end"}
    assert (refused.details[0].code, refused.details[0].message, refused.details[0].field) == \
        (refused.code, refused.message, refused.field)
    assert all(p.code and p.message and not p.message.isascii() for p in refused.details)

    source, out = tmp_path / "guarantees.csv", tmp_path / "issued.csv"
    write_csv(source, [body])
    ran = cli(portal_url, surety_token, "issue", str(source), "--results", str(out))
    assert ran.returncode == 1
    for problem in refused.details:
        assert f"  {problem.field}: {problem.message}（{problem.code}）" in ran.stderr


def test_a_repeated_row_is_that_row_sent_and_counted_once(api, portal_url, surety_token, tmp_path):
    first, second = guarantee_request(), guarantee_request()
    other_content = guarantee_request(contract_number=second["contract_number"], amount=21_000_000)
    other_content["advance"]["amount"] = 21_000_000
    source, out = tmp_path / "guarantees.csv", tmp_path / "issued.csv"
    write_csv(source, [first, second, first, other_content])
    ran = cli(portal_url, surety_token, "issue", str(source), "--results", str(out))
    assert "4 行目は 2 行目と同じ内容です。1 件として数え、二度は送りません。" in ran.stderr
    assert "5 行目 contract_number 「" + second["contract_number"] + "」: 3 行目と同じ保証契約番号で、内容が異なります。" \
        in ran.stderr
    assert "発行 2 件" in ran.stderr and "同じ内容の行 1 件は前の行と合わせて 1 件と数えました" in ran.stderr
    assert ran.returncode == 1  # row 5 is not issued
    rows = results(out)
    assert sorted(int(r["row"]) for r in rows) == [2, 3]
    assert len({r["request_id"] for r in rows}) == len(rows) == len({r["guarantee_id"] for r in rows})
    again = cli(portal_url, surety_token, "issue", str(source), "--results", str(out))
    assert len(results(out)) == 2 and "発行 0 件" in again.stderr
    assert "1件あたり" not in again.stderr  # nothing issued: no time per guarantee


def test_ctrl_c_stops_resumably_and_the_rerun_issues_nothing_twice(api, portal_url, surety_token, tmp_path):
    from e_guarantee_portal import Portal
    bodies = [guarantee_request() for _ in range(30)]
    source, out = tmp_path / "guarantees.csv", tmp_path / "issued.csv"
    write_csv(source, bodies)
    running = cli(portal_url, surety_token, "issue", str(source), "--results", str(out), wait=False)
    deadline = time.monotonic() + 120
    while len(results(out)) < 5 and time.monotonic() < deadline and running.poll() is None:
        time.sleep(0.02)
    running.send_signal(signal.SIGINT)  # Ctrl-C
    _, stderr = running.communicate(timeout=60)
    assert running.returncode == 130, stderr
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr
    assert "中断しました（Ctrl-C）。同じコマンドをもう一度実行すると、続きから発行します。" in stderr
    first = results(out)
    assert 5 <= len(first) < 30 and "中断のため未処理" in stderr

    again = cli(portal_url, surety_token, "issue", str(source), "--results", str(out))
    assert again.returncode == 0, again.stderr
    rows = results(out)
    assert sorted(int(r["row"]) for r in rows) == list(range(2, 32))  # each row once
    portal = Portal(f"{portal_url}/api", surety_token)
    on_the_portal: dict[str, list[str]] = {}
    for summary in portal.guarantees(orderer="202177"):
        on_the_portal.setdefault(summary.contract_number, []).append(summary.guarantee_id)
    for row in rows:  # one guarantee per row, the one in the results file, its key valid
        assert on_the_portal[row["contract_number"]] == [row["guarantee_id"]]
        assert opens(api, row["contract_number"], row["auth_key"])


def test_replies_are_printed_with_the_apis_times(portal_url, surety_token, tmp_path):
    from e_guarantee_portal import Portal
    issued = Portal(f"{portal_url}/api", surety_token).issue(guarantee_request())
    gid = issued.guarantee.guarantee_id
    headers = {"Authorization": f"Bearer {surety_token}"}
    as_the_api_writes = httpx.get(f"{portal_url}/api/v1/guarantees/{gid}", headers=headers).json()
    shown = cli(portal_url, surety_token, "show", gid)
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout) == as_the_api_writes
    events_page = httpx.get(f"{portal_url}/api/v1/guarantees/{gid}/events", headers=headers).json()
    listed = cli(portal_url, surety_token, "events", gid)
    assert [json.loads(line) for line in listed.stdout.splitlines()] == events_page["events"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z", events_page["events"][0]["at"])
    assert "+00:00" not in shown.stdout + listed.stdout


def test_an_amendment_file_follows_the_same_rule_for_numbers(portal_url, surety_token, tmp_path):
    from chalicelib.adapters import clock
    from e_guarantee_portal import Portal
    issued = Portal(f"{portal_url}/api", surety_token).issue(guarantee_request(kind="contract"))
    gid = issued.guarantee.guarantee_id
    amendment = tmp_path / "amendment.csv"
    amendment.write_text("base_version,reason,effective_date,changes.amount\n"
                         f"１,increase,{clock.today().isoformat()},\"25,000,000\"\n", encoding="utf-8")
    amended = cli(portal_url, surety_token, "amend", gid, str(amendment))
    assert amended.returncode == 0, amended.stderr
    assert "2 行目: base_version 「１」を 1、changes.amount 「25,000,000」を 25000000 として読みました" in amended.stderr
    assert json.loads(amended.stdout)["version"] == 2
    amendment.write_text("base_version,reason,effective_date,changes.amount\n"
                         f"2,increase,{clock.today().isoformat()},2.6e7\n", encoding="utf-8")
    refused = cli(portal_url, surety_token, "amend", gid, str(amendment))
    assert refused.returncode == 2 and "2 行目 changes.amount 「2.6e7」: 指数の形" in refused.stderr


def test_ctrl_c_while_a_guarantee_is_written_down_waits_for_the_write():
    """The row of an issued guarantee is in the results file whole: Ctrl-C then comes after."""
    from e_guarantee_portal.cli import _interrupts_held
    written: list[str] = []
    with pytest.raises(KeyboardInterrupt):
        with _interrupts_held():
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.05)  # the signal arrives here, in the middle of the write
            written.append("the whole row")
    assert written == ["the whole row"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # Ctrl-C works as before afterwards


def test_a_json_file_is_read_by_the_same_rules(portal_url, surety_token, tmp_path):
    body = guarantee_request()
    source, out = tmp_path / "guarantees.json", tmp_path / "issued.json.csv"
    source.write_text(json.dumps([body, body], ensure_ascii=False), encoding="utf-8")
    ran = cli(portal_url, surety_token, "issue", str(source), "--results", str(out))
    assert ran.returncode == 0, ran.stderr
    assert "2 件目は 1 件目と同じ内容です。" in ran.stderr and "発行 1 件" in ran.stderr
    assert [r["row"] for r in results(out)] == ["1"]
    source.write_text("[{", encoding="utf-8")
    broken = cli(portal_url, surety_token, "issue", str(source), "--results", str(out))
    assert broken.returncode == 2 and "JSON として読めません" in broken.stderr


def test_an_insurers_policies_and_a_banks_guarantees_are_issued_from_rows_with_their_own_columns(
        api, portal_url, token_for_kind, tmp_path):
    # 特約 one column each (riders.0, riders.1), the bank's branch as guarantor_branch.name / .representative.
    from e_guarantee_portal import Portal
    policy = guarantee_request(kind="performance_insurance", riders=["公共工事履行保証特約", "前払金返還債務不担保特約"])
    bond = guarantee_request(kind="performance_bond")
    bank = guarantee_request(kind="bank_guarantee")
    for kind, bodies in (("performance_insurance", [policy, bond]), ("bank_guarantee", [bank])):
        source, out = tmp_path / f"{kind}.csv", tmp_path / f"{kind}-issued.csv"
        write_csv(source, bodies)
        header = source.read_text(encoding="utf-8").splitlines()[0].split(",")
        assert {"riders.0", "riders.1"} <= set(header) if kind == "performance_insurance" else \
            {"guarantor_branch.name", "guarantor_branch.representative"} <= set(header)
        ran = cli(portal_url, token_for_kind(kind), "issue", str(source), "--results", str(out))
        assert ran.returncode == 0, ran.stderr
        for row in results(out):
            assert opens(api, row["contract_number"], row["auth_key"])
            certificate = Portal(f"{portal_url}/api", token_for_kind(kind)).guarantee(
                row["guarantee_id"]).to_dict()["versions"][0]["certificate"]
            if row["contract_number"] == policy["contract_number"]:
                assert certificate["riders"] == policy["riders"]
            elif row["contract_number"] == bank["contract_number"]:
                assert certificate["guarantor_branch"] == bank["guarantor_branch"]
                assert certificate["surety"]["issuer_type"] == "bank"
            else:
                assert certificate["kind"] == "performance_bond" and "riders" not in certificate
        assert len(results(out)) == len(bodies)

    # A bank's row without its branch: the portal's refusal, named for the clerk.
    missing = guarantee_request(kind="bank_guarantee")
    del missing["guarantor_branch"]
    source, out = tmp_path / "no-branch.csv", tmp_path / "no-branch-issued.csv"
    write_csv(source, [missing])
    ran = cli(portal_url, token_for_kind("bank_guarantee"), "issue", str(source), "--results", str(out))
    assert ran.returncode == 1 and "missing_field" in ran.stderr + out.read_text(encoding="utf-8")
