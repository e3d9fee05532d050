"""受領台帳 as a register (issue 30): GET /v1/staff/receipts answers a page that costs a page —
the search, the filters, the orders, cursors to the end, the examine budget's stop, predecessors'
ledgers merged, an exact 保証契約番号 looked up through its guarantee — and the detail's receipt.

Each test reads a ledger of its own orderer (ids no other test uses: never pad a shared ledger),
through the use case as the route calls it; rows are written into the store as the receipt's
transaction writes them (the row and its index keys). A subset runs on DynamoDB Local too."""
from __future__ import annotations

import datetime as dt
import uuid

import pytest

from chalicelib.domain.errors import Invalid
from chalicelib.domain.formatting import iso_utc
from chalicelib.domain.staff import Staff
from support import clock_at, issue_headers, post_json, staff_address, staff_headers

NOW = dt.datetime(2027, 3, 1, 1, 0, tzinfo=dt.timezone.utc)  # 2027年3月1日 10:00 JST
BOTH = [pytest.param("memory", id="memory"), pytest.param("dynamodb", id="dynamodb", marks=pytest.mark.dynamodb)]


def _orderer() -> str:
    return f"register-{uuid.uuid4().hex[:12]}"


def _gid() -> str:
    return "g" + uuid.uuid4().hex[:25]


def row(n: int, *, at: dt.datetime | None = None, gid: str | None = None, version: int = 1, **fields) -> dict:
    """A ledger row as receipt_writing.ledger_entry writes it (the n-th: received n hours before NOW)."""
    at = at or NOW - dt.timedelta(hours=n + 1)
    jst = (at + dt.timedelta(hours=9)).date()
    end = (NOW.date() + dt.timedelta(days=60 + n % 300)).isoformat()
    base = {"guarantee_id": gid or _gid(), "version": version, "contract_number": f"REG-{n:05d}",
            "kind": "advance_payment", "project_name": f"市道{n}号線道路改良工事", "project_number": f"第{n}号",
            "contractor": "浅間建設株式会社", "amount": 22_000_000, "surety_name": "テスト建設業保証株式会社",
            "guarantee_period": {"start": "2026-04-01", "end": end}, "contract_price": 55_000_000,
            "works_period": {"start": "2026-04-01", "end": end}, "advance_amount": 22_000_000,
            "department": "契約検査課", "name": "佐久 花子", "staff": "clerk@register.example.jp",
            "date": jst.isoformat(), "recorded_at": iso_utc(at)}
    return {**base, **fields}


def seed(store, orderer: str, rows: list[dict]) -> None:
    """The rows into the orderer's ledger, as Guarantees.record_receipt writes them."""
    from chalicelib.adapters.memory import MemoryStore
    if isinstance(store, MemoryStore):
        state = store._state
        with state.lock:
            for r in rows:
                state.ledger[(orderer, f"{r['guarantee_id']}#{r['version']:04d}")] = {"data": dict(r)}
        return
    from chalicelib.adapters.dynamodb import keys
    from chalicelib.adapters.dynamodb.items import ledger_index_keys
    from chalicelib.adapters.dynamodb.models import LedgerItem
    model = store.engine.bound(LedgerItem)
    with model.batch_write() as batch:
        for r in rows:
            batch.save(model(keys.ledger_pk(orderer), keys.guarantee_version_sk(r["guarantee_id"], r["version"]),
                             data=r, **ledger_index_keys(orderer, r)))


def ask(orderer: str, cursor: str | None = None, **params) -> dict:
    from chalicelib.usecases import receipt_ledger
    staff = Staff("clerk@register.example.jp", orderer)
    with clock_at(NOW):
        return receipt_ledger.page(staff, receipt_ledger.query_of({k: str(v) for k, v in params.items()}), cursor)


def every_page(orderer: str, **params) -> tuple[list[dict], int]:
    found, cursor, requests = [], None, 0
    while True:
        reply = ask(orderer, cursor, **params)
        requests += 1
        found += reply["receipts"]
        cursor = reply["next_cursor"]
        if cursor is None:
            return found, requests
        assert requests < 200


def numbers(rows: list[dict]) -> list[str]:
    return [r["contract_number"] for r in rows]


# ---- search and filters ---------------------------------------------------------------------

@pytest.mark.parametrize("backend", BOTH)
def test_the_search_finds_each_field_in_either_width(backend, store):
    orderer = _orderer()
    rows = [row(1, contract_number="SAKU-2027-0001"), row(2, project_name="岩村田ＡＢＣ橋補修工事"),
            row(3, contractor="株式会社　千曲組"), row(4, project_number="ｻｸ-77"),
            row(5, orderer_reference="K-2026-0042"), row(6, surety_name="北信建設業保証株式会社"), row(7)]
    seed(store, orderer, rows)
    for q, wanted in (("saku-2027", "SAKU-2027-0001"), ("ａｂｃ橋", "REG-00002"), ("abc 橋", "REG-00002"),
                      ("千曲組", "REG-00003"), ("株式会社 千曲", "REG-00003"), ("サク-77", "REG-00004"),
                      ("ｋ－2026－0042", "REG-00005"), ("北信", "REG-00006")):
        assert numbers(ask(orderer, q=q)["receipts"]) == [wanted], q
    assert ask(orderer, q="見つからない言葉") == {"receipts": [], "next_cursor": None, "searched_through": None,
                                                "searched_through_label": None}


@pytest.mark.parametrize("backend", BOTH)
def test_each_filter_and_each_order(backend, store):
    orderer = _orderer()
    rows = [row(n, department="建設課" if n % 3 == 0 else "契約検査課",
                kind="contract" if n % 4 == 0 else "advance_payment") for n in range(1, 25)]
    rows.append(row(30, guarantee_period={"start": "2026-04-01", "end": "2027-02-27"}))  # ended: 期限満了
    seed(store, orderer, rows)
    newest = sorted(rows, key=lambda r: r["recorded_at"], reverse=True)
    assert numbers(every_page(orderer, limit=7)[0]) == numbers(newest)
    assert numbers(every_page(orderer, limit=7, sort="received_asc")[0]) == numbers(newest[::-1])
    by_end = sorted(rows, key=lambda r: (r["guarantee_period"]["end"], r["recorded_at"]))
    assert numbers(every_page(orderer, limit=7, sort="period_end_asc")[0]) == numbers(by_end)
    assert numbers(every_page(orderer, department="建設課")[0]) == numbers([r for r in newest
                                                                            if r["department"] == "建設課"])
    assert numbers(every_page(orderer, kind="contract")[0]) == numbers([r for r in newest
                                                                             if r["kind"] == "contract"])
    assert numbers(every_page(orderer, state="expired")[0]) == ["REG-00030"]
    day = rows[5]["date"]
    on_day = numbers(every_page(orderer, received_from=day, received_to=day)[0])
    assert on_day == numbers([r for r in newest if r["date"] == day]) and on_day
    ending = (NOW.date() + dt.timedelta(days=70)).isoformat()
    before = every_page(orderer, ends_before=ending, sort="period_end_asc")[0]
    assert numbers(before) == numbers([r for r in by_end if r["guarantee_period"]["end"] < ending])
    assert numbers(every_page(orderer, ends_before=ending)[0]) == numbers(
        [r for r in newest if r["guarantee_period"]["end"] < ending])  # also in the received order


@pytest.mark.parametrize("backend", BOTH)
def test_pages_with_cursors_reach_the_end_with_no_repeat_and_no_gap(backend, store):
    orderer = _orderer()
    rows = [row(n) for n in range(40)]
    seed(store, orderer, rows)
    found, requests = every_page(orderer, limit=9)
    assert len(found) == 40 and len({(r["guarantee_id"], r["version"]) for r in found}) == 40
    assert requests == 5
    first = ask(orderer, limit=9)
    assert len(first["receipts"]) == 9 and first["next_cursor"] and first["searched_through"] is None


# ---- the budget ---------------------------------------------------------------------------------

def test_a_search_of_a_large_ledger_stops_at_the_budget_and_goes_on_to_three_old_rows(store):
    orderer = _orderer()
    rows = [row(n) for n in range(1, 1198)]
    old = [row(n, project_name="旧庁舎解体工事") for n in (1300, 1301, 1302)]  # received before every other
    seed(store, orderer, rows + old)
    first = ask(orderer, q="旧庁舎")
    assert first["receipts"] == [] and first["next_cursor"]
    oldest_examined = sorted(rows, key=lambda r: r["recorded_at"], reverse=True)[499]
    assert first["searched_through"] == oldest_examined["date"]
    day = dt.date.fromisoformat(oldest_examined["date"])
    assert first["searched_through_label"] == f"{day.year}年{day.month}月{day.day}日に受領したものまで探しました。"
    second = ask(orderer, first["next_cursor"], q="旧庁舎")
    assert second["receipts"] == [] and second["searched_through"] < first["searched_through"]
    third = ask(orderer, second["next_cursor"], q="旧庁舎")
    assert numbers(third["receipts"]) == ["REG-01300", "REG-01301", "REG-01302"]
    assert third["next_cursor"] is None and third["searched_through"] is None
    by_end = ask(orderer, q="旧庁舎", sort="period_end_asc")
    assert by_end["searched_through_label"] is None or "保証期間の終期が" in by_end["searched_through_label"]


@pytest.mark.parametrize("backend", BOTH)
def test_a_first_page_reads_its_page_and_one_batch_of_states_however_large_the_ledger(backend, store, monkeypatch):
    orderer = _orderer()
    seed(store, orderer, [row(n) for n in range(600 if backend == "dynamodb" else 1500)])
    counted = {"rows": 0, "reads": 0, "states": 0}
    ledger_type, guarantees_type = type(store.ledger), type(store.guarantees)
    page, get_states = ledger_type.page, guarantees_type.get_states

    def counting_page(self, *args, **kwargs):
        rows, more = page(self, *args, **kwargs)
        counted["rows"] += len(rows)
        counted["reads"] += 1
        return rows, more

    def counting_states(self, ids):
        counted["states"] += 1
        return get_states(self, ids)
    monkeypatch.setattr(ledger_type, "page", counting_page)
    monkeypatch.setattr(guarantees_type, "get_states", counting_states)
    if backend == "dynamodb":
        from devtools import capacity
        with capacity.tally() as units:
            reply = ask(orderer)
        assert units.read < 20  # 50 rows of about 700 bytes: a few units, not the ledger's hundreds
    else:
        reply = ask(orderer)
    assert len(reply["receipts"]) == 50 and reply["next_cursor"]
    assert counted == {"rows": 50, "reads": 1, "states": 1}


# ---- cursors and queries refused ----------------------------------------------------------------

def test_a_cursor_of_another_orderer_or_other_filters_is_refused(store):
    mine, theirs = _orderer(), _orderer()
    seed(store, mine, [row(n) for n in range(5)])
    seed(store, theirs, [row(n) for n in range(5)])
    cursor = ask(mine, limit=2)["next_cursor"]
    assert ask(mine, cursor, limit=2)["receipts"]  # the same list goes on (page size is no filter)
    assert ask(mine, cursor, limit=3)["receipts"]
    for other, params in ((theirs, {"limit": 2}), (mine, {"limit": 2, "department": "建設課"}),
                          (mine, {"limit": 2, "sort": "received_asc"}), (mine, {"limit": 2, "q": "市道"})):
        with pytest.raises(Invalid) as refused:
            ask(other, cursor, **params)
        assert refused.value.code == "invalid_cursor"
    with pytest.raises(Invalid) as forged:
        ask(mine, cursor[:-2] + "00", limit=2)
    assert forged.value.code == "invalid_cursor"


def test_bad_dates_and_ranges_are_refused(api):
    headers = staff_headers(api)
    for query in ("received_from=2027-03-02&received_to=2027-03-01", "received_from=2027-02-30",
                  "ends_before=20270301", "sort=cheapest", "view=mine", "kind=loan"):
        response = api.get(f"/v1/staff/receipts?{query}", headers=headers)
        assert response.status_code == 400, query
        assert response.json_body["error"]["code"] == "invalid_query", (query, response.json_body)
    forged = api.get("/v1/staff/receipts?cursor=eyJhdCI6e319.00", headers=headers)
    assert forged.status_code == 400 and forged.json_body["error"]["code"] == "invalid_cursor"


# ---- what happened after receipt, predecessors, an exact number ---------------------------------

def test_the_attention_view_shows_rows_changed_or_cancelled_after_receipt(store, api, surety_token, issue_guarantee):
    from openapi_document import advance_increase
    orderer = _orderer()
    amended, cancelled, untouched = issue_guarantee(), issue_guarantee(), issue_guarantee()
    rows = [row(n, gid=g["guarantee"]["guarantee_id"], contract_number=g["guarantee"]["contract_number"],
                guarantee_period=g["guarantee"]["guarantee_period"])
            for n, g in enumerate((amended, cancelled, untouched))]
    seed(store, orderer, rows)
    gid = amended["guarantee"]["guarantee_id"]
    change = {"base_version": 1, "reason": "increase", "effective_date": amended["guarantee"]["issue_date"],
              "changes": advance_increase(25_000_000)}
    assert post_json(api, f"/v1/guarantees/{gid}/amendments", change, issue_headers(surety_token)).status_code == 201
    cancel = {"reason": "工事の中止", "date": cancelled["guarantee"]["issue_date"]}
    assert post_json(api, f"/v1/guarantees/{cancelled['guarantee']['guarantee_id']}/cancellation", cancel,
                     issue_headers(surety_token)).status_code == 200
    from chalicelib.usecases import receipt_ledger
    reply = receipt_ledger.page(Staff("clerk@register.example.jp", orderer), receipt_ledger.query_of({"view": "attention"}),
                                None)
    shown = {r["guarantee_id"]: r for r in reply["receipts"]}
    assert set(shown) == {gid, cancelled["guarantee"]["guarantee_id"]}
    assert shown[gid]["attention"] == [{"code": "changed", "label": "受領後に変更されました"}]
    assert shown[cancelled["guarantee"]["guarantee_id"]]["attention"][0]["code"] == "cancelled"


@pytest.mark.parametrize("backend", BOTH)
def test_predecessors_ledgers_are_merged_in_the_order_asked(backend, store, monkeypatch):
    from chalicelib.usecases import receipt_ledger
    mine, merged = _orderer(), _orderer()
    own = [row(n) for n in range(0, 30, 2)]
    theirs = [row(n, department="旧村建設課") for n in range(1, 30, 2)]
    seed(store, mine, own)
    seed(store, merged, theirs)
    monkeypatch.setattr(receipt_ledger, "ledger_ids", lambda staff: (staff.orderer_id, merged))
    newest = sorted(own + theirs, key=lambda r: r["recorded_at"], reverse=True)
    found, requests = every_page(mine, limit=4)
    assert numbers(found) == numbers(newest) and requests == 8
    by_end = sorted(own + theirs, key=lambda r: (r["guarantee_period"]["end"], r["recorded_at"]))
    assert numbers(every_page(mine, limit=5, sort="period_end_asc")[0]) == numbers(by_end)
    assert numbers(every_page(mine, department="旧村建設課")[0]) == numbers([r for r in newest if r in theirs])


@pytest.mark.parametrize("backend", BOTH)
def test_an_exact_contract_number_is_looked_up_through_its_guarantee(backend, store, issue_guarantee, monkeypatch):
    orderer = _orderer()
    issued = issue_guarantee()
    number = issued["guarantee"]["contract_number"]
    seed(store, orderer, [row(n) for n in range(30)] +
         [row(40, gid=issued["guarantee"]["guarantee_id"], contract_number=number)])
    reads = []
    page = type(store.ledger).page
    monkeypatch.setattr(type(store.ledger), "page", lambda self, *a, **k: reads.append(a) or page(self, *a, **k))
    typed = "".join(chr(ord(c) + 0xFEE0) if c.isalnum() else c for c in number.lower())  # 全角, lower case
    assert numbers(ask(orderer, q=typed)["receipts"]) == [number]
    assert reads == []  # no scan of the ledger
    assert numbers(ask(orderer, q="REG-00007")["receipts"]) == ["REG-00007"]  # no guarantee: the words searched


# ---- the detail -----------------------------------------------------------------------------------

def test_the_detail_shows_the_receipt_with_its_memo(api, issue_guarantee):
    from openapi_document import check_response
    address = staff_address()
    headers = staff_headers(api, address)
    issued = issue_guarantee()
    body = {"contract_number": issued["guarantee"]["contract_number"], "auth_key": issued["auth_key"],
            "department": "建設課", "name": "佐久 花子", "note": "原本は金庫に保管"}
    assert post_json(api, "/v1/receipts", body, headers).status_code == 201
    gid = issued["guarantee"]["guarantee_id"]
    shown = api.get(f"/v1/staff/receipts/{gid}/1", headers=headers)
    assert shown.status_code == 200
    check_response(shown, "/v1/staff/receipts/{guarantee_id}/{version}", "get", 200)
    receipt = shown.json_body["ledger_receipt"]
    at = dt.datetime.fromisoformat(receipt["recorded_at"].replace("Z", "+00:00")) + dt.timedelta(hours=9)
    assert receipt == {"recorded_at": receipt["recorded_at"],
                       "recorded_at_label": f"{at.year}年{at.month}月{at.day}日 {at.hour}時{at.minute:02d}分",
                       "date": receipt["date"], "date_label": receipt["date_label"], "department": "建設課",
                       "name": "佐久 花子", "recorded_by": address, "note": "原本は金庫に保管",
                       "submission_id": None, "orderer_reference": None}
    assert shown.json_body["certificate"]["contract_number"] == issued["guarantee"]["contract_number"]
