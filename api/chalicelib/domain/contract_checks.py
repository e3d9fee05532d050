"""The checks of a received guarantee (a 受領台帳 row, usecases/common/receipt_writing.ledger_entry)
against the usual rules and against the orderer's own contract list (issue 30).

Owned by the contract-list work: the register (usecases/receipt_ledger.py) calls ``findings`` for
each row it examines, with the orderer's contract of that row if it uploaded a list.

The rules are the issuance rules' own shares (domain/security_rules.py: a contract security at
least a tenth of the 請負代金額; a 前払金 within 10分の4, a 中間前払金 within 10分の2) and the
period rule (the 保証期間 reaches the end of the 工期). A row written before the row kept the
contract's figures (no contract_price) is checked on what it has.

Pure domain code: no storage, no HTTP.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .contract_list import Contract, fold
from .instruments import INSTRUMENTS
from .security_rules import ADVANCE_CEILINGS, advance_ceiling, minimum_contract_amount


def row_keys(row: Mapping[str, Any]) -> list[str]:
    """The folded keys a row may be listed under, in the order they are tried: the orderer's own
    工事番号・契約番号 (電子提出), the guarantee's 工事番号, its 保証契約番号."""
    found = [fold(str(row.get(k) or "")) for k in ("orderer_reference", "project_number", "contract_number")]
    return list(dict.fromkeys(k for k in found if k))


def rule_findings(row: Mapping[str, Any]) -> list[str]:
    """The row against the rules alone (no list needed)."""
    found = []
    instrument = INSTRUMENTS.get(str(row.get("kind")))
    price = row.get("contract_price")
    if instrument is not None and isinstance(price, int) and price > 0:
        if instrument.secures == "contract" and int(row["amount"]) < minimum_contract_amount(price):
            found.append("contract_bond_below_10pct")
        advance = row.get("advance_amount")
        if row.get("kind") in ADVANCE_CEILINGS and advance is not None and int(advance) > advance_ceiling(row["kind"], price):
            found.append("advance_over_share")
    works = row.get("works_period") or {}
    period = row.get("guarantee_period") or {}
    if works.get("end") and period.get("end") and period["end"] < works["end"]:
        found.append("period_short_of_works")
    return found


def differences(row: Mapping[str, Any], contract: Contract) -> list[str]:
    """What the list says otherwise than the row (only what the list gives is compared)."""
    found = []
    if contract.contractor is not None and fold(contract.contractor) != fold(str(row.get("contractor") or "")):
        found.append("contractor_differs")
    if contract.project_name is not None and fold(contract.project_name) != fold(str(row.get("project_name") or "")):
        found.append("project_name_differs")
    price = row.get("contract_price")
    if contract.price is not None and price is not None and int(price) != contract.price:
        found.append("price_differs")
    works = row.get("works_period") or {}
    if contract.works_start is not None and works and \
            (works.get("start"), works.get("end")) != (contract.works_start, contract.works_end):
        found.append("works_period_differs")
    return found


def findings(row: Mapping[str, Any], contract: Contract | None, has_list: bool) -> list[str]:
    """domain/ledger_query.ATTENTION codes: the rules (契約保証 under 1/10 of the price, 前払金 over
    the share, 保証期間 ending before the 工期) on every row; with a list (``has_list``), the
    row's differences from ``contract`` (its line of the list), or not_in_contract_list."""
    found = rule_findings(row)
    if has_list:
        found += differences(row, contract) if contract is not None else ["not_in_contract_list"]
    return found
