"""The surety's side of webhooks (clients/python): the signature check a receiver runs
(against signatures made from the Standard Webhooks rules by hand, by that specification's own
library and by the portal's signer), and the SDK's and CLI's management of endpoints against
the portal on DynamoDB Local. Delivery itself is tested in tests/api/test_webhooks.py."""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import os
import re
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
import pytest

from e_guarantee_portal import Portal, PortalError, WebhookSignatureError, verify_webhook
from lossy_transport import LosesTheFirstAnswer
from support import REPO, clock_at, guarantee_request, issue_headers, post_json

SDK_SRC = REPO / "clients" / "python" / "src"
SECRET = re.compile(r"^whsec_[A-Za-z0-9+/]{43}=$")
WEBHOOK_ID = re.compile(r"^wh_[0-9a-f]{16}$")
NOW = 1_796_083_200  # 2026-12-01T00:00:00Z


def a_secret() -> str:
    return "whsec_" + base64.b64encode(os.urandom(32)).decode()


def a_body() -> bytes:
    payload = {"event_id": "01JE5Z6X8Y0000000000000000#issued", "guarantee_id": "g" + "a" * 25,
               "event": {"type": "issued", "version": 1, "at": "2026-12-01T09:00:00.000000+09:00",
                         "actor": {"kind": "surety", "surety_id": "netdesk"}, "amount": 12_000_000,
                         "note": "市道岩村田線 改良工事"},
               "cursor": "eyJrIjoidiJ9.c2ln"}
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


def sign(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    """The Standard Webhooks signature, from its specification: HMAC-SHA256, keyed with the
    base64-decoded part of the secret after `whsec_`, over `<id>.<timestamp>.<body>`."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    digest = hmac.new(key, f"{message_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def delivery(secret: str, body: bytes, timestamp: int = NOW, message_id: str = "01JE5Z6X8Y#issued") -> dict:
    return {"webhook-id": message_id, "webhook-timestamp": str(timestamp),
            "webhook-signature": sign(secret, message_id, timestamp, body)}


# ---- the signature check --------------------------------------------------------------


def test_a_delivery_signed_as_the_specification_says_is_accepted_here_and_by_its_library():
    from standardwebhooks.webhooks import Webhook
    secret, body = a_secret(), a_body()
    headers = delivery(secret, body)
    assert verify_webhook(secret, headers, body, now=NOW + 10) == json.loads(body)
    # Headers arrive in any case (HTTP/2 lower-cases them, some frameworks capitalise).
    assert verify_webhook(secret, {k.title(): v for k, v in headers.items()}, body, now=NOW) == json.loads(body)
    # The specification's own library signs the same bytes alike, and accepts what was signed by hand.
    library = Webhook(secret)
    at = dt.datetime.fromtimestamp(NOW, dt.UTC)
    assert library.sign(headers["webhook-id"], at, body.decode()) == headers["webhook-signature"]
    fresh = delivery(secret, body, timestamp=int(time.time()))
    assert library.verify(body, fresh) == json.loads(body)
    # ...and what the library signs is accepted here.
    now = int(time.time())
    by_library = {"webhook-id": "msg_1", "webhook-timestamp": str(now),
                  "webhook-signature": library.sign("msg_1", dt.datetime.fromtimestamp(now, dt.UTC),
                                                    body.decode())}
    assert verify_webhook(secret, by_library, body) == json.loads(body)


def test_what_the_portal_sends_is_accepted():
    """The portal's own signer (api/chalicelib/domain/webhooks.py), rotation included."""
    from chalicelib.domain import webhooks as portal_webhooks
    old, new, body = portal_webhooks.new_secret(), portal_webhooks.new_secret(), a_body()
    assert SECRET.match(old) and SECRET.match(new)
    at = dt.datetime.fromtimestamp(NOW, dt.UTC)
    headers = portal_webhooks.headers("01JE5Z6X8Y#issued", at, body, [new, old])
    assert headers["webhook-signature"].split(" ")[0] == sign(new, "01JE5Z6X8Y#issued", NOW, body)
    for secret in (old, new):
        assert verify_webhook(secret, headers, body, now=NOW) == json.loads(body)
    with pytest.raises(WebhookSignatureError):
        verify_webhook(a_secret(), headers, body, now=NOW)


def test_a_changed_body_or_another_secret_is_refused():
    secret, body = a_secret(), a_body()
    headers = delivery(secret, body)
    changed = body.replace(b"12000000", b"99000000")
    assert changed != body
    with pytest.raises(WebhookSignatureError):
        verify_webhook(secret, headers, changed, now=NOW)
    with pytest.raises(WebhookSignatureError):
        verify_webhook(secret, headers, body + b" ", now=NOW)  # re-serialised JSON is not the body signed
    with pytest.raises(WebhookSignatureError):
        verify_webhook(a_secret(), headers, body, now=NOW)
    with pytest.raises(WebhookSignatureError):  # the signature of another delivery (another id)
        verify_webhook(secret, {**headers, "webhook-id": "01JE5Z6X8Y#amended"}, body, now=NOW)
    with pytest.raises(ValueError, match="whsec_"):
        verify_webhook("whsec_not base64!", headers, body, now=NOW)


def test_a_stale_or_future_timestamp_is_refused():
    """A recorded delivery cannot be played back later: five minutes either way."""
    secret, body = a_secret(), a_body()
    headers = delivery(secret, body)
    assert verify_webhook(secret, headers, body, now=NOW + 300) == json.loads(body)
    assert verify_webhook(secret, headers, body, now=NOW - 300) == json.loads(body)
    for now in (NOW + 301, NOW - 301, NOW + 86_400):
        with pytest.raises(WebhookSignatureError, match="too far"):
            verify_webhook(secret, headers, body, now=now)
    with pytest.raises(WebhookSignatureError, match="too far"):
        verify_webhook(secret, headers, body, now=NOW + 61, tolerance=60)
    with pytest.raises(WebhookSignatureError, match="seconds"):
        verify_webhook(secret, {**headers, "webhook-timestamp": "2026-12-01T00:00:00Z"}, body, now=NOW)


@pytest.mark.parametrize("missing", ["webhook-id", "webhook-timestamp", "webhook-signature"])
def test_a_delivery_without_its_headers_is_refused(missing):
    secret, body = a_secret(), a_body()
    headers = delivery(secret, body)
    with pytest.raises(WebhookSignatureError, match="missing"):
        verify_webhook(secret, {k: v for k, v in headers.items() if k != missing}, body, now=NOW)
    with pytest.raises(WebhookSignatureError, match="missing"):
        verify_webhook(secret, {**headers, missing: ""}, body, now=NOW)


def test_during_a_rotation_either_of_two_signatures_is_enough():
    old, new, body = a_secret(), a_secret(), a_body()
    one, other = sign(new, "m", NOW, body), sign(old, "m", NOW, body)
    headers = {"webhook-id": "m", "webhook-timestamp": str(NOW), "webhook-signature": f"{one} {other}"}
    assert verify_webhook(old, headers, body, now=NOW) == json.loads(body)
    assert verify_webhook(new, headers, body, now=NOW) == json.loads(body)
    with pytest.raises(WebhookSignatureError):
        verify_webhook(a_secret(), headers, body, now=NOW)
    # Another version's or a malformed value is skipped, not a reason to refuse the right one.
    mixed = {**headers, "webhook-signature": f"v1a,{one[3:]} v1,@@@ {other}"}
    assert verify_webhook(old, mixed, body, now=NOW) == json.loads(body)
    with pytest.raises(WebhookSignatureError):
        verify_webhook(new, mixed, body, now=NOW)


# ---- managing endpoints with the SDK ------------------------------------------------------


@pytest.fixture
def own_surety(dynamodb) -> str:
    """A surety of its own (at most five endpoints each, and a feed of its own): its token."""
    from chalicelib.usecases import sureties
    surety_id = f"hooks-{uuid.uuid4().hex[:8]}"
    sureties.register(surety_id, "ウェブフック建設業保証株式会社")
    from chalicelib.domain import tokens
    return sureties.create_token(surety_id, list(tokens.SCOPES), label="webhooks")[1]


@pytest.fixture
def portal(portal_url, own_surety) -> Portal:
    return Portal(f"{portal_url}/api", own_surety, sleep=lambda s: None)


def a_day_ago() -> str:
    """A replay's start the portal accepts: before its clock's now (with the offset it requires)."""
    from chalicelib.adapters import clock
    return (clock.now() - dt.timedelta(days=1)).isoformat()


def a_url() -> str:
    return f"http://127.0.0.1:9/hook/{uuid.uuid4().hex[:8]}"  # allowed locally (PORTAL_WEBHOOK_LOCAL_TARGETS)


def test_an_endpoint_is_registered_with_its_secret_once_and_listed_without_it(portal, portal_url, own_surety):
    url = a_url()
    created = portal.create_webhook(url, "基幹システム")
    hook = created.webhook
    assert SECRET.match(created.secret) and WEBHOOK_ID.match(hook.webhook_id)
    assert (hook.url, hook.description, hook.previous_secret_valid_until) == (url, "基幹システム", None)
    assert (hook.delivery.delivered, hook.delivery.failures, hook.delivery.last_error) == (0, 0, None)
    assert abs(hook.created_at - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=1)
    plain = portal.create_webhook(a_url())
    assert plain.webhook.description is None and plain.secret != created.secret

    listed = portal.webhooks()
    assert {h.webhook_id for h in listed} == {hook.webhook_id, plain.webhook.webhook_id}
    raw = httpx.get(f"{portal_url}/api/v1/webhooks", headers={"Authorization": f"Bearer {own_surety}"})
    assert raw.status_code == 200 and "secret" not in raw.json()["webhooks"][0]
    assert created.secret not in raw.text and created.secret.removeprefix("whsec_") not in raw.text

    with pytest.raises(PortalError) as again:
        portal.create_webhook(url)
    assert (again.value.status, again.value.code) == (409, "webhook_exists") and hook.webhook_id in again.value.message


def test_a_lost_answer_to_a_registration_is_webhook_exists_and_rotation_gives_a_secret(portal_url, own_surety):
    """No Idempotency-Key: the retry meets the first registration (as the docstring says)."""
    transport = LosesTheFirstAnswer()
    portal = Portal(f"{portal_url}/api", own_surety, transport=transport, sleep=lambda s: None)
    url = a_url()
    with pytest.raises(PortalError) as retried:
        portal.create_webhook(url)
    assert transport.calls == 2 and (retried.value.status, retried.value.code) == (409, "webhook_exists")
    [hook] = portal.webhooks()
    assert hook.url == url and hook.webhook_id in retried.value.message
    assert SECRET.match(portal.rotate_webhook_secret(hook.webhook_id).secret)


def test_only_web_addresses_and_five_endpoints_are_taken(portal):
    with pytest.raises(PortalError) as refused:
        portal.create_webhook("ftp://hooks.example.co.jp/e-guarantee")
    assert (refused.value.status, refused.value.code, refused.value.field) == (400, "webhook_url_not_https", "url")
    assert not refused.value.message.isascii()
    with pytest.raises(PortalError) as refused:
        portal.create_webhook("https://user:pass@hooks.example.co.jp/e-guarantee")
    assert refused.value.code == "invalid_webhook_url"
    for _ in range(5):
        portal.create_webhook(a_url())
    with pytest.raises(PortalError) as refused:
        portal.create_webhook(a_url())
    assert (refused.value.status, refused.value.code) == (409, "too_many_webhooks")
    assert len(portal.webhooks()) == 5


def test_a_rotated_secret_is_new_and_the_old_one_signs_for_a_day(portal):
    created = portal.create_webhook(a_url())
    webhook_id = created.webhook.webhook_id
    rotated = portal.rotate_webhook_secret(webhook_id)
    assert SECRET.match(rotated.secret) and rotated.secret != created.secret
    until = rotated.webhook.previous_secret_valid_until
    assert abs(until - dt.datetime.now(dt.UTC) - dt.timedelta(hours=24)) < dt.timedelta(minutes=1)
    [listed] = portal.webhooks()
    assert listed.previous_secret_valid_until == until
    with pytest.raises(PortalError) as refused:
        portal.rotate_webhook_secret("wh_0000000000000000")
    assert (refused.value.status, refused.value.code) == (404, "webhook_not_found")


def test_a_replay_starts_from_a_time_or_a_feed_cursor(api, portal, own_surety):
    webhook_id = portal.create_webhook(a_url()).webhook.webhook_id
    now = dt.datetime.now(dt.UTC)
    assert portal.replay_webhook(webhook_id, since=now - dt.timedelta(days=1)).webhook.webhook_id == webhook_id
    jst = dt.timezone(dt.timedelta(hours=9))
    assert portal.replay_webhook(webhook_id, since=(now - dt.timedelta(hours=1)).astimezone(jst))
    assert portal.replay_webhook(webhook_id, since=a_day_ago())

    # A cursor of the surety's own feed (an event old enough for the feed to serve it).
    with clock_at(now - dt.timedelta(minutes=5)):
        issued = post_json(api, "/v1/guarantees", guarantee_request(), issue_headers(own_surety))
        assert issued.status_code == 201, issued.body
    entries, cursor = portal.feed()
    assert [e.event_id for e in entries] and cursor
    assert portal.replay_webhook(webhook_id, cursor=cursor).webhook.delivery.failures == 0

    # Checked here before anything is sent: a naive time would be read in the wrong zone.
    for wrong in ({}, {"since": now, "cursor": cursor}, {"since": now.replace(tzinfo=None)}):
        with pytest.raises(ValueError):
            portal.replay_webhook(webhook_id, **wrong)
    # What the portal refuses, it says in Japanese.
    # A time without its offset fails the schema's date-time already (invalid_value), before the
    # portal's own check (invalid_replay) that the operation's description names.
    for kwargs, codes in (({"since": "2026-01-01T09:00:00"}, {"invalid_value", "invalid_replay"}),
                          ({"since": now + dt.timedelta(hours=1)}, {"invalid_replay"}),
                          ({"cursor": cursor[:-1] + ("1" if cursor.endswith("0") else "0")}, {"invalid_cursor"})):
        with pytest.raises(PortalError) as refused:
            portal.replay_webhook(webhook_id, **kwargs)
        assert refused.value.status == 400 and refused.value.code in codes, kwargs
        assert not refused.value.message.isascii()
    with pytest.raises(PortalError) as refused:
        portal.replay_webhook("wh_0000000000000000", since=now)
    assert refused.value.code == "webhook_not_found"


def test_another_suretys_endpoint_and_cursor_are_not_reachable(api, portal, portal_url, surety_token):
    webhook_id = portal.create_webhook(a_url()).webhook.webhook_id
    other = Portal(f"{portal_url}/api", surety_token, sleep=lambda s: None)
    for call in (lambda: other.rotate_webhook_secret(webhook_id), lambda: other.delete_webhook(webhook_id),
                 lambda: other.replay_webhook(webhook_id, since=a_day_ago())):
        with pytest.raises(PortalError) as refused:
            call()
        assert (refused.value.status, refused.value.code) == (404, "webhook_not_found")
    assert webhook_id not in {h.webhook_id for h in other.webhooks()}
    with clock_at(dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)):
        assert post_json(api, "/v1/guarantees", guarantee_request(), issue_headers(surety_token)).status_code == 201
    _, others_cursor = other.feed()
    with pytest.raises(PortalError) as refused:
        portal.replay_webhook(webhook_id, cursor=others_cursor)
    assert refused.value.code == "invalid_cursor"


def test_a_removed_endpoint_is_gone_and_a_lost_answer_to_removing_is_done(portal, portal_url, own_surety):
    first, second = portal.create_webhook(a_url()), portal.create_webhook(a_url())
    assert portal.delete_webhook(first.webhook.webhook_id).deleted is True
    assert [h.webhook_id for h in portal.webhooks()] == [second.webhook.webhook_id]
    with pytest.raises(PortalError) as refused:
        portal.delete_webhook(first.webhook.webhook_id)
    assert (refused.value.status, refused.value.code) == (404, "webhook_not_found")
    transport = LosesTheFirstAnswer()
    losing = Portal(f"{portal_url}/api", own_surety, transport=transport, sleep=lambda s: None)
    assert losing.delete_webhook(second.webhook.webhook_id).deleted is True  # the retry's 404 means done
    assert transport.calls == 2 and portal.webhooks() == []


def test_a_token_without_read_cannot_manage_endpoints(dynamodb, portal_url):
    from chalicelib.usecases import sureties
    surety_id = f"hooks-{uuid.uuid4().hex[:8]}"
    sureties.register(surety_id, "ウェブフック建設業保証株式会社")
    token = sureties.create_token(surety_id, scopes=["issue"], label="issue only")[1]
    with pytest.raises(PortalError) as refused:
        Portal(f"{portal_url}/api", token, sleep=lambda s: None).create_webhook(a_url())
    assert refused.value.status == 403


# ---- the CLI ---------------------------------------------------------------------------------


def cli(portal_url: str, token: str, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(SDK_SRC), "E_GUARANTEE_API": f"{portal_url}/api",
           "E_GUARANTEE_TOKEN": token}
    return subprocess.run([sys.executable, "-m", "e_guarantee_portal", *args], env=env, cwd=cwd,
                          capture_output=True, text=True, timeout=120, check=False)


def test_the_cli_shows_the_secret_on_adding_and_rotating_only(portal_url, own_surety, tmp_path):
    url = a_url()
    added = cli(portal_url, own_surety, tmp_path, "webhooks", "add", url, "--description", "基幹システム")
    assert added.returncode == 0, added.stderr
    shown = json.loads(added.stdout)
    assert SECRET.match(shown["secret"]) and WEBHOOK_ID.match(shown["webhook_id"]) and shown["url"] == url
    assert "一度だけ" in added.stderr and "shown only now" in added.stderr
    assert shown["secret"] not in added.stderr

    listed = cli(portal_url, own_surety, tmp_path, "webhooks", "list")
    assert listed.returncode == 0, listed.stderr
    [hook] = [json.loads(line) for line in listed.stdout.splitlines()]
    assert (hook["webhook_id"], hook["url"], hook["description"]) == (shown["webhook_id"], url, "基幹システム")
    assert "secret" not in hook and shown["secret"] not in listed.stdout + listed.stderr

    again = cli(portal_url, own_surety, tmp_path, "webhooks", "add", url)
    assert again.returncode == 1 and "webhook_exists" in again.stderr and "rotate" in again.stderr

    rotated = cli(portal_url, own_surety, tmp_path, "webhooks", "rotate", shown["webhook_id"])
    assert rotated.returncode == 0, rotated.stderr
    new = json.loads(rotated.stdout)
    assert SECRET.match(new["secret"]) and new["secret"] != shown["secret"]
    assert new["previous_secret_valid_until"] and "24" in rotated.stderr
    api_time = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?Z")  # as the API writes times, not +00:00
    assert api_time.fullmatch(new["previous_secret_valid_until"]) and api_time.fullmatch(hook["created_at"])

    replayed = cli(portal_url, own_surety, tmp_path, "webhooks", "replay", shown["webhook_id"],
                   "--since", a_day_ago())
    assert replayed.returncode == 0, replayed.stderr
    assert json.loads(replayed.stdout)["webhook_id"] == shown["webhook_id"] and "webhook-id" in replayed.stderr
    for both_or_neither in (["--since", "2026-01-01T09:00:00+09:00", "--cursor", "x"], []):
        wrong = cli(portal_url, own_surety, tmp_path, "webhooks", "replay", shown["webhook_id"], *both_or_neither)
        assert wrong.returncode == 2  # argparse: exactly one of --since and --cursor
    naive = cli(portal_url, own_surety, tmp_path, "webhooks", "replay", shown["webhook_id"],
                "--since", "2026-01-01T09:00:00")
    assert naive.returncode == 1 and "エラー / error: 400" in naive.stderr

    removed = cli(portal_url, own_surety, tmp_path, "webhooks", "remove", shown["webhook_id"])
    assert removed.returncode == 0 and json.loads(removed.stdout) == {"webhook_id": shown["webhook_id"],
                                                                      "deleted": True}
    assert cli(portal_url, own_surety, tmp_path, "webhooks", "list").stdout == ""
    assert list(tmp_path.iterdir()) == []  # the secret went to the terminal only, into no file
