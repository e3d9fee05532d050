"""Reading the origin secret on AWS: cached for ORIGIN_SECRET_TTL_SECONDS of wall-clock time;
when Secrets Manager fails, the values read before stay valid and the next read waits
ORIGIN_SECRET_RETRY_SECONDS (no request triggers a read storm); with nothing read yet, the
failure reaches the caller, which refuses the request."""
from __future__ import annotations

import pytest

from chalicelib.adapters import config


class Reader:
    def __init__(self):
        self.answers, self.calls = [], 0

    def __call__(self, secret_id):
        self.calls += 1
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


@pytest.fixture
def reader(monkeypatch):
    now = {"t": 1_000_000.0}
    monkeypatch.setattr("time.time", lambda: now["t"])
    monkeypatch.delenv("PORTAL_ORIGIN_SECRET", raising=False)
    monkeypatch.setenv("PORTAL_ORIGIN_SECRET_ID", "arn:aws:secretsmanager:ap-northeast-1:1:secret:x")
    monkeypatch.setattr(config, "_origin_cache", {"values": None, "next_read": 0.0})
    fake = Reader()
    monkeypatch.setattr(config, "_read_origin_secret", fake)
    fake.now = now
    return fake


def test_values_are_cached_then_reread(reader):
    reader.answers = [("new", "old"), ("new",)]
    assert config.origin_secrets() == ("new", "old")
    reader.now["t"] += config.ORIGIN_SECRET_TTL_SECONDS - 1
    assert config.origin_secrets() == ("new", "old") and reader.calls == 1
    reader.now["t"] += 1
    assert config.origin_secrets() == ("new",) and reader.calls == 2  # the rotation finished


def test_a_failed_read_keeps_the_values_read_before_and_waits_before_trying_again(reader):
    reader.answers = [("current",), TimeoutError("secrets manager"), ("rotated",)]
    assert config.origin_secrets() == ("current",)
    reader.now["t"] += config.ORIGIN_SECRET_TTL_SECONDS
    assert config.origin_secrets() == ("current",)  # the read failed: still served
    for _ in range(20):
        assert config.origin_secrets() == ("current",)
    assert reader.calls == 2  # no retry on every request
    reader.now["t"] += config.ORIGIN_SECRET_RETRY_SECONDS
    assert config.origin_secrets() == ("rotated",) and reader.calls == 3


def test_with_nothing_read_yet_a_failure_reaches_the_caller(reader):
    reader.answers = [TimeoutError("secrets manager")]
    with pytest.raises(TimeoutError):
        config.origin_secrets()
