"""The surety's SDK and CLI (clients/python) against the portal on DynamoDB Local: the
generated layer is the document's, many guarantees from a CSV (timed), resumed after a
kill with no guarantee issued twice, retries that keep the Idempotency-Key, paging, notices."""
from __future__ import annotations

import csv
import filecmp
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from support import REPO, guarantee_request, new_contract_number, post_json, report_line

SDK_SRC = REPO / "clients" / "python" / "src"


def flatten(body: dict, prefix: str = "") -> dict[str, str]:
    """A request as one CSV row: dotted columns, list items by index."""
    row: dict[str, str] = {}
    for name, value in body.items():
        path = f"{prefix}{name}"
        if isinstance(value, dict):
            row.update(flatten(value, path + "."))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                row.update(flatten(item, f"{path}.{i}.") if isinstance(item, dict) else {f"{path}.{i}": str(item)})
        elif isinstance(value, bool):
            row[path] = "true" if value else "false"
        else:
            row[path] = str(value)
    return row


def write_csv(path: Path, bodies: list[dict]) -> None:
    rows = [flatten(b) for b in bodies]
    columns = sorted({c for r in rows for c in r})
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)


def results(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def cli(portal_url: str, token: str, *args: str, wait: bool = True):
    env = {**os.environ, "PYTHONPATH": str(SDK_SRC), "E_GUARANTEE_API": f"{portal_url}/api",
           "E_GUARANTEE_TOKEN": token}
    command = [sys.executable, "-m", "e_guarantee_portal", *args]
    if not wait:
        return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)


def opens(api, number: str, key: str) -> bool:
    return post_json(api, "/v1/verifications", {"contract_number": number, "auth_key": key}).status_code == 200


def test_the_generated_layer_is_the_documents(tmp_path):
    """`make client` was run after the document last changed: regenerating changes nothing."""
    from devtools import python_client
    fresh = python_client.generate(tmp_path)
    committed = SDK_SRC / "e_guarantee_portal_client"

    def differences(a: Path, b: Path) -> list[str]:
        cmp = filecmp.dircmp(a, b, ignore=["__pycache__"])
        found = [str(a / n) for n in cmp.left_only + cmp.right_only + cmp.diff_files + cmp.funny_files]
        return found + [d for sub in cmp.common_dirs for d in differences(a / sub, b / sub)]
    assert differences(fresh, committed) == [], "run `make client`"
    fields = json.loads((SDK_SRC / "e_guarantee_portal" / "request_fields.json").read_text(encoding="utf-8"))
    assert fields == python_client.request_fields(), "run `make client`"


def test_csv_cells_are_read_as_the_api_expects(tmp_path):
    from e_guarantee_portal.requests_file import RequestsFileError, read_requests
    body = guarantee_request(amount=12_000_000)
    body["contractor"]["members"] = [{"name": "浅間建設株式会社", "address": "長野県佐久市中込1-1-1"},
                                     {"name": "佐久工業株式会社", "address": "長野県佐久市岩村田2-2-2"}]
    path = tmp_path / "one.csv"
    write_csv(path, [body])
    [read] = read_requests(path)
    assert read == body  # 202177 stays the 発注者 code (text), the amounts are numbers, the JV a list
    assert isinstance(read["orderer_id"], str) and isinstance(read["amount"], int)
    bad = tmp_path / "bad.csv"
    bad.write_text("contract_number,amout\nA-1,3\n", encoding="utf-8")
    with pytest.raises(RequestsFileError, match="unknown column: 'amout'"):
        read_requests(bad)


def test_the_cli_issues_200_guarantees_from_a_csv(api, portal_url, surety_token, tmp_path, request):
    bodies = [guarantee_request(amount=1_000_000 + i) for i in range(200)]
    source, out, notices = tmp_path / "guarantees.csv", tmp_path / "issued.csv", tmp_path / "notices"
    write_csv(source, bodies)
    started = time.monotonic()
    ran = cli(portal_url, surety_token, "issue", str(source), "--results", str(out), "--notices", str(notices))
    seconds = time.monotonic() - started
    assert ran.returncode == 0, ran.stderr[-3000:]
    rows = results(out)
    assert len(rows) == 200 and sorted(int(r["row"]) for r in rows) == list(range(1, 201))
    assert [r["contract_number"] for r in sorted(rows, key=lambda r: int(r["row"]))] == \
        [b["contract_number"] for b in bodies]
    assert oct(out.stat().st_mode & 0o777) == "0o600"  # it holds the keys
    assert len(list(notices.glob("*.pdf"))) == 200
    for row in rows[::20]:
        assert opens(api, row["contract_number"], row["auth_key"])
        assert (Path(row["notice_file"]).read_bytes()[:5]) == b"%PDF-"
    report_line(request, f"[cli] 200 guarantees issued from a CSV in {seconds:.1f} s "
                         f"({seconds / 200 * 1000:.0f} ms each, notice PDFs saved) against the local stack")


def test_a_killed_run_resumes_without_issuing_twice(api, portal_url, surety_token, tmp_path):
    bodies = [guarantee_request() for _ in range(40)]
    source, out = tmp_path / "guarantees.csv", tmp_path / "issued.csv"
    write_csv(source, bodies)
    running = cli(portal_url, surety_token, "issue", str(source), "--results", str(out), wait=False)
    deadline = time.monotonic() + 120
    while len(results(out)) < 10 and time.monotonic() < deadline and running.poll() is None:
        time.sleep(0.05)
    running.send_signal(signal.SIGKILL)  # half-way, as a power cut would
    running.wait()
    first = results(out)
    assert 10 <= len(first) < 40
    again = cli(portal_url, surety_token, "issue", str(source), "--results", str(out))
    assert again.returncode == 0, again.stderr[-3000:]
    assert f"skipping {len(first)} rows" in again.stderr
    rows = results(out)
    assert sorted(int(r["row"]) for r in rows) == list(range(1, 41))  # each row once
    assert len({r["guarantee_id"] for r in rows}) == 40
    for row in rows:
        assert opens(api, row["contract_number"], row["auth_key"])


def test_a_lost_answer_is_retried_with_the_same_key(api, portal_url, surety_token):
    from e_guarantee_portal import Portal

    class LosesTheFirstAnswer(httpx.BaseTransport):
        """The request reaches the portal, the answer never comes back (then the network heals)."""

        def __init__(self):
            self.real, self.calls = httpx.HTTPTransport(), 0

        def handle_request(self, req):
            self.calls += 1
            answer = self.real.handle_request(req)
            if self.calls == 1:
                answer.read()
                raise httpx.ReadTimeout("the answer was lost", request=req)
            return answer

    transport, waits = LosesTheFirstAnswer(), []
    portal = Portal(f"{portal_url}/api", surety_token, transport=transport, sleep=waits.append)
    body = guarantee_request()
    issued = portal.issue(body)
    assert transport.calls == 2 and len(waits) == 1
    # Issued once: the first attempt's guarantee came back with its key (the portal's replay).
    assert opens(api, body["contract_number"], issued.auth_key)
    listed = [g for g in portal.guarantees(orderer=body["orderer_id"]) if g.contract_number == body["contract_number"]]
    assert len(listed) == 1 and listed[0].guarantee_id == issued.guarantee.guarantee_id


def test_busy_answers_wait_as_told_and_cancel_after_a_lost_answer_is_done(api, portal_url, surety_token, tmp_path):
    from e_guarantee_portal import Portal

    class BusyThenLost(httpx.BaseTransport):
        def __init__(self):
            self.real, self.calls = httpx.HTTPTransport(), 0

        def handle_request(self, req):
            self.calls += 1
            if self.calls == 1:
                return httpx.Response(503, headers={"Retry-After": "2", "Content-Type": "application/json"},
                                      json={"error": {"code": "service_unavailable", "message": "x"}})
            answer = self.real.handle_request(req)
            if req.url.path.endswith("/cancellation") and self.calls == 3:
                answer.read()
                raise httpx.RemoteProtocolError("connection dropped", request=req)
            return answer

    waits: list[float] = []
    portal = Portal(f"{portal_url}/api", surety_token, transport=BusyThenLost(), sleep=waits.append)
    issued = portal.issue(guarantee_request())
    assert waits == [2.0]  # Retry-After, not a guess
    saved = Portal.save_notice(issued, tmp_path)
    assert saved.read_bytes()[:5] == b"%PDF-" and saved.name == issued.notice.filename
    from chalicelib.adapters import clock
    cancelled = portal.cancel(issued.guarantee.guarantee_id, "契約解除", clock.today().isoformat())
    assert cancelled.to_dict()["status"] == "cancelled"  # the retry's 409 already_cancelled means done
    events = list(portal.events(issued.guarantee.guarantee_id, page_size=1))  # across cursors
    assert [e.to_dict()["type"] for e in events][:1] == ["issued"] and "cancelled" in [e.to_dict()["type"] for e in events]


def test_a_refusal_is_an_error_with_its_code(portal_url, surety_token):
    from e_guarantee_portal import Portal, PortalError
    portal = Portal(f"{portal_url}/api", surety_token, sleep=lambda s: None)
    body = guarantee_request(contract_number=new_contract_number())
    portal.issue(body)
    with pytest.raises(PortalError) as refused:
        portal.issue(body)  # another key, the same number
    assert (refused.value.status, refused.value.code) == (409, "contract_number_taken")
