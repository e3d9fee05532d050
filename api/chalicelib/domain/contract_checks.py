"""The checks of a received guarantee (a 受領台帳 row, usecases/common/receipt_writing.ledger_entry)
against the usual rules and against the orderer's own contract list (issue 30).

Owned by the contract-list work: the register (usecases/receipt_ledger.py) calls ``findings`` for
each row it examines, with the orderer's contract of that row if it uploaded a list.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def findings(row: Mapping[str, Any], contract: Any | None, has_list: bool) -> list[str]:
    """domain/ledger_query.ATTENTION codes: the rules (契約保証 under 1/10 of the price, 前払金 over
    the share, 保証期間 ending before the 工期) on every row; with a list (``has_list``), the
    row's differences from ``contract`` (its line of the list), or not_in_contract_list."""
    return []  # CONTRACT STUB: the contract-list helper writes the rules and the comparison
