"""Orderer staff sign in without a password: a one-time code to a work address, then a
server-side session in an HttpOnly, SameSite=Strict cookie (NIST SP 800-63B out-of-band
rules). Against DynamoDB Local, through the real app."""
from __future__ import annotations

import datetime as dt
import re
import uuid

from chalicelib.adapters import clock
from chalicelib.domain import staff
from support import clock_at, codes_sent_to, post_json, staff_address, staff_headers

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
    response = sign_in(api, address, code)
    assert response.status_code == 201, response.body
    assert response.json_body["staff"] == {
        "email": address, "orderer": {"id": "202177", "name": "佐久市"},
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


def test_five_wrong_codes_void_the_code(api):
    address = staff_address()
    ask_code(api, address)
    [code] = codes_sent_to(address)
    wrong = f"{(int(code) + 1) % 100_000_000:08d}"
    for _ in range(staff.MAX_CODE_ATTEMPTS):
        assert sign_in(api, address, wrong).json_body["error"]["code"] == "invalid_code"
    # The right code no longer works: guessing 10^6 codes five at a time is hopeless.
    response = sign_in(api, address, code)
    assert response.status_code == 400 and response.json_body["error"]["field"] == "code"


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
    from chalicelib.adapters.config import SETTINGS
    table = boto3.resource("dynamodb", endpoint_url=SETTINGS.dynamodb_endpoint,
                           region_name=SETTINGS.region).Table(SETTINGS.table_name)
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
    # The account is kept (a receipt names who recorded it), never its code or session.
    assert dump.count(address) == 1


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


def test_staff_of_another_orderer_may_not_record_a_receipt(api, issue_guarantee, monkeypatch):
    from chalicelib.domain import orderers
    saku = orderers.get("202177")
    komoro = orderers.Orderer("202088", "小諸市", "長野県", saku.accepts_from, saku.kinds, "", True,
                                 ("city.komoro.nagano.jp",), ("契約検査課",))
    monkeypatch.setattr(orderers, "all_orderers", lambda: {"202177": saku, "202088": komoro})
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
        for n in range(3):
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
