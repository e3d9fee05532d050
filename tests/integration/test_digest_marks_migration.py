"""migrations.index_old_digest_marks (`data migrate`): the inbox's digest marks written before their
sparse index (no gsi1 keys) are put in it if not yet settled, so the digest sweep, which reads only
that index, still mails their day; a settled one gets its done key and stays out; running it again
changes nothing."""
from __future__ import annotations

from chalicelib.adapters.dynamodb import migrations
from dynamo_support import client, items_of, new_store

DAY = "2026-12-06"


def _old_mark(store, orderer_id: str, department: str, settled: bool) -> None:
    # As Submissions.submit wrote a mark before issue 30: no gsi1 keys, no done key.
    client(store).put_item(TableName=store.engine.table_name, Item={
        "pk": {"S": f"DIGEST#{DAY}"}, "sk": {"S": f"{orderer_id}#{department}"},
        "orderer_id": {"S": orderer_id}, "department": {"S": department}, "settled": {"BOOL": settled}})


def test_old_marks_to_settle_are_read_by_the_sweep_again_and_settled_ones_stay_out(engine):
    store = new_store(engine.endpoint)
    _old_mark(store, "digest-migration-a", "建設課", settled=False)
    _old_mark(store, "digest-migration-b", "総務課", settled=True)
    assert ("digest-migration-a", "建設課") not in store.submissions.digest_marks(DAY)  # lost before the move

    assert migrations.index_old_digest_marks(store) == 2
    marks = store.submissions.digest_marks(DAY)
    assert ("digest-migration-a", "建設課") in marks
    assert ("digest-migration-b", "総務課") not in marks
    settled = {item["sk"]["S"]: item for item in items_of(store, f"DIGEST#{DAY}")}["digest-migration-b#総務課"]
    assert settled["done_pk"]["S"] == f"DIGESTDONE#{DAY}" and "gsi1pk" not in settled

    # The sweep settles the moved mark as it settles a new one, once.
    assert store.submissions.settle_digest(DAY, "digest-migration-a", "建設課", []) is True
    assert ("digest-migration-a", "建設課") not in store.submissions.digest_marks(DAY)
    assert store.submissions.settle_digest(DAY, "digest-migration-a", "建設課", []) is False
    assert migrations.index_old_digest_marks(store) == 0  # again: nothing left
