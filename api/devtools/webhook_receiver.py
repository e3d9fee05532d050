"""A small webhook receiver, as a surety would run one: `make run` points the demo surety's
webhook at it and prints each delivery; tests use it to receive, fail on purpose and look.

It checks each signature with the surety SDK (clients/python), answers 204 to a good one and
400 to a bad one, and lists what it got at GET /."""
from __future__ import annotations

import html
import json
import sys
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import cast
from collections.abc import Callable

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "clients" / "python" / "src"))
from e_guarantee_portal.webhooks import WebhookSignatureError, verify  # the SDK, as sureties use it

MAX_BODY = 1024 * 1024


@dataclass
class Delivery:
    headers: dict[str, str]
    body: bytes
    status: int  # what the receiver answered
    verified: bool
    payload: dict | None = None


@dataclass
class WebhookReceiver:
    host: str = "127.0.0.1"
    port: int = 0
    secret: str | None = None  # set once the webhook is registered
    on_delivery: Callable[[Delivery], None] | None = None
    now: Callable[[], float] | None = None  # tests: the product's clock (deliveries are timed by it)
    deliveries: list[Delivery] = field(default_factory=list)
    _failures: list[int] = field(default_factory=list)  # statuses to answer next, instead of checking
    _server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{cast(ThreadingHTTPServer, self._server).server_address[1]}/hooks/e-guarantee"

    def fail_next(self, times: int, status: int = 500) -> None:
        """Answer the next `times` deliveries with `status` (a receiver that is down)."""
        self._failures.extend([status] * times)

    def received(self) -> list[Delivery]:
        """The deliveries accepted (2xx), in the order they came."""
        return [d for d in self.deliveries if 200 <= d.status < 300]

    def start(self) -> WebhookReceiver:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(min(length, MAX_BODY))
                headers = {k.lower(): v for k, v in self.headers.items()}
                status, verified, payload = receiver._judge(headers, body)
                delivery = Delivery(headers, body, status, verified, payload)
                receiver.deliveries.append(delivery)
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()
                if receiver.on_delivery is not None:
                    receiver.on_delivery(delivery)

            def do_GET(self) -> None:  # noqa: N802
                page = receiver.page().encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(page)))
                self.end_headers()
                self.wfile.write(page)

            def log_message(self, *args) -> None:
                pass

        self._server = ThreadingHTTPServer((self.host, self.port), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def _judge(self, headers: dict[str, str], body: bytes) -> tuple[int, bool, dict | None]:
        if self._failures:
            return self._failures.pop(0), False, None
        if self.secret is None:
            return 503, False, None
        try:
            return 204, True, verify(self.secret, headers, body, now=self.now() if self.now else None)
        except (WebhookSignatureError, ValueError):
            return 400, False, None

    def page(self) -> str:
        def row(d: Delivery) -> str:
            event = (d.payload or {}).get("event", {})
            body = json.dumps(d.payload, ensure_ascii=False, indent=2) if d.payload else d.body.decode("utf-8", "replace")
            return (f"<tr><td>{html.escape(event.get('type', '—'))}</td>"
                    f"<td>{html.escape((d.payload or {}).get('guarantee_id', ''))}</td>"
                    f"<td>{html.escape(event.get('at', ''))}</td><td>{d.status}</td>"
                    f"<td>{'確認済み' if d.verified else '確認できません'}</td>"
                    f"<td><details><summary>本文</summary><pre>{html.escape(body)}</pre></details></td></tr>")
        rows = "".join(row(d) for d in reversed(self.deliveries[-200:]))
        return ("<!doctype html><html lang=ja><meta charset=utf-8>"
                "<meta name=viewport content='width=device-width, initial-scale=1'><title>Webhook 受信（デモ）</title>"
                "<style>body{font-family:sans-serif;margin:1rem}table{border-collapse:collapse;width:100%}"
                "td,th{border:1px solid #999;padding:.3rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}"
                "pre{white-space:pre-wrap;overflow-wrap:anywhere;font-size:.8rem}</style>"
                "<h1>Webhook 受信（デモ）</h1><p>保証会社のシステムの代わりに、デモの保証会社のイベントを受け取ります（新しい順）。"
                "署名は保証会社向け SDK で確認しています。</p>"
                "<table><tr><th>種類</th><th>保証契約の ID</th><th>日時（UTC）</th><th>応答</th><th>署名</th><th>内容</th></tr>"
                f"{rows}</table></html>")
