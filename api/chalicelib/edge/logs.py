"""Structured logs on Lambda: one JSON object per line on stdout (CloudWatch Logs), from
the `portal` logger and its children, plus one access line per API request.

What never reaches a log line: request bodies, headers, query strings, path values (the
access line carries the route template, e.g. `/v1/guarantees/{guarantee_id}`), and
anything shaped like a 認証キー (`XXXX-XXXX-…`, 7 groups of 4, or the same 28 symbols
ungrouped) or a surety API token (`egp_…`): those are replaced by `[REDACTED]` in the
message, the extra fields and tracebacks alike.

The CloudWatch metric filters in infra/ read these fields: `event`, `route`, `status`,
`logger`, `level`, `message` (e.g. `lockout: …`). Locally (no AWS_LAMBDA_FUNCTION_NAME and
no PORTAL_LOG_FORMAT=json) nothing changes: devtools configure their own readable output.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import sys
import time
from typing import Any

LOGGER = "portal"
ACCESS_LOGGER = "portal.access"
REDACTED = "[REDACTED]"

_SECRETS = re.compile(
    r"egp_[A-Za-z0-9_\-]+"                                   # surety API tokens
    r"|(?<![0-9A-Za-z])[0-9A-Z]{4}(?:-[0-9A-Z]{4}){6}(?![0-9A-Za-z])"  # 認証キー, grouped
    r"|(?<![0-9A-Za-z])[0-9A-Z]{28}(?![0-9A-Za-z])"           # 認証キー, ungrouped
    r"|(?i:bearer\s+)\S+"                                     # any bearer credential
    r"|AWS4-HMAC-SHA256\s+(?:\S+\s+)*?Signature=[0-9a-fA-F]+"  # a SigV4 Authorization header
    r"|(?i:signature=)[0-9a-fA-F]{16,}"                       # a SigV4 signature alone
)
# The only extra fields a line may carry (anything else passed in `fields` is dropped).
FIELDS = ("event", "route", "method", "status", "duration_ms", "request_id", "function", "error")


def redact(text: str) -> str:
    return _SECRETS.sub(REDACTED, text)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": redact(record.getMessage()),
        }
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            for name in FIELDS:
                value = fields.get(name)
                if value is None:
                    continue
                line[name] = value if isinstance(value, (int, float, bool)) else redact(str(value))
        if record.exc_info:
            line["exception"] = redact(self.formatException(record.exc_info))
        return json.dumps(line, ensure_ascii=False)


def enabled() -> bool:
    return bool(os.environ.get("AWS_LAMBDA_FUNCTION_NAME")) or os.environ.get("PORTAL_LOG_FORMAT") == "json"


def configure(stream=None) -> logging.Logger:
    """The `portal` logger writes JSON lines to stdout (Lambda sends stdout to CloudWatch)."""
    logger = logging.getLogger(LOGGER)
    for handler in list(logger.handlers):
        if getattr(handler, "_portal_json", False):
            logger.removeHandler(handler)
    handler = logging.StreamHandler(stream or sys.stdout)
    handler.setFormatter(JsonFormatter())
    handler._portal_json = True  # type: ignore[attr-defined]  # the mark of the handler installed here
    logger.addHandler(handler)
    logger.setLevel(os.environ.get("PORTAL_LOG_LEVEL", "INFO").upper())
    logger.propagate = False  # not twice through the Lambda runtime's root handler
    return logger


def install(app) -> None:
    """On Lambda: JSON logging and an access line per request (route template, status, time)."""
    if not enabled():
        return
    configure()
    access = logging.getLogger(ACCESS_LOGGER)

    @app.middleware("http")
    def access_log(event, get_response):
        started = time.perf_counter()
        status = 500
        try:
            response = get_response(event)
            status = response.status_code
            return response
        finally:
            context = getattr(event, "context", None) or {}
            access.info("request", extra={"fields": {
                "event": "request", "route": context.get("resourcePath"), "method": getattr(event, "method", None),
                "status": status, "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "request_id": context.get("requestId")}})
