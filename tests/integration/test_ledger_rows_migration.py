"""migrations.index_old_ledger_rows (`data migrate`): 受領台帳 rows written before the register
(no index keys, no contract_price / works_period / advance_amount) end in its orders with what
its checks read, from the version each received; running it again changes nothing."""
from __future__ import annotations

from chalicelib.adapters.dynamodb import migrations
from chalicelib.domain import events
from dynamo_support import NOW, client, issue, items_of, new_store


def test_old_ledger_rows_are_put_in_the_registers_orders_and_filled_from_their_versions(engine):
    store = new_store(engine.endpoint)
    orderer = "ledger-migration-orderer"
    issued = issue(store)
    terms = issued.record["terms"]
    old_row = {"guarantee_id": issued.guarantee_id, "version": 1, "contract_number": issued.contract_number,
               "kind": terms["kind"], "project_name": terms["project"]["name"], "contractor": terms["contractor"]["name"],
               "amount": terms["amount"], "guarantee_period": terms["guarantee_period"], "department": "契約検査課",
               "name": "佐久 花子", "staff": "a@city.example.jp", "date": "2026-12-01",
               "recorded_at": "2026-12-01T01:00:00Z"}
    store.guarantees.record_receipt(issued.guarantee_id, issued.surety_id, 1, {"recorded_at": old_row["recorded_at"]},
                                    events.receipt(NOW, 1, {"kind": "orderer"}), [], (orderer, old_row))
    [item] = items_of(store, f"LEDGER#{orderer}")
    # As rows were written before: no index keys.
    client(store).update_item(TableName=store.engine.table_name, Key={"pk": item["pk"], "sk": item["sk"]},
                              UpdateExpression="REMOVE gsi1pk, gsi1sk, gsi2pk, gsi2sk")
    assert store.ledger.page(orderer, "received_desc", None, 10) == ([], None)

    assert migrations.index_old_ledger_rows(store) == 1
    rows, _ = store.ledger.page(orderer, "received_desc", None, 10)
    assert [r["guarantee_id"] for r in rows] == [issued.guarantee_id]
    [row] = rows
    assert row["contract_price"] == terms["project"]["contract_price"]
    assert row["works_period"] == terms["project"]["period"]
    assert row["advance_amount"] is None and row["department"] == "契約検査課"
    by_end, _ = store.ledger.page(orderer, "period_end_asc", None, 10)
    assert [r["guarantee_id"] for r in by_end] == [issued.guarantee_id]
    assert migrations.index_old_ledger_rows(store) == 0  # again: nothing left


def test_data_migrate_runs_it(engine):
    from devtools import manage
    store = new_store(engine.endpoint)
    said: list[str] = []
    manage.migrate_data(store, said.append)
    assert any("受領台帳 rows from before the register" in line for line in said)
