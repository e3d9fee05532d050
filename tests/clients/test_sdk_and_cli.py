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

from lossy_transport import LosesTheFirstAnswer
from support import REPO, guarantee_request, new_contract_number, post_json, report_line

SDK_SRC = REPO / "clients" / "python" / "src"


def write_csv(path: Path, bodies: list[dict]) -> None:
    from e_guarantee_portal.requests_file import as_row
    rows = [as_row(b) for b in bodies]
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
    """The layer the SDK runs on here (made by `make client` into ignored folders, never
    committed) is what the generator makes from the document now, into a temporary folder."""
    import e_guarantee_portal.sdk
    import e_guarantee_portal_client

    from devtools import python_client
    used = SDK_SRC / "e_guarantee_portal_client"
    assert Path(e_guarantee_portal_client.__file__).parent == used
    assert Path(e_guarantee_portal.sdk.__file__).is_relative_to(SDK_SRC)
    fresh = python_client.generate(tmp_path)

    def differences(a: Path, b: Path) -> list[str]:
        cmp = filecmp.dircmp(a, b, ignore=["__pycache__"])
        found = [str(a / n) for n in cmp.left_only + cmp.right_only + cmp.diff_files + cmp.funny_files]
        return found + [d for sub in cmp.common_dirs for d in differences(a / sub, b / sub)]
    assert differences(fresh, used) == [], "run `make client`"
    fields = json.loads((SDK_SRC / "e_guarantee_portal" / "request_fields.json").read_text(encoding="utf-8"))
    assert fields == python_client.request_fields(), "run `make client`"
    import tomllib
    import yaml
    package = tomllib.loads((SDK_SRC.parent / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    document = yaml.safe_load((REPO / "api/chalicelib/openapi.yaml").read_text(encoding="utf-8"))["info"]["version"]
    assert package == document, "the SDK's version is the document's it was generated from"


def test_csv_cells_are_read_as_the_api_expects(tmp_path):
    from e_guarantee_portal.requests_file import RequestsFileError, as_row, read_requests
    body = guarantee_request(amount=12_000_000)
    body["contractor"]["members"] = [{"name": "浅間建設株式会社", "address": "長野県佐久市中込1-1-1"},
                                     {"name": "佐久工業株式会社", "address": "長野県佐久市岩村田2-2-2"}]
    path = tmp_path / "one.csv"
    write_csv(path, [body])
    [read] = read_requests(path)
    assert read == body  # 202177 stays the 発注者 code (text), the amounts are numbers, the JV a list
    assert isinstance(read["orderer_id"], str) and isinstance(read["amount"], int)
    with path.open("a", encoding="utf-8") as f:
        f.write("," * (len(as_row(body)) - 1) + "\n")  # a row of empty cells, as spreadsheets leave
    assert read_requests(path) == [body]
    bad = tmp_path / "bad.csv"
    bad.write_text("contract_number,amout\nA-1,3\n", encoding="utf-8")
    with pytest.raises(RequestsFileError, match="unknown column: 'amout'"):
        read_requests(bad)
    excel = tmp_path / "excel.csv"
    excel.write_bytes("contract_number,project.name\nA-1,市道岩村田線\n".encode("cp932"))
    with pytest.raises(RequestsFileError, match="--encoding cp932"):
        read_requests(excel)
    assert read_requests(excel, encoding="cp932") == [{"contract_number": "A-1", "project": {"name": "市道岩村田線"}}]


def test_the_cli_issues_200_guarantees_from_a_csv(api, portal_url, surety_token, tmp_path, request):
    bodies = [guarantee_request(amount=1_000_000 + i) for i in range(200)]
    source, out, notices = tmp_path / "guarantees.csv", tmp_path / "issued.csv", tmp_path / "notices"
    write_csv(source, bodies)
    started = time.monotonic()
    ran = cli(portal_url, surety_token, "issue", str(source), "--results", str(out), "--notices", str(notices))
    seconds = time.monotonic() - started
    assert ran.returncode == 0, ran.stderr[-3000:]
    rows = results(out)
    assert len(rows) == 200 and sorted(int(r["row"]) for r in rows) == list(range(2, 202))  # the header is row 1
    assert [r["contract_number"] for r in sorted(rows, key=lambda r: int(r["row"]))] == \
        [b["contract_number"] for b in bodies]
    assert oct(out.stat().st_mode & 0o777) == "0o600"  # it holds the keys
    assert len(list(notices.glob("*.pdf"))) == 200
    assert {oct(p.stat().st_mode & 0o777) for p in notices.glob("*.pdf")} == {"0o600"}  # each holds a key
    for row in rows[::20]:
        assert opens(api, row["contract_number"], row["auth_key"])
        assert (Path(row["notice_file"]).read_bytes()[:5]) == b"%PDF-"
    report_line(request, f"[cli] 200 guarantees issued from a CSV in {seconds:.1f} s "
                         f"({seconds / 200 * 1000:.0f} ms each, notice PDFs saved) against the local stack")


def test_a_killed_run_resumes_without_issuing_twice(api, portal_url, surety_token, tmp_path):
    from e_guarantee_portal import Portal
    from e_guarantee_portal.cli import idempotency_key
    bodies = [guarantee_request() for _ in range(40)]
    source, out = tmp_path / "guarantees.csv", tmp_path / "issued.csv"
    write_csv(source, bodies)
    # Row 36 (the 35th request) reached the portal in an earlier run whose answer was lost: nothing of it on disk.
    lost = Portal(f"{portal_url}/api", surety_token).issue(bodies[34], idempotency_key=idempotency_key(bodies[34]))
    out.write_text("", encoding="utf-8")
    out.chmod(0o644)  # a results file made by hand: the keys must not stay readable by others
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
    assert sorted(int(r["row"]) for r in rows) == list(range(2, 42))  # each row once
    assert len({r["guarantee_id"] for r in rows}) == 40
    for row in rows:
        assert opens(api, row["contract_number"], row["auth_key"])
    [row36] = [r for r in rows if r["row"] == "36"]
    assert (row36["guarantee_id"], row36["auth_key"]) == (lost.guarantee.guarantee_id, lost.auth_key)  # not a second one
    assert oct(out.stat().st_mode & 0o777) == "0o600"


def test_a_lost_answer_is_retried_with_the_same_key(api, portal_url, surety_token):
    from e_guarantee_portal import Portal

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


def test_a_gateways_error_page_is_retried_and_a_refusal_is_not(portal_url, surety_token):
    from e_guarantee_portal import Portal, PortalError

    class Gateway(httpx.BaseTransport):
        def __init__(self, first: httpx.Response | None):
            self.real, self.first, self.calls = httpx.HTTPTransport(), first, 0

        def handle_request(self, req):
            self.calls += 1
            if self.calls == 1 and self.first is not None:
                return self.first
            return self.real.handle_request(req)

    html = Gateway(httpx.Response(502, headers={"Content-Type": "text/html"}, text="<html>Bad Gateway</html>"))
    waits: list[float] = []
    issued = Portal(f"{portal_url}/api", surety_token, transport=html, sleep=waits.append).issue(guarantee_request())
    assert html.calls == 2 and len(waits) == 1 and issued.auth_key
    plain = Gateway(None)
    with pytest.raises(PortalError) as refused:
        Portal(f"{portal_url}/api", surety_token, transport=plain, sleep=waits.append).issue(
            {**guarantee_request(), "kind": "not_a_kind"})
    assert refused.value.status == 400 and plain.calls == 1  # the portal's own answer, in Japanese, once
    assert refused.value.message and not refused.value.message.isascii()


def test_the_cli_follows_the_feed_from_a_saved_cursor(api, portal_url, dynamodb, tmp_path):
    """`e-guarantee feed` prints every event since the last call and keeps the cursor in a file."""
    import uuid as uuid_module

    from chalicelib.usecases import sureties
    from e_guarantee_portal import Portal
    surety_id = f"feed-cli-{uuid_module.uuid4().hex[:8]}"
    sureties.register(surety_id, "フィード確認建設業保証株式会社")
    token = sureties.create_token(surety_id, label="feed")[1]
    import datetime as dt

    from chalicelib.adapters import clock
    from support import clock_at
    portal = Portal(f"{portal_url}/api", token)
    # Issued a while ago (the portal serves an event once its order has settled, 30 s).
    with clock_at(clock.now() - dt.timedelta(minutes=2)):
        first = portal.issue(guarantee_request())
    cursor_file = tmp_path / "feed.cursor"

    def run_feed() -> list[dict]:
        ran = cli(portal_url, token, "feed", "--cursor-file", str(cursor_file))
        assert ran.returncode == 0, ran.stderr
        return [json.loads(line) for line in ran.stdout.splitlines()]

    lines = run_feed()
    assert [(e["guarantee_id"], e["event"]["type"]) for e in lines] == [(first.guarantee.guarantee_id, "issued")]
    assert cursor_file.read_text(encoding="utf-8").strip()
    with clock_at(clock.now() - dt.timedelta(minutes=1)):
        second = portal.issue(guarantee_request())
    lines = run_feed()
    assert [(e["guarantee_id"], e["event"]["type"]) for e in lines] == [(second.guarantee.guarantee_id, "issued")]
    assert first.auth_key not in str(lines) and second.auth_key not in str(lines)


def test_an_event_of_a_type_newer_than_the_sdk_is_handed_over_not_fatal(api, portal_url, dynamodb, tmp_path):
    """The portal adds event types (expired came with 1.6.0): an older SDK reads on past them."""
    import datetime as dt
    import uuid as uuid_module

    from chalicelib.adapters import clock
    from chalicelib.domain.formatting import iso_utc_precise
    from chalicelib.usecases import sureties
    from e_guarantee_portal import NewerEvent, NewerFeedEntry, Portal
    from support import clock_at, current_store
    surety_id = f"newer-{uuid_module.uuid4().hex[:8]}"
    sureties.register(surety_id, "新種別建設業保証株式会社")
    token = sureties.create_token(surety_id, label="newer")[1]
    portal = Portal(f"{portal_url}/api", token)
    earlier = clock.now() - dt.timedelta(minutes=2)
    with clock_at(earlier):
        issued = portal.issue(guarantee_request())
        gid = issued.guarantee.guarantee_id
    with clock_at(earlier + dt.timedelta(seconds=1)):  # after it (one instant would order them by chance)
        current_store().events.add(gid, surety_id, {"type": "a_kind_from_the_future", "at": iso_utc_precise(clock.now()),
                                         "actor": {"kind": "system", "job": "future"}})
    entries, cursor = portal.feed()
    assert [type(e).__name__ for e in entries] == ["FeedEntry", "NewerFeedEntry"] and cursor
    assert isinstance(entries[1], NewerFeedEntry) and entries[1]["event"]["type"] == "a_kind_from_the_future"
    log = list(portal.events(gid))
    assert log[0].type_ == "issued" and isinstance(log[1], NewerEvent) and log[1]["type"] == "a_kind_from_the_future"
    ran = cli(portal_url, token, "feed", "--cursor-file", str(tmp_path / "cursor"))
    assert ran.returncode == 0, ran.stderr
    assert [json.loads(line)["event"]["type"] for line in ran.stdout.splitlines()] == ["issued", "a_kind_from_the_future"]
