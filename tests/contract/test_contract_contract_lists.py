"""ContractLists (usecases/ports/contract_lists.py) on both stores: a list replaced whole (the
replaced generation gone), removed, read by bucket, and one orderer's never another's."""
from __future__ import annotations

from contract_support import uid

SUMMARY = {"contracts": 3, "uploaded_at": "2026-12-07T01:02:03Z", "uploaded_by": "keiyaku@city.example.jp"}


def contract(n: int) -> dict:
    return {"line": n + 2, "keys": [f"k-{n}"], "number": f"K-{n}", "project_name": f"工事{n}", "price": 1000 * (n + 1)}


def test_a_list_is_kept_in_its_buckets_under_a_head(store):
    orderer = uid("contracts-")
    assert store.contract_lists.head(orderer) is None
    head = store.contract_lists.replace(orderer, SUMMARY, [[contract(0), contract(1)], [contract(2)]])
    assert {k: head[k] for k in ("buckets", "contracts", "uploaded_at", "uploaded_by")} == {
        "buckets": 2, "contracts": 3, "uploaded_at": SUMMARY["uploaded_at"], "uploaded_by": SUMMARY["uploaded_by"]}
    assert store.contract_lists.head(orderer) == head
    got = store.contract_lists.buckets(orderer, head["generation"], [1, 0, 1])
    assert got == {0: [contract(0), contract(1)], 1: [contract(2)]}
    assert store.contract_lists.buckets(orderer, head["generation"], []) == {}


def test_a_replace_switches_to_the_new_generation_and_removes_the_old(store):
    orderer = uid("contracts-")
    first = store.contract_lists.replace(orderer, SUMMARY, [[contract(n)] for n in range(30)])
    second = store.contract_lists.replace(orderer, {**SUMMARY, "contracts": 1}, [[contract(99)]])
    assert second["generation"] != first["generation"]
    assert store.contract_lists.head(orderer) == second
    assert store.contract_lists.buckets(orderer, first["generation"], range(30)) == {}
    assert store.contract_lists.buckets(orderer, second["generation"], [0]) == {0: [contract(99)]}


def test_a_removed_list_is_gone_and_removing_none_is_false(store):
    orderer = uid("contracts-")
    head = store.contract_lists.replace(orderer, SUMMARY, [[contract(0)]])
    assert store.contract_lists.remove(orderer) is True
    assert store.contract_lists.head(orderer) is None
    assert store.contract_lists.buckets(orderer, head["generation"], [0]) == {}
    assert store.contract_lists.remove(orderer) is False


def test_one_orderers_list_is_never_anothers(store):
    mine, theirs = uid("contracts-"), uid("contracts-")
    head = store.contract_lists.replace(mine, SUMMARY, [[contract(0)]])
    assert store.contract_lists.head(theirs) is None
    assert store.contract_lists.buckets(theirs, head["generation"], [0]) == {}
    store.contract_lists.replace(theirs, SUMMARY, [[contract(5)]])
    assert store.contract_lists.remove(theirs) is True
    assert store.contract_lists.buckets(mine, head["generation"], [0]) == {0: [contract(0)]}


def test_more_than_a_batch_of_buckets_is_read(store):
    orderer = uid("contracts-")
    head = store.contract_lists.replace(orderer, SUMMARY, [[contract(n)] for n in range(230)])
    got = store.contract_lists.buckets(orderer, head["generation"], range(230))
    assert sorted(got) == list(range(230)) and got[229] == [contract(229)]


def test_a_replace_cut_off_half_way_is_cleaned_by_the_next(store, backend):
    """DynamoDB: the head names the generation being written before its buckets; a replace that
    died there leaves buckets the next replace removes (memory switches in one step)."""
    orderer = uid("contracts-")
    live = store.contract_lists.replace(orderer, SUMMARY, [[contract(0)]])
    if backend == "dynamodb":
        from chalicelib.adapters.dynamodb import keys
        table, connection = store.engine.table_name, store.engine.connection
        connection.dispatch("UpdateItem", {
            "TableName": table, "Key": {"pk": {"S": keys.contract_list_pk(orderer)}, "sk": {"S": keys.HEAD_SK}},
            "UpdateExpression": "SET pending = :g, pending_buckets = :n",
            "ExpressionAttributeValues": {":g": {"S": "deadbeef"}, ":n": {"N": "1"}}})
        connection.dispatch("PutItem", {"TableName": table, "Item": {
            "pk": {"S": keys.contract_bucket_pk(orderer, "deadbeef")}, "sk": {"S": keys.contract_bucket_sk(0)},
            "contracts": {"S": "[]"}}})
        assert store.contract_lists.head(orderer) == live  # readers still see the live list
        assert store.contract_lists.buckets(orderer, "deadbeef", [0]) == {0: []}
    after = store.contract_lists.replace(orderer, SUMMARY, [[contract(1)]])
    assert store.contract_lists.head(orderer) == after
    assert store.contract_lists.buckets(orderer, "deadbeef", [0]) == {}
    assert store.contract_lists.buckets(orderer, live["generation"], [0]) == {}
    assert store.contract_lists.buckets(orderer, after["generation"], [0]) == {0: [contract(1)]}
