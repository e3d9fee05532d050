"""Sureties and their API tokens through the operator API: registered with 商号, 代表者,
本店所在地, contact and branches; tokens issued with scopes (the secret shown once, stored only
as a keyed hash, never in the audit log), listed without it, revoked; each change audited."""
from __future__ import annotations

import json
import os
import uuid

import pytest

import operator_signing as op
from support import current_store, guarantee_request, issue_headers, post_json


@pytest.fixture(scope="module", autouse=True)
def operator_keys(tmp_path_factory):
    op.install_keys(tmp_path_factory.mktemp("operator"))
    yield
    os.environ.pop("PORTAL_OPERATOR_LOCAL_KEYS", None)


def profile() -> dict:
    return {"name": "北日本テスト建設業保証株式会社", "representative": "代表取締役社長 保証 一郎",
            "head_office": "北海道札幌市中央区北1条西1丁目1番地",
            "contact": {"department": "業務部", "phone": "011-000-0000", "email": "gyomu@kita.example.jp"},
            "branches": {"sapporo": {"department": "札幌支店", "phone": "011-111-1111"}}}


def new_id() -> str:
    return f"kita-{uuid.uuid4().hex[:8]}"


def test_a_surety_is_registered_changed_and_each_change_audited(api):
    surety_id = new_id()
    response = op.call(api, "POST", "/v1/operator/sureties", {"id": surety_id, **profile()})
    assert response.status_code == 201, response.body
    store = current_store()
    registered = store.sureties.get(surety_id)
    assert (registered.representative, registered.head_office) == ("代表取締役社長 保証 一郎", "北海道札幌市中央区北1条西1丁目1番地")
    assert registered.contact_for("sapporo") == {"department": "札幌支店", "phone": "011-111-1111"}
    [entry], _ = store.audit.page(1, None)
    assert (entry.action, entry.target, entry.actor["via"]) == ("surety.register", f"surety:{surety_id}", "local-sigv4")
    again = op.call(api, "POST", "/v1/operator/sureties", {"id": surety_id, **profile()})
    assert (again.status_code, again.json_body["error"]["code"]) == (409, "surety_exists")
    changed = op.call(api, "PUT", f"/v1/operator/sureties/{surety_id}", {**profile(), "head_office": "北海道札幌市北区1番地"})
    assert changed.status_code == 200, changed.body
    [entry], _ = store.audit.page(1, None)
    assert entry.action == "surety.change"
    assert entry.details["changes"] == {"head_office": ["北海道札幌市中央区北1条西1丁目1番地", "北海道札幌市北区1番地"]}
    unknown = op.call(api, "PUT", f"/v1/operator/sureties/{new_id()}", profile())
    assert (unknown.status_code, unknown.json_body["error"]["code"]) == (404, "surety_not_found")
    listed = op.call(api, "GET", "/v1/operator/sureties").json_body
    assert surety_id in {s["id"] for s in listed["sureties"]}


@pytest.mark.parametrize(("issuer_type", "label", "kinds", "other"), [
    ("insurer", "損害保険会社", [("performance_bond", "公共工事履行保証証券"), ("performance_insurance", "履行保証保険")], "bank"),
    ("bank", "銀行等", [("bank_guarantee", "銀行等の保証")], "surety_company"),
])
def test_an_insurer_or_a_bank_is_registered_with_its_type_which_stays_fixed(api, issuer_type, label, kinds, other):
    surety_id = new_id()
    body = {"id": surety_id, **profile(), "name": f"テスト{label}株式会社", "issuer_type": issuer_type}
    response = op.call(api, "POST", "/v1/operator/sureties", body)
    assert response.status_code == 201, response.body
    registered = response.json_body
    assert (registered["issuer_type"], registered["issuer_type_label"]) == (issuer_type, label)
    assert list(zip(registered["kinds"], registered["kind_labels"])) == kinds
    store = current_store()
    assert store.sureties.get(surety_id).issuer_type == issuer_type
    [entry], _ = store.audit.page(1, None)
    assert entry.action == "surety.register"
    assert entry.details["changes"]["issuer_type"] == [None, issuer_type]
    listed = {s["id"]: s for s in op.call(api, "GET", "/v1/operator/sureties").json_body["sureties"]}
    assert (listed[surety_id]["issuer_type_label"], listed[surety_id]["kind_labels"]) == (label, [k[1] for k in kinds])
    assert listed["test-surety"]["issuer_type"] == "surety_company"
    head = store.audit.head()
    moved = op.call(api, "PUT", f"/v1/operator/sureties/{surety_id}", {**profile(), "issuer_type": other})
    assert (moved.status_code, moved.json_body["error"]["code"]) == (409, "issuer_type_fixed")
    assert label in moved.json_body["error"]["message"]
    assert store.audit.head() == head and store.sureties.get(surety_id).issuer_type == issuer_type
    # A change that does not name the type keeps it (and so does one naming the same type).
    kept = op.call(api, "PUT", f"/v1/operator/sureties/{surety_id}", {**profile(), "head_office": "東京都千代田区"})
    assert kept.status_code == 200 and kept.json_body["issuer_type"] == issuer_type
    same = op.call(api, "PUT", f"/v1/operator/sureties/{surety_id}", {**profile(), "issuer_type": issuer_type})
    assert same.status_code == 200 and store.sureties.get(surety_id).issuer_type == issuer_type


def test_an_unknown_issuer_type_is_refused_by_the_schema(api):
    head = current_store().audit.head()
    response = op.call(api, "POST", "/v1/operator/sureties", {"id": new_id(), **profile(), "issuer_type": "credit_union"})
    assert response.status_code == 400, response.body
    assert current_store().audit.head() == head


def test_a_token_is_shown_once_works_for_its_scopes_and_stops_when_revoked(api):
    surety_id = new_id()
    assert op.call(api, "POST", "/v1/operator/sureties", {"id": surety_id, **profile()}).status_code == 201
    head = current_store().audit.head().seq
    issued = op.call(api, "POST", f"/v1/operator/sureties/{surety_id}/tokens", {"scopes": ["read"], "label": "照会用"})
    assert issued.status_code == 201, issued.body
    token, token_id = issued.json_body["token"], issued.json_body["token_id"]
    assert token.startswith(f"egp_{token_id}_") and issued.json_body["scopes"] == ["read"]
    assert api.get("/v1/events", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    refused = post_json(api, "/v1/guarantees", guarantee_request(), issue_headers(token))
    assert refused.status_code == 403  # the scope it was not given
    secret = token.rsplit("_", 1)[1]
    listed = op.call(api, "GET", f"/v1/operator/sureties/{surety_id}/tokens")
    assert listed.status_code == 200 and secret not in listed.body.decode()
    assert [t["token_id"] for t in listed.json_body["tokens"]] == [token_id]
    shown = op.call(api, "GET", f"/v1/operator/sureties/{surety_id}").json_body
    assert shown["tokens"][0]["label"] == "照会用" and "token" not in shown["tokens"][0]
    store = current_store()
    assert secret not in json.dumps([e.as_record() for e in store.audit.after(head, 10)], ensure_ascii=False)
    assert store.sureties.get_token(token_id).secret_hash != secret
    revoked = op.call(api, "POST", f"/v1/operator/tokens/{token_id}/revocation")
    assert revoked.status_code == 200 and revoked.json_body["revoked"] is True
    assert api.get("/v1/events", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    assert [e.action for e in store.audit.after(head, 10)] == ["token.issue", "token.revoke"]
    twice = op.call(api, "POST", f"/v1/operator/tokens/{token_id}/revocation")
    assert (twice.status_code, twice.json_body["error"]["code"]) == (409, "token_revoked")
    unknown = op.call(api, "POST", "/v1/operator/tokens/0123456789AB/revocation")
    assert (unknown.status_code, unknown.json_body["error"]["code"]) == (404, "token_not_found")


def test_a_token_for_an_unknown_surety_or_scope_is_refused_and_nothing_written(api):
    store = current_store()
    head = store.audit.head()
    unknown = op.call(api, "POST", f"/v1/operator/sureties/{new_id()}/tokens", {})
    assert (unknown.status_code, unknown.json_body["error"]["code"]) == (404, "surety_not_found")
    scope = op.call(api, "POST", "/v1/operator/sureties/test-surety/tokens", {"scopes": ["admin"]})
    assert (scope.status_code, scope.json_body["error"]["code"]) == (400, "invalid_choice")
    assert store.audit.head() == head


def test_the_setup_still_registers_sureties_as_before():
    """tests, the demo and the bench call usecases.sureties.register/create_token (actor None: setup)."""
    from chalicelib.usecases import sureties
    surety_id = new_id()
    sureties.register(surety_id, "セットアップ保証株式会社", {"department": "本店"})
    token_id, token = sureties.create_token(surety_id, ["read"], "setup")
    store = current_store()
    [issued, registered], _ = store.audit.page(2, None)
    assert (registered.action, registered.actor) == ("surety.register", {"kind": "setup", "id": "setup"})
    assert (issued.action, issued.target) == ("token.issue", f"token:{token_id}")
    assert sureties.authenticate(f"Bearer {token}", "read").surety.id == surety_id
    assert sureties.revoke_token(token_id) is True


def test_the_operator_replies_are_what_the_document_says(api):
    """Each reply of a sequence of operator calls against its 2xx schema in openapi.yaml."""
    import jsonschema_rs

    from chalicelib.edge import request_check
    doc = request_check.document()

    def check(method: str, template: str, path: str, status: int, body=None):
        response = op.call(api, method, path, body)
        assert response.status_code == status, (path, response.body)
        schema = doc["paths"][template][method.lower()]["responses"][str(status)]["content"]["application/json"]["schema"]
        root = {"$schema": doc["jsonSchemaDialect"], "components": {"schemas": doc["components"]["schemas"]}, **schema}
        errors = [e.message for e in jsonschema_rs.validator_for(root).iter_errors(response.json_body)]
        assert errors == [], (path, errors)
        return response.json_body

    surety_id = new_id()
    check("POST", "/v1/operator/sureties", "/v1/operator/sureties", 201, {"id": surety_id, **profile()})
    check("GET", "/v1/operator/sureties", "/v1/operator/sureties", 200)
    token = check("POST", "/v1/operator/sureties/{surety_id}/tokens", f"/v1/operator/sureties/{surety_id}/tokens", 201, {})
    check("GET", "/v1/operator/sureties/{surety_id}", f"/v1/operator/sureties/{surety_id}", 200)
    check("GET", "/v1/operator/sureties/{surety_id}/tokens", f"/v1/operator/sureties/{surety_id}/tokens", 200)
    check("POST", "/v1/operator/tokens/{token_id}/revocation", f"/v1/operator/tokens/{token['token_id']}/revocation", 200)
    check("GET", "/v1/operator/enrolments", "/v1/operator/enrolments", 200)
    check("GET", "/v1/operator/enrolments/{orderer_id}", "/v1/operator/enrolments/202177", 200)
    check("GET", "/v1/operator/bodies", "/v1/operator/bodies", 200)
    check("GET", "/v1/operator/audit", "/v1/operator/audit?limit=5", 200)
    check("GET", "/v1/operator/audit/verification", "/v1/operator/audit/verification", 200)
    body_id = f"kumiai-{uuid.uuid4().hex[:8]}"
    check("POST", "/v1/operator/bodies", "/v1/operator/bodies", 201,
          {"id": body_id, "name": "検証組合", "category": "other", "body_type": "一部事務組合"})
    check("POST", "/v1/operator/bodies/imports", "/v1/operator/bodies/imports", 200,
          {"bodies": [{"id": body_id, "name": "検証組合", "kana": "けんしょうくみあい", "category": "other",
                       "body_type": "一部事務組合"}]})
