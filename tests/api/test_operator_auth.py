"""The operator's routes answer only an operator's SigV4 signature: a surety's API token, a
staff session cookie, no signature, a wrong secret, an old date or a body changed after
signing are each refused with 403 `operator_only`, logged on the security logger without the
credential, and nothing is written."""
from __future__ import annotations

import datetime as dt
import json
import logging

import pytest

import operator_signing as op
from support import current_store, staff_headers

SAMPLE = {"orderer_id": "202177", "surety_id": "test-surety", "token_id": "0123456789AB"}
BODY = {"revision": 1, "reason": "テスト"}


def operator_routes() -> list[tuple[str, str]]:
    from app import app
    return sorted((path, method) for path, entries in app.routes.items() if path.startswith("/v1/operator/")
                  for method in entries)


def concrete(path: str) -> str:
    for name, value in SAMPLE.items():
        path = path.replace("{" + name + "}", value)
    return path


@pytest.fixture(scope="module", autouse=True)
def operator_keys(tmp_path_factory):
    import os
    op.install_keys(tmp_path_factory.mktemp("operator"))
    yield
    os.environ.pop("PORTAL_OPERATOR_LOCAL_KEYS", None)


def raw(body) -> bytes:
    return json.dumps(body, ensure_ascii=False).encode("utf-8")


def refusals(api, method: str, path: str, surety_token: str) -> dict:
    """Each way of calling without an operator's signature: its headers and body."""
    body = raw(BODY) if method != "GET" else b""
    json_type = {"Content-Type": "application/json"} if body else {}
    tampered = op.signed(method, path, raw({**BODY, "reason": "別の内容"}) if body else b"x")
    return {
        "surety token": ({"Authorization": f"Bearer {surety_token}", **json_type}, body),
        "staff session cookie": ({**staff_headers(api), **json_type}, body),
        "no signature": (json_type, body),
        "wrong secret": (op.signed(method, path, body, secret=op.SECRET + "x"), body),
        "unknown key": (op.signed(method, path, body, key_id="LOCALOPUNKNOWN1"), body),
        "stale date": (op.signed(method, path, body, at=dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=6)), body),
        "future date": (op.signed(method, path, body, at=dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=6)), body),
        "tampered body": (tampered, body),
        "another service": (op.signed(method, path, body, service="s3"), body),
    }


@pytest.mark.parametrize(("path", "method"), operator_routes())
def test_every_operator_route_refuses_every_other_credential(api, surety_token, path, method, caplog):
    url = concrete(path)
    head = current_store().audit.head()
    for name, (headers, body) in refusals(api, method, url, surety_token).items():
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="portal.security"):
            response = api.request(method, url, headers=headers, body=body)
        assert response.status_code == 403, (name, response.body)
        assert response.json_body["error"]["code"] == "operator_only", name
        assert "運営者" in response.json_body["error"]["message"]
        lines = [r for r in caplog.records if r.name == "portal.security"]
        assert len(lines) == 1, name
        logged = lines[0].getMessage() + json.dumps(getattr(lines[0], "fields", {}), ensure_ascii=False)
        assert "operator route refused" in logged and lines[0].fields["route"] == path
        for secret in (surety_token, op.SECRET, headers.get("Authorization") or "\0", headers.get("Cookie") or "\0"):
            assert secret not in logged, name
    assert current_store().audit.head() == head  # nothing written


def test_a_valid_signature_is_let_through(api):
    response = op.call(api, "GET", "/v1/operator/enrolments")
    assert response.status_code == 200, response.body
    assert "202177" in {e["orderer"]["id"] for e in response.json_body["enrolments"]}


def test_a_signed_query_string_is_checked_too(api):
    path = "/v1/operator/audit?limit=2"
    headers = op.signed("GET", path)
    assert api.request("GET", path, headers=headers).status_code == 200
    assert api.request("GET", "/v1/operator/audit?limit=3", headers=headers).status_code == 403


def test_a_signature_for_the_local_servers_api_prefix_is_accepted(api):
    # The CLI signs the URL it sends (…/api/v1/operator/…); the app sees the path without /api.
    headers = op.signed("GET", "/api/v1/operator/enrolments")
    assert api.request("GET", "/v1/operator/enrolments", headers=headers).status_code == 200


def test_without_the_local_key_setting_a_valid_signature_is_refused(api, monkeypatch):
    monkeypatch.delenv("PORTAL_OPERATOR_LOCAL_KEYS")
    response = op.call(api, "GET", "/v1/operator/enrolments")
    assert (response.status_code, response.json_body["error"]["code"]) == (403, "operator_only")


# ---- in AWS: API Gateway's IAM authorizer, then the principal against PORTAL_OPERATOR_ARNS ----

class FakeRequest:
    def __init__(self, arn: str | None, path: str = "/v1/operator/enrolments"):
        self.context = {"resourcePath": path, "path": path, "identity": {"sourceIp": "192.0.2.1", "userArn": arn}}
        self.headers: dict = {}
        self.method = "GET"
        self.query_params = None
        self.raw_body = b""


def auth(arns: tuple[str, ...], local=None):
    from chalicelib.edge import operator_auth
    return operator_auth.OperatorAuth(lambda: local, lambda: arns, operator_auth.wall_clock)


def test_in_aws_the_principal_must_be_a_listed_operator():
    from chalicelib.domain.errors import Forbidden
    user = "arn:aws:iam::123456789012:user/unei-taro"
    role = "arn:aws:iam::123456789012:role/ops/PortalOperator"
    allowed = auth((user, role))
    assert allowed.actor(FakeRequest(user)) == {"kind": "operator", "id": user, "via": "iam"}
    session = "arn:aws:sts::123456789012:assumed-role/PortalOperator/unei-hanako"
    assert allowed.actor(FakeRequest(session))["id"] == session
    for stranger in ("arn:aws:iam::123456789012:user/someone", "arn:aws:sts::999999999999:assumed-role/PortalOperator/x",
                     "arn:aws:sts::123456789012:assumed-role/PortalOperatorX/x", None):
        with pytest.raises(Forbidden) as refused:
            allowed.actor(FakeRequest(stranger))
        assert refused.value.code == "operator_only"
    with pytest.raises(Forbidden):
        auth(()).actor(FakeRequest(user))  # no operator configured: nobody


def test_only_iam_authenticated_operator_calls_may_skip_cloudfront():
    from chalicelib.edge import operator_auth
    assert operator_auth.came_by_iam(FakeRequest("arn:aws:iam::123456789012:user/unei-taro"))
    assert not operator_auth.came_by_iam(FakeRequest(None))
    assert not operator_auth.came_by_iam(FakeRequest("arn:aws:iam::123456789012:user/x", "/v1/guarantees"))


def test_a_direct_call_is_refused_unless_it_is_an_iam_operator_call(api, monkeypatch):
    monkeypatch.setenv("PORTAL_ORIGIN_SECRET", "origin-secret-value")
    response = op.call(api, "GET", "/v1/operator/enrolments")  # locally signed, no IAM principal: not exempt
    assert (response.status_code, response.json_body["error"]["code"]) == (403, "direct_access_refused")
    response = op.call(api, "GET", "/v1/operator/enrolments")
    with_secret = api.request("GET", "/v1/operator/enrolments",
                              headers={**op.signed("GET", "/v1/operator/enrolments"), "X-Origin-Verify": "origin-secret-value"})
    assert with_secret.status_code == 200


def test_the_log_redacts_a_sigv4_authorization_header():
    from chalicelib.edge.logs import REDACTED, redact
    header = op.signed("GET", "/v1/operator/enrolments")["Authorization"]
    assert redact(f"x {header} y") == f"x {REDACTED} y"
