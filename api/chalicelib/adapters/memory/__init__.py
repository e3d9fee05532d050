"""In-memory fakes of every storage port (usecases/ports/storage.py): one MemoryStore is one
empty store, shared by its ports under one lock, for the use-case tests and a local server
without DynamoDB. tests/contract holds it to the behaviour of adapters/dynamodb."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING

from .state import State

if TYPE_CHECKING:
    from .counters import MemoryCounters
    from .events import MemoryEvents
    from .expiries import MemoryExpiries
    from .guarantees import MemoryGuarantees
    from .jobs import MemoryJobs
    from .ledger import MemoryLedger
    from .outbox import MemoryOutbox
    from .signing_keys import MemorySigningKeys
    from .staff import MemoryStaffAuth
    from .sureties import MemorySureties
    from .webhooks import MemoryWebhooks
    from .registry import MemoryRegistry
    from .audit import MemoryAudit
    from .contract_lists import MemoryContractLists
    from .activity import MemoryActivity
    from .submissions import MemorySubmissions


class MemoryStore:
    """Implements ports.storage.Store; ``now`` is the product's clock (the feed's "written" time)."""

    def __init__(self, now: Callable[[], dt.datetime]):
        self._state = State(now=now)

    # Each port is built on first use, as DynamoDBStore's are.
    @cached_property
    def guarantees(self) -> MemoryGuarantees:
        from .guarantees import MemoryGuarantees
        return MemoryGuarantees(self._state)

    @cached_property
    def expiries(self) -> MemoryExpiries:
        from .expiries import MemoryExpiries
        return MemoryExpiries(self._state)

    @cached_property
    def events(self) -> MemoryEvents:
        from .events import MemoryEvents
        return MemoryEvents(self._state)

    @cached_property
    def ledger(self) -> MemoryLedger:
        from .ledger import MemoryLedger
        return MemoryLedger(self._state)

    @cached_property
    def submissions(self) -> MemorySubmissions:
        from .submissions import MemorySubmissions
        return MemorySubmissions(self._state)

    @cached_property
    def jobs(self) -> MemoryJobs:
        from .jobs import MemoryJobs
        return MemoryJobs(self._state)

    @cached_property
    def sureties(self) -> MemorySureties:
        from .sureties import MemorySureties
        return MemorySureties(self._state)

    @cached_property
    def staff(self) -> MemoryStaffAuth:
        from .staff import MemoryStaffAuth
        return MemoryStaffAuth(self._state)

    @cached_property
    def outbox(self) -> MemoryOutbox:
        from .outbox import MemoryOutbox
        return MemoryOutbox(self._state)

    @cached_property
    def counters(self) -> MemoryCounters:
        from .counters import MemoryCounters
        return MemoryCounters(self._state)

    @cached_property
    def signing_keys(self) -> MemorySigningKeys:
        from .signing_keys import MemorySigningKeys
        return MemorySigningKeys(self._state)

    @cached_property
    def webhooks(self) -> MemoryWebhooks:
        from .webhooks import MemoryWebhooks
        return MemoryWebhooks(self._state)

    @cached_property
    def registry(self) -> MemoryRegistry:
        from .registry import MemoryRegistry
        return MemoryRegistry(self._state)

    @cached_property
    def audit(self) -> MemoryAudit:
        from .audit import MemoryAudit
        return MemoryAudit(self._state)

    @cached_property
    def activity(self) -> MemoryActivity:
        from .activity import MemoryActivity
        return MemoryActivity(self._state)

    @cached_property
    def contract_lists(self) -> MemoryContractLists:
        from .contract_lists import MemoryContractLists
        return MemoryContractLists(self._state)


if TYPE_CHECKING:
    from ...usecases.ports.storage import Store

    def _conforms(store: MemoryStore) -> Store:
        return store  # mypy: the fake has every port's methods, with the ports' signatures
