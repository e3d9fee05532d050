"""Issue 27's "done means", end to end through the API: an orderer the operator brings in and
enrols through the operator interface (SigV4-signed, as the CLI signs) is honoured at once —
without a restart or a deploy — by issuance, by staff sign-in and by the public list; its
suspension as quickly; and each change is an audit entry of a chain that verifies."""
from __future__ import annotations

import os
import uuid

import pytest

import operator_signing as op
from support import (
    STAFF_ORIGIN,
    codes_sent_to,
    guarantee_request,
    issue_headers,
    post_json,
)


@pytest.fixture(scope="module", autouse=True)
def operator_keys(tmp_path_factory):
    op.install_keys(tmp_path_factory.mktemp("operator"))
    yield
    os.environ.pop("PORTAL_OPERATOR_LOCAL_KEYS", None)


def takasaki():
    """群馬県高崎市 from the national list: neither the demo data nor another test enrols it."""
    from devtools import public_bodies
    [body] = [b for b in public_bodies.national_list() if (b.prefecture, b.name) == ("群馬県", "高崎市")]
    return body


def issue(api, token, orderer_id: str, contract_date: str = "2026-04-01"):
    return post_json(api, "/v1/guarantees", guarantee_request(orderer_id=orderer_id, contract_date=contract_date),
                     issue_headers(token))


def orderer_refusal(response) -> str:
    assert response.status_code == 400, response.body
    error = response.json_body["error"]
    [detail] = [d for d in error.get("details", [error]) if d.get("field") == "orderer_id"]
    return detail["code"]


def revision(api, orderer_id: str) -> int:
    """The enrolment's revision as the operator reads it (a change names the one it was based on)."""
    reply = op.call(api, "GET", f"/v1/operator/enrolments/{orderer_id}")
    assert reply.status_code == 200, reply.body
    return reply.json_body["enrolment"]["revision"]


def listed(api) -> dict[str, dict]:
    return {o["id"]: o for o in api.get("/v1/orderers").json_body["orderers"]}


def test_an_orderer_enrolled_through_the_operator_interface_is_honoured_at_once(api, surety_token, store):
    body = takasaki()
    domain = f"city-{uuid.uuid4().hex[:8]}.takasaki.example.lg.jp"
    clerk = f"keiyaku@{domain}"
    head_before = store.audit.head().seq

    # Listed (the operator imports it from the national list) but not enrolled: refused by name.
    imported = op.call(api, "POST", "/v1/operator/bodies/imports", {"bodies": [{
        "id": body.id, "name": body.name, "kana": body.kana, "prefecture": body.prefecture,
        "category": body.category}], "source": body.source})
    assert imported.status_code == 200, imported.body
    assert orderer_refusal(issue(api, surety_token, body.id)) == "orderer_not_enrolled"
    assert body.id not in listed(api)
    assert post_json(api, "/v1/staff/sign-in-codes", {"email": clerk}, STAFF_ORIGIN).status_code == 202
    assert codes_sent_to(clerk) == []  # same answer, but no code for an address no orderer holds

    # Enrolled: the very next requests see it.
    enrolled = op.call(api, "POST", f"/v1/operator/enrolments/{body.id}", {
        "accepts_from": "2026-04-01", "kinds": ["advance_payment", "contract"], "scope": "市が発注する建設工事",
        "paper_still_accepted": True, "staff_email_domains": [domain], "departments": ["財務部 契約課"],
        "contact": {"department": "財務部 契約課", "phone": "027-000-0000"}})
    assert enrolled.status_code in (200, 201), enrolled.body
    assert orderer_refusal(issue(api, surety_token, body.id, "2026-03-31")) == "orderer_not_accepting"
    issued = issue(api, surety_token, body.id)
    assert issued.status_code == 201, issued.body
    assert issued.json_body["guarantee"]["orderer"]["name"] == "高崎市"
    entry = listed(api)[body.id]
    assert (entry["name"], entry["prefecture"], entry["accepts_from"]) == ("高崎市", "群馬県", "2026-04-01")
    page = api.get(f"/v1/orderers/{body.id}")
    assert page.status_code == 200 and "財務部 契約課" in page.body.decode("utf-8")

    assert post_json(api, "/v1/staff/sign-in-codes", {"email": clerk}, STAFF_ORIGIN).status_code == 202
    [code] = codes_sent_to(clerk)
    session = post_json(api, "/v1/staff/session", {"email": clerk, "code": code}, STAFF_ORIGIN)
    assert session.status_code == 201, session.body
    assert session.json_body["staff"]["orderer"] == {"id": body.id, "name": "群馬県高崎市"}
    assert session.json_body["staff"]["departments"] == ["財務部 契約課"]

    # Suspended: new guarantees are refused at once; resumed: accepted again.
    suspended = op.call(api, "POST", f"/v1/operator/enrolments/{body.id}/suspension",
                        {"reason": "システムの切替のため", "revision": revision(api, body.id)})
    assert suspended.status_code == 200, suspended.body
    assert orderer_refusal(issue(api, surety_token, body.id)) == "orderer_suspended"
    resumed = op.call(api, "POST", f"/v1/operator/enrolments/{body.id}/resumption", {"revision": revision(api, body.id)})
    assert resumed.status_code == 200, resumed.body
    assert issue(api, surety_token, body.id).status_code == 201

    # Every change is in the audit log, by the operator, in a chain that verifies.
    entries = store.audit.after(head_before, 100)
    mine = [(e.action, e.actor["kind"]) for e in entries if e.target.endswith(body.id) or e.action == "bodies.import"]
    assert [a for a, _ in mine] == ["bodies.import", "orderer.enrol", "orderer.suspend", "orderer.resume"]
    assert {kind for _, kind in mine} == {"operator"}
    verification = op.call(api, "GET", "/v1/operator/audit/verification")
    assert verification.status_code == 200, verification.body
    assert verification.json_body["valid"] is True and verification.json_body["first_broken"] is None
    assert verification.json_body["head"]["seq"] == store.audit.head().seq
