"""発注者の管理者: a member of the orderer's staff whom the operator named keeps its departments and
notification addresses and reads what its staff did; nobody else, and never another orderer's.
Each change is written on its base revision only, with its history and audit entries."""
from __future__ import annotations

import datetime as dt
import email
import email.policy
import json
import secrets

import pytest

from openapi_document import SPEC, advance_increase, check_response
from support import (OUTBOX, STAFF_ORIGIN, clock_at, codes_sent_to, issue_headers, new_contract_number, post_json,
                     staff_address, staff_headers)

ADMIN = "keiyaku@city.saku.nagano.jp"  # 佐久市's administrator in api/devtools/data/demo_enrolments.json
SAKU = "202177"
SETTINGS = ("/v1/staff/orderer", "get")
CHANGE = ("/v1/staff/orderer", "patch")
ACTIVITY = ("/v1/staff/activity", "get")
NAGANO = {"orderer_id": "202126", "accepts_from": "2024-04-01", "kinds": ["contract"],
          "staff_email_domains": ["city.omachi.lg.jp"], "departments": ["契約課", "建築課"],
          "administrators": ["keiyaku@city.omachi.lg.jp"], "notification_addresses": []}


def patch(api, headers, body):
    return api.patch("/v1/staff/orderer", body=json.dumps(body, ensure_ascii=False).encode(),
                     headers={"Content-Type": "application/json", **headers})


@pytest.fixture(scope="module")
def admin(api):
    """A signed-in session of 佐久市's administrator (one sign-in for the module: codes per address are few)."""
    return staff_headers(api, ADMIN)


def session_of(store, email: str, orderer_id: str) -> dict:
    """A staff session written straight into the store: for an orderer whose staff the sign-in
    does not reach in this test (another orderer's administrator)."""
    from chalicelib.adapters import clock, keyed_hash
    from chalicelib.domain import staff
    token = secrets.token_urlsafe(32)
    now = clock.now()
    store.staff.put_session(keyed_hash.session_token(token), email, orderer_id, now, now + staff.SESSION_ABSOLUTE)
    return {"Cookie": f"portal_session={token}", **STAFF_ORIGIN}


@pytest.fixture(autouse=True)
def saku_as_it_was(api, admin, store):
    """佐久市's departments, notification addresses and 電子提出 settings as they were before the test (other tests use them)."""
    before = store.registry.enrolment(SAKU)
    yield
    now = api.get("/v1/staff/orderer", headers=admin).json_body
    if (now["departments"], now["notification_addresses"], now["inbox"]) != (
            list(before.departments), list(before.notification_addresses), before.inbox.as_record()):
        restored = patch(api, admin, {"revision": now["revision"], "departments": list(before.departments),
                                      "notification_addresses": list(before.notification_addresses),
                                      "inbox": before.inbox.as_record()})
        assert restored.status_code == 200, restored.body


@pytest.fixture
def nagano(store):
    """大町市 enrolled too, with an administrator of its own (a session written into the store)."""
    from chalicelib.adapters import clock
    from devtools import registry_seed
    registry_seed.seed(store, clock.now(), everything=False, enrolments=[NAGANO])
    return session_of(store, "keiyaku@city.omachi.lg.jp", "202126")


def test_the_administrator_reads_the_orderers_settings(api, admin):
    settings = check_response(api.get("/v1/staff/orderer", headers=admin), *SETTINGS, 200)
    assert settings["orderer"] == {"id": SAKU, "name": "長野県佐久市"}
    assert settings["departments"] == ["契約検査課", "建設課", "土木課", "上下水道課", "農林課", "教育総務課"]
    assert settings["staff_email_domains"] == ["city.saku.nagano.jp"]
    assert ADMIN in settings["administrators"]
    assert "運営者" in settings["staff_email_domains_note"]
    assert settings["revision"] >= 1
    session = check_response(api.get("/v1/staff/session", headers=admin), "/v1/staff/session", "get", 200)
    assert session["administrator"] is True


def test_the_limits_are_stated_once():
    from chalicelib.domain import orderer_settings
    schemas = SPEC["components"]["schemas"]
    departments, addresses = schemas["OrdererDepartments"], schemas["NotificationAddresses"]
    assert (departments["minItems"], departments["maxItems"], departments["items"]["maxLength"],
            addresses["maxItems"]) == (1, orderer_settings.MAX_DEPARTMENTS, orderer_settings.DEPARTMENT_MAX_LENGTH,
                                       orderer_settings.MAX_NOTIFICATION_ADDRESSES)
    assert orderer_settings.limits() == {"departments": 30, "department_length": 40, "notification_addresses": 10}


def test_a_member_of_staff_who_is_no_administrator_is_refused_everywhere(api):
    colleague = staff_headers(api)
    assert api.get("/v1/staff/session", headers=colleague).json_body["administrator"] is False
    for response, where in ((api.get("/v1/staff/orderer", headers=colleague), SETTINGS),
                            (patch(api, colleague, {"revision": 1, "departments": ["総務課"]}), CHANGE),
                            (api.get("/v1/staff/activity", headers=colleague), ACTIVITY)):
        assert check_response(response, *where, 403)["error"]["code"] == "not_administrator"


def test_without_a_session_or_from_another_site_nothing_is_read(api, admin, store):
    before = store.registry.enrolment(SAKU)
    for path in ("/v1/staff/orderer", "/v1/staff/activity"):
        response = api.get(path, headers=STAFF_ORIGIN)
        assert check_response(response, path, "get", 401)["error"]["code"] == "not_signed_in"
        elsewhere = api.get(path, headers={**admin, "Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"})
        assert check_response(elsewhere, path, "get", 403)["error"]["code"] == "cross_site_request"
    response = patch(api, {**admin, "Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"},
                     {"revision": before.revision, "departments": ["乗っ取り課"]})
    assert response.status_code == 403 and response.json_body["error"]["code"] == "cross_site_request"
    assert store.registry.enrolment(SAKU) == before


def test_an_address_moved_off_the_staff_domains_is_no_administrator(store):
    from chalicelib.domain.orderers import Orderer
    from chalicelib.usecases.common import orderers
    saku = orderers.find(SAKU)
    assert saku.administered_by(ADMIN.upper()) and orderers.administers(SAKU, ADMIN)
    moved = Orderer(saku.body, saku.enrolment.next({}, saku.enrolment.changed_at, staff_email_domains=("example.jp",)))
    assert not moved.administered_by(ADMIN)
    assert not orderers.administers(SAKU, "someone@city.saku.nagano.jp")


def test_another_orderers_administrator_sees_and_changes_only_their_own(api, admin, store, nagano):
    saku_before = store.registry.enrolment(SAKU)
    own = check_response(api.get("/v1/staff/orderer", headers=nagano), *SETTINGS, 200)
    assert own["orderer"] == {"id": "202126", "name": "長野県大町市"} and own["departments"] == ["契約課", "建築課"]
    # Even with 佐久市's revision and 佐久市's departments, the change lands on 大町市 or nowhere.
    attempt = patch(api, nagano, {"revision": saku_before.revision, "departments": ["乗っ取り課"]})
    assert attempt.status_code in (200, 409)
    assert store.registry.enrolment(SAKU) == saku_before
    # 大町市's activity is its own: 佐久市's administrator's cursor does not continue it.
    assert check_response(api.get("/v1/staff/activity", headers=nagano), *ACTIVITY, 200)["entries"] == []
    saku_page = api.get("/v1/staff/activity?limit=1", headers=admin).json_body
    assert saku_page["next_cursor"]
    stolen = api.get(f"/v1/staff/activity?cursor={saku_page['next_cursor']}", headers=nagano)
    assert check_response(stolen, *ACTIVITY, 400)["error"]["code"] == "invalid_cursor"
    # The session's orderer decides, and its address must still be on that orderer's domains: a
    # 大町市 address in a session of 佐久市 is refused outright, so it administers nothing there.
    forged = session_of(store, "keiyaku@city.omachi.lg.jp", SAKU)
    assert api.get("/v1/staff/session", headers=forged).status_code == 401
    assert api.get("/v1/staff/orderer", headers=forged).status_code == 401


def test_a_change_is_saved_with_its_history_and_an_audit_entry_that_verifies(api, admin, store):
    from chalicelib.domain import audit
    before = api.get("/v1/staff/orderer", headers=admin).json_body
    departments = ["契約検査課", "建設部 建設課", "土木課", "上下水道課", "農林課", "教育総務課", "こども課"]
    response = patch(api, admin, {"revision": before["revision"], "departments": departments,
                                  "notification_addresses": ["Keiyaku-Box@City.Saku.Nagano.jp"]})
    after = check_response(response, *CHANGE, 200)
    assert after["revision"] == before["revision"] + 1
    assert after["departments"] == departments
    assert after["notification_addresses"] == ["keiyaku-box@city.saku.nagano.jp"]  # addresses are kept folded
    assert after["changed_at_label"].endswith("（日本時間）")
    assert api.get("/v1/staff/orderer", headers=admin).json_body == after

    stored = store.registry.enrolment(SAKU)
    assert stored.departments == tuple(departments) and stored.revision == after["revision"]
    assert stored.changed_by == audit.administrator_actor(ADMIN, SAKU)
    change = store.registry.history(SAKU)[-1]
    assert (change["action"], change["revision"], change["actor"]) == (
        "orderer.own_settings", after["revision"], audit.administrator_actor(ADMIN, SAKU))
    assert change["changes"]["departments"] == [before["departments"], departments]
    [entry], _ = store.audit.page(1, None)
    assert (entry.action, entry.target, entry.actor) == ("orderer.own_settings", f"orderer:{SAKU}",
                                                        audit.administrator_actor(ADMIN, SAKU))
    assert entry.details["changes"]["notification_addresses"] == [[], ["keiyaku-box@city.saku.nagano.jp"]]
    assert audit.verify(store.audit.after(0, 100_000)) is None

    # The same lists again change nothing: no revision, no entry.
    again = patch(api, admin, {"revision": after["revision"], "departments": departments})
    assert again.status_code == 200 and again.json_body["revision"] == after["revision"]
    assert store.audit.page(1, None)[0][0].seq == entry.seq


def test_a_change_made_meanwhile_is_a_conflict_and_nothing_is_written(api, admin, store):
    base = api.get("/v1/staff/orderer", headers=admin).json_body
    first = patch(api, admin, {"revision": base["revision"], "departments": [*base["departments"], "環境課"]})
    assert first.status_code == 200
    head = store.audit.head()
    second = patch(api, admin, {"revision": base["revision"], "departments": ["別の一覧"]})
    assert check_response(second, *CHANGE, 409)["error"]["code"] == "revision_conflict"
    assert store.registry.enrolment(SAKU).departments == (*base["departments"], "環境課")
    assert store.audit.head() == head


def test_a_write_that_loses_the_race_is_a_conflict(api, admin, store, monkeypatch):
    """Read at revision n, written after someone else's n+1: the store's condition refuses it."""
    from chalicelib.usecases.ports.records import ConditionFailed
    base = api.get("/v1/staff/orderer", headers=admin).json_body
    registry = store.registry

    def lost(*args, **kwargs):
        raise ConditionFailed("revision")
    monkeypatch.setattr(type(registry), "put_enrolments", lost)
    response = patch(api, admin, {"revision": base["revision"], "departments": ["総務課"]})
    assert check_response(response, *CHANGE, 409)["error"]["code"] == "revision_conflict"


SIX = ["契約検査課", "建設課", "土木課", "上下水道課", "農林課", "教育総務課"]


@pytest.mark.parametrize("change, code, field", [
    ({"departments": []}, "too_few_departments", "departments"),
    ({"departments": [f"課{n}" for n in range(31)]}, "too_many_departments", "departments"),
    ({"departments": [*SIX, "あ" * 41]}, "too_long", "departments.6"),
    ({"departments": [*SIX, "建設課"]}, "duplicate_department", "departments.6"),
    ({"departments": [*SIX, "総務\u0007課"]}, "invalid_character", "departments.6"),
    ({"departments": [*SIX, "総務\u202e課"]}, "invalid_character", "departments.6"),
    ({"departments": [*SIX, "\u3000 "]}, "missing_field", "departments.6"),
    ({"departments": "建設課"}, "invalid_type", "departments"),
    ({"notification_addresses": [f"box{n}@city.saku.nagano.jp" for n in range(11)]},
     "too_many_notification_addresses", "notification_addresses"),
    ({"notification_addresses": ["keiri@asama.example"]}, "notification_address_not_staff", "notification_addresses.0"),
    ({"notification_addresses": ["box@city.saku.nagano.jp.example.com"]}, "notification_address_not_staff",
     "notification_addresses.0"),
    ({"notification_addresses": ["box@city.saku.nagano.jp", "BOX@city.saku.nagano.jp"]},
     "duplicate_notification_address", "notification_addresses.1"),
    ({"notification_addresses": ["not an address"]}, "invalid_email", "notification_addresses.0"),
    ({}, "no_changes", ""),
    ({"departments": SIX, "staff_email_domains": ["example.jp"]}, "unknown_field", "staff_email_domains"),
    ({"departments": SIX, "administrators": ["me@example.jp"]}, "unknown_field", "administrators"),
])
def test_what_breaks_the_rules_is_refused_at_its_field_and_nothing_changes(api, admin, store, change, code, field):
    before = store.registry.enrolment(SAKU)
    response = patch(api, admin, {"revision": before.revision, **change})
    error = check_response(response, *CHANGE, 400)["error"]
    problems = error.get("details") or [error]
    assert (code, field) in [(p["code"], p.get("field", "")) for p in problems], problems
    assert all(p["message"] for p in problems)
    assert store.registry.enrolment(SAKU) == before


def test_every_problem_is_reported_at_once(api, admin, store):
    before = store.registry.enrolment(SAKU)
    response = patch(api, admin, {"revision": before.revision, "departments": ["建設課", "建設課"],
                                  "notification_addresses": ["keiri@asama.example"]})
    problems = check_response(response, *CHANGE, 400)["error"]["details"]
    assert [(p["code"], p["field"]) for p in problems] == [
        ("duplicate_department", "departments.1"), ("notification_address_not_staff", "notification_addresses.0")]
    assert "担当部署（2番目）" in problems[0]["message"]


def receive(api, issued, headers, department="契約検査課", name="佐久 花子"):
    body = {"contract_number": issued["guarantee"]["contract_number"], "auth_key": issued["auth_key"],
            "department": department, "name": name}
    response = post_json(api, "/v1/receipts", body, headers)
    assert response.status_code == 201, response.body


def test_the_activity_lists_sign_ins_and_receipts_newest_first_without_secrets(api, admin, issue_guarantee):
    clerk = staff_address()
    headers = staff_headers(api, clerk)
    [code] = codes_sent_to(clerk)
    issued = issue_guarantee()
    number = issued["guarantee"]["contract_number"]
    receive(api, issued, headers, "建設課", "佐久 次郎")
    gid = issued["guarantee"]["guarantee_id"]
    withdrawn = post_json(api, f"/v1/staff/receipts/{gid}/1/withdrawal", {"department": "建設課"}, headers)
    assert withdrawn.status_code == 200

    # Other tests of the session's store sign in under clocks of their own (some in the future):
    # this clerk's entries are the ones to read, newest first among them.
    listing = check_response(api.get("/v1/staff/activity?limit=100", headers=admin), *ACTIVITY, 200)
    mine = [e for e in listing["entries"] if e["email"] == clerk]
    assert [e["action"] for e in mine] == ["receipt_withdrawn", "receipt_recorded", "signed_in"]
    page = check_response(api.get("/v1/staff/activity?limit=3", headers=admin), *ACTIVITY, 200)
    assert len(page["entries"]) == 3 and page["next_cursor"]
    withdrawal, receipt, sign_in = mine
    assert (receipt["action_label"], receipt["contract_number"], receipt["version_label"], receipt["department"],
            receipt["name"]) == ("受領を記録", number, "第1版", "建設課", "佐久 次郎")
    assert (withdrawal["contract_number"], withdrawal["department"]) == (number, "建設課")
    assert sign_in["action_label"] == "サインイン" and "contract_number" not in sign_in
    assert sign_in["at"] <= receipt["at"] <= withdrawal["at"] and sign_in["at_label"].endswith("（日本時間）")
    text = json.dumps(listing, ensure_ascii=False)
    session = headers["Cookie"].split("=", 1)[1]
    for secret in (code, issued["auth_key"], issued["auth_key"].replace("-", ""), session):
        assert secret not in text

    # The next page continues where this one ended.
    rest = check_response(api.get(f"/v1/staff/activity?limit=3&cursor={page['next_cursor']}", headers=admin),
                          *ACTIVITY, 200)
    assert rest["entries"] and rest["entries"][0]["at"] <= page["entries"][-1]["at"]
    assert not {json.dumps(e, sort_keys=True) for e in rest["entries"]} & {
        json.dumps(e, sort_keys=True) for e in page["entries"]}
    for query, code_ in (("limit=0", "invalid_limit"), ("cursor=a.b", "invalid_cursor")):
        bad = api.get(f"/v1/staff/activity?{query}", headers=admin)
        assert check_response(bad, *ACTIVITY, 400)["error"]["code"] == code_


def test_each_entry_is_kept_a_year(api, store, monkeypatch):
    from chalicelib.domain import retention
    kept = []
    add = type(store.activity).add
    monkeypatch.setattr(type(store.activity), "add",
                        lambda self, orderer_id, entry, keep_until: kept.append((orderer_id, entry, keep_until))
                        or add(self, orderer_id, entry, keep_until))
    clerk = staff_address()
    staff_headers(api, clerk)
    [(orderer_id, entry, keep_until)] = kept
    at = dt.datetime.strptime(entry["at"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.timezone.utc)
    assert (orderer_id, entry["email"], entry["action"]) == (SAKU, clerk, "signed_in")
    assert keep_until == at + retention.STAFF_ACTIVITY


def mails_to(address: str, subject_start: str, number: str) -> list:
    found = []
    for path in OUTBOX.glob("*.eml"):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        if message["To"] == address and message["Subject"].startswith(subject_start) and number in message["Subject"]:
            found.append(message)
    return found


def test_the_notification_addresses_hear_of_changes_once_and_without_a_key(api, admin, surety_token, issue_guarantee):
    clerk, box = staff_address(), f"box-{secrets.token_hex(4)}@city.saku.nagano.jp"
    base = api.get("/v1/staff/orderer", headers=admin).json_body
    # The clerk who records the receipt is a notification address too: still one copy.
    saved = patch(api, admin, {"revision": base["revision"], "notification_addresses": [box, clerk.upper()]})
    assert saved.status_code == 200, saved.body
    issued = issue_guarantee()
    number, gid = issued["guarantee"]["contract_number"], issued["guarantee"]["guarantee_id"]
    assert mails_to(box, "受領済みの電子保証", number) == []  # nothing before a receipt
    receive(api, issued, staff_headers(api, clerk))

    amendment = {"base_version": 1, "reason": "increase", "effective_date": issued["guarantee"]["issue_date"],
                 "changes": advance_increase(25_000_000)}
    amended = post_json(api, f"/v1/guarantees/{gid}/amendments", amendment, issue_headers(surety_token))
    assert amended.status_code == 201, amended.body
    new_key = amended.json_body["auth_key"]
    cancel = post_json(api, f"/v1/guarantees/{gid}/cancellation",
                       {"reason": "契約解除", "date": issued["guarantee"]["issue_date"]}, issue_headers(surety_token))
    assert cancel.status_code == 200, cancel.body
    for address in (box, clerk):
        told = mails_to(address, "受領済みの電子保証", number)
        assert len(told) == 2, [m["Subject"] for m in told]
        for message in told:
            content = message.get_content()
            for key in (issued["auth_key"], new_key):
                assert key not in content and key.replace("-", "") not in content


def test_the_notification_addresses_hear_once_when_a_received_guarantees_period_ends(api, admin, surety_token):
    from chalicelib.usecases import deliver_mail
    from devtools.demo import demo_request
    box = f"box-{secrets.token_hex(4)}@city.saku.nagano.jp"
    end_day = dt.datetime(2032, 5, 31, 3, 0, tzinfo=dt.timezone.utc)  # a day no other test sweeps
    issued_at = end_day - dt.timedelta(days=60)
    body = demo_request(new_contract_number(), issued_at.date())
    body["project"]["period"] = {"start": issued_at.date().isoformat(),
                                 "end": (end_day.date() - dt.timedelta(days=5)).isoformat()}
    body["guarantee_period"] = {"start": issued_at.date().isoformat(), "end": end_day.date().isoformat()}
    clerk = staff_address()
    with clock_at(issued_at):
        issued = post_json(api, "/v1/guarantees", body, issue_headers(surety_token)).json_body
        receive(api, issued, staff_headers(api, clerk))
    base = api.get("/v1/staff/orderer", headers=admin).json_body
    assert patch(api, admin, {"revision": base["revision"], "notification_addresses": [box]}).status_code == 200
    after = end_day + dt.timedelta(days=1)
    with clock_at(after):
        deliver_mail.sweep(after)
        deliver_mail.sweep(after + dt.timedelta(minutes=5))  # the next run that day: nothing again
    number = issued["guarantee"]["contract_number"]
    for address in (clerk, box):
        [notice] = mails_to(address, "受領済みの電子保証の保証期間の終了のお知らせ", number)
        assert issued["auth_key"] not in notice.get_content()


# ---- 電子提出 (issue 29): whether contractors may submit, and how each department hears of it ----

INBOX = {"accepts": True, "shares_reference": False,
         "department_mail": [{"department": "建設課", "addresses": ["Kensetsu@City.Saku.Nagano.jp"], "frequency": "each"},
                             {"department": "土木課", "addresses": ["doboku@city.saku.nagano.jp",
                                                                 "doboku-2@city.saku.nagano.jp"], "frequency": "daily"}]}


def test_the_administrator_sets_the_inbox_with_its_history_and_audit_entry(api, admin, store):
    from chalicelib.domain import submissions
    before = check_response(api.get("/v1/staff/orderer", headers=admin), *SETTINGS, 200)
    assert before["inbox_options"] == {"frequencies": submissions.MAIL_FREQUENCIES,
                                       "max_addresses": submissions.MAX_DEPARTMENT_ADDRESSES}
    after = check_response(patch(api, admin, {"revision": before["revision"], "inbox": INBOX}), *CHANGE, 200)
    assert after["revision"] == before["revision"] + 1
    assert after["inbox"]["accepts"] is True
    assert after["inbox"]["department_mail"][0] == {"department": "建設課", "addresses": ["kensetsu@city.saku.nagano.jp"],
                                                    "frequency": "each"}  # addresses kept folded
    stored = store.registry.enrolment(SAKU).inbox
    assert stored.mail_for("土木課").frequency == "daily" and stored.accepts
    change = store.registry.history(SAKU)[-1]
    assert change["action"] == "orderer.own_settings" and change["changes"]["inbox"][1] == after["inbox"]
    [entry], _ = store.audit.page(1, None)
    assert entry.details["changes"]["inbox"][1] == after["inbox"]
    # The same object again changes nothing.
    again = patch(api, admin, {"revision": after["revision"], "inbox": after["inbox"]})
    assert again.status_code == 200 and again.json_body["revision"] == after["revision"]


def test_a_department_taken_off_the_list_takes_its_mail_with_it(api, admin, store):
    base = api.get("/v1/staff/orderer", headers=admin).json_body
    saved = check_response(patch(api, admin, {"revision": base["revision"], "inbox": INBOX}), *CHANGE, 200)
    departments = [d for d in saved["departments"] if d != "土木課"]
    after = check_response(patch(api, admin, {"revision": saved["revision"], "departments": departments}), *CHANGE, 200)
    assert [m["department"] for m in after["inbox"]["department_mail"]] == ["建設課"]
    assert store.registry.enrolment(SAKU).inbox.mail_for("土木課") is None
    # Named in the same change as its removal, it is refused.
    refused = patch(api, admin, {"revision": after["revision"], "departments": [d for d in departments if d != "建設課"],
                                 "inbox": INBOX})
    problems = check_response(refused, *CHANGE, 400)["error"]["details"]
    assert ("unknown_department", "inbox.department_mail.0.department") in [(p["code"], p["field"]) for p in problems]


def _mail(**change):
    return {**INBOX, "department_mail": [{**INBOX["department_mail"][0], **change}]}


@pytest.mark.parametrize("inbox, code, field", [
    (_mail(department="総務課"), "unknown_department", "inbox.department_mail.0.department"),
    ({**INBOX, "department_mail": [INBOX["department_mail"][0]] * 2}, "duplicate_department",
     "inbox.department_mail.1.department"),
    (_mail(addresses=["keiri@asama.example"]), "notification_address_not_staff", "inbox.department_mail.0.addresses.0"),
    (_mail(addresses=["a@city.saku.nagano.jp", "A@city.saku.nagano.jp"]), "duplicate_notification_address",
     "inbox.department_mail.0.addresses.1"),
    (_mail(addresses=[f"box{n}@city.saku.nagano.jp" for n in range(6)]), "too_many_addresses",
     "inbox.department_mail.0.addresses"),
    (_mail(frequency="weekly"), "invalid_choice", "inbox.department_mail.0.frequency"),
    (_mail(addresses=[], frequency="daily"), "missing_field", "inbox.department_mail.0.addresses"),
    ({"accepts": True, "department_mail": []}, "missing_field", "inbox.shares_reference"),
    ({**INBOX, "accepts": "yes"}, "invalid_type", "inbox.accepts"),
], ids=["unknown department", "twice", "not staff", "address twice", "six addresses", "weekly", "daily to nobody",
        "not whole", "not boolean"])
def test_inbox_settings_that_break_the_rules_are_refused_at_their_field(api, admin, store, inbox, code, field):
    before = store.registry.enrolment(SAKU)
    error = check_response(patch(api, admin, {"revision": before.revision, "inbox": inbox}), *CHANGE, 400)["error"]
    problems = error.get("details") or [error]
    assert (code, field) in [(p["code"], p.get("field", "")) for p in problems], problems
    assert all(p["message"] for p in problems)
    assert store.registry.enrolment(SAKU) == before


def test_a_department_the_operator_takes_off_takes_its_mail_with_it(api, admin, store):
    from chalicelib.usecases.operator import enrolments
    base = api.get("/v1/staff/orderer", headers=admin).json_body
    saved = check_response(patch(api, admin, {"revision": base["revision"], "inbox": INBOX}), *CHANGE, 200)
    enrolments.change(SAKU, {"revision": saved["revision"],
                             "departments": [d for d in saved["departments"] if d != "建設課"]})
    after = check_response(api.get("/v1/staff/orderer", headers=admin), *SETTINGS, 200)
    assert [m["department"] for m in after["inbox"]["department_mail"]] == ["土木課"]
    # The administrator's next save of the whole object as read is accepted.
    again = patch(api, admin, {"revision": after["revision"], "inbox": {**after["inbox"], "shares_reference": True}})
    assert check_response(again, *CHANGE, 200)["inbox"]["shares_reference"] is True
