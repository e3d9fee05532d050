"""受領台帳の CSV in parts (GET /v1/staff/receipts.csv, usecases/ledger_export.py): an export far
larger than one response, joined from its parts (X-Next-Cursor) into one file Excel opens —
every row once, the header once, numbers as numbers, dates in their own cells, every field of
the detail.

The data is this module's own: an orderer of its own (宇検村, staff on their own domain), an
issuer of its own (EXPORT_SURETY) and guarantees of their own numbers, dated in 2029 (a time no
other test's sweep reaches), written through the store's ports as issuance and 受領 write them
(4,500 receipts through the API would take minutes; a few tests below go through it whole).
"""
from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import re
import uuid

import pytest

from openapi_document import LEDGER_CSV, check_response
from registry_writes import enrolled
from store_wiring import once
from support import clock_at, new_contract_number, post_json, report_line, staff_headers

ORDERER = "465241"             # 鹿児島県宇検村: no other test's orderer
ORDERER_NAME = "鹿児島県宇検村"
DOMAIN = "ledger-export.uken.example.jp"
DEPARTMENTS = ("総務課", "建設課")
EXPORT_SURETY = ("ledger-export-tests", "書出試験建設業保証株式会社")
NOW = dt.datetime(2029, 6, 1, 3, 0, tzinfo=dt.timezone.utc)  # the product's clock in this module
CSV_PATH = "/v1/staff/receipts.csv"
NUMBER_COLUMNS = ("請負代金額", "保証金額", "受領した版")
DATE_COLUMNS = ("工期の始期", "工期の終期", "保証期間の始期", "保証期間の終期", "受領日")


@dataclasses.dataclass
class Seeded:
    numbers: list[str]                 # 保証契約番号, newest receipt first
    by_number: dict[str, dict]         # the ledger row written for each
    amended: set[str]


def _surety(wiring) -> None:
    def register():
        from chalicelib.usecases import sureties
        sureties.register(*EXPORT_SURETY, {"department": "公務部", "phone": "099-000-0000"},
                          representative="取締役社長", head_office="鹿児島県鹿児島市")
        return True
    once(wiring, "ledger export surety", register)


def seed(store, count: int, *, amend_every: int = 0, tag: str = "") -> Seeded:
    """``count`` guarantees of EXPORT_SURETY for ORDERER, each received (one a minute, the newest
    last), every ``amend_every``-th amended after its receipt (要対応: changed)."""
    from chalicelib.domain import events
    from chalicelib.domain.formatting import iso_utc
    from chalicelib.domain.guarantee import Version
    from chalicelib.domain.terms_rules import parse_terms
    from chalicelib.usecases.common.receipt_writing import ledger_entry
    from chalicelib.usecases.ports.records import IdempotentResult, NewGuarantee, NewVersion
    from devtools.demo import demo_request
    surety_id, surety_name = EXPORT_SURETY
    issued_on = dt.date(2029, 4, 2)
    start = NOW - dt.timedelta(minutes=count + 10)
    seeded = Seeded([], {}, set())
    actor = {"kind": "orderer", "client": "tests", "department": DEPARTMENTS[0], "name": "宇検 花子"}

    def answer(gid: str) -> IdempotentResult:
        return IdempotentResult(surety_id=surety_id, key=str(uuid.uuid4()), fingerprint="f" * 64, status_code=201,
                                sealed_body=b"sealed", guarantee_id=gid, expires_at=NOW + dt.timedelta(hours=24))
    for n in range(count):
        kind = "contract" if n % 3 == 2 else "advance_payment"
        number = new_contract_number()
        # At the rules' shares (a 契約保証 over a tenth of the price), so only the amendments need attention.
        body = demo_request(number, issued_on, kind, 6_000_000 if kind == "contract" else None)
        body["orderer_id"] = ORDERER
        body["project"].update(name=f"村道{tag}{n}号線改良工事", location="鹿児島県大島郡宇検村湯湾地内",
                               number=f"宇建第{n}号", contract_price=55_000_000 + n)
        terms = parse_terms(body, issued_on)
        issued_at = dt.datetime.combine(issued_on, dt.time(1, 0), dt.timezone.utc)
        version = Version(guarantee_id="g" + uuid.uuid4().hex[:25], version=1, surety_id=surety_id,
                          surety_name=surety_name, terms=terms, issued_at=issued_at)
        record = version.as_record()
        store.guarantees.create(NewGuarantee(
            guarantee_id=version.guarantee_id, surety_id=surety_id, contract_number=number, orderer_id=ORDERER,
            corporate_number=None, issued_at=record["issued_at"], version_record=record, key_hash=uuid.uuid4().hex * 2,
            event=events.issued(issued_at, 1, {"kind": "surety", "surety_id": surety_id, "token_id": "t"}),
            history_entry=version.history_entry()), answer(version.guarantee_id))
        at = start + dt.timedelta(minutes=n)
        receipt = {"orderer": ORDERER_NAME, "department": DEPARTMENTS[n % 2], "name": "宇検 花子",
                   "date": (at + dt.timedelta(hours=9)).date().isoformat(), "recorded_at": iso_utc(at),
                   "staff": f"keiri@{DOMAIN}"}
        if n % 5 == 0:
            receipt["note"] = f"原本は金庫に保管（{n}）"
        entry = ledger_entry(version, receipt)
        store.guarantees.record_receipt(version.guarantee_id, surety_id, 1, receipt, events.receipt(at, 1, actor), [],
                                        (ORDERER, entry))
        if amend_every and n % amend_every == 0:
            newer = dataclasses.replace(version, version=2, issued_at=at + dt.timedelta(seconds=30),
                                        terms=dataclasses.replace(terms, amount=terms.amount - 1_000_000),
                                        amendment={"reason": "decrease", "effective_date": issued_on.isoformat()})
            newer_record = newer.as_record()
            store.guarantees.add_version(NewVersion(
                guarantee_id=version.guarantee_id, contract_number=number, base_version=1,
                version_record=newer_record, key_hash=uuid.uuid4().hex * 2,
                event=events.issued(at, 2, {"kind": "surety", "surety_id": surety_id}),
                history_entry=newer.history_entry(), contractor_email=None, surety_id=surety_id,
                corporate_number=None, created_at=newer_record["issued_at"]), answer(version.guarantee_id))
            seeded.amended.add(number)
        seeded.numbers.insert(0, number)
        seeded.by_number[number] = entry
    return seeded


def export(api, headers, query: str = "") -> list[tuple[bytes, str | None]]:
    """Every part of the export, asked on with X-Next-Cursor until a part has none."""
    parts: list[tuple[bytes, str | None]] = []
    cursor = None
    while True:
        separator = "&" if query else "?"
        path = CSV_PATH + (query and "?" + query) + (f"{separator}cursor={cursor}" if cursor else "")
        response = api.get(path, headers={**headers, "Accept": "text/csv"})
        assert response.status_code == 200, response.body
        assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
        cursor = response.headers.get("X-Next-Cursor")
        parts.append((response.body, cursor))
        if cursor is None:
            return parts
        assert len(parts) < 50, "the export does not end"


def joined(parts) -> list[list[str]]:
    raw = b"".join(body for body, _ in parts)
    assert raw.startswith("\ufeff".encode()) and raw.count("\ufeff".encode()) == 1
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def check_cells(header: list[str], lines: list[list[str]]) -> None:
    """Numbers are plain digits (Excel sums them), dates YYYY-MM-DD, 受領日時 JST to the minute."""
    at = {name: header.index(name) for name in header}
    for line in lines:
        assert len(line) == 29
        for name in NUMBER_COLUMNS:
            assert line[at[name]].isdigit() and int(line[at[name]]) > 0, (name, line[at[name]])
        assert line[at["前払金額"]] == "" or line[at["前払金額"]].isdigit()
        for name in DATE_COLUMNS:
            dt.date.fromisoformat(line[at[name]])
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", line[at["受領日時"]])


@pytest.fixture(scope="module")
def staff(api, module_wiring):
    """A member of the module's orderer's staff, signed in under the module's clock."""
    _surety(module_wiring)
    with enrolled(module_wiring.store, ORDERER, staff_email_domains=(DOMAIN,), departments=DEPARTMENTS):
        with clock_at(NOW):
            headers = staff_headers(api, f"keiri-{uuid.uuid4().hex[:6]}@{DOMAIN}")
        yield headers


@pytest.fixture(scope="module")
def large(staff, module_wiring) -> Seeded:
    return seed(module_wiring.store, 4_500, amend_every=450, tag="大")


def test_an_export_of_4500_rows_comes_in_parts_that_join_into_one_file(api, staff, large, store, monkeypatch,
                                                                       request):
    from chalicelib.domain.ledger_query import ATTENTION, CSV_PART_ROWS
    calls: list[int] = []
    get_versions = type(store.guarantees).get_versions
    monkeypatch.setattr(type(store.guarantees), "get_versions",
                        lambda self, wanted: calls.append(len(wanted)) or get_versions(self, wanted))
    with clock_at(NOW):
        parts = export(api, staff)

    # Parts of 2,000 rows (the last the rest); only the first starts with the BOM and the header.
    assert [body.count(b"\r\n") for body, _ in parts] == [CSV_PART_ROWS + 1, CSV_PART_ROWS, 500]
    assert parts[0][0].startswith("\ufeff保証契約番号,".encode())
    assert all(not body.startswith("\ufeff".encode()) and not body.startswith("保証契約番号".encode())
               for body, _ in parts[1:])
    assert parts[-1][1] is None and all(cursor for _, cursor in parts[:-1])
    for n, (body, _) in enumerate(parts):
        lines_in_part = body.count(b"\r\n")
        report_line(request, f"CSV part {n + 1}: {len(body):,} bytes, {lines_in_part:,} lines")
    assert max(len(body) for body, _ in parts) < 6_000_000 / 2  # far under a Lambda response's cap

    [header, *lines] = joined(parts)
    assert header == ["保証契約番号", "保証の種類", "発行者", "発行者の種別", "工事名", "工事番号", "工事場所", "受注者",
                      "受注者の住所", "請負代金額", "工期の始期", "工期の終期", "保証金額", "保証期間の始期",
                      "保証期間の終期", "前払金額", "預託金融機関", "約款", "受領した版", "現在の状態", "要対応",
                      "受領日", "受領日時", "担当部署", "受領者", "記録したアカウント", "メモ", "受付番号",
                      "発注者の工事番号・契約番号（電子提出）"]
    # Every row once, newest receipt first, the header once.
    assert [line[0] for line in lines] == large.numbers
    check_cells(header, lines)
    at = {name: header.index(name) for name in header}
    by_number = {line[0]: line for line in lines}
    assert sum(int(line[at["保証金額"]]) for line in lines) == sum(int(e["amount"]) for e in large.by_number.values())
    for number in large.amended:
        line = by_number[number]
        assert line[at["現在の状態"]] == "変更済み（第2版が発行済み）"
        assert ATTENTION["changed"] in line[at["要対応"]].split("／")
        assert line[at["保証金額"]] == str(large.by_number[number]["amount"])  # the version received
    # The versions were read in batches of at most 100, each once.
    assert max(calls) <= 100 and sum(calls) == 4_500 and len(calls) == 45


def test_each_row_prints_every_field_of_the_detail(api, staff, large):
    """The CSV's row of a receipt says what its detail (GET /v1/staff/receipts/{gid}/{version}) shows."""
    number = large.numbers[-1]  # the first received: n = 0, with its メモ, amended
    entry = large.by_number[number]
    with clock_at(NOW):
        [header, *lines] = joined(export(api, staff, "q=" + number))
        detail = api.get(f"/v1/staff/receipts/{entry['guarantee_id']}/1", headers=staff).json_body
    [line] = lines
    cell = dict(zip(header, line, strict=True))
    rows = {r["key"]: r["lines"] for s in detail["sections"] for r in s["rows"]}
    certificate = detail["certificate"]
    assert cell["工事場所"] == certificate["project"]["location"] == rows["project_location"][0]
    assert cell["受注者の住所"] == certificate["contractor"]["address"]
    assert cell["預託金融機関"] == rows["deposit_bank"][0]
    assert cell["約款"] == rows["guarantee_terms"][0]
    assert int(cell["請負代金額"]) == certificate["project"]["contract_price"] == 55_000_000
    assert int(cell["前払金額"]) == certificate["advance"]["amount"]
    assert (cell["工期の始期"], cell["工期の終期"]) == (certificate["project"]["period"]["start"],
                                                  certificate["project"]["period"]["end"])
    assert (cell["保証期間の始期"], cell["保証期間の終期"]) == (certificate["guarantee_period"]["start"],
                                                      certificate["guarantee_period"]["end"])
    assert (cell["発行者"], cell["発行者の種別"], cell["保証の種類"]) == (EXPORT_SURETY[1], "保証事業会社", "前払金保証")
    assert cell["メモ"] == "原本は金庫に保管（0）" and cell["記録したアカウント"] == f"keiri@{DOMAIN}"
    recorded = dt.datetime.fromisoformat(entry["recorded_at"].replace("Z", "+00:00")) + dt.timedelta(hours=9)
    assert cell["受領日時"] == recorded.strftime("%Y-%m-%d %H:%M") and cell["受領日"] == entry["date"]
    assert cell["受付番号"] == "" and cell["発注者の工事番号・契約番号（電子提出）"] == ""
    # A 契約保証 has no advance: its cell is empty, not 0.
    contract = next(n for n in large.numbers if large.by_number[n]["kind"] == "contract")
    with clock_at(NOW):
        [_, line] = joined(export(api, staff, "q=" + contract))
    assert dict(zip(header, line, strict=True))["前払金額"] == "" and line[1] == "契約保証"


def test_filters_narrow_the_export_and_a_cursor_serves_its_own_export_only(api, staff, large):
    with clock_at(NOW):
        parts = export(api, staff, "department=建設課")
        [header, *lines] = joined(parts)
        assert len(lines) == 2_250 and {line[header.index("担当部署")] for line in lines} == {"建設課"}
        assert [len(parts), parts[0][1] is not None] == [2, True]
        # The cursor of the 建設課 export continues that export only.
        other = api.get(f"{CSV_PATH}?department=総務課&cursor={parts[0][1]}", headers={**staff, "Accept": "text/csv"})
        assert other.status_code == 400 and other.json_body["error"]["code"] == "invalid_cursor"
        forged = api.get(f"{CSV_PATH}?department=建設課&cursor={parts[0][1][:-2]}xx", headers={**staff, "Accept": "text/csv"})
        assert forged.status_code == 400 and forged.json_body["error"]["code"] == "invalid_cursor"
        backwards = api.get(f"{CSV_PATH}?received_from=2029-06-01&received_to=2029-05-01", headers={**staff, "Accept": "text/csv"})
        assert backwards.status_code == 400 and backwards.json_body["error"]["code"] == "invalid_query"
        attention = joined(export(api, staff, "view=attention"))
        assert {line[0] for line in attention[1:]} == large.amended
        # Nothing found: the header alone.
        assert joined(export(api, staff, "q=存在しない工事")) == [header]


def test_another_orderers_staff_export_none_of_these_rows(api, large):
    with clock_at(NOW):
        [_, *lines] = joined(export(api, staff_headers(api)))  # 佐久市's staff
    assert not {line[0] for line in lines} & set(large.numbers)


def test_the_first_part_of_a_receipt_through_the_api_carries_the_memo_typed_at_receipt(api, staff, store):
    """End to end: issued and received through the API (this module's issuer and staff), the メモ
    typed at 受領 reaches the CSV."""
    from chalicelib.usecases import sureties
    from support import guarantee_request, issue_headers
    _, token = sureties.create_token(EXPORT_SURETY[0], None, "tests")
    with clock_at(NOW):
        body = guarantee_request(on=NOW.date())
        body["orderer_id"] = ORDERER
        issued = post_json(api, "/v1/guarantees", body, issue_headers(token))
        assert issued.status_code == 201, issued.body
        key = {"contract_number": issued.json_body["guarantee"]["contract_number"],
               "auth_key": issued.json_body["auth_key"]}
        received = post_json(api, "/v1/receipts", {**key, "department": "建設課", "name": "宇検 一郎",
                                                   "note": "=1+1 確認済み"}, staff)
        assert received.status_code == 201, received.body
        [header, *lines] = joined(export(api, staff, "q=" + key["contract_number"]))
    [line] = lines
    assert dict(zip(header, line, strict=True))["メモ"] == "'=1+1 確認済み"  # the formula guard


@pytest.mark.dynamodb
def test_an_export_on_dynamodb_local_joins_from_parts(api, store, monkeypatch, request):
    """The same on the real engine, smaller: 260 rows in parts of 100 (CSV_PART_ROWS lowered)."""
    from chalicelib.domain import ledger_query
    from devtools import capacity
    from support import current_store
    _surety(request.getfixturevalue("dynamodb_wiring"))
    with enrolled(current_store(), ORDERER, staff_email_domains=(DOMAIN,), departments=DEPARTMENTS):
        seeded = seed(store, 260, amend_every=52, tag="局")
        monkeypatch.setattr(ledger_query, "CSV_PART_ROWS", 100)
        with clock_at(NOW):
            headers = staff_headers(api, f"keiri-{uuid.uuid4().hex[:6]}@{DOMAIN}")
            with capacity.tally() as units:
                parts = export(api, headers)
    assert [body.count(b"\r\n") for body, _ in parts] == [101, 100, 60]
    [header, *lines] = joined(parts)
    assert [line[0] for line in lines] == seeded.numbers
    check_cells(header, lines)
    states = {line[0]: line[header.index("現在の状態")] for line in lines}
    assert {n for n, s in states.items() if s.startswith("変更済み")} == seeded.amended
    report_line(request, f"DynamoDB Local: 260 rows in 3 parts: {units.read:.1f} RCU, {units.calls} calls, "
                         f"{dict(units.by_operation)}")


def test_the_csv_crosses_the_gateway_as_bytes_and_asks_for_its_accept(api, staff):
    """text/csv is one of the API's binary types, so API Gateway hands over an uploaded Shift_JIS
    file's bytes unchanged; a binary reply needs a matching Accept, and its refusal says so in Japanese."""
    from app import app
    assert "text/csv" in app.api.binary_types
    refused = check_response(api.get(CSV_PATH, headers=staff), *LEDGER_CSV, 400)
    assert refused["error"] == {"code": "accept_required",
                                          "message": "この API は CSV ファイルを返します。Accept: text/csv を指定してください。"}
    answered = api.get(CSV_PATH, headers={**staff, "Accept": "text/csv"})
    assert answered.status_code == 200 and answered.body.startswith("\ufeff".encode("utf-8"))
