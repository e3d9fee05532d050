"""Someone who knows a 保証契約番号 sends wrong keys for it on every route that takes a key;
the orderer still opens the guarantee with the right key — from another client and from the
very client that was guessing (a shared city-hall address) — on every route (the contractor's
電子提出 too)."""
from __future__ import annotations

import datetime as dt

import pytest

from chalicelib.domain import authkey
from support import clock_at, post_json, staff_headers

LIMIT = 5
SECRET = "attack-test-origin-secret"
PDF = {"Accept": "application/pdf"}


def body_for(route: str, number: str, key: str) -> dict:
    body = {"contract_number": number, "auth_key": key}
    if route == "/v1/receipts":
        body.update(department="契約検査課", name="佐久 花子")
    if route == "/v1/submissions":
        body.update(orderer_id="202177", department="契約検査課",
                    contact={"name": "浅間 太郎", "email": "asama@example.co.jp"})
    return body


def send(api, route, number, key, headers):
    extra = PDF if route in ("/v1/notices", "/v1/certificate-copies") else {}
    return post_json(api, route, body_for(route, number, key), {**headers, **extra})


ROUTES = ["/v1/verifications", "/v1/notices", "/v1/certificate-copies", "/v1/receipts", "/v1/submission-previews",
          "/v1/submissions"]


@pytest.mark.parametrize("route", ROUTES)
def test_the_right_key_opens_on_every_route_while_someone_guesses(api, issue_guarantee, monkeypatch, route):
    monkeypatch.setenv("PORTAL_LIMIT_PER_NUMBER", str(LIMIT))
    monkeypatch.setenv("PORTAL_LIMIT_PER_CLIENT", str(LIMIT * 4))
    issued = issue_guarantee()
    number, key = issued["guarantee"]["contract_number"], issued["auth_key"]
    # Within the guarantee's period (a receipt needs it), early in an hour (one counting window).
    moment = dt.datetime.now(dt.timezone.utc).replace(minute=5, second=0, microsecond=0)
    with clock_at(moment):
        if route == "/v1/receipts":
            # Receipts need a signed-in member of staff; a guesser is one, counted by account.
            attacker, colleague = staff_headers(api), staff_headers(api)
            same, other = attacker, colleague
        else:
            monkeypatch.setenv("PORTAL_ORIGIN_SECRET", SECRET)
            guesser = f"198.51.100.{ROUTES.index(route) + 60}:50000"  # one per route: counters of their own
            attacker = {"X-Origin-Verify": SECRET, "CloudFront-Viewer-Address": guesser}
            same = attacker
            other = {"X-Origin-Verify": SECRET, "CloudFront-Viewer-Address": "203.0.113.5:443"}
        guesses = [send(api, route, number, authkey.display(authkey.generate()), attacker).status_code
                   for _ in range(LIMIT + 3)]
        assert guesses == [404] * LIMIT + [429] * 3
        if route in ("/v1/receipts", "/v1/submissions"):
            # The colleague records it (once per version), the contractor submits it (once per
            # version while pending); the guesser's client still opens it.
            assert send(api, route, number, key, other).status_code == 201
            assert send(api, route, number, key, same).status_code == 200
        else:
            assert send(api, route, number, key, other).status_code == 200
            assert send(api, route, number, key, same).status_code == 200
