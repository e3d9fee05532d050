"""`make load`: Locust against the local stack at 10× the peak business day (issue 30).

Run as `PYTHONPATH=api python -m devtools.load [--minutes N] [--users U] [--out DIR]` from the
repository's root (the Makefile does, with LOAD_MINUTES, default 10).

1. A fresh in-memory DynamoDB Local (port 18601) and the portal's local server (port 18600; the
   site folder is empty: the test calls the API only), in this process, with
   PORTAL_CONSUMED_CAPACITY=1: devtools/capacity.py asks DynamoDB for the units of every call
   (ReturnConsumedCapacity=TOTAL) and this module's request handler charges each call to the
   operation named by the request's X-Load-Operation header (set by loadtest/locustfile.py) —
   a header only this load server reads, never a product route.
2. Seeded through the product's code: the enrolled demo orderers (佐久市 takes 電子提出), the
   demo issuers and a token of the demo surety, one signed-in staff member of 佐久市 per Locust
   user (the code is read from the local outbox, as a clerk reads the mail).
3. Locust, headless, `users` users at the plan's pace (devtools/load_plan.py), for the minutes.
4. The report (DIR, default .local/load/): report.json and report.md — per operation the
   requests, errors, p50/p95/p99 (Locust's), the server's own time, the DynamoDB read and write
   units a request, the bytes a reply, and the cost a request, a guarantee and a national year
   at the unit prices below (docs/operations.md 「費用の見積もり」 states them with their sources).

A load test reports; it exits non-zero only when the run itself breaks (the stack does not start,
Locust does not run), not on slow answers or errors, which the report counts.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from devtools import capacity, load_plan, sign_in_codes

REPO_ROOT = Path(__file__).resolve().parents[2]
LOCUSTFILE = REPO_ROOT / "loadtest" / "locustfile.py"
HOST = "127.0.0.1"
PORTAL_PORT = 18600
DYNAMODB_PORT = 18601
HEADER = "X-Load-Operation"
DEPARTMENT = "契約検査課"
STAFF_DOMAIN = "city.saku.nagano.jp"

# Unit prices (USD, ap-northeast-1 unless said, list prices without free tier) — the same as
# docs/operations.md's "Cost estimate" table, which names the pages they were read from; NOT
# re-checked on this machine (no network): see 「費用の見積もり」 before budgeting.
PRICES = {
    "lambda_gb_s": 0.0000166667,        # x86_64, per GB-second
    "lambda_request": 0.20 / 1e6,
    "api_gateway_request": 4.25 / 1e6,  # REST API, first 333 M a month
    "dynamodb_read_unit": 0.1425 / 1e6,  # on-demand read request unit
    "dynamodb_write_unit": 0.715 / 1e6,  # on-demand write request unit
    "cloudfront_request": 0.0120 / 1e4,  # HTTPS, Japan
    "cloudfront_gb_out": 0.114,          # Japan, first 10 TB
    "ses_mail": 0.10 / 1000,
}
LAMBDA_MEMORY_GB = 1024 / 1024  # infra/stages.json api_memory_mb (the documents Lambda: the same size)


# ---- per-operation accounting (in the server process) ---------------------------------------

@dataclass
class Operation:
    requests: int = 0
    units: capacity.Units = field(default_factory=capacity.Units)  # DynamoDB's, by call
    server_ms: list[float] = field(default_factory=list)


class Accounts:
    """DynamoDB's units and the server's time, per operation of the load (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._current = threading.local()
        self.operations: dict[str, Operation] = {name: Operation() for name in load_plan.OPERATIONS}

    def begin(self, name: str | None) -> None:
        self._current.name = name if name in self.operations else None

    def end(self, ms: float) -> None:
        name = getattr(self._current, "name", None)
        self._current.name = None
        if name is not None:
            with self._lock:
                self.operations[name].requests += 1
                self.operations[name].server_ms.append(ms)

    def charge(self, call: str, read: float, write: float) -> None:
        name = getattr(self._current, "name", None)
        if name is None:
            return
        with self._lock:
            self.operations[name].units.add(call, read, write)


def install_accounts(accounts: Accounts) -> None:
    """Charge each DynamoDB call of a request's thread to its operation (capacity asks for
    ReturnConsumedCapacity while PORTAL_CONSUMED_CAPACITY=1)."""
    if capacity.install_from_environment() is None:
        raise RuntimeError("PORTAL_CONSUMED_CAPACITY=1 must be set before the load server starts")
    capacity.listen(accounts.charge)


def load_handler(accounts: Accounts) -> type:
    from devtools.server import _Handler

    class LoadHandler(_Handler):
        def _handle_api(self, body: bytes | None) -> None:
            accounts.begin(self.headers.get(HEADER))
            t0 = time.perf_counter()
            try:
                super()._handle_api(body)
            finally:
                accounts.end((time.perf_counter() - t0) * 1000)

    return LoadHandler


# ---- setup --------------------------------------------------------------------------------

def _post(url: str, body: dict, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, data=json.dumps(body).encode("utf-8"), method="POST",
                                     headers={"Content-Type": "application/json", **headers})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def _code_for(outbox: Path, address: str) -> str:
    code = sign_in_codes.latest(outbox, address)
    if code is None:
        raise RuntimeError(f"no sign-in code was mailed to {address}")
    return code


def staff_cookie(site_url: str, outbox: Path, address: str) -> str:
    """Sign a member of 佐久市's staff in as the page does (a code by mail); the session cookie."""
    same_site = {"Origin": site_url, **from_cloudfront()}
    status, _, body = _post(f"{site_url}/api/v1/staff/sign-in-codes", {"email": address}, same_site)
    if status != 202:
        raise RuntimeError(f"sign-in code: {status} {body[:200]!r}")
    status, headers, body = _post(f"{site_url}/api/v1/staff/session",
                                  {"email": address, "code": _code_for(outbox, address)}, same_site)
    if status != 201:
        raise RuntimeError(f"sign-in: {status} {body[:200]!r}")
    return headers["Set-Cookie"].split(";", 1)[0]


def from_cloudfront() -> dict[str, str]:
    """What CloudFront adds to every request (edge/client.py): the origin secret, so the viewer's
    address below is believed, as on AWS."""
    return {"X-Origin-Verify": os.environ["PORTAL_ORIGIN_SECRET"], "CloudFront-Viewer-Address": "198.18.255.254:443"}


def guarantee_template() -> dict[str, Any]:
    """The body every issuance of the load sends (a new 保証契約番号 each time): the demo's
    前払金保証 for 佐久市, dated today in Japan."""
    from chalicelib.adapters import clock
    from devtools.demo import demo_request

    return {**demo_request("LOAD-TEMPLATE", clock.today()), "surety_branch": "nagano"}


# ---- the report ---------------------------------------------------------------------------

def percentile(histogram: dict[float, int], share: float) -> float:
    """The response time (ms) below which `share` of the requests fall (nearest rank), from
    Locust's histogram of rounded times (exact below 100 ms, two significant digits above)."""
    total = sum(histogram.values())
    if total == 0:
        return 0.0
    rank = max(1, math.ceil(share * total))
    seen = 0
    for ms in sorted(histogram):
        seen += histogram[ms]
        if seen >= rank:
            return float(ms)
    return float(max(histogram))


def read_locust_json(path: Path) -> dict[str, dict[str, float]]:
    """Locust's final stats (`--json-file`): per request name, its requests, failures,
    p50/p95/p99 and mean (ms), the mean reply size (bytes, as received: decompressed)."""
    rows: dict[str, dict[str, float]] = {}
    for entry in json.loads(path.read_text(encoding="utf-8")):
        histogram = {float(ms): int(n) for ms, n in entry["response_times"].items()}
        n = int(entry["num_requests"])
        rows[entry["name"]] = {"requests": n, "failures": int(entry["num_failures"]),
                               "p50_ms": percentile(histogram, 0.50), "p95_ms": percentile(histogram, 0.95),
                               "p99_ms": percentile(histogram, 0.99),
                               "mean_ms": entry["total_response_time"] / n if n else 0.0,
                               "max_ms": float(entry["max_response_time"] or 0.0),
                               "bytes": entry["total_content_length"] / n if n else 0.0}
    return rows


def cost_per_request(read_units: float, write_units: float, server_ms: float, reply_bytes: float,
                     prices: dict[str, float] = PRICES, memory_gb: float = LAMBDA_MEMORY_GB) -> dict[str, float]:
    """One request's cost by service (USD): Lambda (requests + GB-s of the server's time, a
    proxy for the function's duration), API Gateway, DynamoDB on demand, CloudFront (request +
    bytes out). Mail is per guarantee (see cost_per_guarantee)."""
    parts = {
        "lambda": prices["lambda_request"] + server_ms / 1000 * memory_gb * prices["lambda_gb_s"],
        "api_gateway": prices["api_gateway_request"],
        "dynamodb": read_units * prices["dynamodb_read_unit"] + write_units * prices["dynamodb_write_unit"],
        "cloudfront": prices["cloudfront_request"] + reply_bytes / 1e9 * prices["cloudfront_gb_out"],
    }
    parts["total"] = sum(parts.values())
    return parts


def cost_per_guarantee(per_request: dict[str, dict[str, float]], counts: dict[str, float], mails: float,
                       prices: dict[str, float] = PRICES) -> dict[str, float]:
    """A guarantee's life: each operation's cost × its count in the life, plus SES's mails."""
    services = ("lambda", "api_gateway", "dynamodb", "cloudfront")
    totals = {s: sum(per_request[name][s] * counts[name] for name in counts if name in per_request) for s in services}
    totals["ses"] = mails * prices["ses_mail"]
    totals["total"] = sum(totals.values())
    return totals


def build_report(plan: load_plan.Plan, minutes: float, stats: dict[str, dict[str, float]], accounts: Accounts,
                 mails: int, issued: int) -> dict[str, Any]:
    operations: dict[str, Any] = {}
    per_request: dict[str, dict[str, float]] = {}
    for name in load_plan.OPERATIONS:
        op, seen = accounts.operations[name], stats.get(name, {})
        n = max(op.requests, 1)
        server_ms = statistics.fmean(op.server_ms) if op.server_ms else 0.0
        read, write = op.units.read / n, op.units.write / n
        per_request[name] = cost_per_request(read, write, server_ms, seen.get("bytes", 0.0))
        operations[name] = {
            "planned_rps": plan.rates[name], **seen, "rps": seen.get("requests", 0) / (minutes * 60),
            "server_requests": op.requests,
            "server_mean_ms": server_ms, "read_units": read, "write_units": write, "calls": op.units.calls / n,
            "by_call": {k: {"read": v[0] / n, "write": v[1] / n, "calls": v[2] / n}
                        for k, v in sorted(op.units.by_operation.items())},
            "cost_usd": per_request[name],
        }
    mails_per_guarantee = mails / issued if issued else 0.0
    guarantee = cost_per_guarantee(per_request, load_plan.per_guarantee(), mails_per_guarantee)
    return {
        "minutes": minutes, "users": plan.users, "pace_s": plan.pace_s, "planned_rps": plan.total_rps,
        "requests": sum(s["requests"] for s in stats.values()),
        "errors": sum(s["failures"] for s in stats.values()), "operations": operations,
        "mails": mails, "guarantees_issued": issued, "mails_per_guarantee": mails_per_guarantee,
        "cost_per_guarantee_usd": guarantee,
        "cost_per_year_usd": {k: v * plan.guarantees_per_year for k, v in guarantee.items()},
        "guarantees_per_year": plan.guarantees_per_year, "prices_usd": PRICES,
    }


def report_markdown(report: dict[str, Any]) -> str:
    lines = [f"# Load test: {report['minutes']:g} min, {report['users']} users, plan {report['planned_rps']:.2f} req/s",
             "", f"requests {report['requests']:,.0f}, errors {report['errors']:,.0f}; "
             f"mails {report['mails']} for {report['guarantees_issued']} guarantees", "",
             "| operation | requests | req/s (plan) | errors | p50 ms | p95 ms | p99 ms | server ms | RCU | WCU | bytes | USD / request |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for name, op in report["operations"].items():
        lines.append(f"| {name} | {op.get('requests', 0):,.0f} | {op.get('rps', 0):.2f} ({op['planned_rps']:.2f}) | "
                     f"{op.get('failures', 0):,.0f} | {op.get('p50_ms', 0):,.0f} | {op.get('p95_ms', 0):,.0f} | "
                     f"{op.get('p99_ms', 0):,.0f} | {op['server_mean_ms']:,.0f} | {op['read_units']:.1f} | "
                     f"{op['write_units']:.1f} | {op.get('bytes', 0):,.0f} | {op['cost_usd']['total']:.7f} |")
    g, y = report["cost_per_guarantee_usd"], report["cost_per_year_usd"]
    lines += ["", "| per | " + " | ".join(g) + " |", "|---|" + "---:|" * len(g),
              "| guarantee (USD) | " + " | ".join(f"{v:.6f}" for v in g.values()) + " |",
              f"| year of {report['guarantees_per_year']:,} (USD) | " + " | ".join(f"{v:,.2f}" for v in y.values()) + " |"]
    return "\n".join(lines) + "\n"


# ---- the run ------------------------------------------------------------------------------

def run_locust(setup_file: Path, out: Path, users: int, minutes: float) -> int:
    command = [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "--only-summary",
               "-u", str(users), "-r", str(max(1, users)), "-t", f"{int(minutes * 60)}s", "--stop-timeout", "60",
               "--json-file", str(out / "locust"), "--html", str(out / "locust.html"), "--exit-code-on-error", "0",
               "--loglevel", "WARNING"]
    env = {**os.environ, "LOAD_SETUP": str(setup_file)}
    return subprocess.run(command, cwd=REPO_ROOT, env=env, check=False).returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--minutes", type=float, default=float(os.environ.get("LOAD_MINUTES") or 10))
    parser.add_argument("--users", type=int, default=None, help="Locust users (default: the plan's)")
    parser.add_argument("--factor", type=float, default=load_plan.FACTOR, help="× the peak business day")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / ".local" / "load")
    parser.add_argument("--portal-port", type=int, default=PORTAL_PORT)
    parser.add_argument("--dynamodb-port", type=int, default=DYNAMODB_PORT)
    args = parser.parse_args(argv)
    plan = load_plan.plan(args.factor, users=args.users)
    print(load_plan.describe(plan), flush=True)
    args.out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="portal-load-"))
    outbox, site = work / "outbox", work / "site"
    outbox.mkdir()
    site.mkdir()

    from devtools.dynamodb_local import DynamoDBLocal
    from devtools.localenv import use_local_environment

    os.environ["PORTAL_CONSUMED_CAPACITY"] = "1"
    # The requests come as through CloudFront, each guarantee's life from a viewer address of its
    # own (loadtest/locustfile.py): the limits per client then fall as they do on AWS, where the
    # contractors are many, not on the one machine that plays them all.
    os.environ["PORTAL_ORIGIN_SECRET"] = secrets.token_hex(24)
    site_url = f"http://{HOST}:{args.portal_port}"
    use_local_environment(table_name=f"load-{uuid.uuid4().hex[:8]}", dynamodb_port=args.dynamodb_port,
                          site_url=site_url, pepper=secrets.token_hex(32), outbox_dir=str(outbox),
                          signing_dir=str(work / "signing"))
    dynamodb = DynamoDBLocal(port=args.dynamodb_port, db_path=None, shared_db=True, host=HOST).start()
    server = None
    try:
        accounts = Accounts()
        install_accounts(accounts)
        from chalicelib import bootstrap
        from chalicelib.adapters import clock
        from chalicelib.domain import tokens
        from chalicelib.usecases import sureties
        from devtools import registry_seed
        from devtools.demo import DEMO_CONTRACTOR_EMAIL, DEMO_SURETY_ID, seed_issuers

        store = bootstrap.product_store()
        store.ensure_table()
        bootstrap.install(store)
        registry_seed.seed(store, clock.now(), everything=False)
        seed_issuers()
        _, token = sureties.create_token(DEMO_SURETY_ID, list(tokens.SCOPES), label="load test")

        from app import app
        from devtools.server import PortalServer

        server = PortalServer(site, host=HOST, port=args.portal_port, app=app)
        server._httpd.RequestHandlerClass = load_handler(accounts)
        server.start()
        run_id = uuid.uuid4().hex[:6]
        cookies = [staff_cookie(site_url, outbox, f"load-{run_id}-{i}@{STAFF_DOMAIN}") for i in range(plan.users)]
        setup = {"site_url": site_url, "surety_token": token, "staff_cookies": cookies, "pace_s": plan.pace_s,
                 "origin_secret": os.environ["PORTAL_ORIGIN_SECRET"],
                 "guarantee_template": guarantee_template(), "department": DEPARTMENT,
                 "verifications_per_guarantee": load_plan.VERIFICATIONS_PER_GUARANTEE,
                 "submitted_share": load_plan.SUBMITTED_SHARE,
                 "ledger_pages_per_receipt": load_plan.LEDGER_PAGES_PER_RECEIPT,
                 "submission_contact": {"name": "負荷 花子", "email": DEMO_CONTRACTOR_EMAIL, "phone": "0267-00-0000"}}
        setup_file = work / "setup.json"
        setup_file.write_text(json.dumps(setup, ensure_ascii=False), encoding="utf-8")
        os.chmod(setup_file, 0o600)
        mails_before = len(list(outbox.glob("*.eml")))
        print(f"Locust: {plan.users} users for {args.minutes:g} min against {site_url}", flush=True)
        code = run_locust(setup_file, args.out, plan.users, args.minutes)
        if code != 0:
            print(f"Locust exited {code}", file=sys.stderr)
            return 1
        mails = len(list(outbox.glob("*.eml"))) - mails_before
        stats = read_locust_json(args.out / "locust.json")
        report = build_report(plan, args.minutes, stats, accounts, mails,
                              accounts.operations["issuance"].requests)
        (args.out / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        text = report_markdown(report)
        (args.out / "report.md").write_text(text, encoding="utf-8")
        print(text, flush=True)
        print(f"report: {args.out / 'report.md'}, {args.out / 'report.json'}, {args.out / 'locust.html'}")
        return 0
    finally:
        if server is not None:
            server.stop()
        dynamodb.stop()


if __name__ == "__main__":
    sys.exit(main())
