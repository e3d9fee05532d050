"""Structured logs (chalicelib/edge/logs.py): JSON lines that never carry keys, tokens, bodies or headers."""
from __future__ import annotations

import io
import json
import logging

import pytest
from chalice import Chalice
from chalice.test import Client

from chalicelib.edge import logs

KEY = "7QK3-M9WD-2XHT-R6PB-4NZC-8JFV-5GAY"
TOKEN = "egp_tok01J9Z_s3cr3tS3cr3tS3cr3t-xyz"


@pytest.fixture
def portal_logger():
    """The `portal` logger as configure() leaves it, restored afterwards for the other tests."""
    logger = logging.getLogger(logs.LOGGER)
    saved = (list(logger.handlers), logger.level, logger.propagate)
    stream = io.StringIO()
    yield logs.configure(stream), stream
    logger.handlers[:], logger.level, logger.propagate = saved[0], saved[1], saved[2]


def _lines(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


@pytest.mark.parametrize("text", [
    f"key {KEY} given",
    f"key {KEY.replace('-', '')} given",
    f"token {TOKEN} given",
    "Authorization: Bearer abc.def-ghi",
])
def test_secrets_are_redacted(text):
    out = logs.redact(text)
    assert logs.REDACTED in out
    for secret in (KEY, KEY.replace("-", ""), TOKEN, "abc.def-ghi"):
        assert secret not in out


def test_ordinary_text_is_kept():
    text = "mail 0f3a… not sent: ClientError; guarantee g01J9ZABCDEF, SAKU-2026-0101, 2026-04-01T00:00:00Z"
    assert logs.redact(text) == text


def test_a_line_is_json_with_level_logger_and_redacted_message(portal_logger):
    logger, stream = portal_logger
    logging.getLogger("portal.verification").warning("lockout: %s limit reached after %s", "number", KEY)
    [line] = _lines(stream)
    assert line["level"] == "WARNING" and line["logger"] == "portal.verification"
    assert line["message"].startswith("lockout: number limit reached")
    assert KEY not in json.dumps(line)


def test_only_known_fields_are_written_and_they_are_redacted(portal_logger):
    logger, stream = portal_logger
    logger.info("request", extra={"fields": {"event": "request", "status": 404, "route": "/v1/verifications",
                                             "body": {"auth_key": KEY}, "headers": {"authorization": TOKEN},
                                             "error": f"bad {TOKEN}"}})
    [line] = _lines(stream)
    assert line["status"] == 404 and line["route"] == "/v1/verifications"
    assert "body" not in line and "headers" not in line
    assert TOKEN not in json.dumps(line) and KEY not in json.dumps(line)


def test_tracebacks_are_redacted(portal_logger):
    logger, stream = portal_logger
    try:
        raise ValueError(f"could not parse {KEY}")
    except ValueError:
        logger.exception("unexpected error in create_verification")
    [line] = _lines(stream)
    assert "ValueError" in line["exception"] and KEY not in line["exception"]


def test_install_does_nothing_off_lambda(monkeypatch):
    monkeypatch.delenv("AWS_LAMBDA_FUNCTION_NAME", raising=False)
    monkeypatch.delenv("PORTAL_LOG_FORMAT", raising=False)
    app = Chalice(app_name="logs-test")
    logs.install(app)
    assert app.middleware_handlers == []


def test_access_line_per_request_without_body_headers_or_path_values(monkeypatch, tmp_path, portal_logger):
    _, stream = portal_logger
    monkeypatch.setenv("AWS_LAMBDA_FUNCTION_NAME", "e-guarantee-test-api")
    app = Chalice(app_name="logs-test")
    logs.install(app)
    # install() configured a stdout handler; send the lines to this test's stream instead.
    logs.configure(stream)

    @app.route("/v1/things/{thing_id}", methods=["POST"])
    def thing(thing_id):
        return {"ok": thing_id}

    with Client(app, project_dir=str(tmp_path)) as client:
        response = client.http.post("/v1/things/SAKU-2026-0101", body=json.dumps({"auth_key": KEY}),
                                    headers={"Content-Type": "application/json", "Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200
    [line] = [entry for entry in _lines(stream) if entry.get("event") == "request"]
    assert line["route"] == "/v1/things/{thing_id}" and line["method"] == "POST" and line["status"] == 200
    assert isinstance(line["duration_ms"], float)
    text = stream.getvalue()
    for leaked in (KEY, TOKEN, "SAKU-2026-0101", "auth_key", "Bearer"):
        assert leaked not in text
