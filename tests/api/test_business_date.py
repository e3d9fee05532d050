"""The business date is Japan's, on both sides of JST midnight (15:00 UTC).

Each rule that depends on "today" is exercised one second before and at midnight in Japan,
through the API and the product's clock, so CI guards it at whatever hour it runs.
"""
from __future__ import annotations

import datetime as dt

import pytest

from chalicelib.adapters import clock
from openapi_document import advance_increase
from support import clock_at, guarantee_request, issue_headers, post_json, staff_headers

UTC = dt.timezone.utc
DAY = dt.date(2026, 12, 1)
# 2026-12-01 23:59:59 JST and 2026-12-02 00:00:00 JST.
LAST_SECOND = dt.datetime(2026, 12, 1, 14, 59, 59, tzinfo=UTC)
MIDNIGHT = dt.datetime(2026, 12, 1, 15, 0, 0, tzinfo=UTC)


def ending_on(day: dt.date) -> dict:
    """An issuance body whose guarantee period ends on ``day`` (the demo request ends 280 days
    after its start)."""
    return guarantee_request(on=day - dt.timedelta(days=280))


def issue(api, token, body, at: dt.datetime):
    with clock_at(at):
        return post_json(api, "/v1/guarantees", body, issue_headers(token))


def test_the_business_date_turns_at_midnight_in_japan():
    with clock_at(LAST_SECOND):
        assert clock.today() == DAY
    with clock_at(MIDNIGHT):
        assert clock.today() == DAY + dt.timedelta(days=1)


def test_a_guarantee_ending_today_can_be_issued_until_midnight_in_japan(api, surety_token):
    body = ending_on(DAY)
    assert body["guarantee_period"]["end"] == DAY.isoformat()
    late = issue(api, surety_token, body, MIDNIGHT)
    assert late.status_code == 400, late.body
    assert late.json_body["error"]["code"] == "guarantee_period_already_ended"
    assert "2026年12月1日" in late.json_body["error"]["message"]
    in_time = issue(api, surety_token, body, LAST_SECOND)
    assert in_time.status_code == 201, in_time.body


def test_the_issue_date_is_the_date_in_japan(api, surety_token):
    before = issue(api, surety_token, guarantee_request(on=DAY), LAST_SECOND)
    after = issue(api, surety_token, guarantee_request(on=DAY), MIDNIGHT)
    assert before.json_body["guarantee"]["issue_date"] == "2026-12-01"
    assert after.json_body["guarantee"]["issue_date"] == "2026-12-02"


@pytest.mark.parametrize("at, status", [(LAST_SECOND, "valid"), (MIDNIGHT, "expired")])
def test_a_guarantee_expires_after_its_last_day_in_japan(api, surety_token, at, status):
    issued = issue(api, surety_token, ending_on(DAY), LAST_SECOND - dt.timedelta(days=10)).json_body
    body = {"contract_number": issued["guarantee"]["contract_number"], "auth_key": issued["auth_key"]}
    with clock_at(at):
        shown = post_json(api, "/v1/verifications", body).json_body
    assert shown["guarantee"]["status"] == status
    assert shown["certificate"]["status"] == status


def test_an_orderer_accepts_contracts_from_its_first_day_whatever_the_hour_of_issue(api, surety_token):
    # 佐久市 accepts 電子保証 from 2024-07-01 (its enrolment): the contract date decides, so a
    # contract of 2024-07-01 is accepted even a second before that day begins in Japan, and
    # one of 2024-06-30 is refused even after.
    before = dt.datetime(2024, 6, 30, 14, 59, 59, tzinfo=UTC)
    after = dt.datetime(2024, 6, 30, 15, 0, 0, tzinfo=UTC)
    for at in (before, after):
        early = guarantee_request(on=dt.date(2024, 7, 1), contract_date="2024-06-30")
        refused = issue(api, surety_token, early, at)
        assert refused.status_code == 400, refused.body
        assert refused.json_body["error"]["code"] == "orderer_not_accepting"
        accepted = issue(api, surety_token, guarantee_request(on=dt.date(2024, 7, 1), contract_date="2024-07-01"), at)
        assert accepted.status_code == 201, accepted.body


def test_a_receipt_is_dated_in_japan(api, surety_token):
    issued = issue(api, surety_token, guarantee_request(on=DAY), LAST_SECOND - dt.timedelta(hours=1)).json_body
    body = {"contract_number": issued["guarantee"]["contract_number"], "auth_key": issued["auth_key"],
            "department": "契約検査課", "name": "佐久 花子"}
    with clock_at(MIDNIGHT):
        recorded = post_json(api, "/v1/receipts", body, staff_headers(api))
    assert recorded.status_code == 201, recorded.body
    assert recorded.json_body["receipt"]["date"] == "2026-12-02"


def test_an_amendment_may_take_effect_on_the_issue_date_in_japan(api, surety_token):
    # Issued at 00:30 JST on 12-02 (15:30 UTC on 12-01): the issue date is 12-02, so an
    # amendment dated 12-01 is before it and 12-02 is not.
    issued = issue(api, surety_token, guarantee_request(on=DAY), MIDNIGHT + dt.timedelta(minutes=30)).json_body
    gid = issued["guarantee"]["guarantee_id"]

    def amend(effective: dt.date):
        body = {"base_version": 1, "reason": "increase", "effective_date": effective.isoformat(),
                "changes": advance_increase(issued["guarantee"]["amount"] + 1_000_000)}
        with clock_at(MIDNIGHT + dt.timedelta(hours=1)):
            return post_json(api, f"/v1/guarantees/{gid}/amendments", body, issue_headers(surety_token))

    early = amend(DAY)
    assert early.status_code == 400, early.body
    assert early.json_body["error"]["code"] == "invalid_effective_date"
    assert amend(DAY + dt.timedelta(days=1)).status_code == 201


def test_a_cancellation_may_be_dated_from_the_issue_date_in_japan(api, surety_token):
    issued = issue(api, surety_token, guarantee_request(on=DAY), MIDNIGHT + dt.timedelta(minutes=30)).json_body
    gid = issued["guarantee"]["guarantee_id"]
    with clock_at(MIDNIGHT + dt.timedelta(hours=1)):
        early = post_json(api, f"/v1/guarantees/{gid}/cancellation", {"reason": "工事の中止", "date": DAY.isoformat()},
                          issue_headers(surety_token))
        assert early.status_code == 400, early.body
        assert early.json_body["error"]["code"] == "invalid_cancellation_date"
        on_time = post_json(api, f"/v1/guarantees/{gid}/cancellation",
                            {"reason": "工事の中止", "date": (DAY + dt.timedelta(days=1)).isoformat()},
                            issue_headers(surety_token))
    assert on_time.status_code == 200, on_time.body
