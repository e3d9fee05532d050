"""Orderer staff sign in without a password: a one-time code to a work address, then a
server-side session in an HttpOnly, SameSite=Strict cookie (NIST SP 800-63B out-of-band
rules). Against DynamoDB Local, through the real app."""
from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest

from chalicelib.adapters import clock
from chalicelib.domain import staff
from support import clock_at, codes_sent_to, mails_sent_to, post_json, staff_address, staff_headers

SITE = "http://127.0.0.1:8000"  # PORTAL_SITE_URL of the test session (conftest)
SAME_SITE = {"Origin": SITE}


def ask_code(api, address: str, headers=SAME_SITE):
    return post_json(api, "/v1/staff/sign-in-codes", {"email": address}, headers)


def sign_in(api, address: str, code: str, headers=SAME_SITE):
    return post_json(api, "/v1/staff/session", {"email": address, "code": code}, headers)


def cookie_of(response) -> str:
    return response.headers["Set-Cookie"].split(";", 1)[0]


def signed_in(api, address: str | None = None) -> str:
    address = address or staff_address()
    assert ask_code(api, address).status_code == 202
    response = sign_in(api, address, codes_sent_to(address)[-1])
    assert response.status_code == 201, response.body
    return cookie_of(response)


def test_a_code_by_mail_signs_a_member_of_staff_in(api):
    address = staff_address()
    response = ask_code(api, address.upper())  # addresses are not case-sensitive
    assert response.status_code == 202
    [code] = codes_sent_to(address)
    # The mail and the banner name the orderer as the certificate does (orderers.written_name).
    assert mails_sent_to(address)[-1].get_content().startswith("長野県佐久市 ご担当者様")
    response = sign_in(api, address, code)
    assert response.status_code == 201, response.body
    assert response.json_body["staff"] == {
        "email": address, "orderer": {"id": "202177", "name": "長野県佐久市"},
        "departments": ["契約検査課", "建設課", "土木課", "上下水道課", "農林課", "教育総務課"]}
    cookie = response.headers["Set-Cookie"]
    assert re.fullmatch(r"portal_session=[A-Za-z0-9_-]{43}; Path=/; Max-Age=28800; HttpOnly; SameSite=Strict", cookie)
    me = api.get("/v1/staff/session", headers={"Cookie": cookie_of(response)})
    assert me.status_code == 200 and me.json_body["staff"]["email"] == address


def test_an_address_that_is_not_staff_gets_the_same_reply_and_no_mail(api):
    known, unknown = ask_code(api, staff_address()), ask_code(api, "someone@example.com")
    assert (known.status_code, known.json_body) == (unknown.status_code, unknown.json_body)
    assert codes_sent_to("someone@example.com") == []
    # A look-alike domain is not the orderer's.
    assert codes_sent_to_after(api, "keiyaku@city.saku.nagano.jp.example.com") == []


def codes_sent_to_after(api, address: str) -> list[str]:
    assert ask_code(api, address).status_code == 202
    return codes_sent_to(address)


def test_a_code_works_once(api):
    address = staff_address()
    ask_code(api, address)
    [code] = codes_sent_to(address)
    assert sign_in(api, address, code).status_code == 201
    again = sign_in(api, address, code)
    assert again.status_code == 400 and again.json_body["error"]["code"] == "invalid_code"


def test_a_code_expires_after_ten_minutes(api):
    address = staff_address()
    start = clock.now()
    with clock_at(start):
        ask_code(api, address)
    [code] = codes_sent_to(address)
    with clock_at(start + staff.CODE_TTL):
        response = sign_in(api, address, code)
    assert response.status_code == 400 and response.json_body["error"]["code"] == "invalid_code"


ORIGIN_SECRET = "sign-in-test-origin-secret"


def from_viewer(viewer: str) -> dict:
    """Headers of a same-site call that came through CloudFront from ``viewer`` (one client)."""
    return {**SAME_SITE, "X-Origin-Verify": ORIGIN_SECRET, "CloudFront-Viewer-Address": viewer}


def wrong_code_for(code: str, n: int = 1) -> str:
    return f"{(int(code) + n) % 100_000_000:08d}"


def test_wrong_codes_stop_the_client_that_sends_them_never_the_code(api, monkeypatch):
    monkeypatch.setenv("PORTAL_ORIGIN_SECRET", ORIGIN_SECRET)
    address, guesser, owner = staff_address(), from_viewer("198.51.100.81:4000"), from_viewer("203.0.113.81:4000")
    assert ask_code(api, address, owner).status_code == 202
    [code] = codes_sent_to(address)
    for n in range(1, staff.MAX_WRONG_CODES_PER_CLIENT_AND_ADDRESS + 1):
        assert sign_in(api, address, wrong_code_for(code, n), guesser).json_body["error"]["code"] == "invalid_code"
    # That client is done with this address for the hour (not even the right code is checked for it)...
    refused = sign_in(api, address, wrong_code_for(code, 99), guesser)
    assert refused.status_code == 429 and refused.json_body["error"]["code"] == "too_many_attempts"
    # ...while the code it guessed at still signs its owner in.
    assert sign_in(api, address, code, owner).status_code == 201


def test_a_named_member_of_staff_cannot_be_kept_from_signing_in(api, monkeypatch):
    # Issue 25 item 18: five code requests and five wrong codes, from any clients, kept the
    # victim out for an hour (202 and no mail; the code held refused).
    monkeypatch.setenv("PORTAL_ORIGIN_SECRET", ORIGIN_SECRET)
    victim, own = staff_address(), from_viewer("203.0.113.82:4000")
    start = dt.datetime(2032, 6, 7, 1, 2, tzinfo=dt.timezone.utc)
    with clock_at(start):
        for i in range(staff.CODES_PER_WINDOW):
            assert ask_code(api, victim, from_viewer(f"198.51.100.{i + 1}:4000")).status_code == 202
        held = codes_sent_to(victim)[-1]
        for i in range(staff.CODES_PER_WINDOW):
            assert sign_in(api, victim, wrong_code_for(held, i + 1),
                           from_viewer(f"198.51.100.{i + 1}:4000")).status_code == 400
        # The victim asks again: nothing new to flood the mailbox with, and the newest code works.
        assert ask_code(api, victim, own).status_code == 202
        assert codes_sent_to(victim)[-1] == held
        assert sign_in(api, victim, held, own).status_code == 201
    # Later in the hour, with no code left that works, the victim's request mails one.
    with clock_at(start + dt.timedelta(minutes=20)):
        assert ask_code(api, victim, own).status_code == 202
        fresh = codes_sent_to(victim)[-1]
        assert fresh != held and sign_in(api, victim, fresh, own).status_code == 201


def test_guessers_spending_a_codes_budget_get_it_replaced_with_a_mail_to_its_owner(api, monkeypatch):
    # The address's wrong codes from every client are bounded per code (the odds in
    # domain/staff.py): past the budget the code is replaced, never locked.
    monkeypatch.setenv("PORTAL_ORIGIN_SECRET", ORIGIN_SECRET)
    monkeypatch.setattr(staff, "CODE_GUESS_BUDGET", 10)
    monkeypatch.setattr(staff, "CODES_PER_WINDOW", 2)
    monkeypatch.setattr(staff, "MAIL_CEILING", 3)
    owner, address = from_viewer("203.0.113.83:4000"), staff_address()
    start = dt.datetime(2032, 6, 8, 1, 2, tzinfo=dt.timezone.utc)
    per_client = staff.MAX_WRONG_CODES_PER_CLIENT_AND_ADDRESS

    def spend_the_budget(code: str, first_client: int) -> None:
        for n in range(10):
            guesser = from_viewer(f"198.51.100.{first_client + n // per_client}:4000")
            assert sign_in(api, address, wrong_code_for(code, n + 1), guesser).status_code == 400

    with clock_at(start):
        assert ask_code(api, address, owner).status_code == 202
        [first] = codes_sent_to(address)
        spend_the_budget(first, 10)
        [old, replacement] = mails_sent_to(address)
        assert "先にお送りした確認コードは使えなくしました" in replacement.get_content()
        second = codes_sent_to(address)[-1]
        assert sign_in(api, address, first, owner).status_code == 400
        assert sign_in(api, address, second, owner).status_code == 201
        # Past the window's ceiling of codes, a spent code is void until it would have expired.
        assert ask_code(api, address, owner).status_code == 202
        spend_the_budget(codes_sent_to(address)[-1], 20)
        assert len(codes_sent_to(address)) == 3
        assert ask_code(api, address, owner).status_code == 202
        assert len(codes_sent_to(address)) == 3
    with clock_at(start + staff.CODE_TTL):
        assert ask_code(api, address, owner).status_code == 202
        assert sign_in(api, address, codes_sent_to(address)[-1], owner).status_code == 201


def test_a_new_code_replaces_the_old_and_an_address_gets_at_most_five_an_hour(api):
    address = staff_address()
    for _ in range(staff.CODES_PER_WINDOW + 2):
        assert ask_code(api, address).status_code == 202
    codes = codes_sent_to(address)
    assert len(codes) == staff.CODES_PER_WINDOW  # no mailbox flooding
    assert sign_in(api, address, codes[0]).status_code == 400 or codes[0] == codes[-1]
    assert sign_in(api, address, codes[-1]).status_code == 201


def test_cross_site_calls_are_refused(api):
    address = staff_address()
    for headers in ({}, {"Origin": "https://evil.example"}, {"Sec-Fetch-Site": "cross-site", "Origin": SITE}):
        response = ask_code(api, address, headers)
        assert response.status_code == 403 and response.json_body["error"]["code"] == "cross_site_request", headers
    assert codes_sent_to(address) == []
    assert ask_code(api, address, {"Sec-Fetch-Site": "same-origin"}).status_code == 202


def test_sign_out_ends_the_session(api):
    cookie = signed_in(api)
    response = api.delete("/v1/staff/session", headers={"Cookie": cookie, **SAME_SITE})
    assert response.status_code == 200
    assert response.headers["Set-Cookie"].startswith("portal_session=; Path=/; Max-Age=0;")
    after = api.get("/v1/staff/session", headers={"Cookie": cookie})
    assert after.status_code == 401 and after.json_body["error"]["code"] == "not_signed_in"
    assert after.headers["WWW-Authenticate"] == 'Cookie realm="e-guarantee-staff"'


def _used_every_20_minutes(api, cookie: str, start: dt.datetime, until: dt.datetime) -> dt.datetime:
    moment = start
    while moment + dt.timedelta(minutes=20) < until:
        moment += dt.timedelta(minutes=20)
        with clock_at(moment):
            assert api.get("/v1/staff/session", headers={"Cookie": cookie}).status_code == 200
    return moment


def test_a_session_ends_after_thirty_idle_minutes(api):
    start = clock.now()
    with clock_at(start):
        cookie = signed_in(api)
    last_use = _used_every_20_minutes(api, cookie, start, start + dt.timedelta(hours=1))
    with clock_at(last_use + staff.SESSION_IDLE + dt.timedelta(seconds=1)):
        assert api.get("/v1/staff/session", headers={"Cookie": cookie}).status_code == 401


def test_a_session_in_use_still_ends_after_a_working_day(api):
    start = clock.now()
    with clock_at(start):
        cookie = signed_in(api)
    _used_every_20_minutes(api, cookie, start, start + staff.SESSION_ABSOLUTE)
    with clock_at(start + staff.SESSION_ABSOLUTE + dt.timedelta(seconds=1)):
        assert api.get("/v1/staff/session", headers={"Cookie": cookie}).status_code == 401


def test_no_code_or_session_token_is_stored_in_clear(api, dynamodb):
    address = staff_address()
    ask_code(api, address)
    [code] = codes_sent_to(address)
    response = sign_in(api, address, code)
    token = cookie_of(response).split("=", 1)[1]
    import boto3
    from chalicelib.adapters.config import settings
    table = boto3.resource("dynamodb", endpoint_url=settings().dynamodb_endpoint,
                           region_name=settings().region).Table(settings().table_name)
    items, start = [], None
    while True:
        page = table.scan(**({"ExclusiveStartKey": start} if start else {}))
        items += page["Items"]
        start = page.get("LastEvaluatedKey")
        if not start:
            break
    dump = repr(items)
    assert token not in dump
    assert not [item for item in items if code in [v for v in item.values() if isinstance(v, str)]]
    # The account is kept (with the session, and in the orderer's activity list that its
    # administrator reads: who signed in), never its code or session.
    assert dump.count(address) == 2


# ---- receipts carry the orderer's authority ---------------------------------------------------

def receipt_body(issued: dict, **extra) -> dict:
    return {"contract_number": issued["guarantee"]["contract_number"], "auth_key": issued["auth_key"],
            "department": "契約検査課", "name": "佐久 花子", **extra}


def test_a_receipt_needs_a_signed_in_member_of_the_orderers_staff(api, issue_guarantee):
    issued = issue_guarantee()
    anonymous = post_json(api, "/v1/receipts", receipt_body(issued), SAME_SITE)
    assert anonymous.status_code == 401 and anonymous.json_body["error"]["code"] == "not_signed_in"
    # The number and key alone, from anyone (the contractor included), record nothing.
    shown = post_json(api, "/v1/verifications", {k: receipt_body(issued)[k] for k in ("contract_number", "auth_key")})
    assert shown.json_body["receipt"] is None
    recorded = post_json(api, "/v1/receipts", receipt_body(issued), staff_headers(api))
    assert recorded.status_code == 201, recorded.body
    assert "staff" not in recorded.json_body["receipt"]  # the account is the orderer's own record


def test_the_sessions_last_department_and_name_are_offered_for_its_next_receipt(api, issue_guarantee):
    address = staff_address()
    headers = staff_headers(api, address)
    assert api.get("/v1/staff/session", headers=headers).json_body["receipt_entries"] is None
    body = receipt_body(issue_guarantee(), department="土木課", name="岩村田 次郎")
    assert post_json(api, "/v1/receipts", body, headers).status_code == 201
    assert api.get("/v1/staff/session", headers=headers).json_body["receipt_entries"] == {
        "department": "土木課", "name": "岩村田 次郎"}
    # A refused receipt changes nothing.
    refused = post_json(api, "/v1/receipts", receipt_body(issue_guarantee(), department="架空課", name="別人"), headers)
    assert refused.status_code == 400
    assert api.get("/v1/staff/session", headers=headers).json_body["receipt_entries"]["name"] == "岩村田 次郎"
    # Another sign-in, even of the same address (a department's shared mailbox), starts empty,
    # and nothing is left after signing out.
    other = staff_headers(api, address)
    assert api.get("/v1/staff/session", headers=other).json_body["receipt_entries"] is None
    assert api.delete("/v1/staff/session", headers=headers).status_code in (200, 204)
    assert api.get("/v1/staff/session", headers=headers).status_code == 401


def test_a_receipt_from_another_site_is_refused_even_with_the_cookie(api, issue_guarantee):
    headers = staff_headers(api)
    response = post_json(api, "/v1/receipts", receipt_body(issue_guarantee()),
                         {"Cookie": headers["Cookie"], "Origin": "https://evil.example"})
    assert response.status_code == 403 and response.json_body["error"]["code"] == "cross_site_request"


def test_staff_of_another_orderer_may_not_record_a_receipt(api, issue_guarantee, store):
    from registry_writes import enrolled
    with enrolled(store, "202088", staff_email_domains=("city.komoro.nagano.jp",), departments=("契約検査課",)):  # 小諸市
        other = staff_headers(api, f"keiyaku-{uuid.uuid4().hex[:6]}@city.komoro.nagano.jp")
        response = post_json(api, "/v1/receipts", receipt_body(issue_guarantee()), other)
    assert response.status_code == 403 and response.json_body["error"]["code"] == "wrong_orderer"


def test_the_department_is_one_of_the_orderers(api, issue_guarantee):
    response = post_json(api, "/v1/receipts", receipt_body(issue_guarantee(), department="架空課"), staff_headers(api))
    assert response.status_code == 400 and response.json_body["error"] == {
        "code": "unknown_department", "field": "department", "message": "担当部署は、一覧から選んでください。"}


def test_each_member_of_staff_has_their_own_budget_of_wrong_keys(api, issue_guarantee, monkeypatch):
    from chalicelib.domain import authkey
    monkeypatch.setenv("PORTAL_LIMIT_PER_CLIENT", "3")
    careless, careful = staff_headers(api), staff_headers(api)
    for _ in range(3):
        wrong = receipt_body(issue_guarantee(), auth_key=authkey.display(authkey.generate()))
        post_json(api, "/v1/receipts", wrong, careless)
    wrong = receipt_body(issue_guarantee(), auth_key=authkey.display(authkey.generate()))
    assert post_json(api, "/v1/receipts", wrong, careless).status_code == 429
    # Behind the same proxy (the same address), a colleague keeps their own budget...
    assert post_json(api, "/v1/receipts", wrong, careful).status_code == 404
    # ...and the right key is never refused, even to the careless one.
    assert post_json(api, "/v1/receipts", receipt_body(issue_guarantee()), careless).status_code == 201


@pytest.mark.dynamodb  # the logs include botocore's own DEBUG lines of every request to the table
def test_no_code_session_or_key_reaches_the_logs(api, issue_guarantee, caplog):
    import logging
    caplog.set_level(logging.DEBUG)
    issued = issue_guarantee()
    address = staff_address()
    ask_code(api, address)
    [code] = codes_sent_to(address)
    response = sign_in(api, address, code)
    cookie = cookie_of(response)
    post_json(api, "/v1/receipts", receipt_body(issued), {"Cookie": cookie, **SAME_SITE})
    api.delete("/v1/staff/session", headers={"Cookie": cookie, **SAME_SITE})
    logged = caplog.text
    assert caplog.records  # the portal does log these requests
    for secret in (code, cookie.split("=", 1)[1], issued["auth_key"], issued["auth_key"].replace("-", "")):
        assert secret not in logged


def test_one_client_guessing_codes_for_made_up_addresses_is_stopped(api, monkeypatch):
    # Any address on a staff domain can be named, so the limit that bounds a guesser is the
    # client's (per connection, per hour), whatever addresses it invents.
    monkeypatch.setenv("PORTAL_SIGNIN_WRONG_PER_CLIENT", "3")
    monkeypatch.setenv("PORTAL_SIGNIN_REQUESTS_PER_CLIENT", "4")
    start = dt.datetime(2032, 5, 5, 10, 1, tzinfo=dt.timezone.utc)  # an hour no other test counts in
    with clock_at(start):
        for _ in range(3):
            address = f"made-up-{uuid.uuid4().hex[:6]}@city.saku.nagano.jp"
            assert ask_code(api, address).status_code == 202
            assert sign_in(api, address, "00000000").status_code == 400
        address = staff_address()
        assert ask_code(api, address).status_code == 202  # the 4th request this hour
        [code] = codes_sent_to(address)
        refused = sign_in(api, address, code)  # even the right code: this client is done for the hour
        assert refused.status_code == 429 and refused.json_body["error"]["code"] == "too_many_attempts"
        assert int(refused.headers["Retry-After"]) == 59 * 60
        assert ask_code(api, staff_address()).status_code == 429
    with clock_at(start + dt.timedelta(hours=1)):
        assert sign_in(api, address, code).status_code == 400  # expired by now, but no longer refused


def _posted_at_once(portal_url: str, path: str, bodies: list[dict], headers: dict) -> list[int]:
    """POST each body to the threaded local server (one thread per connection, as on Lambda one
    request per environment), released together by a barrier; their statuses. Connections are
    opened first, one after the other (the listen backlog would reset some opened at once)."""
    import concurrent.futures
    import json
    import threading
    import requests
    sessions = []
    for _ in bodies:
        session = requests.Session()
        assert session.get(f"{portal_url}/api/v1/orderers", headers=headers, timeout=30).status_code == 200
        sessions.append(session)
    barrier = threading.Barrier(len(bodies))

    def send(i: int) -> int:
        payload = json.dumps(bodies[i]).encode("utf-8")
        barrier.wait(timeout=30)
        return sessions[i].post(f"{portal_url}/api{path}", data=payload, timeout=60,
                                headers={"Content-Type": "application/json", **headers}).status_code
    try:
        with concurrent.futures.ThreadPoolExecutor(len(bodies)) as pool:
            return list(pool.map(send, range(len(bodies))))
    finally:
        for session in sessions:
            session.close()


def test_a_parallel_burst_of_wrong_codes_passes_exactly_the_client_limit(portal_url, monkeypatch):
    # Issue 25 item 19: the counter was read, and only later added to: 50 at once were all checked.
    monkeypatch.setenv("PORTAL_SIGNIN_WRONG_PER_CLIENT", str(staff.MAX_WRONG_CODES_PER_CLIENT))
    monkeypatch.setenv("PORTAL_ORIGIN_SECRET", ORIGIN_SECRET)
    bodies = [{"email": f"made-up-{i}-{uuid.uuid4().hex[:6]}@city.saku.nagano.jp", "code": "00000000"}
              for i in range(50)]
    with clock_at(dt.datetime(2032, 6, 9, 1, 2, tzinfo=dt.timezone.utc)):
        answers = _posted_at_once(portal_url, "/v1/staff/session", bodies, from_viewer("198.51.100.91:4000"))
    limit = staff.MAX_WRONG_CODES_PER_CLIENT
    assert sorted(answers) == [400] * limit + [429] * (50 - limit)


def test_a_parallel_burst_of_code_requests_passes_exactly_the_client_limit(portal_url, monkeypatch):
    monkeypatch.setenv("PORTAL_SIGNIN_REQUESTS_PER_CLIENT", str(staff.MAX_CODE_REQUESTS_PER_CLIENT))
    monkeypatch.setenv("PORTAL_ORIGIN_SECRET", ORIGIN_SECRET)
    addresses = [staff_address() for _ in range(50)]
    with clock_at(dt.datetime(2032, 6, 9, 2, 2, tzinfo=dt.timezone.utc)):
        answers = _posted_at_once(portal_url, "/v1/staff/sign-in-codes", [{"email": a} for a in addresses],
                                  from_viewer("198.51.100.92:4000"))
    limit = staff.MAX_CODE_REQUESTS_PER_CLIENT
    assert sorted(answers) == [202] * limit + [429] * (50 - limit)
    assert sum(len(codes_sent_to(a)) for a in addresses) == limit  # a mail for each request let through, no more


def test_a_right_code_does_not_count_against_the_client(api, monkeypatch):
    monkeypatch.setenv("PORTAL_SIGNIN_WRONG_PER_CLIENT", "2")
    monkeypatch.setenv("PORTAL_ORIGIN_SECRET", ORIGIN_SECRET)
    clerk = from_viewer("203.0.113.93:4000")
    with clock_at(dt.datetime(2032, 6, 9, 3, 2, tzinfo=dt.timezone.utc)):
        for _ in range(3):  # three sign-ins in the hour from one office, under a limit of two wrong codes
            address = staff_address()
            assert ask_code(api, address, clerk).status_code == 202
            assert sign_in(api, address, codes_sent_to(address)[-1], clerk).status_code == 201
        assert sign_in(api, staff_address(), "00000000", clerk).status_code == 400


# ---- the same-site rule, for every route the cookie backs ------------------------------------

def _cookie_backed_routes():
    """Every (path, method) of the route table whose view reads or sets the session cookie —
    found in the views' code, not listed by hand — and the routes app.py marks for the rule."""
    import inspect
    import app as portal
    found = []
    for path, methods in portal.app.routes.items():
        for method, entry in methods.items():
            source = inspect.getsource(inspect.unwrap(entry.view_function))
            reads_cookie = any(f"cookies.{name}(" in source for name in ("token_of", "session_cookie", "cleared_cookie"))
            marked = getattr(entry.view_function, "portal_pages_only", False)
            assert marked or not reads_cookie, f"{method} {path} reads the cookie but is not portal_pages_only"
            if marked:
                found.append((path, method))
    return found


COOKIE_BACKED = _cookie_backed_routes()


def test_the_route_table_has_cookie_backed_gets():
    assert {m for _, m in COOKIE_BACKED} >= {"GET", "POST", "DELETE"}
    assert ("/v1/staff/receipts.csv", "GET") in COOKIE_BACKED


def _call(api, path: str, method: str, headers: dict):
    url = path.replace("{guarantee_id}", "G-" + uuid.uuid4().hex[:8]).replace("{version}", "1")
    if method == "GET":
        return api.get(url, headers=headers)
    if method == "DELETE":
        return api.delete(url, headers=headers)
    if method == "PATCH":
        return api.patch(url, body=b"{}", headers={"Content-Type": "application/json", **headers})
    if method == "PUT":  # the contract list: a CSV file's bytes, not JSON
        return api.put(url, body="契約番号\r\n".encode("shift_jis"), headers={"Content-Type": "text/csv", **headers})
    return post_json(api, url, {}, headers)


@pytest.mark.parametrize("path, method", COOKIE_BACKED)
@pytest.mark.parametrize("cross_site", [
    {"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"},
    {"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate"},  # a link on another site
    {"Sec-Fetch-Site": "same-site", "Sec-Fetch-Mode": "cors"},      # a neighbouring subdomain's page
    {"Origin": "https://evil.example"},
])
def test_every_cookie_backed_route_refuses_another_sites_call(api, path, method, cross_site):
    cookie = staff_headers(api)["Cookie"]
    response = _call(api, path, method, {"Cookie": cookie, **cross_site})
    assert response.status_code == 403, (method, path, response.body)
    assert response.json_body["error"]["code"] == "cross_site_request"
    assert response.json_body["error"]["message"]
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers


def test_the_ledger_and_its_csv_still_open_from_the_portals_pages(api):
    cookie = staff_headers(api)["Cookie"]
    for headers in ({"Sec-Fetch-Site": "same-origin", "Sec-Fetch-Mode": "cors"},
                    {"Sec-Fetch-Site": "same-origin", "Sec-Fetch-Mode": "navigate"},  # the page's CSV link
                    {"Sec-Fetch-Site": "none", "Sec-Fetch-Mode": "navigate"},         # opened by the person
                    {}):  # a browser without Sec-Fetch-Site sends nothing on a same-origin GET
        assert api.get("/v1/staff/receipts", headers={"Cookie": cookie, **headers}).status_code == 200, headers
        csv = api.get("/v1/staff/receipts.csv", headers={"Cookie": cookie, "Accept": "text/csv", **headers})
        assert csv.status_code == 200 and csv.headers["Content-Type"].startswith("text/csv"), headers
    # "none" without a navigation is no page's call; a change needs its origin.
    assert api.get("/v1/staff/receipts", headers={"Cookie": cookie, "Sec-Fetch-Site": "none"}).status_code == 403
    assert api.delete("/v1/staff/session", headers={"Cookie": cookie}).status_code == 403


def test_only_marked_routes_read_the_cookie_without_the_same_site_rule():
    """Every function of app.py that reads the session cookie as it comes (token_of) is a route
    marked portal_pages_only; a helper of the open routes (the client counted for wrong keys)
    takes the token only through the same-site rule (token_from_portal_pages)."""
    import ast
    import inspect
    import app as portal
    marked = {entry.view_function.__name__ for methods in portal.app.routes.values() for entry in methods.values()
              if getattr(entry.view_function, "portal_pages_only", False)}
    tree = ast.parse(inspect.getsource(portal))
    readers = {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)
               for call in ast.walk(node) if isinstance(call, ast.Attribute) and call.attr == "token_of"}
    assert readers and readers <= marked, readers - marked


def test_another_sites_page_cannot_make_a_members_account_count_its_wrong_keys():
    from chalicelib.edge import cookies

    class Request:
        def __init__(self, headers):
            self.headers = headers
            self.method = "POST"
    cookie = {"cookie": f"{cookies.NAME}=abc"}
    site = "http://127.0.0.1:8000"
    assert cookies.token_from_portal_pages(Request({**cookie, "sec-fetch-site": "same-origin"}), site) == "abc"
    assert cookies.token_from_portal_pages(Request({**cookie, "origin": site}), site) == "abc"
    for foreign in ({"sec-fetch-site": "cross-site", "origin": "https://evil.example"}, {"origin": "https://evil.example"},
                    {"sec-fetch-site": "same-site"}):
        assert cookies.token_from_portal_pages(Request({**cookie, **foreign}), site) is None, foreign
