"""devtools.national_year carried out on DynamoDB Local (issue 30): interrupted, it goes on from its
progress file, and the year ends as one uninterrupted run would leave it (nothing twice)."""
import pytest

from dynamo_support import new_store

pytestmark = pytest.mark.dynamodb


def test_an_interrupted_year_goes_on_to_the_same_end(engine, tmp_path):
    from devtools import national_year as year

    plan = year.plan(0.00004)  # 10 guarantees
    store = new_store(engine.endpoint)
    folder = tmp_path / "year"
    assert year.carry_out(plan, folder, store, stop_after=17, show=False) == 17
    assert '"done": 17' in (folder / "progress.json").read_text()
    # The event after the interruption half done once more (the progress file not yet written):
    # a rerun of the whole plan from 16 must still give one of everything.
    (folder / "progress.json").write_text((folder / "progress.json").read_text().replace('"done": 17', '"done": 16'))
    left = len(plan.events) - 16
    assert year.carry_out(plan, folder, store, show=False) == left
    assert year.carry_out(plan, folder, store, show=False) == 0  # done: nothing more

    counts = plan.counts()
    issued = {g.index: g for g in plan.guarantees}
    keys = year.Progress(folder, plan).keys
    assert set(keys) == set(issued) and len({k["gid"] for k in keys.values()}) == len(issued)
    receipts = sum(len(store.ledger.entries(o)) for o in {g.orderer_id for g in plan.guarantees})
    assert receipts == counts["receive"] + counts["receive_inbox"] + counts["receive_amended"]
    for index, kept in keys.items():
        state = store.guarantees.get_state(kept["gid"])
        amended = any(e.action == "amend" and e.index == index for e in plan.events)
        cancelled = any(e.action == "cancel" and e.index == index for e in plan.events)
        assert state.latest_version == (2 if amended else 1)
        assert state.status == ("cancelled" if cancelled else "active")
