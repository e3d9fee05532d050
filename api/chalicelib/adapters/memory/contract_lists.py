"""Each orderer's own contract list, in memory: a head naming the live generation and its
buckets, as adapters/dynamodb/contract_lists.py keeps them (tests/contract holds both alike).
``calls`` counts the reads by kind, for the tests that a page reads one head and one batch."""
from __future__ import annotations

import copy
import secrets
from collections import Counter
from collections.abc import Iterable, Sequence

from ...usecases.ports.records import Record
from .state import State


class MemoryContractLists:
    def __init__(self, state: State):
        self._s = state
        self._heads: dict[str, Record] = {}
        self._buckets: dict[tuple[str, str, int], list[Record]] = {}
        self.calls: Counter[str] = Counter()

    def head(self, orderer_id: str) -> Record | None:
        with self._s.lock:
            self.calls["head"] += 1
            head = self._heads.get(orderer_id)
            return dict(head) if head else None

    def replace(self, orderer_id: str, summary: Record, buckets: Sequence[Sequence[Record]]) -> Record:
        generation = secrets.token_hex(8)
        head = {"generation": generation, "buckets": len(buckets), "contracts": int(summary["contracts"]),
                "uploaded_at": str(summary["uploaded_at"]), "uploaded_by": str(summary["uploaded_by"])}
        with self._s.lock:
            for n, bucket in enumerate(buckets):
                self._buckets[(orderer_id, generation, n)] = copy.deepcopy(list(bucket))
            old = self._heads.get(orderer_id)
            self._heads[orderer_id] = head
            if old:
                self._drop(orderer_id, old["generation"], old["buckets"])
        return dict(head)

    def _drop(self, orderer_id: str, generation: str, count: int) -> None:
        for n in range(count):
            self._buckets.pop((orderer_id, generation, n), None)

    def remove(self, orderer_id: str) -> bool:
        with self._s.lock:
            old = self._heads.pop(orderer_id, None)
            if old:
                self._drop(orderer_id, old["generation"], old["buckets"])
            return old is not None

    def buckets(self, orderer_id: str, generation: str, numbers: Iterable[int]) -> dict[int, list[Record]]:
        wanted = sorted(set(numbers))
        with self._s.lock:
            self.calls["batch"] += -(-len(wanted) // 100)
            return {n: copy.deepcopy(self._buckets[(orderer_id, generation, n)]) for n in wanted
                    if (orderer_id, generation, n) in self._buckets}

    def stored_buckets(self) -> int:
        """How many buckets are kept, of every orderer (a replaced list leaves none behind)."""
        with self._s.lock:
            return len(self._buckets)
