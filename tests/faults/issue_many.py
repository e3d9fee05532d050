"""Helper process of test_kill_restart.py: issues guarantees against a DynamoDB Local that the
test kills, then checks what survived. Run as a subprocess (its own environment: the
portal's configuration is read at import, so it cannot share the test session's).

    issue_many.py issue PLAN_FILE --port P --count N --threads T
        Sets up the table, a surety and a token, writes the plan (one contract number,
        idempotency key and body per issuance) to PLAN_FILE, then issues them from T threads
        through `chalicelib.usecases.issue_guarantee.issue`. Prints one line per event, flushed at once:
        `READY`; `COMMITTED <number> <time>` when DynamoDB answered the issuance's
        transaction (time.monotonic(), CLOCK_MONOTONIC: comparable across processes);
        `ACK <number> <auth key>` once the issuance is acknowledged (its reply is complete);
        `FAIL <number> <error>` when it is not; `DONE`.

    issue_many.py check PLAN_FILE ACKS_FILE --port P
        ACKS_FILE: {number: {"auth_key", "settled"}}. After the restart:
        (1) every attempted guarantee is all-or-nothing in the table;
        (2) every acknowledged key still verifies (those whose transaction DynamoDB confirmed
            in the last instant before the kill, "settled": false, counted apart);
        (3) every issuance not in the table, retried by the surety with its idempotency key,
            ends as exactly one guarantee.
        Prints `RESULT <json>`.

The pepper comes from the environment variable KILL_TEST_PEPPER, the table name from
KILL_TEST_TABLE, the signing key directory from KILL_TEST_SIGNING_DIR.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
import uuid
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "api"))

from devtools.localenv import use_local_environment  # noqa: E402

SURETY_ID = "kill-test-surety"
# What one issuance writes, in one transaction (idempotency record included).
COMPLETE = {"CLAIM": 1, "STATE": 1, "KEY": 1, "IDEM": 1, "HEAD": 1, "VER#00001": 1, "EVT:issued": 1}
_print_lock = threading.Lock()


def say(*parts: str) -> None:
    with _print_lock:
        print(*parts, flush=True)


def configure(port: int) -> None:
    use_local_environment(table_name=os.environ["KILL_TEST_TABLE"], dynamodb_port=port,
                          site_url="http://127.0.0.1:8000", pepper=os.environ["KILL_TEST_PEPPER"],
                          signing_dir=os.environ["KILL_TEST_SIGNING_DIR"])


def caller():
    from chalicelib.usecases import sureties
    sureties.register(SURETY_ID, "障害試験保証株式会社")
    _, token = sureties.create_token(SURETY_ID, ["issue"], "kill test")
    return sureties.authenticate(f"Bearer {token}", "issue")


def body_for(number: str) -> dict:
    from chalicelib.adapters import clock
    from devtools.demo import demo_request
    return demo_request(number, clock.today())


def issue(args) -> int:
    configure(args.port)
    from chalicelib import bootstrap
    from chalicelib.usecases import issue_guarantee

    store = bootstrap.install().store
    store.ensure_table()
    from devtools import registry_seed  # the demo's orderers, 佐久市 among them, as make run enrols them
    registry_seed.seed(store, bootstrap.installed().clock.now(), everything=False)
    who = caller()
    run = uuid.uuid4().hex[:6].upper()
    plan = {}
    for i in range(args.count):
        number = f"KILL-{run}-{i:03d}"
        plan[number] = {"idempotency_key": str(uuid.uuid4()), "body": body_for(number)}
    Path(args.plan).write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")

    guarantees = store.guarantees
    committed = guarantees.create

    def stamped(new, result, mail=None):
        committed(new, result, mail)
        say("COMMITTED", new.contract_number, repr(time.monotonic()))

    guarantees.create = stamped
    # The local signing key is created on first use; not by 8 threads at once (a known race).
    from chalicelib.adapters import signing
    signing.current_signer()
    say("READY")

    def one(number: str) -> None:
        entry = plan[number]
        try:
            issued = issue_guarantee.issue(who, entry["idempotency_key"], entry["body"])
        except Exception as e:  # noqa: BLE001 - every outcome is reported
            say("FAIL", number, type(e).__name__)
            return
        say("ACK", number, issued.body["auth_key"])

    with ThreadPoolExecutor(args.threads) as pool:
        list(pool.map(one, plan))
    say("DONE")
    return 0


def completeness(plan: dict) -> dict[str, dict]:
    """For each planned number: the guarantee ids found for it, and which of the items of a
    new guarantee exist (counted), from one consistent scan of the table."""
    import boto3
    from chalicelib.adapters.config import settings
    SETTINGS = settings()

    client = boto3.client("dynamodb", region_name=SETTINGS.region, endpoint_url=SETTINGS.dynamodb_endpoint)
    items = []
    for page in client.get_paginator("scan").paginate(TableName=SETTINGS.table_name, ConsistentRead=True):
        items += page["Items"]
    by_number: dict[str, Counter] = defaultdict(Counter)
    by_guarantee: dict[str, Counter] = defaultdict(Counter)
    ids: dict[str, set] = defaultdict(set)
    idem_prefix = f"IDEM#{SURETY_ID}#"
    key_to_number = {entry["idempotency_key"]: n for n, entry in plan.items()}
    for item in items:
        pk, sk = item["pk"]["S"], item["sk"]["S"]
        if pk.startswith("NUM#"):  # the number's claim by this surety
            number = pk.removeprefix("NUM#")
            by_number[number]["CLAIM"] += 1
            ids[number].add(item["guarantee_id"]["S"])
        elif pk.startswith("KEY#"):
            by_number[item["contract_number"]["S"]]["KEY"] += 1
            ids[item["contract_number"]["S"]].add(item["guarantee_id"]["S"])
        elif pk.startswith("GUAR#"):
            gid = pk.removeprefix("GUAR#")
            if sk == "STATE":
                by_guarantee[gid]["STATE"] += 1
            elif sk == "HEAD":
                by_guarantee[gid]["HEAD"] += 1
                ids[item["contract_number"]["S"]].add(gid)
            elif sk == "VER#00001":
                by_guarantee[gid]["VER#00001"] += 1
            elif sk.startswith("EVT#") and item["data"]["M"]["type"]["S"] == "issued":
                by_guarantee[gid]["EVT:issued"] += 1
        elif pk.startswith(idem_prefix):
            number = key_to_number.get(pk.removeprefix(idem_prefix))
            if number is not None:
                by_number[number]["IDEM"] += 1
                ids[number].add(item["guarantee_id"]["S"])
    out = {}
    for number in plan:
        found = Counter(by_number.get(number, {}))
        for gid in ids.get(number, ()):
            found.update(by_guarantee.get(gid, {}))
        out[number] = {"guarantee_ids": sorted(ids.get(number, ())), "items": dict(found)}
    return out


def _complete(state: dict) -> bool:
    return len(state["guarantee_ids"]) == 1 and state["items"] == COMPLETE


def check(args) -> int:
    configure(args.port)
    from chalicelib import bootstrap
    from chalicelib.usecases import issue_guarantee
    from chalicelib.usecases import verify_guarantee

    bootstrap.install()  # the product's wiring on the restarted table

    plan = json.loads(Path(args.plan).read_text(encoding="utf-8"))
    acks = json.loads(Path(args.acks).read_text(encoding="utf-8"))
    result = {"attempted": len(plan), "acknowledged": len(acks)}

    # (1) all or nothing, straight after the restart
    state = completeness(plan)
    complete = {n for n, s in state.items() if _complete(s)}
    absent = {n for n, s in state.items() if not s["items"] and not s["guarantee_ids"]}
    half = {n: s for n, s in state.items() if n not in complete and n not in absent}
    result.update(complete_after_restart=len(complete), absent_after_restart=len(absent),
                  half_written=len(half), half_written_detail=half,
                  # committed although the caller was told it failed (killed between commit and reply)
                  committed_but_unacknowledged=len(complete - set(acks)))

    # (2) every acknowledged issuance is readable: its key verifies, with its content
    unreadable: dict[bool, list] = {True: [], False: []}
    for number, ack in acks.items():
        try:
            shown = verify_guarantee.verify({"contract_number": number, "auth_key": ack["auth_key"]}, "127.0.0.1")
            if shown["certificate"]["contract_number"] != number:
                unreadable[ack["settled"]].append(number)
        except Exception as e:  # noqa: BLE001
            unreadable[ack["settled"]].append(f"{number}: {type(e).__name__}")
    result.update(lost=len(unreadable[True]), lost_detail=unreadable[True],
                  dropped_in_window=len(unreadable[False]), dropped_in_window_detail=unreadable[False])

    # (3) the surety retries, with the same idempotency key, every issuance not in the table
    who = caller()
    replayed = issued_now = failed = 0
    for number in sorted(set(plan) - complete):
        entry = plan[number]
        try:
            answer = issue_guarantee.issue(who, entry["idempotency_key"], entry["body"])
            verify_guarantee.verify({"contract_number": number, "auth_key": answer.body["auth_key"]}, "127.0.0.1")
        except Exception as e:  # noqa: BLE001
            failed += 1
            say("RETRY-FAIL", number, type(e).__name__)
            continue
        replayed += answer.replayed
        issued_now += not answer.replayed
    final = completeness(plan)
    result.update(retried_replayed=replayed, retried_issued=issued_now, retried_failed=failed,
                  complete_in_the_end=sum(_complete(s) for s in final.values()))
    say("RESULT", json.dumps(result, ensure_ascii=False))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="mode", required=True)
    p_issue = sub.add_parser("issue")
    p_issue.add_argument("plan")
    p_issue.add_argument("--port", type=int, required=True)
    p_issue.add_argument("--count", type=int, default=60)
    p_issue.add_argument("--threads", type=int, default=8)
    p_check = sub.add_parser("check")
    p_check.add_argument("plan")
    p_check.add_argument("acks")
    p_check.add_argument("--port", type=int, required=True)
    args = parser.parse_args(argv)
    return issue(args) if args.mode == "issue" else check(args)


if __name__ == "__main__":
    sys.exit(main())
