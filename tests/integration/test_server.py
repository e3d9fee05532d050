"""The local one-origin server (api/devtools/server.py).

The static tests use a small site in a temp folder and a tiny Chalice app of their own,
so they need neither DynamoDB Local nor a built MkDocs site; the last tests go through
the real app via the shared `portal_url` fixture.
"""
from __future__ import annotations

import http.client
import json
import logging
import threading
import time
from pathlib import Path

import pytest
from chalice import Chalice, Response

from devtools.server import MAX_BODY_BYTES, SECURITY_HEADERS_FILE, PortalServer, load_security_headers

SECRET = "TOP-SECRET-OUTSIDE-THE-SITE"
SECURITY_HEADERS = json.loads(SECURITY_HEADERS_FILE.read_text(encoding="utf-8"))["site"]
API_HEADERS = json.loads(SECURITY_HEADERS_FILE.read_text(encoding="utf-8"))["api"]

FILES = {
    "index.html": b"<!doctype html><title>home</title>",
    "404.html": b"<!doctype html><title>not found page</title>",
    "guide/index.html": b"<!doctype html><title>guide</title>",
    "assets/app.js": b"console.log(1)",
    "assets/style.css": b"body{}",
    "assets/logo.svg": b"<svg xmlns='http://www.w3.org/2000/svg'/>",
    "assets/font.woff2": b"wOF2",
    "manifest.webmanifest": b"{}",
    "search/search_index.json": b"{}",
    "media/captions.vtt": b"WEBVTT\n",
    "media/clip.webm": bytes(range(256)) * 4,
    "media/clip.mp4": b"\x00\x00\x00\x18ftypmp42",
    "日本語/ページ.html": "<p>日本語</p>".encode(),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("server")
    (base / "secret.txt").write_text(SECRET)
    root = base / "site"
    for name, content in FILES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    (root / "empty").mkdir()
    (root / ".hidden").write_text(SECRET)
    # A link that stays inside the site is followed; one that leaves it is not.
    (root / "link-out").symlink_to(base / "secret.txt")
    (root / "link-in.js").symlink_to(root / "assets" / "app.js")
    return root


def fake_app() -> Chalice:
    app = Chalice(app_name="server-test")

    @app.route("/v1/echo", methods=["POST"])
    def echo():
        return {"got": app.current_request.json_body}

    @app.route("/v1/query")
    def query():
        params = app.current_request.query_params or {}
        # Slow enough that two concurrent requests overlap inside the view.
        time.sleep(0.2)
        return {"n": params.get("n"), "seen": (app.current_request.query_params or {}).get("n")}

    @app.route("/v1/headers")
    def headers():
        return Response(body="plain", status_code=202,
                        headers={"Content-Type": "text/plain", "Set-Cookie": ["a=1", "b=2"]})

    @app.route("/v1/log-probe", methods=["POST"])
    def log_probe():
        return {"ok": True}

    @app.route("/v1/teapot")
    def teapot():
        return Response(body="", status_code=204)

    return app


@pytest.fixture(scope="module")
def server(site):
    srv = PortalServer(site, app=fake_app()).start()
    yield srv
    srv.stop()


def request(server, method, path, body=None, headers=None):
    conn = http.client.HTTPConnection(server.host, server.port, timeout=10)
    try:
        # skip_host etc. are not used: the path must go out byte for byte as written.
        conn.putrequest(method, path, skip_accept_encoding=True)
        for name, value in (headers or {}).items():
            conn.putheader(name, value)
        if body is not None:
            conn.putheader("Content-Length", str(len(body)))
        conn.endheaders(body)
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read(), response
    finally:
        conn.close()


# ---- static files ----

def test_url_has_the_real_port(server):
    assert server.port > 0
    assert server.url == f"http://127.0.0.1:{server.port}"


def test_root_serves_index_html(server):
    status, headers, body, _ = request(server, "GET", "/")
    assert status == 200
    assert body == FILES["index.html"]
    assert headers["content-type"] == "text/html; charset=utf-8"


@pytest.mark.parametrize("path, content_type", [
    ("/assets/app.js", "text/javascript; charset=utf-8"),
    ("/assets/style.css", "text/css; charset=utf-8"),
    ("/assets/logo.svg", "image/svg+xml"),
    ("/assets/font.woff2", "font/woff2"),
    ("/manifest.webmanifest", "application/manifest+json"),
    ("/search/search_index.json", "application/json"),
    ("/media/captions.vtt", "text/vtt; charset=utf-8"),
    ("/media/clip.webm", "video/webm"),
    ("/media/clip.mp4", "video/mp4"),
    ("/%E6%97%A5%E6%9C%AC%E8%AA%9E/%E3%83%9A%E3%83%BC%E3%82%B8.html", "text/html; charset=utf-8"),
    ("/link-in.js", "text/javascript; charset=utf-8"),
])
def test_content_types(server, path, content_type):
    status, headers, body, _ = request(server, "GET", path)
    assert status == 200
    assert headers["content-type"] == content_type
    assert int(headers["content-length"]) == len(body) > 0


def test_directory_without_slash_redirects_keeping_the_query(server):
    status, headers, _, _ = request(server, "GET", "/guide?x=1")
    assert status == 301
    assert headers["location"] == "/guide/?x=1"
    status, _, body, _ = request(server, "GET", "/guide/")
    assert (status, body) == (200, FILES["guide/index.html"])


def test_redirect_never_leaves_the_site(server):
    # "//guide" must not become "Location: //guide/" (a protocol-relative URL to host "guide").
    status, headers, _, _ = request(server, "GET", "//guide")
    assert status == 301
    assert headers["location"] == "/guide/"


def test_directory_without_index_is_404_not_a_listing(server):
    status, _, body, _ = request(server, "GET", "/empty/")
    assert status == 404
    assert body == FILES["404.html"]


def test_missing_file_gets_the_site_404_page(server):
    status, headers, body, _ = request(server, "GET", "/no/such/page/")
    assert status == 404
    assert body == FILES["404.html"]
    assert headers["content-type"] == "text/html; charset=utf-8"


def test_missing_404_page_falls_back_to_plain_text(tmp_path):
    (tmp_path / "index.html").write_text("x")
    with PortalServer(tmp_path) as srv:
        status, _, body, _ = request(srv, "GET", "/nope")
    assert status == 404
    assert b"Not Found" in body


@pytest.mark.parametrize("path", [
    "/../secret.txt",
    "/../../../../../../etc/passwd",
    "/guide/../../secret.txt",
    "/%2e%2e/secret.txt",
    "/%2E%2E/%2E%2E/etc/passwd",
    "/..%2fsecret.txt",
    "/%2e%2e%2fsecret.txt",
    "/guide/%2e%2e%2f%2e%2e%2fsecret.txt",
    "/..%5csecret.txt",
    "/%252e%252e/secret.txt",
    "/%c0%ae%c0%ae/secret.txt",
    "/secret.txt%00.html",
    "//etc/passwd",
    "/link-out",
    "/.hidden",
    "/%2ehidden",
])
def test_path_traversal_never_returns_outside_content(server, path):
    status, _, body, _ = request(server, "GET", path)
    assert status in (400, 404)
    assert SECRET.encode() not in body
    assert b"root:" not in body


def test_head_sends_headers_only(server):
    status, headers, body, _ = request(server, "HEAD", "/assets/app.js")
    assert status == 200
    assert body == b""
    assert int(headers["content-length"]) == len(FILES["assets/app.js"])


def test_byte_ranges_for_video(server):
    data = FILES["media/clip.webm"]
    status, headers, body, _ = request(server, "GET", "/media/clip.webm", headers={"Range": "bytes=10-19"})
    assert status == 206
    assert body == data[10:20]
    assert headers["content-range"] == f"bytes 10-19/{len(data)}"
    status, _, body, _ = request(server, "GET", "/media/clip.webm", headers={"Range": "bytes=-4"})
    assert (status, body) == (206, data[-4:])
    status, headers, _, _ = request(server, "GET", "/media/clip.webm", headers={"Range": f"bytes={len(data)}-"})
    assert status == 416
    assert headers["content-range"] == f"bytes */{len(data)}"


def test_static_refuses_other_methods(server):
    status, headers, _, _ = request(server, "POST", "/index.html", body=b"x")
    assert status == 405
    assert headers["allow"] == "GET, HEAD"


# ---- security headers ----

def test_security_headers_file_is_a_flat_string_map():
    assert load_security_headers() == SECURITY_HEADERS
    assert load_security_headers("api") == API_HEADERS
    for required in ("X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options", "Permissions-Policy"):
        assert required in SECURITY_HEADERS


@pytest.mark.parametrize("path", ["/", "/assets/app.js", "/no/such/page", "/guide"])
def test_static_responses_carry_the_security_headers(server, path):
    _, headers, _, _ = request(server, "GET", path)
    for name, value in SECURITY_HEADERS.items():
        assert headers.get(name.lower()) == value, name


# ---- body limits ----

def test_oversize_body_is_refused_with_413_before_reading_it(server):
    # Only the headers are sent: the server must answer without waiting for the body.
    conn = http.client.HTTPConnection(server.host, server.port, timeout=5)
    try:
        conn.putrequest("POST", "/api/v1/echo")
        conn.putheader("Content-Type", "application/json")
        conn.putheader("Content-Length", str(MAX_BODY_BYTES + 1))
        conn.endheaders()
        response = conn.getresponse()
        payload = json.loads(response.read())
    finally:
        conn.close()
    assert response.status == 413
    assert payload["error"]["code"] == "payload_too_large"
    assert payload["error"]["message"]


def test_body_at_the_limit_is_accepted(server):
    text = "x" * (MAX_BODY_BYTES - len('{"k": ""}'))
    body = json.dumps({"k": text}).encode()
    assert len(body) == MAX_BODY_BYTES
    status, _, out, _ = request(server, "POST", "/api/v1/echo", body=body,
                                headers={"Content-Type": "application/json"})
    assert status == 200
    assert json.loads(out)["got"]["k"] == text


@pytest.mark.parametrize("headers, status", [
    ({"Content-Length": "abc"}, 400),
    ({"Transfer-Encoding": "chunked"}, 411),
])
def test_malformed_body_framing(server, headers, status):
    got, _, body, _ = request(server, "POST", "/api/v1/echo", headers=headers)
    assert got == status
    assert json.loads(body)["error"]["code"]


# ---- /api → Chalice (a tiny app of the test's own) ----

def test_api_prefix_is_stripped_and_json_round_trips(server):
    status, headers, body, _ = request(server, "POST", "/api/v1/echo", body=json.dumps({"a": "保証"}).encode(),
                                       headers={"Content-Type": "application/json"})
    assert status == 200
    assert headers["content-type"] == "application/json"
    assert json.loads(body) == {"got": {"a": "保証"}}


def test_unknown_api_route_is_answered_as_api_gateways_gateway_response(server):
    status, headers, body, _ = request(server, "GET", "/api/v1/nothing-here")
    assert status == 404
    assert json.loads(body)["error"]["code"] == "unknown_route"
    assert headers["cache-control"] == "no-store" and headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("method, path, status, code", [
    ("BREW", "/api/v1/echo", 501, "method_not_supported"),
    ("TRACE", "/", 501, "method_not_supported"),
])
def test_the_servers_own_refusals_are_in_the_portal_shape(server, method, path, status, code):
    got, headers, body, _ = request(server, method, path)
    assert got == status
    assert json.loads(body)["error"]["code"] == code
    assert headers["content-type"] == "application/json"
    for name, value in API_HEADERS.items():
        assert headers.get(name.lower()) == value, name


def test_api_replies_carry_the_api_headers(server):
    _, headers, _, _ = request(server, "GET", "/api/v1/teapot")
    for name, value in API_HEADERS.items():
        assert headers.get(name.lower()) == value, name


def test_api_headers_status_and_multi_value_headers(server):
    status, _, body, response = request(server, "GET", "/api/v1/headers")
    assert status == 202
    assert body == b"plain"
    assert response.getheader("Content-Type") == "text/plain"
    assert response.msg.get_all("Set-Cookie") == ["a=1", "b=2"]


def test_api_empty_body(server):
    status, headers, body, _ = request(server, "GET", "/api/v1/teapot")
    assert status == 204
    assert body == b""


def test_concurrent_api_requests_keep_their_own_request(server):
    results = {}

    def call(n):
        _, _, body, _ = request(server, "GET", f"/api/v1/query?n={n}")
        results[n] = json.loads(body)

    threads = [threading.Thread(target=call, args=(str(i),)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == {str(i): {"n": str(i), "seen": str(i)} for i in range(4)}


def test_log_has_one_line_without_body_query_or_authorization(server, caplog):
    caplog.set_level(logging.INFO, logger="portal.server")

    def probe_lines():
        # Only this test's route: other tests' requests may still be logging.
        return [r.getMessage() for r in caplog.records
                if r.name == "portal.server" and "/log-probe" in r.getMessage()]

    request(server, "POST", "/api/v1/log-probe?token=QUERY-SECRET",
            body=json.dumps({"auth_key": "BODY-SECRET"}).encode(),
            headers={"Content-Type": "application/json", "Authorization": "Bearer HEADER-SECRET"})
    # The line is written once the response has gone out, so it may trail the client.
    deadline = time.monotonic() + 5
    while not probe_lines() and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.1)
    lines = probe_lines()
    assert len(lines) == 1
    method, path, status, ms = lines[0].split(" ")
    assert (method, path, status) == ("POST", "/api/v1/log-probe", "200")
    assert ms.endswith("ms")
    for secret in ("QUERY-SECRET", "BODY-SECRET", "HEADER-SECRET"):
        assert secret not in caplog.text


def test_stop_releases_the_port(site):
    srv = PortalServer(site).start()
    port = srv.port
    srv.stop()
    again = PortalServer(site, port=port)  # binds, so it fails if the port were still held
    again.stop()


# ---- the real app (shared fixtures from tests/conftest.py) ----

def _post(url: str, path: str, payload: dict):
    host, port = url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        conn.request("POST", path, body=json.dumps(payload, ensure_ascii=False).encode(),
                     headers={"Content-Type": "application/json"})
        response = conn.getresponse()
        return response.status, json.loads(response.read())
    finally:
        conn.close()


def test_real_api_verification_through_the_server(portal_url, issue_guarantee):
    issued = issue_guarantee()
    number = issued["guarantee"]["contract_number"]
    status, payload = _post(portal_url, "/api/v1/verifications",
                            {"contract_number": number, "auth_key": issued["auth_key"]})
    assert status == 200
    assert payload["certificate"]["contract_number"] == number
    status, payload = _post(portal_url, "/api/v1/verifications", {"contract_number": number})
    assert status == 400
    assert payload["error"]["code"]


# ---- compression, as CloudFront does it ----

def test_text_is_gzipped_for_clients_that_accept_it_as_cloudfront_would(server, site):
    import gzip
    page = ("<!doctype html><title>t</title>" + "電子保証の確認 " * 200).encode("utf-8")
    (site / "big.html").write_bytes(page)
    status, headers, body, _ = request(server, "GET", "/big.html", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert status == 200 and headers["content-encoding"] == "gzip" and headers["vary"] == "Accept-Encoding"
    assert int(headers["content-length"]) == len(body) < len(page) / 5
    assert gzip.decompress(body) == page
    # Not asked for (or refused with q=0): sent as it is.
    for accept in (None, "gzip;q=0", "br"):
        status, headers, body, _ = request(server, "GET", "/big.html", headers={"Accept-Encoding": accept} if accept else {})
        assert status == 200 and "content-encoding" not in headers and body == page, accept
    # Under 1,000 bytes CloudFront does not compress; nor does it compress a byte range.
    status, headers, body, _ = request(server, "GET", "/index.html", headers={"Accept-Encoding": "gzip"})
    assert len(FILES["index.html"]) < 1000 and "content-encoding" not in headers
    status, headers, body, _ = request(server, "GET", "/big.html", headers={"Accept-Encoding": "gzip", "Range": "bytes=0-9"})
    assert status == 206 and "content-encoding" not in headers and body == page[:10]


def test_api_json_is_gzipped_too(server):
    import gzip
    payload = json.dumps({"text": "あ" * 800}).encode("utf-8")
    status, headers, body, _ = request(server, "POST", "/api/v1/echo", body=payload,
                                       headers={"Content-Type": "application/json", "Accept-Encoding": "gzip"})
    assert status == 200 and headers["content-encoding"] == "gzip"
    assert json.loads(gzip.decompress(body)) == {"got": {"text": "あ" * 800}}
