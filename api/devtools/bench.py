"""`make bench`: how much the verification API adds over the DynamoDB work it needs,
and how much importing the API module costs.

Run as `PYTHONPATH=api python -m devtools.bench [--n N] [--json PATH]` from the repo root.

1. Latency. A fresh in-memory DynamoDB Local, one surety, one guarantee issued through the
   real app. Then, interleaved round by round (after a warm-up), N verifications through
   the app (Chalice's test client, POST /v1/verifications) against N times the bare
   operations a verification needs, done with boto3 on the same table: strongly
   consistent GetItems of the key item and of the guarantee's state, and a (conditional)
   PutItem of an event-sized item. Target: verification p50 within 1.25x the bare operations.
1b. Whether timing tells a number exists: N (≥ 300) wrong keys for an issued number and N
   keys for numbers nobody issued, interleaved; their medians and the accuracy of the best
   single-request threshold at telling them apart (50% is a coin; target ≤ 60%).
2. Import time, in fresh interpreters (the import statement only, not start-up):
   `import app` against `import botocore, pynamodb` (the literal bare import) and against
   `import chalice, pynamodb.models` (the framework and ORM the app cannot run without).
   Target: the API module's import adds less than 30% over the bare import.
3. The request-schema check (chalicelib/edge/request_check.py, jsonschema-rs): per body,
   against parsing the same body from JSON (the work every request already does); and its
   first use in a fresh interpreter (importing jsonschema-rs, reading openapi.json and
   compiling the operation's schema), after `import app`. Reported, no target.
4. The deployed shape (bench_packages.py): the Lambda packages `make deploy` builds, their
   sizes, and `import app` in each as Lambda meets it (python3.12 -B, read-only folder)
   against the framework's own compiled import. Targets: lean <= 60 MiB, <= 1.3x.
6. A national year, simulated (bench_year.py, issue 30): the register, the CSV, the orderer
   list and the daily jobs at two scales of devtools.national_year; their ratios and SVG charts.
5. The pages (bench_pages.py): Lighthouse, mobile, against the local stack for the home
   page, the verification page, the submission guide and the orderer list (the registry
   seeded at full size: every body of the national list enrolled). Targets: performance >= 95,
   accessibility 100; the bytes each page loads, gzip and raw.

A benchmark reports, it does not gate: a missed target still exits 0. A broken run (DynamoDB
Local does not start, a verification does not answer 200) exits non-zero.
"""
from __future__ import annotations

import argparse
import functools
import json
import os
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from devtools.dynamodb_local import DynamoDBLocal, free_port
from devtools.localenv import use_local_environment

REPO_ROOT = Path(__file__).resolve().parents[2]
API_DIR = REPO_ROOT / "api"

WARMUP = 50
IMPORT_REPEATS = 15
LATENCY_TARGET = 1.25  # API p50 / bare p50
EXISTENCE_MIN_N = 300  # wrong keys of each kind
EXISTENCE_TARGET = 0.60  # best single-request threshold accuracy
IMPORT_TARGET = 1.30   # app import / bare import
SURETY_ID = "bench-surety"
SURETY_NAME = "ベンチマーク建設業保証株式会社"

# Imports to time in fresh interpreters: label -> import statement.
IMPORTS = {
    "app": "import app",
    "bare": "import botocore, pynamodb",
    "framework": "import chalice, pynamodb.models",
}
_IMPORT_PROBE = (
    "import time\n"
    "t0 = time.perf_counter()\n"
    "{statement}\n"
    "t1 = time.perf_counter()\n"
    "print(repr(t1 - t0))\n"
)
_IMPORTTIME_LINE = re.compile(r"^import time:\s+(\d+)\s+\|\s+(\d+)\s+\|( *)(\S.*)$")


def _set_environment(port: int) -> None:
    """Must run before anything from chalicelib/app is imported (PynamoDB reads Meta at import)."""
    use_local_environment(table_name=f"bench-{uuid.uuid4().hex[:8]}", dynamodb_port=port,
                          site_url="http://127.0.0.1:8000", pepper=secrets.token_hex(32))


# ---- statistics -------------------------------------------------------------------------

def summarize_ns(samples_ns: list[int]) -> dict:
    ms = [s / 1e6 for s in samples_ns]
    cuts = statistics.quantiles(ms, n=100, method="inclusive")
    return {
        "n": len(ms),
        "p50_ms": statistics.median(ms),
        "p95_ms": cuts[94],
        "p99_ms": cuts[98],
        "mean_ms": statistics.fmean(ms),
        "min_ms": min(ms),
        "max_ms": max(ms),
    }


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


# ---- setup ------------------------------------------------------------------------------

def _issue_guarantee(http, token: str) -> tuple[str, str, str]:
    """One 前払金保証 for 佐久市 through the real app; returns (guarantee id, number, key)."""
    from chalicelib.adapters import clock
    from devtools.demo import demo_request

    today = clock.today()
    number = f"BENCH-{uuid.uuid4().hex[:10].upper()}"
    body = json.dumps(demo_request(number, today), ensure_ascii=False).encode("utf-8")
    response = http.post("/v1/guarantees", body=body, headers={
        "Content-Type": "application/json",
        "Authorization": f"Bearer {token}",
        "Idempotency-Key": str(uuid.uuid4()),
    })
    if response.status_code != 201:
        raise RuntimeError(f"issuance answered {response.status_code}: {response.body!r}")
    answer = response.json_body
    return answer["guarantee"]["guarantee_id"], answer["guarantee"]["contract_number"], answer["auth_key"]


# ---- latency ----------------------------------------------------------------------------

def measure_latency(n: int) -> dict:
    import boto3
    from botocore.config import Config
    from chalice.test import Client

    from app import app
    from chalicelib.domain import authkey
    from chalicelib import bootstrap
    from chalicelib.adapters import keyed_hash
    from chalicelib.usecases import sureties
    from chalicelib.adapters.config import settings
    SETTINGS = settings()

    store = bootstrap.product_store()
    store.ensure_table()
    bootstrap.install(store)
    sureties.register(SURETY_ID, SURETY_NAME)
    _, token = sureties.create_token(SURETY_ID, label="bench")

    ddb = boto3.client(
        "dynamodb", region_name=SETTINGS.region, endpoint_url=SETTINGS.dynamodb_endpoint,
        config=Config(connect_timeout=2, read_timeout=5, retries={"max_attempts": 3}),
    )

    with tempfile.TemporaryDirectory(prefix="bench-chalice-") as project_dir, \
            Client(app, project_dir=project_dir) as client:
        http = client.http
        guarantee_id, number, key = _issue_guarantee(http, token)
        key_hash = keyed_hash.auth_key(authkey.parse(key))
        key_item = {"pk": {"S": f"KEY#{key_hash}"}, "sk": {"S": "KEY"}}
        state_item = {"pk": {"S": f"GUAR#{guarantee_id}"}, "sk": {"S": "STATE"}}
        event_pk = f"GUAR#{guarantee_id}"
        verify_body = json.dumps({"contract_number": number, "auth_key": key}).encode("utf-8")
        verify_headers = {"Content-Type": "application/json"}

        def api_once() -> int:
            t0 = time.perf_counter_ns()
            response = http.post("/v1/verifications", body=verify_body, headers=verify_headers)
            elapsed = time.perf_counter_ns() - t0
            if response.status_code != 200:
                raise RuntimeError(f"verification answered {response.status_code}: {response.body!r}")
            if response.json_body["certificate"]["contract_number"] != number:
                raise RuntimeError("verification returned another guarantee")
            return elapsed

        def bare_once() -> tuple[int, int]:
            at = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime()) + f".{time.time_ns() // 1000 % 1_000_000:06d}Z"
            event = {"M": {
                "type": {"S": "verification"}, "at": {"S": at}, "outcome": {"S": "success"},
                "actor": {"M": {"kind": {"S": "orderer"}, "client": {"S": secrets.token_hex(8)}}},
                "version": {"N": "1"},
            }}
            t0 = time.perf_counter_ns()
            got = ddb.get_item(TableName=SETTINGS.table_name, Key=key_item, ConsistentRead=True)
            ddb.get_item(TableName=SETTINGS.table_name, Key=state_item, ConsistentRead=True)
            t1 = time.perf_counter_ns()
            ddb.put_item(
                TableName=SETTINGS.table_name,
                Item={"pk": {"S": event_pk}, "sk": {"S": f"EVT#{at}#{secrets.token_hex(4)}"}, "data": event},
                ConditionExpression="attribute_not_exists(pk)",
            )
            t2 = time.perf_counter_ns()
            if "Item" not in got:
                raise RuntimeError("bare GetItem did not find the key item")
            return t1 - t0, t2 - t1

        api: list[int] = []
        bare: list[int] = []
        bare_get: list[int] = []
        bare_put: list[int] = []
        for i in range(WARMUP + n):
            # Alternate which side goes first, so neither always follows the other.
            if i % 2 == 0:
                a = api_once()
                g, p = bare_once()
            else:
                g, p = bare_once()
                a = api_once()
            if i >= WARMUP:
                api.append(a)
                bare.append(g + p)
                bare_get.append(g)
                bare_put.append(p)
        existence = measure_existence_timing(http, number, n)

    result: dict[str, Any] = {
        "n": n,
        "warmup": WARMUP,
        "api": summarize_ns(api),
        "bare": summarize_ns(bare),
        "bare_get": summarize_ns(bare_get),
        "bare_put": summarize_ns(bare_put),
    }
    result["ratio_p50"] = result["api"]["p50_ms"] / result["bare"]["p50_ms"]
    result["ratio_p95"] = result["api"]["p95_ms"] / result["bare"]["p95_ms"]
    result["target"] = f"verification p50 <= {LATENCY_TARGET}x bare p50"
    result["pass"] = result["ratio_p50"] <= LATENCY_TARGET
    result["existence"] = existence
    return result


def best_threshold_accuracy(a: list[int], b: list[int]) -> float:
    """The best accuracy of telling two equally sized groups apart by one time threshold
    (either direction): 0.5 means timing says nothing."""
    labelled = sorted([(t, 0) for t in a] + [(t, 1) for t in b])
    total, best = len(labelled), 0.5
    below_b = below_a = 0  # how many of each group lie at or below the threshold
    for i, (t, group) in enumerate(labelled):
        below_a += group == 0
        below_b += group == 1
        if i + 1 < total and labelled[i + 1][0] == t:
            continue  # a threshold lies between distinct times
        # "a if at or below the threshold, else b", and the reverse rule
        correct = below_a + (len(b) - below_b)
        best = max(best, correct / total, 1 - correct / total)
    return best


def measure_existence_timing(http, number: str, n: int) -> dict:
    """Wrong keys for an issued number against keys for numbers nobody issued, interleaved."""
    from chalicelib.domain import authkey

    n = max(n, EXISTENCE_MIN_N)
    # Counted as always, but never refused: a refusal would be a third kind of answer.
    os.environ["PORTAL_LIMIT_PER_NUMBER"] = os.environ["PORTAL_LIMIT_PER_CLIENT"] = str(10**9)

    def once(target: str) -> int:
        body = json.dumps({"contract_number": target, "auth_key": authkey.display(authkey.generate())}).encode()
        t0 = time.perf_counter_ns()
        response = http.post("/v1/verifications", body=body, headers={"Content-Type": "application/json"})
        elapsed = time.perf_counter_ns() - t0
        if response.status_code != 404:
            raise RuntimeError(f"a wrong key answered {response.status_code}: {response.body!r}")
        return elapsed

    existing: list[int] = []
    unknown: list[int] = []
    for i in range(WARMUP + n):
        stranger = f"BENCH-{uuid.uuid4().hex[:10].upper()}"
        pair = [(existing, number), (unknown, stranger)]
        for samples, target in (pair if i % 2 == 0 else pair[::-1]):
            t = once(target)
            if i >= WARMUP:
                samples.append(t)
    accuracy = best_threshold_accuracy(existing, unknown)
    return {"n": n, "existing": summarize_ns(existing), "unknown": summarize_ns(unknown),
            "threshold_accuracy": accuracy, "target": f"best threshold accuracy <= {EXISTENCE_TARGET:.0%}",
            "pass": accuracy <= EXISTENCE_TARGET}


def print_latency(result: dict) -> None:
    print(f"\n== Verification latency (n={result['n']}, after {result['warmup']} warm-up of each, interleaved) ==")
    print(f"{'':34}{'p50':>9}{'p95':>9}{'p99':>9}{'mean':>9}   (ms)")
    rows = [
        ("API  POST /v1/verifications", result["api"]),
        ("bare GetItem + PutItem (boto3)", result["bare"]),
        ("  bare GetItem (consistent)", result["bare_get"]),
        ("  bare PutItem (conditional)", result["bare_put"]),
    ]
    for label, s in rows:
        print(f"{label:34}{s['p50_ms']:9.3f}{s['p95_ms']:9.3f}{s['p99_ms']:9.3f}{s['mean_ms']:9.3f}")
    print(f"ratio API/bare: p50 {result['ratio_p50']:.2f}x, p95 {result['ratio_p95']:.2f}x")
    print(f"target: {result['target']} -> {_verdict(result['pass'])} ({result['ratio_p50']:.2f}x)")
    e = result["existence"]
    print(f"\n== Does timing tell a number exists? (n={e['n']} each, interleaved, wrong keys) ==")
    print(f"{'':34}{'p50':>9}{'p95':>9}{'mean':>9}   (ms)")
    for label, key in (("issued number, wrong key", "existing"), ("number nobody issued", "unknown")):
        print(f"{label:34}{e[key]['p50_ms']:9.3f}{e[key]['p95_ms']:9.3f}{e[key]['mean_ms']:9.3f}")
    print(f"best single-request threshold tells them apart {e['threshold_accuracy']:.1%} of the time "
          f"(50% = chance); target: {e['target']} -> {_verdict(e['pass'])}")


# ---- import time ------------------------------------------------------------------------

def _subprocess_env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(API_DIR)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # compiled bytecode, as after a deployment
    return env


def _time_import(statement: str, env: dict) -> float:
    out = subprocess.run(
        [sys.executable, "-c", _IMPORT_PROBE.format(statement=statement)],
        cwd=API_DIR, env=env, capture_output=True, text=True, check=True,
    )
    return float(out.stdout.strip().splitlines()[-1])


def _importtime_top(env: dict, top: int = 10) -> list[dict]:
    """Top modules by cumulative time inside the `import app` subtree of `-X importtime`."""
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import app"],
        cwd=API_DIR, env=env, capture_output=True, text=True, check=True,
    )
    rows = []
    for line in out.stderr.splitlines():
        m = _IMPORTTIME_LINE.match(line)
        if m:
            rows.append((int(m.group(1)), int(m.group(2)), len(m.group(3)) // 2, m.group(4).strip()))
    # importtime prints a module when it finishes: `app`'s subtree is the block of deeper
    # lines right before the top-level `app` line (drops the interpreter's own site imports).
    end = next(i for i, r in enumerate(rows) if r[2] == 0 and r[3] == "app")
    start = end
    while start > 0 and rows[start - 1][2] > 0:
        start -= 1
    subtree = rows[start:end + 1]
    subtree.sort(key=lambda r: r[1], reverse=True)
    return [{"module": name, "cumulative_ms": cum / 1000, "self_ms": self_ / 1000, "depth": depth}
            for self_, cum, depth, name in subtree[:top]]


def measure_imports(repeats: int = IMPORT_REPEATS) -> dict:
    env = _subprocess_env()
    for statement in IMPORTS.values():  # warm the bytecode caches, not counted
        _time_import(statement, env)
    samples: dict[str, list[float]] = {label: [] for label in IMPORTS}
    labels = list(IMPORTS)
    for i in range(repeats):
        # Rotate the order each round so none is always first or last.
        for label in labels[i % len(labels):] + labels[:i % len(labels)]:
            samples[label].append(_time_import(IMPORTS[label], env) * 1000)
    medians = {label: statistics.median(values) for label, values in samples.items()}
    result: dict[str, Any] = {
        "repeats": repeats,
        "statements": IMPORTS,
        "median_ms": medians,
        "samples_ms": samples,
        "ratio_app_bare": medians["app"] / medians["bare"],
        "ratio_app_framework": medians["app"] / medians["framework"],
        "target": f"import app <= {IMPORT_TARGET:.2f}x the bare import",
        "top_cumulative": _importtime_top(env),
    }
    result["pass_bare"] = result["ratio_app_bare"] <= IMPORT_TARGET
    result["pass_framework"] = result["ratio_app_framework"] <= IMPORT_TARGET
    return result


def print_imports(result: dict) -> None:
    m = result["median_ms"]
    print(f"\n== Import time (median of {result['repeats']} fresh interpreters each, interleaved; "
          "import statement only) ==")
    for label, text in (("app", "import app"), ("bare", "import botocore, pynamodb"),
                        ("framework", "import chalice, pynamodb.models")):
        print(f"{text:34}{m[label]:9.1f} ms")
    print(f"{'ratio app / bare (literal)':38}{result['ratio_app_bare']:5.2f}x")
    print(f"{'ratio app / (chalice+pynamodb.models)':38}{result['ratio_app_framework']:5.2f}x")
    print(f"target: the API module's import adds less than {IMPORT_TARGET - 1:.0%} over the bare import")
    print(f"  vs bare `import botocore, pynamodb`:     {_verdict(result['pass_bare'])} "
          f"({result['ratio_app_bare'] - 1:+.0%})")
    print(f"  vs `import chalice, pynamodb.models`:    {_verdict(result['pass_framework'])} "
          f"({result['ratio_app_framework'] - 1:+.0%})")
    print("\nTop 10 modules by cumulative import time of `import app` (python -X importtime, one run):")
    print(f"{'cumulative':>12}{'self':>10}  module")
    for row in result["top_cumulative"]:
        print(f"{row['cumulative_ms']:9.1f} ms{row['self_ms']:7.1f} ms  {'  ' * row['depth']}{row['module']}")


# ---- request-schema check ----------------------------------------------------------------

_FIRST_USE_PROBE = (
    "import time, app\n"
    "from chalicelib.edge import request_check\n"
    "t0 = time.perf_counter()\n"
    "request_check.checked('verifyGuarantee', {'contract_number': 'A-1', 'auth_key': 'x'})\n"
    "print(repr(time.perf_counter() - t0))\n"
)


def _median_ns(fn, rounds: int) -> float:
    samples = []
    for _ in range(rounds):
        started = time.perf_counter_ns()
        fn()
        samples.append(time.perf_counter_ns() - started)
    return statistics.median(samples)


def measure_schema_check(rounds: int = 3000, repeats: int = 7) -> dict:
    from chalicelib.adapters import clock
    from chalicelib.edge import request_check
    from chalicelib.edge.web import json_body
    from devtools.demo import demo_request

    bodies = {
        "createGuarantee": demo_request("BENCH-0001", clock.today()),
        "verifyGuarantee": {"contract_number": "SAKU-2024-0001", "auth_key": "GW5F-BHQ5-ZSTX-6522-1XXS-Z5ZV-9GQQ"},
    }
    per_body = {}
    for operation, body in bodies.items():
        raw = json.dumps(body, ensure_ascii=False).encode("utf-8")
        parsed = json_body(raw)
        assert request_check.checked(operation, parsed) == parsed, operation  # noqa: S101 - a bench, never run with -O
        parse_ns = _median_ns(functools.partial(json_body, raw), rounds)
        check_ns = _median_ns(functools.partial(request_check.checked, operation, parsed), rounds)
        per_body[operation] = {"bytes": len(raw), "parse_us": parse_ns / 1000, "check_us": check_ns / 1000,
                               "ratio_check_parse": check_ns / parse_ns}
    env = _subprocess_env()
    first_use = [float(subprocess.run([sys.executable, "-c", _FIRST_USE_PROBE], cwd=API_DIR, env=env,
                                      capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1])
                 * 1000 for _ in range(repeats)]
    return {"rounds": rounds, "per_body": per_body, "first_use_ms": statistics.median(first_use),
            "first_use_samples_ms": first_use}


def print_schema_check(result: dict) -> None:
    print(f"\n== Request-schema check (median of {result['rounds']} each) ==")
    for operation, r in result["per_body"].items():
        print(f"{operation:18} {r['bytes']:5d} B  JSON parse {r['parse_us']:7.1f} us  schema check "
              f"{r['check_us']:7.1f} us  ratio {r['ratio_check_parse']:.2f}x")
    print(f"first use in a fresh interpreter (import jsonschema-rs, read openapi.json, compile one operation): "
          f"{result['first_use_ms']:.1f} ms (median of {len(result['first_use_samples_ms'])})")


# ---- summary ----------------------------------------------------------------------------

def print_summary(lat: dict, imp: dict, schema: dict, extra: list[tuple[str, str, str, str, str]]) -> None:
    rows = [
        ("verification p50 API / bare", f"{lat['api']['p50_ms']:.3f} / {lat['bare']['p50_ms']:.3f} ms",
         f"{lat['ratio_p50']:.2f}x", f"<= {LATENCY_TARGET}x", _verdict(lat["pass"])),
        ("verification p95 API / bare", f"{lat['api']['p95_ms']:.3f} / {lat['bare']['p95_ms']:.3f} ms",
         f"{lat['ratio_p95']:.2f}x", "-", "-"),
        ("wrong key p50: issued / unknown number",
         f"{lat['existence']['existing']['p50_ms']:.3f} / {lat['existence']['unknown']['p50_ms']:.3f} ms",
         f"{lat['existence']['existing']['p50_ms'] / lat['existence']['unknown']['p50_ms']:.2f}x", "-", "-"),
        ("timing tells existence (best threshold)", f"{lat['existence']['threshold_accuracy']:.1%} correct",
         "-", f"<= {EXISTENCE_TARGET:.0%}", _verdict(lat["existence"]["pass"])),
        ("import app / bare literal", f"{imp['median_ms']['app']:.1f} / {imp['median_ms']['bare']:.1f} ms",
         f"{imp['ratio_app_bare']:.2f}x", f"< {IMPORT_TARGET:.2f}x", _verdict(imp["pass_bare"])),
        ("import app / chalice+models", f"{imp['median_ms']['app']:.1f} / {imp['median_ms']['framework']:.1f} ms",
         f"{imp['ratio_app_framework']:.2f}x", f"< {IMPORT_TARGET:.2f}x", _verdict(imp["pass_framework"])),
        *((f"schema check / JSON parse ({op})", f"{r['check_us']:.1f} / {r['parse_us']:.1f} us",
           f"{r['ratio_check_parse']:.2f}x", "-", "-") for op, r in schema["per_body"].items()),
        ("schema first use / import app", f"{schema['first_use_ms']:.1f} / {imp['median_ms']['app']:.1f} ms",
         f"{schema['first_use_ms'] / imp['median_ms']['app']:.2f}x", "-", "-"),
        *extra,
    ]
    header = ("measure", "values", "ratio", "target", "result")
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]
    print("\n== Summary ==")
    line = "  ".join(h.ljust(w) for h, w in zip(header, widths))
    print(line)
    print("-" * len(line))
    for r in rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip())
    print("(a benchmark reports, it does not gate: exit status is 0 whatever the results)")


def _measure_pages_on_the_local_stack() -> dict:
    """Lighthouse against the built site and the app on this run's DynamoDB Local (one origin)."""
    from chalicelib import bootstrap
    from chalicelib.adapters import clock
    from devtools import bench_pages, registry_seed
    from devtools.server import PortalServer
    from devtools.videos import build_site
    from app import app

    # The orderer list at full size: every body of the national list enrolled.
    registry_seed.enrol_every_body(bootstrap.installed().store, clock.now())

    with tempfile.TemporaryDirectory(prefix="bench-site-") as tmp:
        build_site(Path(tmp))
        server = PortalServer(Path(tmp), app=app).start()
        try:
            return bench_pages.measure_pages(server.url)
        finally:
            server.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="devtools.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=500, help="measured verifications (default 500)")
    parser.add_argument("--json", metavar="PATH", type=Path, help="also write the numbers as JSON here")
    parser.add_argument("--skip-pages", action="store_true", help="no Lighthouse run")
    parser.add_argument("--skip-packages", action="store_true", help="no Lambda package build and cold imports")
    parser.add_argument("--year-scales", default="0.002,0.01",
                        help="the national year's scales (devtools.bench_year; default 0.002,0.01)")
    parser.add_argument("--skip-year", action="store_true", help="no national year (devtools.bench_year)")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / ".local" / "bench",
                        help="where the national year's JSON and SVG charts go (default .local/bench)")
    args = parser.parse_args(argv)
    if args.n < 2:
        parser.error("--n must be at least 2")

    from devtools import bench_packages, bench_pages
    port = free_port()
    _set_environment(port)
    print(f"Python {sys.version.split()[0]}, DynamoDB Local in memory on port {port}, "
          f"table {os.environ['PORTAL_TABLE_NAME']}")
    engine = DynamoDBLocal(port=port)
    pages = None
    try:
        engine.start()
        latency = measure_latency(args.n)
        if not args.skip_pages:
            pages = _measure_pages_on_the_local_stack()
    finally:
        engine.stop()
    print_latency(latency)
    imports = measure_imports()
    print_imports(imports)
    schema = measure_schema_check()
    print_schema_check(schema)
    packages = None if args.skip_packages else bench_packages.measure_packages()
    if packages:
        bench_packages.print_packages(packages)
    if pages:
        bench_pages.print_pages(pages)
    extra = (bench_packages.summary_rows(packages) if packages else []) + (bench_pages.summary_rows(pages) if pages else [])
    print_summary(latency, imports, schema, extra)
    year = None
    if not args.skip_year:
        from devtools import bench_year
        year = bench_year.run([float(s) for s in args.year_scales.split(",")], args.out)
        bench_year.print_report(year)
        print(f"national year: JSON and SVG charts in {args.out}")

    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({
            "python": sys.version.split()[0],
            "latency": latency,
            "imports": imports,
            "schema_check": schema,
            "packages": packages,
            "pages": pages,
            "national_year": year,
        }, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"JSON written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
