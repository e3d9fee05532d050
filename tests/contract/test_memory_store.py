"""What the in-memory store promises besides the contract: safe from threads (the local server
and the concurrency tests call it from several), values copied in and out, pure Python, and
each port built on first use."""
from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import threading
from pathlib import Path

from chalicelib.adapters.memory import MemoryStore
from contract_support import START, Clock, issue, uid

API = Path(__file__).resolve().parents[2] / "api"


def _together(n: int, work) -> list:
    """``work`` from n threads released at one instant; their answers."""
    gate, answers = threading.Barrier(n), []
    lock = threading.Lock()

    def run():
        gate.wait()
        answer = work()
        with lock:
            answers.append(answer)
    threads = [threading.Thread(target=run) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return answers


def test_parallel_takes_pass_exactly_the_limit():
    store = MemoryStore(Clock().now)
    key = (uid("NUM#"), "w")
    answers = _together(16, lambda: store.counters.take([(*key, 5)], START + dt.timedelta(hours=1)))
    assert answers.count(True) == 5 and store.counters.counts([key]) == {key: 5}


def test_one_of_parallel_claims_wins():
    store = MemoryStore(Clock().now)
    job = uid("job")
    assert _together(12, lambda: store.jobs.claim_daily_run(job, "2026-12-01", START)).count(True) == 1
    store.webhooks.put("s", "w", "https://example.jp/", None, b"s", START)
    leases = iter(range(100))
    claims = _together(12, lambda: store.webhooks.claim("s", "w", f"lease-{next(leases)}", START))
    assert len([c for c in claims if c is not None]) == 1


def test_values_are_copied_in_and_out():
    store = MemoryStore(Clock().now)
    issued = issue(store)
    issued.version_record["terms"]["amount"] = 1  # the caller's dict, changed after the write
    state = store.guarantees.get_state(issued.guarantee_id)
    state.history.append({"version": 99})
    state.receipts["1"] = {"recorded_at": "x"}
    again = store.guarantees.get_state(issued.guarantee_id)
    assert len(again.history) == 1 and again.receipts == {}
    assert store.guarantees.get_version(issued.guarantee_id, 1).version.terms.amount == 22_000_000
    event = store.events.list(issued.guarantee_id)[0]
    event["type"] = "changed"
    assert store.events.list(issued.guarantee_id)[0]["type"] == "issued"


def test_one_store_is_one_state_and_two_stores_share_nothing():
    clock = Clock()
    one, other = MemoryStore(clock.now), MemoryStore(clock.now)
    issued = issue(one)
    assert one.guarantees.get_state(issued.guarantee_id) is not None
    assert other.guarantees.get_state(issued.guarantee_id) is None
    assert one.guarantees is one.guarantees  # each port built once


def test_pure_python_and_ports_built_on_first_use():
    script = (
        "import datetime as dt, json, sys\n"
        "from chalicelib.adapters.memory import MemoryStore\n"
        "store = MemoryStore(lambda: dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc))\n"
        "store.guarantees.find_by_key('n', 'k')\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('boto3', 'botocore', 'pynamodb')"
        " or m.startswith('chalicelib.adapters.memory.'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=API)
    assert json.loads(out.stdout) == ["chalicelib.adapters.memory.events", "chalicelib.adapters.memory.expiries",
                                      "chalicelib.adapters.memory.guarantees", "chalicelib.adapters.memory.outbox",
                                      "chalicelib.adapters.memory.state"]
