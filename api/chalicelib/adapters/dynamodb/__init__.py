"""The product's store: the ports of usecases/ports/storage.py on one DynamoDB table, one
module per aggregate or concern (keys in keys.py, the table in schema.py).

    DynamoDBStore(table_name, region, endpoint, now)

binds the table when it is built (nothing is read at import) and builds each port on first
use, importing its module only then: a cold start that only verifies loads guarantees.py
and what it needs, not the webhook, outbox or staff code. ``now`` is the product's clock
(when an event is written to the feed, when a profile or token was made).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING

from .engine import Engine

if TYPE_CHECKING:
    from .contract_lists import ContractLists
    from .activity import Activity
    from .audit import Audit
    from .counters import Counters
    from .events import Events
    from .expiries import Expiries
    from .guarantees import Guarantees
    from .jobs import Jobs
    from .ledger import Ledger
    from .outbox import Outbox
    from .registry import Registry
    from .signing_keys import SigningKeys
    from .staff import StaffAuth
    from .submissions import Submissions
    from .sureties import Sureties
    from .webhooks import Webhooks


class DynamoDBStore:
    def __init__(self, table_name: str, region: str, endpoint: str | None, now: Callable[[], dt.datetime]):
        self.engine = Engine(table_name, region, endpoint, now)

    def ensure_table(self) -> bool:
        """Create the table if it does not exist (tests, `make run`); True if created."""
        from .lifecycle import ensure_table
        return ensure_table(self.engine.table_name, self.engine.region, self.engine.endpoint)

    @cached_property
    def guarantees(self) -> Guarantees:
        from .guarantees import Guarantees
        return Guarantees(self.engine)

    @cached_property
    def expiries(self) -> Expiries:
        from .expiries import Expiries
        return Expiries(self.engine)

    @cached_property
    def events(self) -> Events:
        from .events import Events
        return Events(self.engine)

    @cached_property
    def ledger(self) -> Ledger:
        from .ledger import Ledger
        return Ledger(self.engine)

    @cached_property
    def submissions(self) -> Submissions:
        from .submissions import Submissions
        return Submissions(self.engine)

    @cached_property
    def jobs(self) -> Jobs:
        from .jobs import Jobs
        return Jobs(self.engine)

    @cached_property
    def sureties(self) -> Sureties:
        from .sureties import Sureties
        return Sureties(self.engine)

    @cached_property
    def staff(self) -> StaffAuth:
        from .staff import StaffAuth
        return StaffAuth(self.engine)

    @cached_property
    def outbox(self) -> Outbox:
        from .outbox import Outbox
        return Outbox(self.engine)

    @cached_property
    def counters(self) -> Counters:
        from .counters import Counters
        return Counters(self.engine)

    @cached_property
    def signing_keys(self) -> SigningKeys:
        from .signing_keys import SigningKeys
        return SigningKeys(self.engine)

    @cached_property
    def webhooks(self) -> Webhooks:
        from .webhooks import Webhooks
        return Webhooks(self.engine)

    @cached_property
    def registry(self) -> Registry:
        from .registry import Registry
        return Registry(self.engine)

    @cached_property
    def audit(self) -> Audit:
        from .audit import Audit
        return Audit(self.engine)

    @cached_property
    def activity(self) -> Activity:
        from .activity import Activity
        return Activity(self.engine)

    @cached_property
    def contract_lists(self) -> ContractLists:
        from .contract_lists import ContractLists
        return ContractLists(self.engine)


if TYPE_CHECKING:
    from ...usecases.ports.storage import Store

    def _conforms(store: DynamoDBStore) -> Store:
        return store  # mypy: the adapter has every port's methods, with the ports' signatures
