"""Enrolment through the operator API: honoured by the registry at once (the next read), kept
with its history and an audit entry per change (the chain verifying), and every refusal of
the issue — a wrong check digit, an unknown orderer, a second enrolment, a domain another
orderer holds, a change that strands issued guarantees — answered clearly with nothing written."""
from __future__ import annotations

import datetime as dt
import itertools
import os
import uuid

import pytest

import operator_signing as op
from support import current_store

_taken: set[str] = set()
_pool = itertools.count()


@pytest.fixture(scope="module", autouse=True)
def operator_keys(tmp_path_factory):
    op.install_keys(tmp_path_factory.mktemp("operator"))
    yield
    os.environ.pop("PORTAL_OPERATOR_LOCAL_KEYS", None)


def fresh_orderer(api) -> str:
    """A municipality of the national list that no test (nor the demo data) enrolled, brought
    into the registry through the operator's import."""
    from devtools import public_bodies
    store = current_store()
    for body in public_bodies.national_list():
        if body.category == "municipality" and body.prefecture == "北海道" and body.id not in _taken \
                and store.registry.enrolment(body.id) is None:
            _taken.add(body.id)
            reply = op.call(api, "POST", "/v1/operator/bodies/imports", {"bodies": [{
                "id": body.id, "name": body.name, "kana": body.kana, "prefecture": body.prefecture,
                "category": body.category}], "source": public_bodies.source()})
            assert reply.status_code == 200, reply.body
            return body.id
    raise AssertionError("no municipality left")


def domain() -> str:
    return f"t{uuid.uuid4().hex[:10]}.example.lg.jp"


def enrolment_body(**overrides) -> dict:
    return {"accepts_from": "2025-04-01", "kinds": ["advance_payment", "contract"], "scope": "町が発注する工事",
            "paper_still_accepted": True, "staff_email_domains": [domain()], "departments": ["建設課"],
            "contact": {"department": "総務課 契約係", "phone": "0123-45-6789"}, **overrides}


def enrol(api, orderer_id: str, **overrides):
    return op.call(api, "POST", f"/v1/operator/enrolments/{orderer_id}", enrolment_body(**overrides))


def written(store) -> tuple:
    """What a refused request must leave as it was: the chain's head, every enrolment, the domains."""
    registry = store.registry
    return (store.audit.head(), [e.as_record() for e in registry.enrolments()], len(registry.bodies()))


def test_an_enrolment_is_honoured_at_once_with_its_history_and_audit_entry(api):
    from chalicelib.usecases.common import orderers
    orderer_id = fresh_orderer(api)
    assert orderers.find(orderer_id) is None
    body = enrolment_body(administrators=[])
    staff_domain = body["staff_email_domains"][0]
    response = op.call(api, "POST", f"/v1/operator/enrolments/{orderer_id}", body)
    assert response.status_code == 201, response.body
    assert response.json_body["enrolment"]["revision"] == 1
    found = orderers.find(orderer_id)  # the use cases' way of reading the registry: no restart
    assert found is not None and found.accepts("contract", dt.date(2025, 4, 1))
    assert not found.accepts("contract", dt.date(2025, 3, 31)) and not found.accepts("interim_advance_payment", dt.date(2026, 1, 1))
    assert orderers.employing(f"keiyaku@{staff_domain}").id == orderer_id
    store = current_store()
    [history] = store.registry.history(orderer_id)
    assert history["action"] == "orderer.enrol" and history["actor"] == {"kind": "operator", "id": op.NAME, "via": "local-sigv4"}
    [entry], _ = store.audit.page(1, None)
    assert (entry.action, entry.target, entry.actor["id"]) == ("orderer.enrol", f"orderer:{orderer_id}", op.NAME)
    assert entry.details["changes"]["kinds"] == [None, ["advance_payment", "contract"]]
    shown = op.call(api, "GET", f"/v1/operator/enrolments/{orderer_id}").json_body
    assert shown["enrolment"]["staff_email_domains"] == [staff_domain] and len(shown["history"]) == 1


def test_each_change_is_audited_and_the_chain_verifies(api):
    orderer_id = fresh_orderer(api)
    assert enrol(api, orderer_id).status_code == 201
    store = current_store()
    before = store.audit.head().seq
    base = f"/v1/operator/enrolments/{orderer_id}"
    steps = [
        ("PATCH", base, {"revision": 1, "kinds": ["advance_payment", "interim_advance_payment", "contract"],
                         "departments": ["建設課", "農林課"]}, "orderer.change"),
        ("POST", base + "/suspension", {"revision": 2, "reason": "システム移行のため"}, "orderer.suspend"),
        ("POST", base + "/resumption", {"revision": 3}, "orderer.resume"),
        ("PUT", base + "/staff-domains", {"revision": 4, "staff_email_domains": [domain(), domain()]}, "orderer.staff_domains"),
    ]
    for method, path, body, action in steps:
        response = op.call(api, method, path, body)
        assert response.status_code == 200, (action, response.body)
    staff_domain = response.json_body["enrolment"]["staff_email_domains"][0]
    response = op.call(api, "PUT", base + "/administrators", {"revision": 5, "administrators": [f"kanri@{staff_domain}"]})
    assert response.status_code == 200, response.body
    entries = store.audit.after(before, 100)
    assert [e.action for e in entries] == [s[3] for s in steps] + ["orderer.administrators"]
    assert entries[1].details["reason"] == "システム移行のため"
    assert [h["revision"] for h in store.registry.history(orderer_id)] == [1, 2, 3, 4, 5, 6]
    assert store.registry.enrolment(orderer_id).administrators == (f"kanri@{staff_domain}",)
    verified = op.call(api, "GET", "/v1/operator/audit/verification").json_body
    assert verified["valid"] is True and verified["checked"] == store.audit.head().seq
    page = op.call(api, "GET", "/v1/operator/audit?limit=3").json_body
    assert [e["seq"] for e in page["entries"]] == [store.audit.head().seq - i for i in range(3)]  # newest first
    assert page["entries"][0]["action_label"] == "発注者の管理者の変更" and page["next_cursor"]
    more = op.call(api, "GET", f"/v1/operator/audit?limit=3&cursor={page['next_cursor']}").json_body
    assert more["entries"][0]["seq"] == page["entries"][-1]["seq"] - 1


def test_a_suspended_orderer_is_not_accepting(api):
    from chalicelib.usecases.common import orderers
    orderer_id = fresh_orderer(api)
    assert enrol(api, orderer_id).status_code == 201
    assert op.call(api, "POST", f"/v1/operator/enrolments/{orderer_id}/suspension",
                   {"revision": 1, "reason": "停止"}).status_code == 200
    assert not orderers.find(orderer_id).accepts("contract", dt.date(2026, 1, 1))


@pytest.mark.parametrize(("path", "code", "status"), [
    ("202178", "invalid_orderer_id", 400),   # 佐久市's code with a wrong check digit
    ("12345", "invalid_orderer_id", 400),
    ("Mlit_Kanto", "invalid_orderer_id", 400),
    (None, "unknown_orderer", 404),          # a valid code the test registry does not list
])
def test_a_wrong_or_unknown_orderer_is_refused_and_nothing_written(api, path, code, status):
    from chalicelib.domain.orderers import local_government_code_valid
    store = current_store()
    # A code with the right check digit that no body has (47 沖縄県, 999: no municipality).
    path = path or next(c for c in (f"47999{d}" for d in range(10)) if local_government_code_valid(c))
    assert store.registry.body(path) is None
    before = written(store)
    response = enrol(api, path)
    assert response.status_code == status, response.body
    assert response.json_body["error"]["code"] == code
    assert written(store) == before


def test_a_second_enrolment_is_refused_and_nothing_written(api):
    orderer_id = fresh_orderer(api)
    assert enrol(api, orderer_id).status_code == 201
    store = current_store()
    before = written(store)
    response = enrol(api, orderer_id, accepts_from="2020-01-01")
    assert (response.status_code, response.json_body["error"]["code"]) == (409, "already_enrolled")
    assert written(store) == before


def test_a_domain_another_orderer_holds_is_refused_naming_it(api):
    orderer_id = fresh_orderer(api)
    store = current_store()
    before = written(store)
    response = enrol(api, orderer_id, staff_email_domains=["city.saku.nagano.jp"])  # 佐久市's
    assert (response.status_code, response.json_body["error"]["code"]) == (409, "staff_domain_taken")
    assert "長野県佐久市" in response.json_body["error"]["message"]
    assert written(store) == before and store.registry.enrolment(orderer_id) is None
    assert enrol(api, orderer_id).status_code == 201
    before = written(store)
    response = op.call(api, "PUT", f"/v1/operator/enrolments/{orderer_id}/staff-domains",
                       {"revision": 1, "staff_email_domains": ["city.saku.nagano.jp"]})
    assert (response.status_code, response.json_body["error"]["code"]) == (409, "staff_domain_taken")
    assert written(store) == before
    assert store.registry.orderer_by_domain("city.saku.nagano.jp") == "202177"


def test_a_change_that_would_strand_issued_guarantees_is_refused(api):
    orderer_id = fresh_orderer(api)
    assert enrol(api, orderer_id).status_code == 201
    store = current_store()
    store.registry.note_issuance(orderer_id, "contract", dt.date(2025, 6, 1))
    before = written(store)
    later = op.call(api, "PATCH", f"/v1/operator/enrolments/{orderer_id}", {"revision": 1, "accepts_from": "2025-07-01"})
    assert (later.status_code, later.json_body["error"]["code"]) == (409, "enrolment_strands_guarantees")
    assert "契約保証" in later.json_body["error"]["message"]
    dropped = op.call(api, "PATCH", f"/v1/operator/enrolments/{orderer_id}", {"revision": 1, "kinds": ["advance_payment"]})
    assert (dropped.status_code, dropped.json_body["error"]["code"]) == (409, "enrolment_strands_guarantees")
    assert "契約保証" in dropped.json_body["error"]["message"]
    assert written(store) == before
    # Up to the guarantee's contract date, and dropping a kind never issued, are fine.
    fine = op.call(api, "PATCH", f"/v1/operator/enrolments/{orderer_id}",
                   {"revision": 1, "accepts_from": "2025-06-01", "kinds": ["contract"]})
    assert fine.status_code == 200, fine.body


def test_a_change_from_an_old_revision_is_refused(api):
    orderer_id = fresh_orderer(api)
    assert enrol(api, orderer_id).status_code == 201
    assert op.call(api, "PATCH", f"/v1/operator/enrolments/{orderer_id}", {"revision": 1, "scope": "一"}).status_code == 200
    store = current_store()
    before = written(store)
    response = op.call(api, "PATCH", f"/v1/operator/enrolments/{orderer_id}", {"revision": 1, "scope": "二"})
    assert (response.status_code, response.json_body["error"]["code"]) == (409, "revision_conflict")
    assert written(store) == before


@pytest.mark.parametrize(("overrides", "code", "field"), [
    ({"kinds": ["bond"]}, "invalid_choice", "kinds.0"),
    ({"kinds": []}, "invalid_kind", "kinds"),
    ({"kinds": ["contract", "contract"]}, "duplicate_value", "kinds[1]"),
    ({"accepts_from": "2025-02-30"}, "invalid_date", "accepts_from"),
    ({"staff_email_domains": ["City.Example.jp"]}, "invalid_staff_domain", "staff_email_domains[0]"),
    ({"administrators": ["kanri@elsewhere.example.jp"]}, "administrator_not_staff", "administrators[0]"),
    ({"notification_addresses": ["not-an-address"]}, "invalid_email", "notification_addresses[0]"),
])
def test_invalid_enrolments_are_refused_with_the_field_named(api, overrides, code, field):
    orderer_id = fresh_orderer(api)
    store = current_store()
    before = written(store)
    response = enrol(api, orderer_id, **overrides)
    assert response.status_code == 400, response.body
    problems = response.json_body["error"].get("details") or [response.json_body["error"]]
    assert (code, field) in {(p["code"], p.get("field")) for p in problems}, problems
    assert written(store) == before


def test_a_merger_moves_the_staff_domains_and_keeps_the_old_body(api):
    from chalicelib.usecases.common import orderers
    old_id, successor_id = fresh_orderer(api), fresh_orderer(api)
    old_domain = domain()
    assert enrol(api, old_id, staff_email_domains=[old_domain], administrators=[f"kanri@{old_domain}"]).status_code == 201
    assert enrol(api, successor_id).status_code == 201
    from chalicelib.adapters import clock
    tomorrow = (clock.today() + dt.timedelta(days=1)).isoformat()
    early = op.call(api, "POST", f"/v1/operator/bodies/{old_id}/merger", {"successor": successor_id, "on": tomorrow})
    assert (early.status_code, early.json_body["error"]["code"]) == (400, "invalid_merge")  # not ahead of its day
    assert current_store().registry.body(old_id).abolished_on is None
    response = op.call(api, "POST", f"/v1/operator/bodies/{old_id}/merger", {"successor": successor_id, "on": "2026-04-01"})
    assert response.status_code == 200, response.body
    store = current_store()
    old, successor = store.registry.body(old_id), store.registry.body(successor_id)
    assert (old.abolished_on, old.succeeded_by) == (dt.date(2026, 4, 1), successor_id)
    assert old_id in successor.predecessors
    assert store.registry.enrolment(old_id).suspended and store.registry.enrolment(old_id).staff_email_domains == ()
    assert old_domain in store.registry.enrolment(successor_id).staff_email_domains
    assert store.registry.orderer_by_domain(old_domain) == successor_id
    assert orderers.employing(f"someone@{old_domain}").id == successor_id
    [entry], _ = store.audit.page(1, None)
    assert entry.action == "body.merge" and entry.details["moved_staff_domains"] == [old_domain]
    again = op.call(api, "POST", f"/v1/operator/bodies/{old_id}/merger", {"successor": successor_id, "on": "2026-04-01"})
    assert (again.status_code, again.json_body["error"]["code"]) == (409, "orderer_abolished")
    abolished = enrol(api, old_id)
    assert abolished.status_code == 409


def test_an_enrolment_through_the_operator_api_is_honoured_by_issuance_and_sign_in_at_once(api, surety_token):
    from support import codes_sent_to, guarantee_request, issue_headers, post_json
    orderer_id = fresh_orderer(api)
    staff_domain = domain()

    def issue():
        return post_json(api, "/v1/guarantees", guarantee_request(orderer_id=orderer_id), issue_headers(surety_token))

    refused = issue()
    assert refused.status_code == 400 and refused.json_body["error"]["code"] == "orderer_not_enrolled", refused.body
    assert enrol(api, orderer_id, accepts_from="2024-01-01", kinds=["advance_payment", "interim_advance_payment", "contract"],
                 staff_email_domains=[staff_domain]).status_code == 201
    issued = issue()
    assert issued.status_code == 201, issued.body
    assert issued.json_body["guarantee"]["orderer"]["id"] == orderer_id
    # The new orderer's staff sign in with an address on the domain the operator set.
    address = f"keiyaku@{staff_domain}"
    origin = {"Origin": "http://127.0.0.1:8000"}
    assert post_json(api, "/v1/staff/sign-in-codes", {"email": address}, origin).status_code == 202
    signed_in = post_json(api, "/v1/staff/session", {"email": address, "code": codes_sent_to(address)[-1]}, origin)
    assert signed_in.status_code == 201 and signed_in.json_body["staff"]["orderer"]["id"] == orderer_id
    # Suspended through the operator API: the next issuance is refused.
    assert op.call(api, "POST", f"/v1/operator/enrolments/{orderer_id}/suspension",
                   {"revision": 1, "reason": "確認のため"}).status_code == 200
    suspended = issue()
    assert suspended.status_code == 400 and suspended.json_body["error"]["code"] == "orderer_suspended", suspended.body
    # A guarantee was noted for the kind: moving the start past its contract date is refused.
    later = op.call(api, "PATCH", f"/v1/operator/enrolments/{orderer_id}", {"revision": 2, "accepts_from": "2099-01-01"})
    assert (later.status_code, later.json_body["error"]["code"]) == (409, "enrolment_strands_guarantees")
