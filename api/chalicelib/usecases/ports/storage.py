"""The storage ports: what the use cases need from a store, one Protocol per aggregate or
concern. Implemented twice, by adapters/dynamodb (the product) and adapters/memory (tests),
and held to one behaviour by tests/contract, which runs the same cases against both.

Rules every implementation keeps (the contract suite checks them):
- Writes that belong together are one atomic write: all or nothing.
- A condition that does not hold raises ConditionFailed(what), writing nothing; an engine
  that cannot answer raises StoreUnavailable (records.py).
- Reads are strongly consistent except where a method says otherwise.
- Lists come in the order the method states; pages end with a cursor (None: no more).
- Counter keys are (name, window): the name as the domain builds it (domain/attempts.py),
  the window a label; a counter never seen is 0.
"""
from __future__ import annotations

from typing import Protocol

from .contract_lists import ContractLists
from .counters import Counters
from .delivery import Jobs, Outbox, Webhooks
from .guarantees import Events, Expiries, Guarantees
from .ledger import Ledger
from .registry import Activity, Audit, Registry
from .staff_auth import StaffAuth
from .submissions import Submissions
from .sureties import SigningKeys, Sureties


class Store(Protocol):
    """Every storage port of one store (the composition root builds one; tests build fakes).
    Implementations build each port on first use, so a cold start that only verifies never
    loads the code of the others."""

    @property
    def guarantees(self) -> Guarantees: ...
    @property
    def expiries(self) -> Expiries: ...
    @property
    def events(self) -> Events: ...
    @property
    def ledger(self) -> Ledger: ...
    @property
    def submissions(self) -> Submissions: ...
    @property
    def jobs(self) -> Jobs: ...
    @property
    def sureties(self) -> Sureties: ...
    @property
    def staff(self) -> StaffAuth: ...
    @property
    def outbox(self) -> Outbox: ...
    @property
    def counters(self) -> Counters: ...
    @property
    def signing_keys(self) -> SigningKeys: ...
    @property
    def webhooks(self) -> Webhooks: ...
    @property
    def registry(self) -> Registry: ...
    @property
    def audit(self) -> Audit: ...
    @property
    def activity(self) -> Activity: ...
    @property
    def contract_lists(self) -> ContractLists: ...
