"""Issuance under real concurrency: 20 HTTP requests at once against the threaded local
server (`portal_url`: site + API on one port, one thread per connection), released together
by a barrier.

- 20 identical requests (same Idempotency-Key, same body) → exactly one guarantee: every
  answer is 201 with the same guarantee and the same 認証キー, one `issued` event.
- 20 different requests → 20 guarantees, 20 distinct keys, each of which verifies.
"""
from __future__ import annotations

import json
import threading
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from support import TEST_SURETY_ID, current_store, guarantee_request, issue_headers, report_line

# Requests at once on one store: conditional writes and transactions under concurrency.
pytestmark = pytest.mark.dynamodb

PARALLEL = 20
FIGURES: dict[str, str] = {}


@pytest.fixture(scope="module", autouse=True)
def signing_key_ready(issue_guarantee):
    """One issuance first: the local signing key is created on first use, and two requests
    creating it at once race (chalicelib.signing.current_signer: reported separately)."""
    issue_guarantee()


@pytest.fixture(scope="module", autouse=True)
def summary(request):
    yield
    if FIGURES:
        report_line(request, "[concurrency] " + "; ".join(f"{k}: {v}" for k, v in FIGURES.items()))


def post_all(portal_url: str, requests_to_send: list[tuple[dict, dict]]) -> list[requests.Response]:
    """POST every (body, headers) to /api/v1/guarantees at the same instant, each on its own
    kept-alive connection (so one server thread each).

    The connections are opened one after the other first: opened all at once, some are reset
    by the server's listen backlog (socketserver's default of 5), which is not what this
    test is about."""
    sessions = []
    for _ in requests_to_send:
        session = requests.Session()
        assert session.get(f"{portal_url}/api/v1/orderers", timeout=30).status_code == 200
        sessions.append(session)
    barrier = threading.Barrier(len(requests_to_send))

    def send(i: int) -> requests.Response:
        body, headers = requests_to_send[i]
        payload = json.dumps(body, ensure_ascii=False).encode("utf-8")
        barrier.wait(timeout=30)
        return sessions[i].post(f"{portal_url}/api/v1/guarantees", data=payload, timeout=60,
                                headers={"Content-Type": "application/json", **headers})

    try:
        with ThreadPoolExecutor(len(requests_to_send)) as pool:
            return list(pool.map(send, range(len(requests_to_send))))
    finally:
        for session in sessions:
            session.close()


def verify(portal_url: str, number: str, auth_key: str) -> requests.Response:
    return requests.post(f"{portal_url}/api/v1/verifications", timeout=30,
                         json={"contract_number": number, "auth_key": auth_key})


def test_twenty_identical_requests_in_parallel_issue_exactly_one_guarantee(portal_url, surety_token):
    body = guarantee_request()
    headers = issue_headers(surety_token, str(uuid.uuid4()))

    answers = post_all(portal_url, [(body, headers)] * PARALLEL)

    statuses = Counter(a.status_code for a in answers)
    assert statuses == {201: PARALLEL}, [a.text for a in answers if a.status_code != 201][:3]
    bodies = [a.json() for a in answers]
    assert len({b["auth_key"] for b in bodies}) == 1
    assert len({b["guarantee"]["guarantee_id"] for b in bodies}) == 1
    # The whole answer is the same, the notice PDF included (rendered again from the kept version).
    assert len({json.dumps(b, sort_keys=True, ensure_ascii=False) for b in bodies}) == 1
    first = [a for a in answers if a.headers.get("Idempotent-Replayed") != "true"]
    assert len(first) == 1  # one request did the work, the others were answered as its retries
    guarantee_id = current_store().guarantees.find_guarantee_id(TEST_SURETY_ID, body["contract_number"])
    assert guarantee_id == bodies[0]["guarantee"]["guarantee_id"]
    assert [e["type"] for e in current_store().events.list(guarantee_id)] == ["issued"]
    assert verify(portal_url, body["contract_number"], bodies[0]["auth_key"]).status_code == 200
    FIGURES["20 identical"] = (f"{statuses[201]}×201, {len({b['auth_key'] for b in bodies})} key, "
                               f"1 guarantee, {len(answers) - len(first)} replayed")


def test_twenty_different_requests_in_parallel_issue_twenty_guarantees(portal_url, surety_token):
    items = [(guarantee_request(), issue_headers(surety_token)) for _ in range(PARALLEL)]

    answers = post_all(portal_url, items)

    statuses = Counter(a.status_code for a in answers)
    assert statuses == {201: PARALLEL}, [a.text for a in answers if a.status_code != 201][:3]
    bodies = [a.json() for a in answers]
    assert [b["guarantee"]["contract_number"] for b in bodies] == [body["contract_number"] for body, _ in items]
    assert len({b["auth_key"] for b in bodies}) == PARALLEL
    assert len({b["guarantee"]["guarantee_id"] for b in bodies}) == PARALLEL
    for body in bodies:
        number = body["guarantee"]["contract_number"]
        assert current_store().guarantees.find_guarantee_id(TEST_SURETY_ID, number) == body["guarantee"]["guarantee_id"]
        assert verify(portal_url, number, body["auth_key"]).status_code == 200
    FIGURES["20 different"] = f"{statuses[201]}×201, {PARALLEL} guarantees, {PARALLEL} distinct keys"
