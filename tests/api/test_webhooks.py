"""Webhooks: a surety's endpoint receives each of its events, in order, signed (Standard
Webhooks); a receiver that fails gets the same event again after a growing wait; another
surety's events never arrive; no key is ever in a delivery; the secret is shown once and
can be rotated; missed events can be sent again from a time or a cursor."""
from __future__ import annotations

import base64
import datetime as dt
import json
import socket
import uuid

import jsonschema
import pytest

from chalicelib.adapters import clock, webhook_sender
from chalicelib.domain import tokens, webhooks
from chalicelib.usecases import deliver_webhooks, sureties
from devtools.webhook_receiver import WebhookReceiver
from support import REPO, clock_at, current_store, guarantee_request, issue_headers, post_json, staff_headers

T0 = dt.datetime(2026, 12, 1, 1, 0, tzinfo=dt.timezone.utc)  # 10:00 in Japan


@pytest.fixture
def own_surety(wiring):
    surety_id = f"hook-{uuid.uuid4().hex[:8]}"
    sureties.register(surety_id, "ウェブフック建設業保証株式会社")
    return surety_id, sureties.create_token(surety_id, list(tokens.SCOPES), label="webhooks")[1]


@pytest.fixture
def receiver():
    r = WebhookReceiver(now=lambda: clock.now().timestamp()).start()
    yield r
    r.stop()


def auth(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def register(api, token: str, receiver: WebhookReceiver, at: dt.datetime = T0) -> dict:
    with clock_at(at):
        response = post_json(api, "/v1/webhooks", {"url": receiver.url, "description": "テスト"}, auth(token))
    assert response.status_code == 201, response.body
    receiver.secret = response.json_body["secret"]
    return response.json_body


def run_at(moment: dt.datetime) -> int:
    with clock_at(moment):
        return deliver_webhooks.run(moment)


def hooks(api, token: str) -> list[dict]:
    response = api.get("/v1/webhooks", headers=auth(token))
    assert response.status_code == 200
    return response.json_body["webhooks"]


def _schema(name: str) -> dict:
    document = json.loads((REPO / "api/chalicelib/openapi.json").read_text())
    return {**document["components"]["schemas"][name], "components": document["components"]}


def issue_verify_receive(api, token: str, at: dt.datetime) -> dict:
    """Issued, verified and received (three events and the receipt's own check)."""
    with clock_at(at):
        issued = post_json(api, "/v1/guarantees", guarantee_request(), issue_headers(token)).json_body
    number, key = issued["guarantee"]["contract_number"], issued["auth_key"]
    with clock_at(at + dt.timedelta(seconds=1)):
        assert post_json(api, "/v1/verifications", {"contract_number": number, "auth_key": key}).status_code == 200
    with clock_at(at + dt.timedelta(seconds=2)):
        receipt = {"contract_number": number, "auth_key": key, "department": "契約検査課", "name": "佐久 花子"}
        assert post_json(api, "/v1/receipts", receipt, staff_headers(api)).status_code == 201
    return issued


def test_each_event_arrives_once_in_order_signed_and_without_a_key(api, own_surety, receiver, surety_token):
    surety_id, token = own_surety
    registered = register(api, token, receiver)
    assert registered["secret"].startswith("whsec_")
    assert registered["secret"] not in json.dumps(hooks(api, token))  # shown once, never listed
    issued = issue_verify_receive(api, token, T0 + dt.timedelta(seconds=10))
    issue_verify_receive(api, surety_token, T0 + dt.timedelta(seconds=10))  # another surety's: never sent here

    assert run_at(T0 + dt.timedelta(seconds=12)) == 0  # the last 5 seconds wait (their order is not final)
    assert run_at(T0 + dt.timedelta(minutes=1)) == 4
    assert run_at(T0 + dt.timedelta(minutes=2)) == 0  # nothing twice

    got = receiver.received()
    assert [d.payload["event"]["type"] for d in got][:2] == ["issued", "verification"]
    assert sorted(d.payload["event"]["type"] for d in got[2:]) == ["receipt", "verification"]
    assert {d.payload["guarantee_id"] for d in got} == {issued["guarantee"]["guarantee_id"]}
    assert all(d.verified for d in got)  # by the SDK's check
    for d in got:
        jsonschema.validate(d.payload, _schema("WebhookPayload"))
        assert d.headers["webhook-id"] == d.payload["event_id"]
        assert d.headers["content-type"] == "application/json"
    text = "".join(d.body.decode() + json.dumps(d.headers) for d in receiver.deliveries)
    assert issued["auth_key"] not in text and token not in text and receiver.secret not in text

    # A receiver built on the Standard Webhooks library accepts the portal's signing too (that
    # library judges the timestamp by the machine's clock, so the delivery is signed anew for now).
    from standardwebhooks.webhooks import Webhook
    body = webhooks.body(got[0].payload, got[0].payload["cursor"])
    assert body == got[0].body
    fresh = webhooks.headers(got[0].payload["event_id"], dt.datetime.now(dt.timezone.utc), body, [receiver.secret])
    assert Webhook(receiver.secret).verify(body, fresh) == got[0].payload

    # The payload's cursor continues the feed right after that event.
    with clock_at(T0 + dt.timedelta(minutes=3)):
        after_first = api.get(f"/v1/events?cursor={got[0].payload['cursor']}", headers=auth(token)).json_body
    assert [e["event_id"] for e in after_first["events"]] == [d.payload["event_id"] for d in got[1:]]
    [hook] = hooks(api, token)
    assert hook["delivery"]["delivered"] == 4 and hook["delivery"]["failures"] == 0


def test_a_receiver_that_fails_gets_the_same_event_again_after_a_growing_wait(api, own_surety, receiver):
    surety_id, token = own_surety
    register(api, token, receiver)
    issue_verify_receive(api, token, T0 + dt.timedelta(seconds=10))
    receiver.fail_next(2, status=503)

    first = T0 + dt.timedelta(minutes=1)
    assert run_at(first) == 0
    [hook] = hooks(api, token)
    assert hook["delivery"]["failures"] == 1 and hook["delivery"]["last_error"] == "http_503"
    assert hook["delivery"]["next_attempt_at"].startswith("2026-12-01T01:02:00")  # 1 minute later
    assert run_at(first + dt.timedelta(seconds=30)) == 0 and len(receiver.deliveries) == 1  # waits

    assert run_at(first + dt.timedelta(minutes=1)) == 0  # fails again: now 2 minutes
    [hook] = hooks(api, token)
    assert hook["delivery"]["failures"] == 2 and hook["delivery"]["next_attempt_at"].startswith("2026-12-01T01:04:00")

    assert run_at(first + dt.timedelta(minutes=3)) == 4
    ids = [d.headers["webhook-id"] for d in receiver.deliveries]
    assert ids[0] == ids[1] == ids[2]  # the same first event, each time, before any later one
    assert [d.payload["event"]["type"] for d in receiver.received()][:2] == ["issued", "verification"]
    [hook] = hooks(api, token)
    assert hook["delivery"]["failures"] == 0 and hook["delivery"]["last_error"] is None


def test_another_suretys_webhooks_are_out_of_reach(api, own_surety, receiver, surety_token):
    surety_id, token = own_surety
    registered = register(api, token, receiver)
    webhook_id = registered["webhook"]["webhook_id"]
    assert webhook_id not in {h["webhook_id"] for h in hooks(api, surety_token)}
    for method, path, body in (("delete", f"/v1/webhooks/{webhook_id}", None),
                               ("post", f"/v1/webhooks/{webhook_id}/secret", None),
                               ("post", f"/v1/webhooks/{webhook_id}/replay", {"since": "2026-12-01T09:00:00+09:00"})):
        with clock_at(T0):
            response = (api.delete(path, headers=auth(surety_token)) if method == "delete"
                        else post_json(api, path, body, auth(surety_token)))
        assert response.status_code == 404 and response.json_body["error"]["code"] == "webhook_not_found"
    assert [h["webhook_id"] for h in hooks(api, token)] == [webhook_id]


def test_the_secret_is_rotated_with_a_day_of_overlap(api, own_surety, receiver):
    surety_id, token = own_surety
    old = register(api, token, receiver)["secret"]
    webhook_id = hooks(api, token)[0]["webhook_id"]
    with clock_at(T0 + dt.timedelta(seconds=1)):
        rotated = post_json(api, f"/v1/webhooks/{webhook_id}/secret", None, auth(token))
    assert rotated.status_code == 201
    new = rotated.json_body["secret"]
    assert new != old and rotated.json_body["webhook"]["previous_secret_valid_until"].startswith("2026-12-02T01:00:01")
    issue_verify_receive(api, token, T0 + dt.timedelta(seconds=10))

    receiver.secret = old  # a receiver not yet switched still accepts
    assert run_at(T0 + dt.timedelta(minutes=1)) == 4
    first = receiver.received()[0]
    assert len(first.headers["webhook-signature"].split()) == 2

    receiver.secret = new
    issue_verify_receive(api, token, T0 + dt.timedelta(days=1, hours=1))
    assert run_at(T0 + dt.timedelta(days=1, hours=1, minutes=1)) == 4
    later = receiver.received()[-1]
    assert len(later.headers["webhook-signature"].split()) == 1  # the old one no longer signs
    with clock_at(T0 + dt.timedelta(days=1, hours=1)):
        assert hooks(api, token)[0]["previous_secret_valid_until"] is None


def test_missed_events_are_sent_again_from_a_time_or_a_cursor(api, own_surety, receiver, surety_token):
    surety_id, token = own_surety
    before = T0 - dt.timedelta(hours=1)
    issued = issue_verify_receive(api, token, before)  # before the endpoint existed
    register(api, token, receiver)
    assert run_at(T0 + dt.timedelta(minutes=1)) == 0  # only events after registration

    webhook_id = hooks(api, token)[0]["webhook_id"]
    with clock_at(T0 + dt.timedelta(minutes=2)):
        replay = post_json(api, f"/v1/webhooks/{webhook_id}/replay", {"since": "2026-12-01T09:00:00+09:00"}, auth(token))
    assert replay.status_code == 202
    assert run_at(T0 + dt.timedelta(minutes=3)) == 4
    assert {d.payload["guarantee_id"] for d in receiver.received()} == {issued["guarantee"]["guarantee_id"]}

    cursor = receiver.received()[1].payload["cursor"]
    with clock_at(T0 + dt.timedelta(minutes=4)):
        assert post_json(api, f"/v1/webhooks/{webhook_id}/replay", {"cursor": cursor}, auth(token)).status_code == 202
    assert run_at(T0 + dt.timedelta(minutes=5)) == 2  # the two after it
    assert [d.payload["event_id"] for d in receiver.received()[4:]] == \
        [d.payload["event_id"] for d in receiver.received()[2:4]]

    # Another surety's cursor, a time to come, both or neither: refused.
    with clock_at(T0 + dt.timedelta(minutes=5)):
        issued_other = post_json(api, "/v1/guarantees", guarantee_request(), issue_headers(surety_token)).json_body
    assert issued_other["guarantee"]["guarantee_id"]
    with clock_at(T0 + dt.timedelta(minutes=6)):
        foreign = api.get("/v1/events?limit=1", headers=auth(surety_token)).json_body["next_cursor"]
        for body, code in (({"cursor": foreign}, "invalid_cursor"), ({"since": "2030-01-01T00:00:00+09:00"}, "invalid_replay"),
                           ({"since": "2026-12-01T09:00:00"}, "invalid_replay"),  # no offset: not RFC 3339
                           ({"since": "2026-12-01T09:00:00+09:00", "cursor": cursor}, "invalid_replay"),
                           ({}, "invalid_replay"), ({"cursor": "abc"}, "invalid_cursor")):
            response = post_json(api, f"/v1/webhooks/{webhook_id}/replay", body, auth(token))
            assert response.status_code == 400 and response.json_body["error"]["code"] == code, body
            assert not response.json_body["error"]["message"].startswith(("since の値", "sinceの値")), body


def test_an_endpoint_is_registered_once_and_five_at_most(api, own_surety):
    surety_id, token = own_surety
    urls = [f"http://127.0.0.1:9/hooks/{n}" for n in range(6)]
    with clock_at(T0):
        for url in urls[:5]:
            assert post_json(api, "/v1/webhooks", {"url": url}, auth(token)).status_code == 201
        again = post_json(api, "/v1/webhooks", {"url": urls[0]}, auth(token))
        sixth = post_json(api, "/v1/webhooks", {"url": urls[5]}, auth(token))
    assert again.status_code == 409 and again.json_body["error"]["code"] == "webhook_exists"
    assert sixth.status_code == 409 and sixth.json_body["error"]["code"] == "too_many_webhooks"
    first = hooks(api, token)[0]["webhook_id"]
    deleted = api.delete(f"/v1/webhooks/{first}", headers=auth(token))
    assert deleted.status_code == 200 and deleted.json_body == {"deleted": True}
    assert len(hooks(api, token)) == 4


@pytest.mark.parametrize("url, code", [
    ("http://netdesk.example.co.jp/hook", "webhook_url_not_https"),
    ("https://localhost/hook", "webhook_url_not_public"),
    ("https://10.0.0.5/hook", "webhook_url_not_public"),
    ("https://169.254.169.254/latest/meta-data", "webhook_url_not_public"),
    ("https://[::1]/hook", "webhook_url_not_public"),
    ("https://[::ffff:192.168.1.1]/hook", "webhook_url_not_public"),
    ("https://intranet/hook", "webhook_url_not_public"),
    ("https://db.internal/hook", "webhook_url_not_public"),
    ("https://user:pass@netdesk.example.co.jp/hook", "invalid_webhook_url"),
    ("https://netdesk.example.co.jp/hook#x", "invalid_webhook_url"),
    ("https://netdesk.example.co.jp:0/hook", "invalid_webhook_url"),
    ("https://netdesk.example.co.jp/hook", None),
    ("https://203.0.113.9/hook", "webhook_url_not_public"),  # documentation range: not global
    ("https://8.8.8.8:8443/hook", "webhook_url_port_not_allowed"),
    ("https://netdesk.example.co.jp:6379/hook", "webhook_url_port_not_allowed"),  # a database on a public host
    ("https://netdesk.example.co.jp:443/hook", None),
    ("https://%31%32%37.0.0.1/hook", "invalid_webhook_url"),  # percent-encoded 127
    ("https://netdesk%2eexample.co.jp/hook", "invalid_webhook_url"),
    ("https://[fe80::1%25eth0]/hook", "invalid_webhook_url"),  # a zone id
    ("https://net_desk.example.co.jp/hook", "invalid_webhook_url"),
    ("https://-netdesk.example.co.jp/hook", "invalid_webhook_url"),
    ("https://xn--eckwd4c7c.xn--zckzah/hook", None),  # an IDN, as its ASCII form
    ("https://2130706433/hook", "invalid_webhook_url"),  # 127.0.0.1 as one number
    ("https://127.1/hook", "invalid_webhook_url"),
    ("https://0x7f000001/hook", "invalid_webhook_url"),
    ("https://[::7f00:1]/hook", "webhook_url_not_public"),  # IPv4-compatible
    ("https://[::ffff:0:7f00:1]/hook", "webhook_url_not_public"),  # IPv4-translated
    ("https://[64:ff9b::a9fe:a9fe]/hook", "webhook_url_not_public"),  # NAT64 of 169.254.169.254
    ("https://[2002:c0a8:101::1]/hook", "webhook_url_not_public"),  # 6to4 of 192.168.1.1
    ("https://[2606:4700::1111]/hook", None),
])
def test_in_production_only_https_to_a_public_address(url, code):
    assert webhooks.url_problem(url, local_targets=False) == code


@pytest.mark.parametrize("url, code", [
    ("http://127.0.0.1:8099/hook", None),
    ("https://127.0.0.1:8443/hook", None),
    ("http://127.8.9.10/hook", None),
    ("http://localhost:8099/hook", None),
    ("http://receiver.localhost/hook", None),
    ("http://[::1]:8099/hook", None),
    ("https://169.254.169.254/latest/meta-data", "webhook_url_not_local"),  # cloud metadata
    ("https://10.0.0.5/hook", "webhook_url_not_local"),
    ("http://192.168.1.20/hook", "webhook_url_not_local"),
    ("https://netdesk.example.co.jp/hook", "webhook_url_not_local"),
    ("http://%31%32%37.0.0.1/hook", "invalid_webhook_url"),
    ("http://2130706433/hook", "invalid_webhook_url"),
])
def test_locally_only_this_machine(url, code):
    """The local switch (make run, tests) is for a receiver on the developer's own computer: it
    opens http and any port, never another address."""
    assert webhooks.url_problem(url, local_targets=True) == code


def test_locally_a_name_that_resolves_elsewhere_is_not_delivered_to(monkeypatch):
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: [(socket.AF_INET, socket.SOCK_STREAM, 6, "",
                                                                  ("169.254.169.254", 80))])
    with pytest.raises(webhook_sender.DeliveryFailed) as failed:
        webhook_sender.post("http://receiver.localhost/hook", {}, b"{}", local_targets=True)
    assert failed.value.reason == "address_not_local"


def test_in_production_an_endpoint_on_another_port_is_not_delivered_to(monkeypatch):
    """One registered before only 443 was allowed: refused before any name is resolved."""
    def resolve(*a, **k):
        raise AssertionError("resolved")
    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    with pytest.raises(webhook_sender.DeliveryFailed) as failed:
        webhook_sender.post("https://netdesk.example.co.jp:6379/hook", {}, b"{}", local_targets=False)
    assert failed.value.reason == "port_not_allowed"


def test_a_name_that_resolves_inside_is_not_delivered_to(monkeypatch):
    # A public-looking name re-pointed at an inside address (DNS rebinding) after registration.
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: [(socket.AF_INET, socket.SOCK_STREAM, 6, "",
                                                                  ("10.1.2.3", 443))])
    with pytest.raises(webhook_sender.DeliveryFailed) as failed:
        webhook_sender.post("https://netdesk.example.co.jp/hook", {}, b"{}", local_targets=False)
    assert failed.value.reason == "address_not_public"


def test_the_secret_is_sealed_in_the_table(api, own_surety, receiver):
    surety_id, token = own_surety
    secret = register(api, token, receiver)["secret"]
    [hook] = current_store().webhooks.of(surety_id)
    key = base64.b64decode(secret.removeprefix("whsec_"))
    assert secret.encode() not in hook.sealed_secret and key not in hook.sealed_secret


def test_rotating_again_within_the_day_keeps_every_secret_the_receiver_may_hold(api, own_surety, receiver):
    # A rotation whose answer was lost, asked again: the first new secret was never seen, the
    # original is what the receiver has — it must keep working for its day.
    surety_id, token = own_surety
    original = register(api, token, receiver)["secret"]
    webhook_id = hooks(api, token)[0]["webhook_id"]
    with clock_at(T0 + dt.timedelta(seconds=1)):
        post_json(api, f"/v1/webhooks/{webhook_id}/secret", None, auth(token))
    with clock_at(T0 + dt.timedelta(seconds=2)):
        newest = post_json(api, f"/v1/webhooks/{webhook_id}/secret", None, auth(token)).json_body["secret"]
    issue_verify_receive(api, token, T0 + dt.timedelta(seconds=10))
    receiver.secret = original
    assert run_at(T0 + dt.timedelta(minutes=1)) == 4
    assert len(receiver.received()[0].headers["webhook-signature"].split()) == 3
    receiver.secret = newest
    assert run_at(T0 + dt.timedelta(minutes=2)) == 0  # (nothing new; the newest is checked below)
    with clock_at(T0 + dt.timedelta(minutes=3)):
        assert post_json(api, f"/v1/webhooks/{webhook_id}/replay", {"since": "2026-12-01T10:00:00+09:00"},
                         auth(token)).status_code == 202
    assert run_at(T0 + dt.timedelta(minutes=4)) == 4 and all(d.verified for d in receiver.received())


def test_registering_needs_the_webhooks_scope(api, own_surety):
    surety_id, _ = own_surety
    reader = sureties.create_token(surety_id, scopes=["read"], label="read only")[1]
    with clock_at(T0):
        response = post_json(api, "/v1/webhooks", {"url": "http://127.0.0.1:9/hook"}, auth(reader))
    assert response.status_code == 403 and response.json_body["error"]["code"] == "forbidden"


def test_a_backlog_is_delivered_batch_after_batch_in_one_run(api, own_surety, receiver, monkeypatch):
    surety_id, token = own_surety
    register(api, token, receiver)
    monkeypatch.setattr(deliver_webhooks, "BATCH", 3)
    issued = []
    for n in range(7):
        with clock_at(T0 + dt.timedelta(seconds=10 + n)):
            issued.append(post_json(api, "/v1/guarantees", guarantee_request(),
                                    issue_headers(token)).json_body["guarantee"]["guarantee_id"])
    assert run_at(T0 + dt.timedelta(minutes=1)) == 7
    assert [d.payload["guarantee_id"] for d in receiver.received()] == issued


def test_a_receiver_that_answers_a_byte_at_a_time_is_cut_off():
    import threading
    import time
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)

    def drip():
        conn, _ = server.accept()
        conn.recv(65536)
        for byte in b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n":
            try:
                conn.send(bytes([byte]))
            except OSError:
                break
            time.sleep(0.2)
        conn.close()

    threading.Thread(target=drip, daemon=True).start()
    started = time.monotonic()
    with pytest.raises(webhook_sender.DeliveryFailed) as failed:
        webhook_sender.post(f"http://127.0.0.1:{server.getsockname()[1]}/hook", {}, b"{}", local_targets=True,
                            timeout=1.0)
    assert failed.value.reason == "timeout" and time.monotonic() - started < 3  # each byte came within the socket's timeout
    server.close()


def test_a_redirect_is_a_failed_delivery_and_is_not_followed(receiver):
    receiver.fail_next(1, status=307)
    with pytest.raises(webhook_sender.DeliveryFailed) as failed:
        webhook_sender.post(receiver.url, {}, b"{}", local_targets=True)
    assert failed.value.reason == "http_307" and len(receiver.deliveries) == 1


def test_two_rotations_at_once_keep_one_secret_and_the_later_says_so(api, own_surety, receiver, monkeypatch):
    surety_id, token = own_surety
    register(api, token, receiver)
    webhook_id = hooks(api, token)[0]["webhook_id"]
    path = f"/v1/webhooks/{webhook_id}/secret"
    webhooks_port = current_store().webhooks
    real = webhooks_port.rotate_secret
    first = {}

    def the_other_request_finishes_first(*args, **kwargs):
        monkeypatch.setattr(webhooks_port, "rotate_secret", real)
        with clock_at(T0 + dt.timedelta(seconds=1)):
            first["response"] = post_json(api, path, None, auth(token))
        return real(*args, **kwargs)

    monkeypatch.setattr(webhooks_port, "rotate_secret", the_other_request_finishes_first)
    with clock_at(T0 + dt.timedelta(seconds=1)):
        later = post_json(api, path, None, auth(token))
    assert first["response"].status_code == 201
    assert later.status_code == 409 and later.json_body["error"]["code"] == "webhook_busy"
    # The secret that was shown is the one that signs.
    receiver.secret = first["response"].json_body["secret"]
    issue_verify_receive(api, token, T0 + dt.timedelta(seconds=10))
    assert run_at(T0 + dt.timedelta(minutes=1)) == 4 and all(d.verified for d in receiver.received())


def test_https_deliveries_check_the_certificate_for_the_name(tmp_path):
    """The pinned HTTPS connection: the certificate is checked (an unknown one refused), then it posts."""
    import ipaddress
    import ssl
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "receiver")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(1).not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
            .sign(key, hashes.SHA256()))
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    got = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            got.append(self.rfile.read(int(self.headers["Content-Length"])))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    served = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    served.load_cert_chain(cert_file, key_file)
    server.socket = served.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"https://127.0.0.1:{server.server_address[1]}/hook"
    try:
        with pytest.raises(webhook_sender.DeliveryFailed) as failed:
            webhook_sender.post(url, {}, b"{}", local_targets=True)  # the system's trust store: not this certificate
        assert failed.value.reason == "tls_error"
        trusting = ssl.create_default_context(cafile=str(cert_file))
        webhook_sender.post(url, {"Content-Type": "application/json"}, b'{"a":1}', local_targets=True, context=trusting)
        assert got == [b'{"a":1}']
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("status, reason", [(200, None), (204, None), (400, "http_400"), (500, "http_500")])
def test_an_answer_without_a_length_is_read_to_its_end(status, reason):
    """A receiver that answers without Content-Length and closes (http.server's plain replies, the
    documentation's example): its status counts — 2xx is delivered, anything else says which."""
    import threading
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)

    def answer():
        conn, _ = server.accept()
        request = b""
        while not request.endswith(b"\r\n\r\n{}"):  # the whole request (headers and body may come apart)
            request += conn.recv(65536)
        conn.sendall(f"HTTP/1.0 {status} X\r\nContent-Type: text/plain\r\n\r\nok".encode())
        conn.close()

    threading.Thread(target=answer, daemon=True).start()
    url = f"http://127.0.0.1:{server.getsockname()[1]}/hook"
    try:
        if reason is None:
            webhook_sender.post(url, {}, b"{}", local_targets=True)
        else:
            with pytest.raises(webhook_sender.DeliveryFailed) as failed:
                webhook_sender.post(url, {}, b"{}", local_targets=True)
            assert failed.value.reason == reason
    finally:
        server.close()


@pytest.mark.parametrize("url, same", [
    ("https://NetDesk.Example.co.jp:443/hook", "https://netdesk.example.co.jp/hook"),
    ("HTTPS://netdesk.example.co.jp/hook", "https://netdesk.example.co.jp/hook"),
    ("http://127.0.0.1:80/hook", "http://127.0.0.1/hook"),
    ("https://netdesk.example.co.jp:8443/hook", "https://netdesk.example.co.jp:8443/hook"),  # refused, but kept as written
])
def test_one_receiver_is_one_endpoint_however_its_address_is_written(url, same):
    assert webhooks.normalized(url) == same
