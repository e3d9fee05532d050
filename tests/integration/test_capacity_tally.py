"""devtools/capacity.py counts what DynamoDB Local itself reports: the benchmarks' and the load
test's read and write units (issue 30) are the engine's figures, not estimates."""
import datetime as dt

import pytest

from dynamo_support import NOW, new_store

pytestmark = pytest.mark.dynamodb


@pytest.fixture(scope="module")
def own_store(engine):
    return new_store(engine.endpoint)


def test_the_tally_counts_the_units_the_engine_reports(own_store):
    from devtools import capacity

    with capacity.tally() as units:
        assert own_store.jobs.claim_daily_run("capacity-tally", "2026-07-01", NOW + dt.timedelta(days=3))
    assert units.calls == 1 and units.write > 0 and units.read == 0
    with capacity.tally() as units:
        own_store.ledger.entries("capacity-tally-orderer")  # nothing there: DynamoDB Local counts 0 units
    assert set(units.by_operation) == {"Query"} and units.write == 0
    with capacity.tally() as units:
        pass
    assert units.calls == 0 and units.read == 0


def test_a_listener_hears_each_call_in_its_thread(own_store):
    from devtools import capacity

    heard = []
    stop = capacity.listen(lambda operation, read, write: heard.append((operation, read, write)))
    try:
        with capacity.tally() as units:
            assert own_store.jobs.claim_daily_run("capacity-listener", "2026-07-01", NOW + dt.timedelta(days=3))
    finally:
        stop()
    assert [(op, w) for op, _, w in heard] == [("PutItem", units.write)] and units.write > 0
    own_store.ledger.entries("capacity-tally-orderer")
    assert len(heard) == 1  # stopped: no longer told
