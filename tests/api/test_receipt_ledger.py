"""受領台帳: the guarantees an orderer received, for its signed-in staff; change notices to the
staff who recorded a receipt; the CSV that Excel opens."""
from __future__ import annotations

import csv
import email
import email.policy
import io

import pytest

from csv_formula_cases import CASES
from openapi_document import advance_increase
from support import TEST_SURETY_NAME, guarantee_request, issue_headers, post_json, staff_address, staff_headers

from support import OUTBOX


def receive(api, issued, headers, department="契約検査課"):
    body = {"contract_number": issued["guarantee"]["contract_number"], "auth_key": issued["auth_key"],
            "department": department, "name": "佐久 花子"}
    response = post_json(api, "/v1/receipts", body, headers)
    assert response.status_code == 201, response.body


def ledger(api, headers, query=""):
    response = api.get(f"/v1/staff/receipts{query}", headers=headers)
    assert response.status_code == 200, response.body
    return response.json_body["receipts"]


def notices_to(address: str) -> list:
    """The change notices a member of staff received (not their sign-in codes)."""
    found = []
    for path in OUTBOX.glob("*.eml"):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        if message["To"] == address and message["Subject"].startswith("受領済みの電子保証"):
            found.append(message)
    return found


def test_a_receipt_is_a_row_of_the_orderers_ledger_with_its_state_now(api, surety_token, issue_guarantee):
    address = staff_address()
    headers = staff_headers(api, address)
    issued = issue_guarantee()
    receive(api, issued, headers, "建設課")
    [row] = [r for r in ledger(api, headers) if r["guarantee_id"] == issued["guarantee"]["guarantee_id"]]
    assert (row["version"], row["state"], row["state_label"], row["department"], row["recorded_by"]) == (
        1, "valid", "有効", "建設課", address)
    assert row["contract_number"] == issued["guarantee"]["contract_number"] and row["kind_label"] == "前払金保証"

    # Amended by the surety: the row says so, and the clerk who received it hears of it.
    gid = issued["guarantee"]["guarantee_id"]
    amendment = {"base_version": 1, "reason": "increase", "effective_date": issued["guarantee"]["issue_date"],
                 "changes": advance_increase(25_000_000)}
    assert post_json(api, f"/v1/guarantees/{gid}/amendments", amendment, issue_headers(surety_token)).status_code == 201
    [row] = [r for r in ledger(api, headers) if r["guarantee_id"] == gid]
    assert (row["state"], row["state_label"]) == ("superseded", "変更済み（第2版が発行済み）")
    [notice] = notices_to(address)
    assert notice["Subject"] == f"受領済みの電子保証の変更のお知らせ（保証契約番号：{row['contract_number']}）"
    text = notice.get_content()
    assert "第2版" in text and "新しい「認証キーのお知らせ」" in text and issued["auth_key"] not in text

    # Cancelled: the row and another notice.
    cancel = {"reason": "工事の中止", "date": issued["guarantee"]["issue_date"]}
    assert post_json(api, f"/v1/guarantees/{gid}/cancellation", cancel, issue_headers(surety_token)).status_code == 200
    [row] = [r for r in ledger(api, headers) if r["guarantee_id"] == gid]
    assert row["state"] == "cancelled" and row["state_label"].startswith("解約（")
    assert len(notices_to(address)) == 2


def test_a_row_opens_the_version_received_without_the_key(api, surety_token, issue_guarantee):
    headers = staff_headers(api)
    issued = issue_guarantee()
    receive(api, issued, headers)
    gid = issued["guarantee"]["guarantee_id"]
    shown = api.get(f"/v1/staff/receipts/{gid}/1", headers=headers)
    assert shown.status_code == 200
    assert shown.json_body["certificate"] == {**issued["guarantee"], "status": "valid", "status_label": "有効"}
    assert api.get(f"/v1/staff/receipts/{gid}/2", headers=headers).status_code == 404  # not received
    other = issue_guarantee()  # not received by anyone
    assert api.get(f"/v1/staff/receipts/{other['guarantee']['guarantee_id']}/1", headers=headers).status_code == 404
    assert api.get(f"/v1/staff/receipts/{gid}/1").status_code == 401


def test_the_ledger_filters_by_department_and_state(api, issue_guarantee):
    headers = staff_headers(api)
    receive(api, issue_guarantee(), headers, "上下水道課")
    only = ledger(api, headers, "?department=上下水道課")
    assert only and {r["department"] for r in only} == {"上下水道課"}
    assert {r["state"] for r in ledger(api, headers, "?state=valid")} == {"valid"}
    response = api.get("/v1/staff/receipts?state=lost", headers=headers)
    assert response.status_code == 400 and response.json_body["error"]["code"] == "invalid_query"


def test_the_csv_opens_in_excel_as_japanese_text(api, issue_guarantee):
    headers = staff_headers(api)
    issued = issue_guarantee()
    receive(api, issued, headers)
    response = api.get("/v1/staff/receipts.csv?department=契約検査課", headers={**headers, "Accept": "text/csv"})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment;" in response.headers["Content-Disposition"]
    raw = response.body if isinstance(response.body, bytes) else response.body.encode("utf-8")
    assert raw.startswith("\ufeff".encode("utf-8")) and b"\r\n" in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:5] == ["保証契約番号", "保証の種類", "発行者", "発行者の種別", "工事名"]
    [mine] = [r for r in rows[1:] if r[0] == issued["guarantee"]["contract_number"]]
    assert mine[1] == "前払金保証" and mine[18] == "1" and mine[19] == "有効" and mine[23] == "契約検査課"
    assert mine[2:4] == [TEST_SURETY_NAME, "保証事業会社"]


def test_the_ledger_is_for_signed_in_staff_only(api):
    for path in ("/v1/staff/receipts", "/v1/staff/receipts.csv"):
        response = api.get(path)
        assert response.status_code == 401 and response.json_body["error"]["code"] == "not_signed_in"


def test_a_formula_in_a_cell_stays_text():
    from chalicelib.usecases import ledger_export
    row = {"guarantee_id": "g1", "recorded_at": "2026-07-01T01:00:00Z", "contract_number": "A-1", "kind_label": "契約保証", "surety_name": "+1+1", "issuer_type_label": "保証事業会社",
           "project_name": "=HYPERLINK(\"x\")", "contractor": "@SUM(1)",
           "amount": 1, "guarantee_period": {"start": "2026-07-01", "end": "2026-08-01"}, "version": 1,
           "state_label": "有効", "date": "2026-07-01", "department": "契約検査課", "name": "-1", "recorded_by": "a@b.jp",
           "amount_label": "1円", "guarantee_period_label": "2026年7月1日 〜 2026年8月1日", "version_label": "第1版",
           "date_label": "2026年7月1日"}
    [_, line] = list(csv.reader(io.StringIO(ledger_export.as_csv([row], {}).lstrip("\ufeff"))))
    assert line[2] == "'+1+1" and line[4] == "'=HYPERLINK(\"x\")" and line[7] == "'@SUM(1)" and line[24] == "'-1"


def test_a_sureties_full_width_or_minus_sign_formula_reaches_the_csv_as_text(api, issue_guarantee):
    headers = staff_headers(api)
    names = ["＝1+1", "＋1+1", "－1+1", "＠SUM(1)", "\u22121+1"]
    for name in names:
        project = {**guarantee_request()["project"], "name": name}
        receive(api, issue_guarantee(project=project), headers)
    raw = api.get("/v1/staff/receipts.csv", headers={**headers, "Accept": "text/csv"}).body
    cells = {r[4] for r in csv.reader(io.StringIO((raw if isinstance(raw, str) else raw.decode("utf-8")).lstrip("\ufeff")))}
    assert {"'" + name for name in names} <= cells and not cells & set(names)


@pytest.mark.parametrize(("cell", "guarded"), CASES)
def test_the_ledger_csv_keeps_every_form_of_a_formula_text(cell, guarded):
    """The same table as the browser's guard (tests/e2e/test_batch_page.py): a surety's
    project.name 「＝1+1」 or 「−1+1」 reaches receipts.csv with its apostrophe."""
    from chalicelib.usecases import ledger_export
    row = {"guarantee_id": "g1", "recorded_at": "2026-07-01T01:00:00Z", "contract_number": "A-1", "kind_label": "契約保証",
           "surety_name": "テスト建設業保証株式会社",
           "issuer_type_label": "保証事業会社", "project_name": cell, "contractor": "浅間建設株式会社",
           "amount": 1, "guarantee_period": {"start": "2026-07-01", "end": "2026-08-01"}, "version": 1,
           "state_label": "有効", "date": "2026-07-01", "department": "契約検査課", "name": "佐久 花子",
           "recorded_by": "a@b.jp", "amount_label": "1円", "guarantee_period_label": "2026年7月1日 〜 2026年8月1日",
           "version_label": "第1版", "date_label": "2026年7月1日"}
    [_, line] = list(csv.reader(io.StringIO(ledger_export.as_csv([row], {}).lstrip("\ufeff"), newline="")))
    assert line[4] == ("'" + cell if guarded else cell)


def withdraw(api, headers, issued, department="契約検査課", version=1):
    gid = issued["guarantee"]["guarantee_id"]
    return post_json(api, f"/v1/staff/receipts/{gid}/{version}/withdrawal", {"department": department}, headers)


def test_a_receipt_recorded_by_mistake_is_withdrawn_by_its_department_within_a_day(api, surety_token,
                                                                                   issue_guarantee):
    from chalicelib.adapters import clock
    from support import clock_at
    import datetime as dt
    address = staff_address()
    headers = staff_headers(api, address)
    issued = issue_guarantee(completion_notice_email="keiri@asama.example")
    receive(api, issued, headers)
    other_department = withdraw(api, headers, issued, "建設課")
    assert other_department.status_code == 403 and other_department.json_body["error"]["code"] == "wrong_department"
    assert withdraw(api, {}, issued).status_code == 403  # no cookie, no Origin: not the portal's page
    assert withdraw(api, {"Origin": headers["Origin"]}, issued).status_code == 401
    colleague = withdraw(api, staff_headers(api), issued)  # the same department, another account
    assert colleague.status_code == 403 and colleague.json_body["error"]["code"] == "not_recorder"

    response = withdraw(api, headers, issued)
    assert response.status_code == 200 and response.json_body == {"withdrawn": True}
    gid = issued["guarantee"]["guarantee_id"]
    assert [r for r in ledger(api, headers) if r["guarantee_id"] == gid] == []
    key = {"contract_number": issued["guarantee"]["contract_number"], "auth_key": issued["auth_key"]}
    assert post_json(api, "/v1/verifications", key).json_body["receipt"] is None
    events = api.get(f"/v1/guarantees/{gid}/events", headers=issue_headers(surety_token)).json_body["events"]
    assert [e["type"] for e in events if e["type"].startswith("receipt")] == ["receipt", "receipt_withdrawn"]
    told = [m for m in (email.message_from_bytes(p.read_bytes(), policy=email.policy.default)
                        for p in OUTBOX.glob("*.eml")) if "取り消し" in m["Subject"]
            and issued["guarantee"]["contract_number"] in m["Subject"]]
    assert "keiri@asama.example" in [m["To"] for m in told]
    assert withdraw(api, headers, issued).status_code == 404  # once

    # Recorded again, it stays recorded after a day.
    receive(api, issued, headers)
    with clock_at(clock.now() + dt.timedelta(hours=25)):
        late = withdraw(api, staff_headers(api, address), issued)
    assert late.status_code == 409 and late.json_body["error"]["code"] == "withdrawal_period_over"


def test_the_staff_hear_once_when_a_received_guarantees_period_ends(api, surety_token):
    import datetime as dt
    from chalicelib.usecases import deliver_mail
    from devtools.demo import demo_request
    from support import clock_at, new_contract_number
    end_day = dt.datetime(2031, 2, 28, 3, 0, tzinfo=dt.timezone.utc)  # a day no other test sweeps
    issued_at = end_day - dt.timedelta(days=60)
    body = demo_request(new_contract_number(), issued_at.date())
    body["project"]["period"] = {"start": issued_at.date().isoformat(), "end": (end_day.date() - dt.timedelta(days=5)).isoformat()}
    body["guarantee_period"] = {"start": issued_at.date().isoformat(), "end": end_day.date().isoformat()}
    address = staff_address()
    with clock_at(issued_at):
        issued = post_json(api, "/v1/guarantees", body, issue_headers(surety_token)).json_body
        receive(api, issued, staff_headers(api, address))
    with clock_at(end_day):  # the last day: still running
        deliver_mail.sweep(end_day)
    assert notices_to(address) == []
    after = end_day + dt.timedelta(days=1)
    with clock_at(after):
        deliver_mail.sweep(after)
        deliver_mail.sweep(after + dt.timedelta(minutes=5))  # the next run that day: nothing again
        headers = staff_headers(api)
        [row] = [r for r in ledger(api, headers) if r["guarantee_id"] == issued["guarantee"]["guarantee_id"]]
    [notice] = notices_to(address)
    assert notice["Subject"].startswith("受領済みの電子保証の保証期間の終了のお知らせ")
    assert "期限満了" in notice.get_content()
    assert row["state"] == "expired"


def test_a_receipt_version_that_is_no_number_is_not_found(api):
    headers = staff_headers(api)
    for version in ("²", "١", "9" * 5000, "0"):
        response = api.get(f"/v1/staff/receipts/g{'0' * 25}/{version}", headers=headers)
        assert response.status_code == 404, (version, response.status_code)


def test_a_row_carries_its_printed_values_and_until_when_its_recorder_may_take_it_back(api, issue_guarantee):
    # The 受領台帳 page formats nothing and knows no withdrawal window: the rows say both.
    import datetime as dt
    from support import clock_at
    address = staff_address()
    headers = staff_headers(api, address)
    issued = issue_guarantee()
    receive(api, issued, headers, "建設課")
    gid = issued["guarantee"]["guarantee_id"]
    [row] = [r for r in ledger(api, headers) if r["guarantee_id"] == gid]

    def ja(iso: str) -> str:
        day = dt.date.fromisoformat(iso)
        return f"{day.year}年{day.month}月{day.day}日"
    period = issued["guarantee"]["guarantee_period"]
    assert row["amount_label"] == f"{issued['guarantee']['amount']:,}円"
    assert row["guarantee_period_label"] == f"{ja(period['start'])} 〜 {ja(period['end'])}"
    assert (row["version_label"], row["date_label"]) == ("第1版", ja(row["date"]))
    recorded = dt.datetime.fromisoformat(row["recorded_at"].replace("Z", "+00:00"))
    assert row["withdrawable_until"] == (recorded + dt.timedelta(hours=24)).strftime("%Y-%m-%dT%H:%M:%SZ")

    # Another account of the orderer sees the row but may not take it back; nor may anyone after the day.
    [seen] = [r for r in ledger(api, staff_headers(api)) if r["guarantee_id"] == gid]
    assert seen["withdrawable_until"] is None and seen["amount_label"] == row["amount_label"]
    with clock_at(recorded + dt.timedelta(hours=24, seconds=1)):
        [late] = [r for r in ledger(api, staff_headers(api, address)) if r["guarantee_id"] == gid]
    assert late["withdrawable_until"] is None

    # The CSV prints the same values as the list, for Excel: numbers as digits, each date in its cell.
    response = api.get("/v1/staff/receipts.csv?department=建設課", headers={**headers, "Accept": "text/csv"})
    [_, *lines] = list(csv.reader(io.StringIO(response.body.decode("utf-8").lstrip("\ufeff"), newline="")))
    [line] = [li for li in lines if li[0] == row["contract_number"]]
    assert (line[12], line[13], line[14], line[18], line[21]) == (
        str(row["amount"]), period["start"], period["end"], str(row["version"]), row["date"])


def test_one_ledger_holds_every_instrument_with_its_issuer_and_type(api, issue_instrument):
    """A 前払金保証, a 公共工事履行保証証券, a 履行保証保険 and a 銀行等の保証 received by one orderer:
    one list and one CSV, each row naming its issuer and the issuer's type."""
    from support import TEST_ISSUERS
    headers = staff_headers(api)
    wanted = {"advance_payment": (TEST_SURETY_NAME, "surety_company", "保証事業会社"),
              "performance_bond": (TEST_ISSUERS["insurer"][1], "insurer", "損害保険会社"),
              "performance_insurance": (TEST_ISSUERS["insurer"][1], "insurer", "損害保険会社"),
              "bank_guarantee": (TEST_ISSUERS["bank"][1], "bank", "銀行等")}
    numbers = {}
    for kind in wanted:
        issued = issue_instrument(kind)
        receive(api, issued, headers)
        numbers[issued["guarantee"]["contract_number"]] = kind
    rows = {r["contract_number"]: r for r in ledger(api, headers) if r["contract_number"] in numbers}
    assert len(rows) == 4
    for number, kind in numbers.items():
        row = rows[number]
        assert (row["surety_name"], row["issuer_type"], row["issuer_type_label"]) == wanted[kind]
        assert row["kind"] == kind
    raw = api.get("/v1/staff/receipts.csv", headers={**headers, "Accept": "text/csv"}).body
    lines = list(csv.reader(io.StringIO((raw if isinstance(raw, str) else raw.decode("utf-8")).lstrip("\ufeff"))))
    by_number = {line[0]: line for line in lines[1:] if line[0] in numbers}
    labels = {"advance_payment": "前払金保証", "performance_bond": "公共工事履行保証証券",
              "performance_insurance": "履行保証保険", "bank_guarantee": "銀行等の保証"}
    for number, kind in numbers.items():
        assert by_number[number][1:4] == [labels[kind], wanted[kind][0], wanted[kind][2]]
