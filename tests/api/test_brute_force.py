"""Guessing keys: wrong keys counted per (number, client) and per client, refused past the
limit (429 + Retry-After) until the window ends — while the right key always opens its
guarantee, from any client; typos never count."""
from __future__ import annotations

import datetime as dt

import pytest

from chalicelib.domain import attempts, authkey
from chalicelib.usecases.common import wrong_key_bursts
from support import clock_at, counter, current_store, post_json

LIMIT = 10


ORIGIN_SECRET = "origin-secret-for-tests"


def check(api, number, key, viewer: str | None = None, origin: str | None = ORIGIN_SECRET):
    """POST /v1/verifications as CloudFront sends it: viewer is the CloudFront-Viewer-Address,
    origin the X-Origin-Verify secret."""
    headers = {"CloudFront-Viewer-Address": viewer} if viewer else {}
    return post_json(api, "/v1/verifications", {"contract_number": number, "auth_key": key},
                     {**headers, "X-Origin-Verify": origin})


def behind_cloudfront(monkeypatch):
    """From here on, the API serves only requests carrying the origin secret (as on AWS)."""
    monkeypatch.setenv("PORTAL_ORIGIN_SECRET", ORIGIN_SECRET)


def wrong_key() -> str:
    return authkey.display(authkey.generate())


@pytest.fixture
def moment():
    # Early in a window, so the test never straddles an hour boundary.
    return dt.datetime.now(dt.timezone.utc).replace(minute=5, second=0, microsecond=0)


def test_a_guesser_is_stopped_and_the_right_key_still_opens(api, issue_guarantee, moment, monkeypatch):
    monkeypatch.setenv("PORTAL_LIMIT_PER_NUMBER", str(LIMIT))
    issued = issue_guarantee()
    behind_cloudfront(monkeypatch)
    number, key = issued["guarantee"]["contract_number"], issued["auth_key"]
    guesser, clerk = "198.51.100.20:40000", "203.0.113.30:40000"
    with clock_at(moment):
        answers = [check(api, number, wrong_key(), viewer=guesser).status_code for _ in range(LIMIT)]
        assert answers == [404] * LIMIT
        blocked = check(api, number, wrong_key(), viewer=guesser)  # past the limit: not even checked
        assert blocked.status_code == 429
        assert blocked.json_body["error"]["code"] == "too_many_attempts"
        # A sliding hour: the ten weigh fully until six minutes into the next hour.
        assert blocked.headers["Retry-After"] == str(61 * 60)
        assert "分後" in blocked.json_body["error"]["message"]
        # The right key opens it — from the clerk's own machine, and even from the guesser's.
        assert check(api, number, key, viewer=clerk).status_code == 200
        assert check(api, number, key, viewer=guesser).status_code == 200
        assert check(api, number, wrong_key(), viewer=clerk).status_code == 404  # another client: its own budget
    with clock_at(moment + dt.timedelta(hours=1, minutes=1)):
        assert check(api, number, wrong_key(), viewer=guesser).status_code == 404
    wrong_key_bursts.tell_bursts(moment)  # what the 5-minute sweep does
    events = current_store().events.list(issued["guarantee"]["guarantee_id"])
    # Successes are logged on the guarantee; wrong keys only counted (an unknown number costs the same).
    assert [e["outcome"] for e in events if e["type"] == "verification"] == ["success"] * 2
    [signal] = [e for e in events if e["type"] == "lockout"]
    assert signal["scope"] == "number"  # the number's total: a signal, not a lock


@pytest.mark.dynamodb  # sixty wrong keys at once: conditional counter writes racing
def test_parallel_wrong_keys_never_pass_the_limit(api, issue_guarantee, moment, monkeypatch):
    import concurrent.futures
    monkeypatch.setenv("PORTAL_LIMIT_PER_NUMBER", str(LIMIT))
    issued = issue_guarantee()
    number = issued["guarantee"]["contract_number"]
    with clock_at(moment + dt.timedelta(hours=3)):
        with concurrent.futures.ThreadPoolExecutor(max_workers=12) as pool:
            answers = list(pool.map(lambda _: check(api, number, wrong_key()).status_code, range(60)))
    assert answers.count(404) == LIMIT and answers.count(429) == 60 - LIMIT
    window = attempts.Window.at(moment + dt.timedelta(hours=3))
    assert counter(*attempts.number_counter(number, window)) == LIMIT  # no more were checked


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
        response = check(api, other["guarantee"]["contract_number"], wrong_key())
        assert response.status_code == 429 and int(response.headers["Retry-After"]) > 0
        assert check(api, other["guarantee"]["contract_number"], other["auth_key"]).status_code == 200


def test_behind_cloudfront_each_viewer_has_its_own_client_limit(api, issue_guarantee, moment, monkeypatch):
    # Every request then comes from a CloudFront edge server: counted by that address, one
    # guesser would lock out every clerk whose requests pass the same edge.
    monkeypatch.setenv("PORTAL_LIMIT_PER_CLIENT", "3")
    issued = issue_guarantee()
    behind_cloudfront(monkeypatch)
    number, key = issued["guarantee"]["contract_number"], issued["auth_key"]
    with clock_at(moment + dt.timedelta(hours=9)):
        guesser, clerk = "198.51.100.7:50123", "2001:db8::1:443"
        assert [check(api, f"NO-SUCH-{i}", wrong_key(), viewer=guesser).status_code for i in range(3)] == [404] * 3
        assert check(api, number, wrong_key(), viewer=guesser).status_code == 429
        assert check(api, number, wrong_key(), viewer=clerk).status_code == 404
        assert check(api, number, key, viewer=guesser).status_code == 200


def test_without_cloudfront_the_viewer_header_is_not_believed(api, issue_guarantee, moment, monkeypatch):
    # No origin secret configured (a local run): anyone could send the header with a new address each time.
    monkeypatch.setenv("PORTAL_LIMIT_PER_CLIENT", "3")
    monkeypatch.delenv("PORTAL_ORIGIN_SECRET", raising=False)
    issued = issue_guarantee()
    number, key = issued["guarantee"]["contract_number"], issued["auth_key"]
    with clock_at(moment + dt.timedelta(hours=11)):
        statuses = [check(api, f"NO-SUCH-{i}", wrong_key(), viewer=f"198.51.100.{i}:4000").status_code
                    for i in range(3)]
        assert statuses == [404] * 3
        assert check(api, number, wrong_key(), viewer="203.0.113.9:4000").status_code == 429
        assert check(api, number, key, viewer="203.0.113.9:4000").status_code == 200


def test_the_hour_slides_so_the_boundary_does_not_double_the_limit(api, issue_guarantee, monkeypatch):
    monkeypatch.setenv("PORTAL_LIMIT_PER_NUMBER", str(LIMIT))
    issued = issue_guarantee()
    number, key = issued["guarantee"]["contract_number"], issued["auth_key"]
    late = dt.datetime(2034, 2, 3, 4, 55, tzinfo=dt.timezone.utc)  # five minutes before the hour ends
    with clock_at(late):
        assert [check(api, number, wrong_key()).status_code for _ in range(LIMIT)] == [404] * LIMIT
    with clock_at(late + dt.timedelta(minutes=10)):
        # A fixed hourly window would start afresh here and allow another ten.
        refused = check(api, number, wrong_key())
        assert refused.status_code == 429
        assert check(api, number, key).status_code == 200  # the right key, as always
    with clock_at(late + dt.timedelta(minutes=35)):
        # Half of the last hour's ten count as within the last 60 minutes: five more are allowed.
        answers = [check(api, number, wrong_key()).status_code for _ in range(LIMIT)]
        assert answers == [404] * (LIMIT // 2) + [429] * (LIMIT - LIMIT // 2)


def test_what_wrong_keys_leave_on_record(api, issue_guarantee, moment, monkeypatch):
    # What README's security properties say is recorded, exactly: each success on its guarantee
    # (time, outcome, hashed client); wrong keys counted — per number and client, per client,
    # per number — and, once a number's total reaches the hourly signal, one `lockout` event on
    # its guarantee. No event per wrong key: an unknown number has no guarantee to write it on,
    # and a write only for known numbers would tell them apart.
    monkeypatch.setenv("PORTAL_LIMIT_PER_NUMBER", str(LIMIT))
    issued = issue_guarantee()
    behind_cloudfront(monkeypatch)
    number, key = issued["guarantee"]["contract_number"], issued["auth_key"]
    unknown = f"NO-SUCH-{number}"
    wrong = LIMIT + 5  # past the signal, each from a client of its own (no client limit is reached)
    at = moment + dt.timedelta(hours=13)
    with clock_at(at):
        for n in (number, unknown):
            answers = [check(api, n, wrong_key(), viewer=f"192.0.2.{i + 1}:4000").status_code for i in range(wrong)]
            assert answers == [404] * wrong
        assert check(api, number, key, viewer="192.0.2.200:4000").status_code == 200
        window = attempts.Window.at(at)
        for n in (number, unknown):
            assert counter(*attempts.number_counter(n, window)) == wrong
        noted = {b.number for b in current_store().counters.pending_bursts(1000)}
        assert {number, unknown} <= noted  # the same note, whether the number exists or not
        wrong_key_bursts.tell_bursts(at)
    events = current_store().events.list(issued["guarantee"]["guarantee_id"])
    assert sorted(e["type"] for e in events) == ["issued", "lockout", "verification"]
    [success] = [e for e in events if e["type"] == "verification"]
    assert success["outcome"] == "success" and key not in repr(success)
    assert len(success["actor"]["client"]) == 16  # a keyed hash of the address, never the address
    [signal] = [e for e in events if e["type"] == "lockout"]
    assert signal["scope"] == "number"


@pytest.mark.dynamodb  # counts the DynamoDB operations themselves
def test_a_wrong_key_does_the_same_dynamodb_work_for_an_issued_and_an_unknown_number(api, issue_guarantee, moment,
                                                                                       monkeypatch):
    # Why wrong keys are not logged one by one (README): the operations a wrong key causes —
    # which calls, on which kinds of item — are the same whether the number exists, so neither
    # the answer nor the work behind it tells. (make bench measures the timing itself.)
    from pynamodb.connection.base import Connection
    issued = issue_guarantee()
    calls: list[tuple[str, tuple[str, ...]]] = []
    original = Connection.dispatch

    def kinds(value) -> list[str]:
        """The kinds of item an operation touches: each key's pk up to its first '#'."""
        if isinstance(value, dict):
            pk = value.get("pk")
            found = [pk["S"].split("#", 1)[0]] if isinstance(pk, dict) and "S" in pk else []
            return found + [k for v in value.values() for k in kinds(v)]
        if isinstance(value, list):
            return [k for v in value for k in kinds(v)]
        return []

    def recording(self, operation_name, operation_kwargs):
        calls.append((operation_name, tuple(sorted(kinds(operation_kwargs)))))
        return original(self, operation_name, operation_kwargs)

    monkeypatch.setattr(Connection, "dispatch", recording)
    work = {}
    with clock_at(moment + dt.timedelta(hours=15)):
        for label, number in (("issued", issued["guarantee"]["contract_number"]), ("unknown", "NO-SUCH-WORK-1")):
            calls.clear()
            assert check(api, number, wrong_key(), viewer=None).status_code == 404
            work[label] = list(calls)
    assert work["issued"] == work["unknown"] and work["issued"]
    assert not any(op == "PutItem" and "GUAR" in touched for op, touched in work["issued"])  # no event written
