"""The local one-origin web server: the built site at `/`, the Chalice API at `/api/...`.

Production puts both behind one CloudFront distribution (`/api/*` → API Gateway stage
`api`), so the site never needs CORS; serving both from one origin here keeps local
behaviour the same (see docs/contracts.md, "URL layout").

The API runs in-process through chalice's own `LocalGateway`, converted exactly as
`chalice local` does it, so what works here works with `chalice local` and the test client.

Text is compressed as CloudFront compresses it (gzip, for clients that accept it, for the
types and sizes CloudFront compresses), so what a page weighs here is what it weighs there.
"""
from __future__ import annotations

import base64
import gzip
import json
import logging
import re
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, cast
from urllib.parse import unquote, urlsplit

REPO_ROOT = Path(__file__).resolve().parents[2]
API_DIR = REPO_ROOT / "api"
# One definition shared with the CDN's response-headers policy, so local and production agree.
SECURITY_HEADERS_FILE = REPO_ROOT / "infra" / "security_headers.json"

API_PREFIX = "/api"
# The API takes small JSON documents; anything bigger is a mistake or an attack, and
# API Gateway would cut it off too (at a higher limit).
MAX_BODY_BYTES = 64 * 1024
# But for the one upload of a file: the orderer's contract list (CSV, 5 MB; issue 30).
LARGE_BODY_PATHS = {API_PREFIX + "/v1/staff/contract-list": 5 * 1024 * 1024 + 64 * 1024}

log = logging.getLogger("portal.server")

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".webmanifest": "application/manifest+json",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/plain; charset=utf-8",
    ".vtt": "text/vtt; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".webm": "video/webm",
    ".mp4": "video/mp4",
    ".mp3": "audio/mpeg",
    ".pdf": "application/pdf",
    ".wasm": "application/wasm",
    ".gz": "application/gzip",
    ".zip": "application/zip",
}
DEFAULT_CONTENT_TYPE = "application/octet-stream"

_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
# CloudFront's rule: compress responses of these types from 1,000 to 10,000,000 bytes when the
# viewer accepts it (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/ServingCompressedFiles.html).
_COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml",
                 "application/manifest+json", "application/x-javascript")
_COMPRESS_SIZES = range(1_000, 10_000_001)
_ACCEPTS_GZIP = re.compile(r"(^|,)\s*(gzip|\*)\s*(;\s*q=(?!0(\.0*)?\s*(,|$))[\d.]+)?\s*(,|$)")
_HOP_BY_HOP = {"connection", "content-length", "transfer-encoding", "keep-alive"}


def load_security_headers(part: str = "site", path: Path = SECURITY_HEADERS_FILE) -> dict[str, str]:
    """The headers CloudFront adds to the site's pages ("site") or to the API's replies ("api")."""
    data = json.loads(path.read_text(encoding="utf-8")).get(part)
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and "\r" not in v and "\n" not in v
        for k, v in data.items()
    ):
        raise ValueError(f"{path}: expected {part!r} to be an object of header name → one-line string value")
    return data


GATEWAY_REPLIES_FILE = API_DIR / "chalicelib" / "edge" / "gateway_replies.json"
# What API Gateway answers for a path no route has (its MISSING_AUTHENTICATION_TOKEN gateway response).
_UNKNOWN = json.loads(GATEWAY_REPLIES_FILE.read_text(encoding="utf-8"))["MISSING_AUTHENTICATION_TOKEN"]
UNKNOWN_ROUTE = (_UNKNOWN["status"], _UNKNOWN["code"], _UNKNOWN["message"])
SERVER_ERRORS = {
    501: ("method_not_supported", "このメソッドには対応していません。"),
    414: ("uri_too_long", "アドレスが長すぎます。"),
    431: ("headers_too_large", "リクエストヘッダーが大きすぎます。"),
}


def content_type_for(path: Path) -> str:
    return CONTENT_TYPES.get(path.suffix.lower(), DEFAULT_CONTENT_TYPE)


def _printable(text: str) -> str:
    # The path comes from the client: keep it from forging extra log lines.
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in text)


def _error_body(code: str, message: str) -> bytes:
    return json.dumps({"error": {"code": code, "message": message}}, ensure_ascii=False).encode("utf-8")


def _thread_safe_app(app: Any) -> Any:
    """Make `app.current_request` thread-local, as `chalice local` does.

    Chalice keeps the current request on the app object; with one thread per
    connection, two concurrent requests would otherwise see each other's request.
    """
    from chalice.local import LocalChalice

    if not isinstance(app, LocalChalice):
        app.__class__ = type("PortalLocalChalice", (LocalChalice, app.__class__), {})
    return app


def _chalice_config(app: Any) -> Any:
    from chalice.config import Config

    config_file = API_DIR / ".chalice" / "config.json"
    from_disk: dict[str, Any] = {}
    if config_file.is_file():
        # Only for lambda_timeout / memory size in the fake Lambda context; its
        # environment_variables are deliberately not applied (the caller sets the env).
        from_disk = json.loads(config_file.read_text(encoding="utf-8"))
    return Config(
        chalice_stage="dev",
        user_provided_params={"app_name": app.app_name, "project_dir": str(API_DIR)},
        config_from_disk=from_disk,
    )


class _BodyRejected(Exception):
    """The request body was refused and the answer already sent."""


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "e-guarantee-portal-dev"
    sys_version = ""
    # Idle keep-alive connections must not pin a thread forever.
    timeout = 60
    server: _HTTPServer
    _status: int | None
    _t0: float | None

    def version_string(self) -> str:
        return self.server_version

    # ---- logging: one line per request, never bodies, headers or query strings ----

    def log_message(self, format: str, *args: Any) -> None:
        # The default lines carry the raw request line (with query string): drop them.
        pass

    def log_request(self, code: Any = "-", size: Any = "-") -> None:
        # Errors raised while parsing the request line arrive here outside _dispatch.
        if getattr(self, "_t0", None) is None:
            path = getattr(self, "path", "") or ""
            method = getattr(self, "command", None) or "-"
            log.info("%s %s %s 0ms", method, _printable(urlsplit(path).path) or "-", int(code))

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """The server's own refusals (an unsupported method: 501, a malformed request line: 400,
        an overlong line: 414, too many headers: 431) in the portal's shape, never as HTML."""
        self.close_connection = True
        headers = {**self._refusal_headers(), "Connection": "close"}
        self._send_bytes(code, headers, _error_body(*SERVER_ERRORS.get(code, ("bad_request", "リクエストの形式が正しくありません。"))))

    def send_response(self, code: int, message: str | None = None) -> None:
        self._status = code
        super().send_response(code, message)

    def _dispatch(self) -> None:
        self._t0 = time.perf_counter()
        self._status = None
        try:
            body = self._read_body()
            if self.path == API_PREFIX or self.path.startswith((API_PREFIX + "/", API_PREFIX + "?")):
                self._handle_api(body)
            else:
                self._handle_static()
        except _BodyRejected:
            pass
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            self.close_connection = True
        except Exception:
            log.exception("%s %s failed", self.command, _printable(urlsplit(self.path).path))
            self.close_connection = True
            if self._status is None:
                self._send_bytes(500, self._refusal_headers(),
                                 _error_body("internal_error", "サーバー内部でエラーが発生しました。"))
        finally:
            ms = (time.perf_counter() - self._t0) * 1000
            log.info("%s %s %s %.0fms", self.command, _printable(urlsplit(self.path).path),
                     self._status if self._status is not None else "-", ms)
            self._t0 = None

    do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = _dispatch

    # ---- request body ----

    def _refusal_headers(self) -> dict[str, str]:
        """The server's own error replies: JSON, never cached, with the API's headers."""
        return {**self.server.portal.api_headers, "Content-Type": "application/json", "Cache-Control": "no-store"}

    def _reject(self, status: int, code: str, message: str) -> None:
        # The unread body is still on the socket: this connection cannot be reused.
        self.close_connection = True
        self._send_bytes(status, {**self._refusal_headers(), "Connection": "close"}, _error_body(code, message))
        raise _BodyRejected

    def _read_body(self) -> bytes | None:
        if self.headers.get("Transfer-Encoding"):
            self._reject(411, "length_required", "Content-Length を指定してください (chunked encoding is not supported).")
        raw = self.headers.get("Content-Length")
        if raw is None:
            return None
        raw = raw.strip()
        if not raw.isdigit():
            self._reject(400, "bad_request", "Content-Length が不正です (invalid Content-Length).")
        length = int(raw)
        ceiling = LARGE_BODY_PATHS.get(urlsplit(self.path).path, MAX_BODY_BYTES)
        if length > ceiling:
            self._reject(413, "payload_too_large",
                         f"リクエストが大きすぎます (request body larger than {ceiling} bytes).")
        if length == 0:
            return None
        body = self.rfile.read(length)
        if len(body) < length:
            self.close_connection = True
            raise _BodyRejected
        return body

    # ---- responses ----

    def _compressed(self, headers: dict[str, Any], body: bytes | None) -> bytes | None:
        """``body`` gzipped (headers updated) where CloudFront would compress it, else as it is."""
        content_type = next((str(v) for k, v in headers.items() if k.lower() == "content-type"), "")
        if (body is None or len(body) not in _COMPRESS_SIZES or not content_type.startswith(_COMPRESSIBLE)
                or any(k.lower() == "content-encoding" for k in headers)):
            return body
        headers["Vary"] = "Accept-Encoding"
        if not _ACCEPTS_GZIP.search(self.headers.get("Accept-Encoding", "").lower()):
            return body
        headers["Content-Encoding"] = "gzip"
        return gzip.compress(body, compresslevel=6, mtime=0)

    def _send_bytes(self, status: int, headers: dict[str, Any], body: bytes | None) -> None:
        headers = dict(headers)
        body = self._compressed(headers, body)
        self.send_response(status)
        for name, value in headers.items():
            if name.lower() in _HOP_BY_HOP and name.lower() != "connection":
                continue
            for item in value if isinstance(value, list) else [value]:
                self.send_header(name, str(item))
        self.send_header("Content-Length", str(len(body) if body is not None else 0))
        self.end_headers()
        if body and self.command != "HEAD":
            self.wfile.write(body)

    def _static_headers(self, content_type: str | None = None) -> dict[str, str]:
        headers = dict(self.server.portal.security_headers)
        if content_type:
            headers["Content-Type"] = content_type
        # The site is rebuilt while the server runs: always revalidate.
        headers["Cache-Control"] = "no-cache"
        return headers

    # ---- /api → Chalice ----

    def _handle_api(self, body: bytes | None) -> None:
        from chalice.local import LocalGateway, LocalGatewayException

        app, config = self.server.portal.chalice()
        # Leading slashes collapsed: "//v1/x" would otherwise parse as host "v1" in chalice's matcher.
        path = "/" + self.path[len(API_PREFIX):].lstrip("/")
        headers = {name.lower(): value for name, value in self.headers.items()}
        try:
            # A gateway per request, as chalice's own handler does (one per connection).
            response = LocalGateway(app, config).handle_request(
                method=self.command, path=path, headers=headers, body=body)
        except LocalGatewayException as e:
            # An unknown route: what API Gateway's gateway response for it says (gateway_responses.py).
            reply = UNKNOWN_ROUTE if e.CODE == 403 else (e.CODE, "request_refused", "このリクエストは受け付けられませんでした。")
            self._send_api_response(reply[0], self._refusal_headers(), _error_body(*reply[1:]))
            return
        out_headers = dict(response.get("headers") or {})
        out_headers.update(response.get("multiValueHeaders") or {})
        out_body = response.get("body")
        if response.get("isBase64Encoded") and out_body is not None:
            out_body = base64.b64decode(out_body)
        self._send_api_response(response["statusCode"], out_headers, out_body)

    def _send_api_response(self, status: int, headers: dict[str, Any], body: str | bytes | None) -> None:
        # What CloudFront's response headers policy for /api/* adds (it overrides the origin's).
        headers = {k: v for k, v in headers.items() if k.lower() not in {h.lower() for h in self.server.portal.api_headers}}
        headers.update(self.server.portal.api_headers)
        if body is None:
            self._send_bytes(status, headers, None)
            return
        if not isinstance(body, bytes):
            body = body.encode("utf-8")
        # chalice local's default when the view sets no Content-Type.
        if not any(name.lower() == "content-type" for name in headers):
            headers["Content-Type"] = "application/json"
        self._send_bytes(status, headers, body)

    # ---- everything else → the built site ----

    def _handle_static(self) -> None:
        if self.command not in ("GET", "HEAD"):
            headers = self._static_headers("application/json")
            headers["Allow"] = "GET, HEAD"
            self._send_bytes(405, headers, _error_body("method_not_allowed", "このメソッドは使用できません。"))
            return
        split = urlsplit(self.path)
        try:
            rel = unquote(split.path, errors="strict")
        except UnicodeDecodeError:
            self._send_bytes(400, self._static_headers("text/plain; charset=utf-8"), b"Bad Request\n")
            return
        if "\x00" in rel or "\\" in rel:
            self._send_bytes(400, self._static_headers("text/plain; charset=utf-8"), b"Bad Request\n")
            return
        root = self.server.portal.site_root
        parts = [p for p in rel.split("/") if p]
        # Hidden files and any ".." never come from a built site; refuse them before touching the disk.
        if any(p.startswith(".") for p in parts):
            self._send_not_found()
            return
        try:
            target = root.joinpath(*parts).resolve()
        except (OSError, RuntimeError):
            self._send_not_found()
            return
        # Symlinks inside the site may still point outside it.
        if not target.is_relative_to(root):
            self._send_not_found()
            return
        if target.is_dir():
            if not split.path.endswith("/"):
                # MkDocs pages use relative links that only work from "dir/".
                # Built from the parts so "//host" can never become an off-site redirect.
                location = "/" + "/".join(split.path.split("/")[1:]).lstrip("/") + "/"
                if split.query:
                    location += "?" + split.query
                headers = self._static_headers()
                headers["Location"] = location
                self._send_bytes(301, headers, None)
                return
            target = target / "index.html"  # never a listing
        if not target.is_file():
            self._send_not_found()
            return
        self._send_file(target)

    def _send_not_found(self) -> None:
        page = self.server.portal.site_root / "404.html"
        if page.is_file():
            self._send_file(page, status=404)
        else:
            self._send_bytes(404, self._static_headers("text/plain; charset=utf-8"), b"Not Found\n")

    def _send_file(self, path: Path, status: int = 200) -> None:
        content_type = content_type_for(path)
        if content_type.startswith(_COMPRESSIBLE) and not self.headers.get("Range") and \
                path.stat().st_size in _COMPRESS_SIZES:
            self._send_bytes(status, self._static_headers(content_type), path.read_bytes())
            return
        with open(path, "rb") as f:
            size = f.seek(0, 2)
            start, end = 0, size - 1
            headers = self._static_headers(content_type)
            headers["Accept-Ranges"] = "bytes"
            if status == 200 and (range_header := self.headers.get("Range")):
                # Video elements ask for byte ranges to seek; one range is all a browser asks for.
                m = _RANGE.match(range_header.strip())
                if m and (m.group(1) or m.group(2)):
                    if m.group(1):
                        start = int(m.group(1))
                        end = min(int(m.group(2)), size - 1) if m.group(2) else size - 1
                    else:
                        start, end = max(size - int(m.group(2)), 0), size - 1
                    if start >= size or start > end:
                        headers["Content-Range"] = f"bytes */{size}"
                        self._send_bytes(416, headers, None)
                        return
                    status = 206
                    headers["Content-Range"] = f"bytes {start}-{end}/{size}"
            length = max(end - start + 1, 0)
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(length))
            self.end_headers()
            if self.command != "HEAD" and length:
                f.seek(start)
                _copy_exact(f, self.wfile, length)


def _copy_exact(src: Any, dst: Any, length: int) -> None:
    remaining = length
    while remaining > 0:
        chunk = src.read(min(64 * 1024, remaining))
        if not chunk:
            break
        dst.write(chunk)
        remaining -= len(chunk)


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    # The default backlog of 5 resets bursts of simultaneous connections.
    request_queue_size = 128
    portal: PortalServer


class PortalServer:
    """`PortalServer(site_dir).start()` serves in a daemon thread; `.url`, `.stop()`.

    `app` may be given (tests, or a caller that imported it after setting the env);
    otherwise `from app import app` happens on the first `/api` request, so the
    environment must be set before that.
    """

    def __init__(self, site_dir: Path | str, host: str = "127.0.0.1", port: int = 0,
                 app: Any = None, security_headers: dict[str, str] | None = None) -> None:
        self.site_root = Path(site_dir).resolve()
        self.security_headers = security_headers if security_headers is not None else load_security_headers()
        self.api_headers = load_security_headers("api")
        self._app = app
        self._config: Any = None
        self._app_lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._foreground = False
        # Binds now, so a busy port fails here (OSError, errno EADDRINUSE) before anything starts.
        self._httpd = _HTTPServer((host, port), _Handler)
        self._httpd.portal = self

    @property
    def host(self) -> str:
        return cast(str, self._httpd.server_address[0])

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def chalice(self) -> tuple[Any, Any]:
        with self._app_lock:
            if self._config is None:
                if self._app is None:
                    if str(API_DIR) not in sys.path:
                        sys.path.insert(0, str(API_DIR))
                    from app import app  # noqa: PLC0415 - lazily: the env must be set first

                    self._app = app
                self._app = _thread_safe_app(self._app)
                self._config = _chalice_config(self._app)
            return self._app, self._config

    def start(self) -> PortalServer:
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="portal-server", daemon=True)
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Serve in the calling thread until Ctrl-C or `stop()` from another thread."""
        self._foreground = True
        try:
            self._httpd.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            self._foreground = False
            self._httpd.server_close()

    def stop(self) -> None:
        # shutdown() waits for the serve loop, so it is only called when one runs.
        if self._thread is not None or self._foreground:
            self._httpd.shutdown()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
        self._httpd.server_close()

    def __enter__(self) -> PortalServer:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="Serve a built site at / and the API at /api/.")
    parser.add_argument("site_dir", type=Path)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S")
    server = PortalServer(args.site_dir, host=args.host, port=args.port)
    print(f"Serving {server.site_root} on {server.url}", flush=True)
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
