"""The orderer's own contract list (契約一覧, issue 30): uploaded by its staff as the CSV Excel
writes, replaced whole, removed; the register's checks of a page against it
(usecases/common/contract_matching.findings_for) — one head read and one batch of buckets.

Use-case tests run under orderers of their own (contracts-…); the HTTP test uses 佐久市's staff
(the only orderer the sign-in serves) and removes its upload before it ends, so no other
test's ledger is ever checked against a list."""
from __future__ import annotations

import time
import uuid

import pytest

from chalicelib.domain.staff import Staff
from support import staff_headers

HEADER = "契約番号,工事番号,工事名,受注者,請負代金額,工期\r\n"


def own_staff() -> Staff:
    return Staff(f"keiyaku-{uuid.uuid4().hex[:8]}@city.example.jp", f"contracts-{uuid.uuid4().hex[:12]}")


def csv_of(n: int, start: int = 0) -> bytes:
    lines = [f"C-{i:05d},P-{i:05d},道路改良工事その{i},株式会社 建設{i},\"{(i + 1) * 1_000_000:,}円\","
             f"令和6年7月1日～令和7年3月31日\r\n" for i in range(start, start + n)]
    return (HEADER + "".join(lines)).encode("cp932")


def ledger_row(i: int, **changes) -> dict:
    base = {"guarantee_id": f"g-{i}", "version": 1, "contract_number": f"N-{i}", "kind": "advance_payment",
            "project_name": f"道路改良工事その{i}", "project_number": f"P-{i:05d}", "contractor": f"株式会社　建設{i}",
            "amount": (i + 1) * 400_000, "guarantee_period": {"start": "2024-07-01", "end": "2025-03-31"},
            "contract_price": (i + 1) * 1_000_000, "works_period": {"start": "2024-07-01", "end": "2025-03-31"},
            "advance_amount": (i + 1) * 400_000}
    return {**base, **changes}


# ---- the use cases, on both stores ------------------------------------------------------------

def test_upload_replace_remove(wiring):
    from chalicelib.usecases import contract_list
    staff = own_staff()
    assert contract_list.current(staff) == {"contract_list": None}
    shown = contract_list.upload(staff, csv_of(3))["contract_list"]
    assert shown["contracts"] == 3 and shown["uploaded_by"] == staff.email
    assert shown["uploaded_at_label"].endswith("（日本時間）")
    assert contract_list.current(staff)["contract_list"] == shown
    assert contract_list.upload(staff, csv_of(5, start=100))["contract_list"]["contracts"] == 5
    assert contract_list.remove(staff) == {"removed": True}
    assert contract_list.current(staff) == {"contract_list": None}
    assert contract_list.remove(staff) == {"removed": True}  # none: still answered alike
    actions = [e["action"] for e in wiring.store.activity.page(staff.orderer_id, 10, None)[0]]
    assert actions == ["contract_list_removed", "contract_list_uploaded", "contract_list_uploaded"]


@pytest.mark.dynamodb
def test_upload_replace_remove_on_dynamodb_local(wiring):
    test_upload_replace_remove(wiring)


def test_a_refused_file_keeps_the_list_before(wiring):
    from chalicelib.domain.contract_list import Refused
    from chalicelib.usecases import contract_list
    staff = own_staff()
    contract_list.upload(staff, csv_of(2))
    with pytest.raises(Refused) as caught:
        contract_list.upload(staff, csv_of(2) + "C-9,P-9,工事,受注,たくさん,2024/7/1～2025/3/31\r\n".encode("cp932"))
    assert [(e.line, e.column) for e in caught.value.lines] == [(4, "請負代金額")]
    assert contract_list.current(staff)["contract_list"]["contracts"] == 2
    contract_list.remove(staff)


def check(wiring, staff, rows):
    from chalicelib.usecases.common import contract_matching
    return contract_matching.findings_for(staff.orderer_id, rows)


def findings_cases(wiring):
    from chalicelib.usecases import contract_list
    staff, other = own_staff(), own_staff()
    rows = [ledger_row(0), ledger_row(1, contractor="別の建設株式会社"), ledger_row(2, contract_price=9),
            ledger_row(3, project_number="P-99999"), ledger_row(4, works_period={"start": "2024-07-01", "end": "2025-04-30"}),
            ledger_row(5, project_number="", orderer_reference="ｃ－００００５")]
    # Without a list: only the rules (row 4's period ends before its works; row 2's advance is over the share).
    assert check(wiring, staff, rows) == {("g-0", 1): [], ("g-1", 1): [], ("g-2", 1): ["advance_over_share"],
                                          ("g-3", 1): [], ("g-4", 1): ["period_short_of_works"], ("g-5", 1): []}
    contract_list.upload(staff, csv_of(10))
    found = check(wiring, staff, rows)
    assert found == {("g-0", 1): [], ("g-1", 1): ["contractor_differs"], ("g-2", 1): ["advance_over_share", "price_differs"],
                     ("g-3", 1): ["not_in_contract_list"],
                     ("g-4", 1): ["period_short_of_works", "works_period_differs"], ("g-5", 1): []}
    # Another orderer's list is never this one's.
    assert check(wiring, other, rows)[("g-3", 1)] == []
    contract_list.remove(staff)
    assert check(wiring, staff, rows)[("g-3", 1)] == []


def test_findings_of_a_page_with_and_without_a_list(wiring):
    findings_cases(wiring)


@pytest.mark.dynamodb
def test_findings_on_dynamodb_local(wiring):
    findings_cases(wiring)


def test_a_page_reads_one_head_and_one_batch_however_large_the_list(wiring):
    from chalicelib.usecases import contract_list
    staff = own_staff()
    contract_list.upload(staff, csv_of(20_000))
    lists = wiring.store.contract_lists
    lists.calls.clear()
    found = check(wiring, staff, [ledger_row(i * 199) for i in range(50)])
    assert all(codes == [] for codes in found.values()) and len(found) == 50
    # 50 rows × (project number, number) keys = ≤100 buckets: one BatchGetItem call.
    assert dict(lists.calls) == {"head": 1, "batch": 1}
    contract_list.remove(staff)
    assert lists.head(staff.orderer_id) is None


@pytest.mark.dynamodb
def test_20000_contracts_on_dynamodb_local_cost_a_page_one_head_and_one_batch(wiring, capsys):
    from devtools import capacity
    from chalicelib.usecases import contract_list
    staff = own_staff()
    raw = csv_of(20_000)
    started = time.perf_counter()
    from chalicelib.domain import contract_list as parsing
    parsing.parse(raw)
    parsed = time.perf_counter() - started
    started = time.perf_counter()
    with capacity.tally() as upload_units:
        assert contract_list.upload(staff, raw)["contract_list"]["contracts"] == 20_000
    uploaded = time.perf_counter() - started
    rows = [ledger_row(i * 199) for i in range(50)]
    with capacity.tally() as page_units:
        found = check(wiring, staff, rows)
    assert all(codes == [] for codes in found.values()) and len(found) == 50
    assert page_units.by_operation.keys() == {"GetItem", "BatchGetItem"}
    assert page_units.by_operation["GetItem"][2] == 1 and page_units.by_operation["BatchGetItem"][2] == 1
    started = time.perf_counter()
    with capacity.tally() as replace_units:
        contract_list.upload(staff, csv_of(20_000, start=50_000))
    replaced = time.perf_counter() - started
    assert check(wiring, staff, rows)[("g-0", 1)] == ["not_in_contract_list"]
    contract_list.remove(staff)
    with capsys.disabled():
        print(f"\n20,000 contracts ({len(raw):,} bytes Shift_JIS): parse {parsed:.2f}s; upload {uploaded:.2f}s "
              f"({upload_units.write:.0f} WCU, {upload_units.calls} calls); replace {replaced:.2f}s "
              f"({replace_units.write:.0f} WCU); a page of 50 rows: {page_units.read:.1f} RCU, {page_units.calls} calls")


# ---- the routes -------------------------------------------------------------------------------

def test_the_routes_in_their_shapes(api):
    headers = staff_headers(api)
    try:
        got = api.get("/v1/staff/contract-list", headers=headers)
        assert got.status_code == 200 and got.json_body == {"contract_list": None}
        put = api.put("/v1/staff/contract-list", body=csv_of(2), headers={**headers, "Content-Type": "text/csv"})
        assert put.status_code == 200, put.body
        summary = put.json_body["contract_list"]
        assert set(summary) == {"contracts", "uploaded_at", "uploaded_at_label", "uploaded_by"}
        assert summary["contracts"] == 2
        assert api.get("/v1/staff/contract-list", headers=headers).json_body == {"contract_list": summary}

        wrong = api.put("/v1/staff/contract-list", headers={**headers, "Content-Type": "text/csv"},
                        body=(HEADER + "C-1,P-1,工事,受注,abc,2024/7/1～2025/3/31\r\n,,工事,受注,1,\r\n").encode("utf-8"))
        assert wrong.status_code == 400
        error = wrong.json_body["error"]
        assert error["code"] == "invalid_contract_list"
        assert [(e["line"], e["column"]) for e in error["lines"]] == [(2, "請負代金額"), (3, "契約番号")]
        assert api.get("/v1/staff/contract-list", headers=headers).json_body == {"contract_list": summary}

        json_sent = api.put("/v1/staff/contract-list", body=b"{}", headers={**headers, "Content-Type": "application/json"})
        assert json_sent.status_code == 415 and json_sent.json_body["error"]["code"] == "unsupported_media_type"
        big = api.put("/v1/staff/contract-list", body=b"a" * (5 * 1024 * 1024 + 1),
                      headers={**headers, "Content-Type": "text/csv"})
        assert big.status_code == 413
    finally:
        removed = api.delete("/v1/staff/contract-list", headers=headers)
    assert removed.status_code == 200 and removed.json_body == {"removed": True}
    assert api.get("/v1/staff/contract-list", headers=headers).json_body == {"contract_list": None}


def test_the_routes_are_for_signed_in_staff_only(api):
    assert api.get("/v1/staff/contract-list").status_code == 401
    assert api.put("/v1/staff/contract-list", body=csv_of(1), headers={"Content-Type": "text/csv"}).status_code in (401, 403)
    assert api.delete("/v1/staff/contract-list").status_code in (401, 403)


def test_uploads_are_limited_per_member_of_staff_in_an_hour(api):
    """Each upload writes the list anew (about 10,000 units for 20,000 contracts): a member of staff
    gets 20 in a sliding hour, refused files counted (each is read whole); a colleague is not held
    back, and after the hour the same member uploads again."""
    import datetime as dt

    from chalicelib.domain.contract_list import UPLOADS_PER_STAFF_PER_HOUR
    from openapi_document import check_response
    from support import clock_at, staff_address
    at = dt.datetime(2026, 12, 7, 1, 0, tzinfo=dt.timezone.utc)
    member = staff_address()
    with clock_at(at):
        headers, colleague = staff_headers(api, member), staff_headers(api)
        csv_headers = {**headers, "Content-Type": "text/csv"}
        path = ("/v1/staff/contract-list", "put")
        refused = api.put(path[0], body=(HEADER + "C-1,P-1,工事,受注,abc,2024/7/1～2025/3/31\r\n").encode("utf-8"),
                          headers=csv_headers)
        assert refused.status_code == 400
        for _ in range(UPLOADS_PER_STAFF_PER_HOUR - 1):
            assert api.put(path[0], body=csv_of(1), headers=csv_headers).status_code == 200
        over = api.put(path[0], body=csv_of(1), headers=csv_headers)
        error = check_response(over, *path, 429)["error"]
        assert error["code"] == "throttled" and int(over.headers["Retry-After"]) > 0
        assert error["message"].startswith(f"契約一覧の登録が1時間の上限（{UPLOADS_PER_STAFF_PER_HOUR}回）に達しました。約")
        assert api.put(path[0], body=csv_of(2), headers={**colleague, "Content-Type": "text/csv"}).status_code == 200
    with clock_at(at + dt.timedelta(hours=2)):  # signed in again: the session of two hours ago has ended
        headers = staff_headers(api, member)
        assert api.put(path[0], body=csv_of(1), headers={**headers, "Content-Type": "text/csv"}).status_code == 200
        assert api.delete(path[0], headers=headers).status_code == 200
