"""Ledger.page and Ledger.of_guarantee (the register's reads, issue 30): the rows of an orderer's
受領台帳 in each order, from a position, narrowed by the dates the order's index holds — the same on
the in-memory fake and on DynamoDB's indexes."""
from __future__ import annotations

import datetime as dt

from chalicelib.domain import ledger_query
from contract_support import event, issue, new_version, result, uid


def _row(gid: str, version: int, recorded_at: str, end: str) -> dict:
    return {"guarantee_id": gid, "version": version, "recorded_at": recorded_at, "date": recorded_at[:10],
            "guarantee_period": {"start": "2026-04-01", "end": end}, "department": "契約検査課"}


def _receive(store, orderer: str, recorded_at: str, end: str, issued=None, version: int = 1) -> dict:
    issued = issued or issue(store)
    row = _row(issued.guarantee_id, version, recorded_at, end)
    store.guarantees.record_receipt(issued.guarantee_id, issued.surety_id, version, {"recorded_at": recorded_at},
                                    event("receipt"), [], (orderer, row))
    return row


def _ledger(store):
    """An orderer's ledger of 7 rows received on several JST days, with their period ends."""
    orderer = uid("o")
    # JST 2027-01-01 23:59:59 / 2027-01-02 00:00:00 (UTC 15:00) / …
    times = ["2027-01-01T14:59:59Z", "2027-01-01T15:00:00Z", "2027-01-02T03:00:00Z", "2027-01-03T01:00:00Z",
             "2026-12-31T15:00:00Z", "2027-01-05T09:00:00Z", "2027-01-04T00:00:00Z"]
    ends = ["2027-06-30", "2027-03-31", "2027-03-31", "2028-01-31", "2027-02-28", "2027-04-30", "2027-03-31"]
    rows = [_receive(store, orderer, at, end) for at, end in zip(times, ends)]
    return orderer, rows


def _all_pages(store, orderer: str, order: str, limit: int, **dates) -> list[dict]:
    got, start, seen = [], None, 0
    while True:
        rows, start = store.ledger.page(orderer, order, start, limit, **dates)
        assert len(rows) <= limit
        got += rows
        seen += 1
        assert seen < 50
        if start is None:
            return got


def _ids(rows):
    return [(r["guarantee_id"], r["version"]) for r in rows]


def test_rows_come_in_each_order_page_by_page_without_gaps_or_repeats(store):
    orderer, rows = _ledger(store)
    newest = sorted(rows, key=lambda r: r["recorded_at"], reverse=True)
    by_end = sorted(rows, key=lambda r: (r["guarantee_period"]["end"], r["recorded_at"]))
    for limit in (1, 2, 3, 7, 100):
        assert _ids(_all_pages(store, orderer, "received_desc", limit)) == _ids(newest)
        assert _ids(_all_pages(store, orderer, "received_asc", limit)) == _ids(newest[::-1])
        assert _ids(_all_pages(store, orderer, "period_end_asc", limit)) == _ids(by_end)
    first, more = store.ledger.page(orderer, "received_desc", None, 8)
    assert len(first) == 7 and more is None  # a read short of its limit is the last
    full, more = store.ledger.page(orderer, "received_desc", None, 7)
    assert len(full) == 7 and store.ledger.page(orderer, "received_desc", more, 7) == ([], None)
    assert store.ledger.page(uid("o"), "received_desc", None, 10) == ([], None)


def test_received_dates_are_japans_days_and_narrow_the_read(store):
    orderer, rows = _ledger(store)
    on_first = _all_pages(store, orderer, "received_desc", 2, received_from="2027-01-01", received_to="2027-01-01")
    assert [r["recorded_at"] for r in on_first] == ["2027-01-01T14:59:59Z", "2026-12-31T15:00:00Z"]
    from_second = _all_pages(store, orderer, "received_asc", 2, received_from="2027-01-02")
    assert [r["recorded_at"] for r in from_second] == ["2027-01-01T15:00:00Z", "2027-01-02T03:00:00Z",
                                                       "2027-01-03T01:00:00Z", "2027-01-04T00:00:00Z",
                                                       "2027-01-05T09:00:00Z"]
    until_third = _all_pages(store, orderer, "received_desc", 3, received_to="2027-01-03")
    assert len(until_third) == 5 and all(r["recorded_at"] < "2027-01-03T15:00:00Z" for r in until_third)
    assert store.ledger.page(orderer, "received_desc", None, 5, received_from="2027-02-01") == ([], None)


def test_ends_before_narrows_the_period_order(store):
    orderer, rows = _ledger(store)
    before = _all_pages(store, orderer, "period_end_asc", 2, ends_before="2027-03-31")
    assert [r["guarantee_period"]["end"] for r in before] == ["2027-02-28"]
    upto = _all_pages(store, orderer, "period_end_asc", 1, ends_before="2027-04-01")
    assert [r["guarantee_period"]["end"] for r in upto] == ["2027-02-28", "2027-03-31", "2027-03-31", "2027-03-31"]


def test_a_page_goes_on_from_any_rows_position_even_one_taken_back_meanwhile(store):
    """The register resumes from the last row it examined (ledger_query.position), which need
    not be the last row a read returned, nor still be there."""
    orderer, rows = _ledger(store)
    newest = sorted(rows, key=lambda r: r["recorded_at"], reverse=True)
    at = ledger_query.position(newest[2])
    after, _ = store.ledger.page(orderer, "received_desc", at, 10)
    assert _ids(after) == _ids(newest[3:])
    # Inside a date range too (the engine's range then holds the row at the position).
    ranged, _ = store.ledger.page(orderer, "received_desc", ledger_query.position(newest[1]), 10,
                                  received_from="2027-01-01", received_to="2027-01-04")
    assert _ids(ranged) == _ids([r for r in newest[2:] if "2026-12-31T15:00:00Z" <= r["recorded_at"] < "2027-01-04T15"])


def test_of_guarantee_reads_one_guarantees_rows(store):
    orderer = uid("o")
    issued = issue(store)
    _receive(store, orderer, "2027-01-01T01:00:00Z", "2027-06-30", issued)
    store.guarantees.add_version(new_version(issued), result(issued.surety_id, uid(), issued.guarantee_id))
    _receive(store, orderer, "2027-01-02T01:00:00Z", "2027-06-30", issued, version=2)
    _receive(store, orderer, "2027-01-03T01:00:00Z", "2027-06-30")
    assert _ids(store.ledger.of_guarantee(orderer, issued.guarantee_id)) == [(issued.guarantee_id, 1),
                                                                           (issued.guarantee_id, 2)]
    assert store.ledger.of_guarantee(uid("o"), issued.guarantee_id) == []
    assert store.ledger.of_guarantee(orderer, issued.guarantee_id[:-1]) == []


def test_the_position_of_a_row_is_plain_data():
    row = _row("g1", 2, "2027-01-01T00:00:00Z", "2027-03-31")
    assert ledger_query.position(row) == {"recorded_at": "2027-01-01T00:00:00Z", "guarantee_id": "g1", "version": 2,
                                          "end": "2027-03-31"}
    assert ledger_query.received_bounds("2027-01-02", "2027-01-02") == ("2027-01-01T15:00:00Z",
                                                                          "2027-01-02T15:00:00Z")
    assert dt.date.fromisoformat("2027-01-02")  # the days are ISO dates
