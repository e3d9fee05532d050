"""The register's checks of a page of rows (issue 30): the rules on every row, and, where the
orderer uploaded its contract list, the comparison with its line.

One head read (is there a list, which generation, how many buckets) and one batch read of the
buckets the rows' keys fall in (BatchGetItem: ≤100 keys a call, so a chunk of 100 rows with
up to 3 keys each is at most 3 calls), however large the list."""
from __future__ import annotations

from collections.abc import Sequence

from ...domain import contract_checks, contract_list
from ...domain.contract_list import Contract
from ..ports.records import Record
from .dependencies import get as deps


def findings_for(orderer_id: str, rows: Sequence[Record]) -> dict[tuple[str, int], list[str]]:
    """(guarantee id, version) → domain/ledger_query.ATTENTION codes of the checks."""
    if not rows:
        return {}
    lists = deps().store.contract_lists
    head = lists.head(orderer_id)
    if head is None:
        return {(row["guarantee_id"], row["version"]): contract_checks.findings(row, None, False) for row in rows}
    count = int(head["buckets"])
    keys_of = {id(row): contract_checks.row_keys(row) for row in rows}
    wanted = {contract_list.bucket_of(key, count) for keys in keys_of.values() for key in keys}
    listed: dict[str, Contract] = {}
    for contracts in lists.buckets(orderer_id, head["generation"], wanted).values():
        for stored in contracts:
            contract = Contract.from_dict(stored)
            for key in contract.keys:
                listed.setdefault(key, contract)
    out = {}
    for row in rows:
        line = next((listed[key] for key in keys_of[id(row)] if key in listed), None)
        out[(row["guarantee_id"], row["version"])] = contract_checks.findings(row, line, True)
    return out
