"""The register's checks of a page of rows (issue 30): the rules on every row, and, where the
orderer uploaded its contract list, the comparison with its line — one lookup a page.

CONTRACT VERSION: the contract-list helper makes it look the rows up in ContractLists."""
from __future__ import annotations

from collections.abc import Sequence

from ...domain import contract_checks
from ..ports.records import Record


def findings_for(orderer_id: str, rows: Sequence[Record]) -> dict[tuple[str, int], list[str]]:
    """(guarantee id, version) → domain/ledger_query.ATTENTION codes of the checks."""
    return {(row["guarantee_id"], row["version"]): contract_checks.findings(row, None, False) for row in rows}
