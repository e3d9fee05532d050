"""Guarantees.get_versions: several versions in one call (the ledger CSV reads a part's versions
this way, 100 keys a call), the same values get_version reads, unknown keys left out."""
from __future__ import annotations

from contract_support import issue, new_version, result, uid


def test_versions_are_read_several_at_once_as_get_version_reads_each(store):
    surety = uid("s")
    issued = [issue(store, surety) for _ in range(3)]
    store.guarantees.add_version(new_version(issued[0]), result(surety, uid("idem"), issued[0].guarantee_id))
    wanted = [(g.guarantee_id, 1) for g in issued] + [(issued[0].guarantee_id, 2), (issued[1].guarantee_id, 2),
                                                       (uid("g"), 1), (issued[2].guarantee_id, 1)]
    found = store.guarantees.get_versions(wanted)
    assert set(found) == {(g.guarantee_id, 1) for g in issued} | {(issued[0].guarantee_id, 2)}
    for (gid, version), signed in found.items():
        assert signed == store.guarantees.get_version(gid, version)
    assert found[(issued[0].guarantee_id, 2)].version.terms.amount == 22_000_002
    assert store.guarantees.get_versions([]) == {}


def test_more_than_one_batch_of_versions_is_read_whole(store):
    """Over the engine's 100 keys a BatchGetItem: the adapter asks again (and for unprocessed keys)."""
    surety = uid("s")
    issued = [issue(store, surety) for _ in range(130)]
    found = store.guarantees.get_versions([(g.guarantee_id, 1) for g in issued])
    assert sorted(found) == sorted((g.guarantee_id, 1) for g in issued)
    assert {signed.version.terms.contract_number for signed in found.values()} == {g.contract_number for g in issued}
