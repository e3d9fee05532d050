"""Who is counted: on AWS only requests that came through CloudFront (with the origin secret)
are served, and only their CloudFront-Viewer-Address is believed; IPv6 counts per /64.
Also: every reply the framework makes itself is in the portal's shape."""
from __future__ import annotations

import datetime as dt

import pytest

from chalicelib.domain import authkey
from chalicelib.edge.client import counted
from support import clock_at, guarantee_request, issue_headers, post_json

SECRET, PREVIOUS = "current-origin-secret", "previous-origin-secret"


@pytest.fixture
def behind_cloudfront(monkeypatch):
    monkeypatch.setenv("PORTAL_ORIGIN_SECRET", f"{SECRET},{PREVIOUS}")


@pytest.fixture
def moment():
    return dt.datetime(2031, 3, 4, 1, 5, tzinfo=dt.timezone.utc)  # a window no other test uses


def verify(api, number, key, *, viewer=None, origin=SECRET):
    headers = {}
    if viewer:
        headers["CloudFront-Viewer-Address"] = viewer
    if origin:
        headers["X-Origin-Verify"] = origin
    return post_json(api, "/v1/verifications", {"contract_number": number, "auth_key": key}, headers)


def wrong_key() -> str:
    return authkey.display(authkey.generate())


def assert_portal_error(response, status: int, code: str):
    assert response.status_code == status, response.body
    assert response.json_body["error"]["code"] == code
    assert response.json_body["error"]["message"]
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_a_direct_call_without_the_origin_secret_is_refused_on_every_kind_of_route(
        api, surety_token, behind_cloudfront):
    body = guarantee_request()
    for origin in (None, "a-guess", SECRET + "x", ""):
        extra = {"X-Origin-Verify": origin} if origin is not None else {}
        assert_portal_error(post_json(api, "/v1/guarantees", body, {**issue_headers(surety_token), **extra}),
                            403, "direct_access_refused")
        assert_portal_error(verify(api, "X", wrong_key(), origin=origin), 403, "direct_access_refused")
        assert_portal_error(api.get("/v1/orderers", headers=extra), 403, "direct_access_refused")
    # Either version of the secret passes while a rotation is under way.
    for origin in (SECRET, PREVIOUS):
        response = post_json(api, "/v1/guarantees", guarantee_request(),
                             {**issue_headers(surety_token), "X-Origin-Verify": origin})
        assert response.status_code == 201, response.body


def test_forged_viewer_addresses_cannot_spend_a_clerks_budget(api, monkeypatch, moment, behind_cloudfront,
                                                              surety_token):
    monkeypatch.setenv("PORTAL_LIMIT_PER_CLIENT", "3")
    response = post_json(api, "/v1/guarantees", guarantee_request(),
                         {**issue_headers(surety_token), "X-Origin-Verify": SECRET})
    number, key = response.json_body["guarantee"]["contract_number"], response.json_body["auth_key"]
    clerk = "203.0.113.40:51000"
    with clock_at(moment):
        # Sent straight to API Gateway in the clerk's name: refused before anything is counted.
        attacks = [verify(api, number, wrong_key(), viewer=clerk, origin=None).status_code for _ in range(20)]
        assert attacks == [403] * 20
        # The clerk still has every one of their own attempts, and the right key opens.
        assert [verify(api, number, wrong_key(), viewer=clerk).status_code for _ in range(3)] == [404] * 3
        assert verify(api, number, wrong_key(), viewer=clerk).status_code == 429
        assert verify(api, number, key, viewer=clerk).status_code == 200


def test_ipv6_clients_are_counted_per_64(api, monkeypatch, moment, behind_cloudfront):
    monkeypatch.setenv("PORTAL_LIMIT_PER_CLIENT", "3")
    with clock_at(moment + dt.timedelta(hours=2)):
        # Three addresses of one /64: one client.
        for viewer in ("2001:db8:0:7::1:443", "2001:db8:0:7:0:0:abcd:1:443", "2001:db8:0:7:ffff:ffff:ffff:ffff:443"):
            assert verify(api, "NO-SUCH", wrong_key(), viewer=viewer).status_code == 404
        assert verify(api, "NO-SUCH", wrong_key(), viewer="2001:db8:0:7::9:443").status_code == 429
        # The next /64 is someone else.
        assert verify(api, "NO-SUCH", wrong_key(), viewer="2001:db8:0:8::1:443").status_code == 404


@pytest.mark.parametrize("raw, as_counted", [
    ("198.51.100.7", "198.51.100.7"),
    ("2001:db8:0:7::1", "2001:db8:0:7::/64"),
    ("2001:0db8:0000:0007:ffff:0000:0000:0001", "2001:db8:0:7::/64"),
    ("::ffff:198.51.100.7", "198.51.100.7"),  # IPv4 written as IPv6 is the IPv4 client
    ("not-an-address", "not-an-address"),
])
def test_addresses_as_counted(raw, as_counted):
    assert counted(raw) == as_counted


def test_the_frameworks_own_replies_have_the_portal_shape(api):
    # A method the route does not have: Chalice's 405, in the portal's shape, with Allow.
    response = api.get("/v1/verifications")
    assert_portal_error(response, 405, "method_not_allowed")
    assert response.headers["Allow"] == "POST"
