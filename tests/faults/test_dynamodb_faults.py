"""DynamoDB failing under the API: throttling, an unreachable engine, timeouts, lost responses.

Faults are injected at the lowest level botocore has, `Endpoint._send` (one HTTP attempt),
so botocore's own standard-mode retry handler (3 retries, 4 attempts in all, backoff with
jitter) runs exactly as it would against AWS:

- ``throttle`` / ``provisioned``: a real-shaped HTTP 400 ``ThrottlingException`` /
  ``ProvisionedThroughputExceededException`` answer (JSON 1.0, as DynamoDB sends it);
- ``refused``: the attempt is really sent to a closed local port (connection refused:
  botocore raises EndpointConnectionError itself);
- ``blackhole``: the attempt is really sent to a socket that accepts and never answers
  (botocore's configured read timeout fires);
- ``lost``: the attempt really reaches DynamoDB Local and is executed, then its answer is
  dropped and ``ReadTimeoutError`` raised (the commit happened, the caller does not know).

Every attempt is counted per DynamoDB operation (X-Amz-Target), and so is every fault.
"""
from __future__ import annotations

import json
import os
import socket
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass

import boto3
import botocore.endpoint
import pytest
import requests
from botocore.awsrequest import AWSResponse, HeadersDict
from botocore.exceptions import ReadTimeoutError

from chalicelib.adapters.dynamodb import DynamoDBStore
from chalicelib.adapters.dynamodb.models import KeyItem, TokenItem
from support import guarantee_request, issue_headers, post_json, report_line, staff_headers

TABLE = os.environ["PORTAL_TABLE_NAME"]
RETRY_AFTER_SECONDS = 2  # chalicelib.errors.unavailable()
# botocore standard mode, throttling: sleep rand(0,1) * 2**(attempt-1) s between attempts.
MAX_THROTTLING_BACKOFF = 1 + 2 + 4
ALL_FAULTS: Counter = Counter()  # what this module injected, by kind, for the summary line


# ---- the injector ----------------------------------------------------------------------------

class _Body:
    """Enough of a urllib3 response for AWSResponse.content."""

    def __init__(self, data: bytes):
        self._data = data

    def stream(self, *_, **__):
        yield self._data


_ERROR_MESSAGES = {
    "ThrottlingException": "Rate of requests exceeds the allowed throughput.",
    "ProvisionedThroughputExceededException":
        "The level of configured provisioned throughput for the table was exceeded. "
        "Consider increasing your provisioning level with the UpdateTable API.",
}


def _error_response(url: str, code: str) -> AWSResponse:
    body = json.dumps({"__type": f"com.amazonaws.dynamodb.v20120810#{code}",
                       "message": _ERROR_MESSAGES[code]}).encode()
    headers = HeadersDict({
        "Content-Type": "application/x-amz-json-1.0",
        "Content-Length": str(len(body)),
        "x-amzn-RequestId": uuid.uuid4().hex.upper(),
    })
    return AWSResponse(url, 400, headers, _Body(body))


@dataclass
class _Rule:
    operation: str          # DynamoDB operation name, or "*"
    fault: str              # throttle | provisioned | refused | blackhole | lost | slow
    remaining: int | None   # None: every attempt
    delay: float = 0.0      # for "slow": seconds before the attempt is sent


def _target(request) -> str:
    value = request.headers.get("X-Amz-Target", b"")
    if isinstance(value, bytes):
        value = value.decode()
    return value.rsplit(".", 1)[-1]


class DynamoFaults:
    """Arm with `.add(operation, fault, times)`; read `.attempts[operation]`, `.injected`."""

    def __init__(self, endpoint_url: str, closed_port: int, blackhole_port: int):
        self.endpoint_url = endpoint_url
        self.closed_port = closed_port
        self.blackhole_port = blackhole_port
        self.rules: list[_Rule] = []
        self.attempts: Counter = Counter()
        self.injected: Counter = Counter()
        self._lock = threading.Lock()
        self._original = botocore.endpoint.Endpoint._send

    def add(self, operation: str, fault: str, times: int | None = None, delay: float = 0.0) -> DynamoFaults:
        """Arm a fault; arming the first one also starts counting attempts afresh."""
        with self._lock:
            if not self.rules:
                self.attempts.clear()
                self.injected.clear()
            self.rules.append(_Rule(operation, fault, times, delay))
        return self

    def clear(self) -> None:
        with self._lock:
            self.rules.clear()

    def _take(self, operation: str) -> _Rule | None:
        with self._lock:
            self.attempts[operation] += 1
            for rule in self.rules:
                if rule.operation in (operation, "*") and (rule.remaining is None or rule.remaining > 0):
                    if rule.remaining is not None:
                        rule.remaining -= 1
                    self.injected[rule.fault] += 1
                    ALL_FAULTS[rule.fault] += 1
                    return rule
        return None

    def send(self, endpoint, request):
        if not request.url.startswith(self.endpoint_url):
            return self._original(endpoint, request)
        rule = self._take(_target(request))
        if rule is None:
            return self._original(endpoint, request)
        if rule.fault == "throttle":
            return _error_response(request.url, "ThrottlingException")
        if rule.fault == "provisioned":
            return _error_response(request.url, "ProvisionedThroughputExceededException")
        if rule.fault in ("refused", "blackhole"):
            port = self.closed_port if rule.fault == "refused" else self.blackhole_port
            request.url = request.url.replace(self.endpoint_url, f"http://127.0.0.1:{port}", 1)
            return self._original(endpoint, request)
        if rule.fault == "lost":
            response = self._original(endpoint, request)
            response.content  # noqa: B018 - executed by DynamoDB, read off the wire, then dropped
            raise ReadTimeoutError(endpoint_url=request.url, error="injected: the answer was lost")
        if rule.fault == "slow":
            time.sleep(rule.delay)
            return self._original(endpoint, request)
        raise AssertionError(f"unknown fault {rule.fault}")


@pytest.fixture(scope="module")
def dead_ports():
    """A port nobody listens on (refused) and one that accepts and never answers (read timeout)."""
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    closed_port = closed.getsockname()[1]
    closed.close()
    blackhole = socket.socket()
    blackhole.bind(("127.0.0.1", 0))
    blackhole.listen(64)  # the kernel completes the handshakes; nothing ever reads or answers
    yield closed_port, blackhole.getsockname()[1]
    blackhole.close()


@pytest.fixture(scope="module", autouse=True)
def summary(request):
    yield
    if ALL_FAULTS:
        kinds = ", ".join(f"{kind} {n}" for kind, n in sorted(ALL_FAULTS.items()))
        report_line(request, f"[faults] DynamoDB faults injected: {sum(ALL_FAULTS.values())} ({kinds})")


@pytest.fixture
def faults(dynamodb, dead_ports, monkeypatch):
    injector = DynamoFaults(dynamodb.endpoint, *dead_ports)
    monkeypatch.setattr(botocore.endpoint.Endpoint, "_send",
                        lambda endpoint, request: injector.send(endpoint, request))
    yield injector
    injector.clear()


# ---- helpers -----------------------------------------------------------------------------------

def verify(api, issued: dict):
    return post_json(api, "/v1/verifications", {"contract_number": issued["guarantee"]["contract_number"],
                                                "auth_key": issued["auth_key"]})


def assert_unavailable(response) -> None:
    body = response.json_body if hasattr(response, "json_body") else response.json()
    assert response.status_code == 503, body
    assert body["error"]["code"] == "service_unavailable"
    assert int(response.headers["Retry-After"]) == RETRY_AFTER_SECONDS
    assert response.headers["Cache-Control"] == "no-store"


def table_items_mentioning(*needles: str) -> list[dict]:
    """Every item of the table whose raw form contains one of the needles (consistent scan)."""
    client = boto3.client("dynamodb", endpoint_url=os.environ["PORTAL_DYNAMODB_ENDPOINT"],
                          region_name=os.environ["AWS_DEFAULT_REGION"])
    found = []
    for page in client.get_paginator("scan").paginate(TableName=TABLE, ConsistentRead=True):
        for item in page["Items"]:
            blob = json.dumps(item, default=str, ensure_ascii=False)
            if any(n in blob for n in needles):
                found.append(item)
    return found


# What one issuance writes: the number's claim (NUM#… SURETY#…), the live state, the key
# (KEY#<hash>), the head, the version, the `issued` event and the idempotency record.
WHOLE_GUARANTEE = {"SURETY": 1, "STATE": 1, "KEY": 1, "HEAD": 1, "VER": 1, "EVT": 1, "IDEM": 1}


def guarantee_items(number: str, surety_key: str | None = None) -> dict[str, int]:
    """The items of one guarantee by kind (SURETY, STATE, KEY, HEAD, VER, EVT, IDEM), counted."""
    needles = [number] + ([surety_key] if surety_key else [])
    ids = set()
    kinds: Counter = Counter()
    for item in table_items_mentioning(*needles):
        if item["pk"]["S"].startswith("NUM#"):
            ids.add(item.get("guarantee_id", {}).get("S"))
        kinds[item["sk"]["S"].split("#")[0]] += 1
    ids.discard(None)
    # Items under GUAR#<id> that do not repeat the number (events) belong to it too.
    for gid in ids:
        for item in table_items_mentioning(f"GUAR#{gid}"):
            if item["sk"]["S"].startswith("EVT#"):
                kinds["EVT"] += 1
    return dict(kinds)


# ---- configuration -------------------------------------------------------------------------------

def test_every_dynamodb_client_uses_standard_retries_with_four_attempts_and_short_timeouts(dynamodb):
    store = DynamoDBStore(TABLE, os.environ["AWS_DEFAULT_REGION"], dynamodb.endpoint, lambda: None)
    clients = {
        "shared connection (transactions, batch and raw reads)": store.engine.connection.client,
        "model connection (KeyItem)": store.engine.bound(KeyItem)._get_connection().connection.client,
        "model connection (TokenItem)": store.engine.bound(TokenItem)._get_connection().connection.client,
    }
    for name, client in clients.items():
        config = client.meta.config
        assert config.retries == {"total_max_attempts": 4, "mode": "standard"}, name
        assert (config.connect_timeout, config.read_timeout) == (2, 3), name


# ---- throttling -----------------------------------------------------------------------------------

def test_two_throttles_then_success_the_verification_answers_200_after_three_attempts(
        api, issue_guarantee, faults):
    issued = issue_guarantee()
    faults.add("GetItem", "throttle", times=2)

    response = verify(api, issued)

    assert response.status_code == 200, response.json_body
    assert response.json_body["certificate"]["contract_number"] == issued["guarantee"]["contract_number"]
    # the key item: 2 throttled + 1; then the state: 1; the orderer's name from the registry: 1
    assert faults.attempts["GetItem"] == 5
    assert faults.injected == {"throttle": 2}


def test_throttled_every_time_the_verification_answers_503_with_retry_after_after_four_attempts(
        api, issue_guarantee, faults):
    issued = issue_guarantee()
    faults.add("GetItem", "provisioned")

    started = time.monotonic()
    response = verify(api, issued)
    elapsed = time.monotonic() - started

    assert_unavailable(response)
    assert faults.attempts["GetItem"] == 4
    assert faults.injected == {"provisioned": 4}
    assert elapsed < MAX_THROTTLING_BACKOFF + 2
    # Nothing was counted against the number: a throttled check is not a failed guess.
    faults.clear()
    assert verify(api, issued).status_code == 200


def test_an_issuance_whose_transaction_is_throttled_every_time_answers_503_and_writes_nothing(
        api, surety_token, faults):
    body = guarantee_request()
    number = body["contract_number"]
    key = str(uuid.uuid4())
    faults.add("TransactWriteItems", "throttle")

    response = post_json(api, "/v1/guarantees", body, issue_headers(surety_token, key))

    assert_unavailable(response)
    assert faults.attempts["TransactWriteItems"] == 4
    assert faults.injected == {"throttle": 4}
    faults.clear()
    assert table_items_mentioning(number, key) == []
    # The surety retries with the same key once DynamoDB recovers: issued now, exactly once.
    retried = post_json(api, "/v1/guarantees", body, issue_headers(surety_token, key))
    assert retried.status_code == 201, retried.json_body
    assert "Idempotent-Replayed" not in retried.headers  # nothing had been kept
    assert guarantee_items(number, key) == WHOLE_GUARANTEE
    assert verify(api, retried.json_body).status_code == 200


def test_a_throttled_token_lookup_is_503_not_401(api, surety_token, faults):
    faults.add("GetItem", "throttle")

    response = post_json(api, "/v1/guarantees", guarantee_request(), issue_headers(surety_token))

    assert_unavailable(response)
    assert faults.attempts["GetItem"] == 4


# ---- unreachable, timeouts --------------------------------------------------------------------------

@pytest.mark.parametrize("method, path, needs_token", [
    ("POST", "/v1/verifications", False),
    ("POST", "/v1/guarantees", True),
    ("GET", "/v1/guarantees", True),
    ("POST", "/v1/receipts", False),
    ("POST", "/v1/notices", False),
    ("GET", "/.well-known/jwks.json", False),
])
def test_unreachable_dynamodb_gives_503_with_retry_after_quickly(
        api, issue_guarantee, surety_token, faults, method, path, needs_token):
    issued = issue_guarantee()
    number, key = issued["guarantee"]["contract_number"], issued["auth_key"]
    bodies = {
        "/v1/verifications": {"contract_number": number, "auth_key": key},
        "/v1/guarantees": guarantee_request(),
        "/v1/receipts": {"contract_number": number, "auth_key": key, "department": "契約検査課", "name": "佐久 花子"},
        "/v1/notices": {"contract_number": number, "auth_key": key},
    }
    headers = issue_headers(surety_token) if needs_token else staff_headers(api) if path == "/v1/receipts" else {}
    if path == "/v1/notices":
        headers["Accept"] = "application/pdf"
    faults.add("*", "refused")

    started = time.monotonic()
    if method == "POST":
        response = post_json(api, path, bodies[path], headers)
    else:
        response = api.get(path, headers=headers)
    elapsed = time.monotonic() - started

    assert response.status_code == 503, response.body
    body = json.loads(response.body)
    assert body["error"]["code"] == "service_unavailable"
    assert int(response.headers["Retry-After"]) == RETRY_AFTER_SECONDS
    # Refused connections are retried at once (25 ms backoff base): the answer is quick.
    assert elapsed < 3.0
    assert sum(faults.attempts.values()) == 4  # the first DynamoDB call, 4 attempts, then 503
    assert faults.injected == {"refused": 4}


def test_a_read_timeout_is_the_configured_three_seconds_and_is_retried(api, issue_guarantee, faults):
    issued = issue_guarantee()
    faults.add("GetItem", "blackhole", times=1)

    started = time.monotonic()
    response = verify(api, issued)
    elapsed = time.monotonic() - started

    assert response.status_code == 200, response.json_body
    # the key item: 1 timed out + 1; then the state: 1; the orderer's name from the registry: 1
    assert faults.attempts["GetItem"] == 4
    assert 3.0 <= elapsed < 6.0


API_GATEWAY_LIMIT_SECONDS = 29  # after this the caller gets API Gateway's 504, without Retry-After


def test_a_dynamodb_that_never_answers_gives_503_within_api_gateways_limit(api, issue_guarantee, faults, request):
    issued = issue_guarantee()
    faults.add("GetItem", "blackhole")  # every attempt hangs until the read timeout

    started = time.monotonic()
    response = verify(api, issued)
    elapsed = time.monotonic() - started

    assert_unavailable(response)
    assert faults.attempts["GetItem"] == 4
    assert elapsed < API_GATEWAY_LIMIT_SECONDS - 5, elapsed
    report_line(request, f"[faults] DynamoDB never answering: 503 after {elapsed:.1f} s (4 attempts × 3 s + backoff)")


# ---- lost answers: exactly one guarantee -------------------------------------------------------------

def test_a_transaction_whose_answer_is_lost_is_retried_by_botocore_and_answers_the_one_guarantee(
        api, surety_token, faults):
    body = guarantee_request()
    number, key = body["contract_number"], str(uuid.uuid4())
    # The first attempt commits; its answer never arrives. botocore sends the same
    # transaction again; DynamoDB refuses it (the idempotency record exists) and the
    # portal answers with the kept reply of the committed one.
    faults.add("TransactWriteItems", "lost", times=1)

    response = post_json(api, "/v1/guarantees", body, issue_headers(surety_token, key))

    assert response.status_code == 201, response.json_body
    assert faults.attempts["TransactWriteItems"] == 2
    faults.clear()
    assert guarantee_items(number, key) == WHOLE_GUARANTEE
    assert verify(api, response.json_body).status_code == 200


def test_an_issuance_retried_by_the_client_after_a_timeout_yields_exactly_one_guarantee(
        api, surety_token, faults):
    body = guarantee_request()
    number, key = body["contract_number"], str(uuid.uuid4())
    # Committed on the first attempt, every answer lost: the surety sees 503 and retries.
    faults.add("TransactWriteItems", "lost")

    first = post_json(api, "/v1/guarantees", body, issue_headers(surety_token, key))

    assert_unavailable(first)
    assert faults.attempts["TransactWriteItems"] == 4
    faults.clear()
    retried = post_json(api, "/v1/guarantees", body, issue_headers(surety_token, key))
    assert retried.status_code == 201, retried.json_body
    assert retried.headers.get("Idempotent-Replayed") == "true"
    again = post_json(api, "/v1/guarantees", body, issue_headers(surety_token, key))
    assert again.json_body["auth_key"] == retried.json_body["auth_key"]
    assert guarantee_items(number, key) == WHOLE_GUARANTEE
    assert verify(api, retried.json_body).status_code == 200


def test_a_client_that_times_out_over_http_and_retries_gets_one_guarantee(portal_url, surety_token, faults):
    """Real HTTP: the first request's transaction is slow; the client gives up after 0.5 s and
    sends the same request again while the first is still running. One guarantee, and the
    key the client finally holds is the one that verifies."""
    body = guarantee_request()
    number, key = body["contract_number"], str(uuid.uuid4())
    url = f"{portal_url}/api/v1/guarantees"
    headers = {"Content-Type": "application/json", **issue_headers(surety_token, key)}
    payload = json.dumps(body, ensure_ascii=False).encode()
    faults.add("TransactWriteItems", "slow", times=1, delay=1.5)

    with pytest.raises(requests.Timeout):
        requests.post(url, data=payload, headers=headers, timeout=0.5)
    retried = requests.post(url, data=payload, headers=headers, timeout=30)
    time.sleep(1.5)  # let the first request finish on the server

    assert retried.status_code == 201, retried.text
    assert faults.attempts["TransactWriteItems"] == 2
    faults.clear()
    assert guarantee_items(number, key) == WHOLE_GUARANTEE
    check = requests.post(f"{portal_url}/api/v1/verifications", timeout=30, json={
        "contract_number": number, "auth_key": retried.json()["auth_key"]})
    assert check.status_code == 200, check.text
