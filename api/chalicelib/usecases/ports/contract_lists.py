"""The port of the orderers' own contract lists (契約一覧, issue 30): the orderer's data, kept
apart from everything issuers write, replaced whole by each upload.

A list is stored in buckets (domain/contract_list.bucket_of: a contract's keys by hash) under
a generation; the head names the live generation, so a reader sees the old list or the new
one, never a mix, and a page of the register reads the head and the few buckets it needs.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from .records import Record


class ContractLists(Protocol):
    def head(self, orderer_id: str) -> Record | None:
        """The live list's head: {generation, buckets, contracts, uploaded_at, uploaded_by};
        None when the orderer has none. Strongly consistent."""

    def replace(self, orderer_id: str, summary: Record, buckets: Sequence[Sequence[Record]]) -> Record:
        """Make ``buckets`` (bucket n = the contracts of bucket n) the orderer's live list, with
        ``summary`` (contracts, uploaded_at, uploaded_by) on its head, in one switch of the head;
        the replaced generation (and any left half-written) is removed. Returns the new head.
        ConditionFailed("contract_list") if another upload switched the head meanwhile."""

    def remove(self, orderer_id: str) -> bool:
        """Remove the orderer's list (head and buckets); False if it had none."""

    def buckets(self, orderer_id: str, generation: str, numbers: Iterable[int]) -> dict[int, list[Record]]:
        """The contracts of those buckets of a generation, by bucket number (BatchGetItem, ≤100
        keys a call)."""
