"""Guessing keys: counted per number and per client, locked out past the limit (429 +
Retry-After, even for the right key), open again after the window; typos never count."""
from __future__ import annotations

import datetime as dt

import pytest

from chalicelib.domain import authkey
from chalicelib.adapters import store
from support import clock_at, post_json

LIMIT = 10


def check(api, number, key, viewer: str | None = None):
    """POST /v1/verifications; viewer: the CloudFront-Viewer-Address the request carries."""
    headers = {"CloudFront-Viewer-Address": viewer} if viewer else None
    return post_json(api, "/v1/verifications", {"contract_number": number, "auth_key": key}, headers)


def wrong_key() -> str:
    return authkey.display(authkey.generate())


@pytest.fixture
def moment():
    # Early in a window, so the test never straddles an hour boundary.
    return dt.datetime.now(dt.timezone.utc).replace(minute=5, second=0, microsecond=0)


def test_the_number_locks_after_the_limit_and_opens_after_the_window(api, issue_guarantee, moment, monkeypatch):
    monkeypatch.setenv("PORTAL_LIMIT_PER_NUMBER", str(LIMIT))
    issued = issue_guarantee()
    number, key = issued["guarantee"]["contract_number"], issued["auth_key"]
    with clock_at(moment):
        answers = [check(api, number, wrong_key()).status_code for _ in range(LIMIT)]
        assert answers == [404] * LIMIT
        blocked = check(api, number, key)  # the right key, during the lockout
        assert blocked.status_code == 429
        assert blocked.json_body["error"]["code"] == "too_many_attempts"
        assert blocked.headers["Retry-After"] == str(55 * 60)
        assert "分後" in blocked.json_body["error"]["message"]
        assert check(api, number, wrong_key()).status_code == 429
    with clock_at(moment + dt.timedelta(hours=1)):
        assert check(api, number, key).status_code == 200
    events = store.list_events(issued["guarantee"]["guarantee_id"])
    assert [e["outcome"] for e in events if e["type"] == "verification"] == ["wrong_key"] * LIMIT + ["success"]
    [lockout] = [e for e in events if e["type"] == "lockout"]
    assert lockout["scope"] == "number"


def test_typos_caught_by_the_check_symbols_never_count(api, issue_guarantee, moment, monkeypatch):
    monkeypatch.setenv("PORTAL_LIMIT_PER_NUMBER", str(LIMIT))
    issued = issue_guarantee()
    number, key = issued["guarantee"]["contract_number"], issued["auth_key"]
    typo = ("A" if key[0] != "A" else "B") + key[1:]
    with clock_at(moment):
        assert {check(api, number, typo).status_code for _ in range(LIMIT * 3)} == {400}
        assert check(api, number, key).status_code == 200


def test_one_client_guessing_across_numbers_is_locked_out(api, issue_guarantee, moment, monkeypatch):
    monkeypatch.setenv("PORTAL_LIMIT_PER_CLIENT", "5")
    numbers = [issue_guarantee()["guarantee"]["contract_number"] for _ in range(3)] + ["NO-SUCH-1", "NO-SUCH-2"]
    # A window of its own: every test shares one client address.
    with clock_at(moment + dt.timedelta(hours=7)):
        assert [check(api, n, wrong_key()).status_code for n in numbers] == [404] * 5
        other = issue_guarantee()
        response = check(api, other["guarantee"]["contract_number"], other["auth_key"])
        assert response.status_code == 429 and int(response.headers["Retry-After"]) > 0


def test_behind_cloudfront_each_viewer_has_its_own_client_limit(api, issue_guarantee, moment, monkeypatch):
    # Every request then comes from a CloudFront edge server: counted by that address, one
    # guesser would lock out every clerk whose requests pass the same edge.
    monkeypatch.setenv("PORTAL_LIMIT_PER_CLIENT", "3")
    monkeypatch.setenv("PORTAL_BEHIND_CLOUDFRONT", "1")
    issued = issue_guarantee()
    number, key = issued["guarantee"]["contract_number"], issued["auth_key"]
    with clock_at(moment + dt.timedelta(hours=9)):
        guesser, clerk = "198.51.100.7:50123", "2001:db8::1:443"
        assert [check(api, f"NO-SUCH-{i}", wrong_key(), viewer=guesser).status_code for i in range(3)] == [404] * 3
        assert check(api, number, key, viewer=guesser).status_code == 429
        assert check(api, number, key, viewer=clerk).status_code == 200


def test_without_cloudfront_the_viewer_header_is_not_believed(api, issue_guarantee, moment, monkeypatch):
    # Called directly, anyone could send the header with a new address each time.
    monkeypatch.setenv("PORTAL_LIMIT_PER_CLIENT", "3")
    monkeypatch.delenv("PORTAL_BEHIND_CLOUDFRONT", raising=False)
    issued = issue_guarantee()
    number, key = issued["guarantee"]["contract_number"], issued["auth_key"]
    with clock_at(moment + dt.timedelta(hours=11)):
        statuses = [check(api, f"NO-SUCH-{i}", wrong_key(), viewer=f"198.51.100.{i}:4000").status_code
                    for i in range(3)]
        assert statuses == [404] * 3
        assert check(api, number, key, viewer="203.0.113.9:4000").status_code == 429
