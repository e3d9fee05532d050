"""The composition root: the one module (with app.py and the dev tools) that knows both the use
cases and the adapters, and wires the adapters into the use cases' ports.

`install()` makes the product's adapters the dependencies of every use case: DynamoDB as the
store, the configured signer, SES or a mail folder. Nothing is read or built when installing:
each member is made on first use (the configuration is read then), so a cold start that only
verifies builds the store's guarantees and events and nothing of the PDFs, mail or webhooks.
Tests install the same adapters on another store (`install(store=MemoryStore(...))`).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING

from .adapters import clock as _clock
from .adapters.config import settings as _settings
from .usecases.common import dependencies

if TYPE_CHECKING:
    from .adapters.dynamodb import DynamoDBStore
    from .usecases.ports import services
    from .usecases.ports.storage import Store


def product_store(now: Callable[[], dt.datetime] = _clock.now) -> DynamoDBStore:
    """The product's store: the DynamoDB table the settings name (a Store, with the table's own
    lifecycle and migrations for the tools)."""
    from .adapters.dynamodb import DynamoDBStore
    s = _settings()
    return DynamoDBStore(s.table_name, s.region, s.dynamodb_endpoint, now)


class Wiring:
    """The product's adapters behind the use cases' ports (usecases/ports/services.Dependencies).
    ``store``: another store instead of the product's (tests: the in-memory one)."""

    def __init__(self, store: Store | None = None):
        if store is not None:
            self.__dict__["store"] = store  # what cached_property would have kept

    @cached_property
    def store(self) -> Store:
        return product_store()

    @property
    def clock(self) -> services.Clock:
        return _clock  # the module: now() and today(); tests fix it with clock.set_clock

    @cached_property
    def hashes(self) -> services.KeyedHashes:
        from .adapters import keyed_hash
        return keyed_hash

    @cached_property
    def sealer(self) -> services.Sealer:
        from .adapters import sealing
        return sealing

    @cached_property
    def signatures(self) -> services.Signatures:
        from .adapters.signing import PlatformSignatures
        return PlatformSignatures(lambda: self.store.signing_keys, _clock.now)

    @cached_property
    def documents(self) -> services.Documents:
        from .adapters.documents import PdfDocuments
        return PdfDocuments()

    @cached_property
    def mail(self) -> services.Mail:
        from .adapters import mail
        return mail

    @property
    def transport(self) -> services.MailTransport:
        from .adapters import mail
        return mail.transport()  # SES, or the outbox folder

    @cached_property
    def webhook_sender(self) -> services.WebhookSender:
        from .adapters import webhook_sender
        return webhook_sender

    @property
    def settings(self) -> services.Settings:
        # The limits are read on every use, as before: a stage (or a test) may change them.
        from .adapters import config
        from .usecases.ports.services import Settings
        s = _settings()
        return Settings(site_url=s.site_url, webhook_local_targets=s.webhook_local_targets,
                        attempt_limits=config.attempt_limits(), sign_in_limits=config.sign_in_limits())


def install(store: Store | None = None) -> Wiring:
    """Wire the product's adapters (on ``store`` if given) into the use cases; returns the wiring."""
    wiring = Wiring(store)
    dependencies.install(wiring)
    return wiring


def ensure_installed() -> None:
    """The product's wiring, unless one is installed already (app.py: a test or a tool that
    installed its own before importing the app keeps it)."""
    if not dependencies.is_installed():
        install()


def installed() -> services.Dependencies:
    return dependencies.get()


def site_url() -> str:
    """For the edge (cookies, the same-site rule): where the portal's pages are."""
    return _settings().site_url


def origin_secrets() -> tuple[str, ...] | None:
    from .adapters.config import origin_secrets as read
    return read()



def operator_arns() -> tuple[str, ...]:
    """For the edge (operator_auth): the IAM principals that are operators in AWS."""
    from .adapters.config import operator_arns as read
    return read()


def operator_local_keys() -> dict[str, dict[str, str]] | None:
    """For the edge (operator_auth): the local operator keys, None unless configured."""
    from .adapters.config import operator_local_keys as read
    return read()
