"""GET /v1/events: every event of a surety's guarantees, in order, resumable with a cursor,
never another surety's, never a key; events of the last 30 seconds wait for the next call."""
from __future__ import annotations

import datetime as dt
import uuid

import pytest

from chalicelib.adapters import clock
from chalicelib.usecases import sureties
from openapi_document import advance_increase
from support import clock_at, guarantee_request, issue_headers, post_json, staff_headers


@pytest.fixture
def own_surety(wiring):
    """A surety of its own, so its feed holds only what this test does."""
    surety_id = f"feed-{uuid.uuid4().hex[:8]}"
    sureties.register(surety_id, "フィード建設業保証株式会社")
    return sureties.create_token(surety_id, label="feed")[1]


def feed(api, token, cursor=None, limit=None):
    query = "&".join(f"{k}={v}" for k, v in (("cursor", cursor), ("limit", limit)) if v)
    response = api.get(f"/v1/events{'?' + query if query else ''}", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.body
    return response.json_body


def read_all(api, token, cursor=None, limit=2):
    """Pages until `more` is false; the entries and the cursor to resume from."""
    entries = []
    while True:
        page = feed(api, token, cursor, limit)
        entries += page["events"]
        cursor = page["next_cursor"] or cursor
        if not page["more"]:
            return entries, cursor


def test_the_feed_holds_every_event_in_order_and_resumes(api, own_surety, surety_token):
    start = clock.now()
    with clock_at(start):
        body = guarantee_request(amount=20_000_000)
        issued = post_json(api, "/v1/guarantees", body, issue_headers(own_surety)).json_body
        gid, number, key = issued["guarantee"]["guarantee_id"], issued["guarantee"]["contract_number"], issued["auth_key"]
    with clock_at(start + dt.timedelta(seconds=1)):
        assert post_json(api, "/v1/verifications", {"contract_number": number, "auth_key": key}).status_code == 200
    with clock_at(start + dt.timedelta(seconds=2)):
        amendment = {"base_version": 1, "reason": "increase", "effective_date": clock.today().isoformat(),
                     "changes": advance_increase(25_000_000)}
        amended = post_json(api, f"/v1/guarantees/{gid}/amendments", amendment, issue_headers(own_surety)).json_body
    with clock_at(start + dt.timedelta(seconds=3)):
        receipt = {"contract_number": number, "auth_key": amended["auth_key"], "department": "契約検査課",
                   "name": "佐久 花子"}
        assert post_json(api, "/v1/receipts", receipt, staff_headers(api)).status_code == 201
    # Another surety's guarantee, meanwhile: never in this feed.
    with clock_at(start + dt.timedelta(seconds=2)):
        other = post_json(api, "/v1/guarantees", guarantee_request(), issue_headers(surety_token)).json_body

    # Within the settling seconds nothing is served yet (the order is not final).
    with clock_at(start + dt.timedelta(seconds=3)):
        early = feed(api, own_surety)
        assert early["events"] == [] and early["more"] is False and early["next_cursor"] is None

    with clock_at(start + dt.timedelta(minutes=1)):
        entries, cursor = read_all(api, own_surety)
    types = [e["event"]["type"] for e in entries]
    # The receipt's own key check is a verification of the same moment (the test's clock stands still).
    assert types[:3] == ["issued", "verification", "amended"] and sorted(types[3:]) == ["receipt", "verification"]
    times = [e["event"]["at"] for e in entries]
    assert times == sorted(times)
    assert {e["guarantee_id"] for e in entries} == {gid} != {other["guarantee"]["guarantee_id"]}
    text = str(entries)
    assert key not in text and amended["auth_key"] not in text and own_surety not in text
    assert cursor is not None

    # Later: only what happened since, from the saved cursor.
    with clock_at(start + dt.timedelta(minutes=1)):
        cancel = {"reason": "契約解除", "date": clock.today().isoformat()}
        assert post_json(api, f"/v1/guarantees/{gid}/cancellation", cancel,
                         {"Authorization": f"Bearer {own_surety}"}).status_code == 200
    with clock_at(start + dt.timedelta(minutes=2)):
        newer, later_cursor = read_all(api, own_surety, cursor)
        assert [e["event"]["type"] for e in newer] == ["cancelled"]
        again = feed(api, own_surety, later_cursor)
        assert again["events"] == [] and again["next_cursor"] == later_cursor  # nothing new: keep the cursor


def test_a_cursor_is_only_the_sureties_own(api, own_surety, surety_token):
    with clock_at(clock.now()):
        post_json(api, "/v1/guarantees", guarantee_request(), issue_headers(own_surety))
    with clock_at(clock.now() + dt.timedelta(minutes=1)):
        cursor = feed(api, own_surety, limit=1)["next_cursor"]
        response = api.get(f"/v1/events?cursor={cursor}", headers={"Authorization": f"Bearer {surety_token}"})
    assert response.status_code == 400 and response.json_body["error"]["code"] == "invalid_cursor"


def _ending_on(end: dt.date, issued_at: dt.datetime) -> dict:
    body = guarantee_request(on=issued_at.date())
    body["project"]["period"] = {"start": issued_at.date().isoformat(), "end": (end - dt.timedelta(days=5)).isoformat()}
    body["guarantee_period"] = {"start": issued_at.date().isoformat(), "end": end.isoformat()}
    return body


def test_a_period_that_ends_is_an_expired_event_once_unless_cancelled_or_extended(api, own_surety):
    from chalicelib.usecases import deliver_mail
    end = dt.date(2032, 5, 31)  # a day no other test sweeps (the daily job runs once per day)
    issued_at = dt.datetime(2032, 4, 1, 1, 0, tzinfo=dt.timezone.utc)
    auth = {"Authorization": f"Bearer {own_surety}"}
    with clock_at(issued_at):
        ends, cancelled, extended = (post_json(api, "/v1/guarantees", _ending_on(end, issued_at),
                                               issue_headers(own_surety)).json_body["guarantee"]["guarantee_id"]
                                     for _ in range(3))
        assert post_json(api, f"/v1/guarantees/{cancelled}/cancellation",
                         {"reason": "契約解除", "date": "2032-04-01"}, auth).status_code == 200
        extension = {"base_version": 1, "reason": "extension", "effective_date": "2032-04-01",
                     "changes": {"guarantee_period": {"end": "2032-06-30"}}}
        assert post_json(api, f"/v1/guarantees/{extended}/amendments", extension,
                         issue_headers(own_surety)).status_code == 201
    last_day = dt.datetime(2032, 5, 31, 14, 50, tzinfo=dt.timezone.utc)  # 23:50 JST on the last day
    with clock_at(last_day):
        deliver_mail.sweep(last_day)
    # The job did not run on the next day (an outage); two days after, it catches up, once.
    later = dt.datetime(2032, 6, 2, 15, 10, tzinfo=dt.timezone.utc)  # 00:10 JST on 3 June
    from chalicelib.usecases.common import expiries
    with clock_at(later):  # a run out of time before its first entry leaves the work to the next run
        assert expiries.record_expired(later, budget_seconds=0) == 0
    for moment in (later, later + dt.timedelta(minutes=5), later + dt.timedelta(days=1)):
        with clock_at(moment):
            deliver_mail.sweep(moment)
    with clock_at(later + dt.timedelta(days=1, minutes=1)):
        entries, _ = read_all(api, own_surety, limit=100)
    expired = [e for e in entries if e["event"]["type"] == "expired"]
    assert [(e["guarantee_id"], e["event"]["date"], e["event"]["version"]) for e in expired] == [(ends, "2032-05-31", 1)]
    assert expired[0]["event"]["actor"] == {"kind": "system", "job": "expiry"}
    assert expired[0]["event"]["at"].startswith("2032-06-02T15:10")
    log = api.get(f"/v1/guarantees/{ends}/events", headers=auth).json_body["events"]
    assert [e["type"] for e in log] == ["issued", "expired"]

