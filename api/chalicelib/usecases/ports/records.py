"""What the use cases and the storage ports hand each other: plain, immutable values.

A repository returns these (or domain objects: `Version`, `GuaranteeState`, `Surety`,
`staff.SignInCode`), never an engine's items or dicts of its own making. Events, receipts and
ledger rows stay the JSON-shaped mappings the domain writes (domain/events.py,
domain/receipts.py): they are stored and served as they are.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ...domain.errors import Unavailable
from ...domain.guarantee import Version
from ...domain.orderers import Enrolment

Record = dict[str, Any]  # a JSON-shaped mapping the domain made (an event, a receipt, a ledger row)
Cursor = dict[str, Any]  # where a page ended, opaque to the use cases (sealed in paging.py)


class StoreUnavailable(Unavailable):
    """The store could not be reached or refused the request (throttling, outage): 503."""

    def __init__(self, operation: str):
        super().__init__()
        self.operation = operation


class ConditionFailed(RuntimeError):
    """A condition of a write did not hold; ``what`` names the item (e.g. "idempotency",
    "contract_number", "state", "transaction" for a concurrent write of the same items)."""

    def __init__(self, what: str):
        super().__init__(what)
        self.what = what


# ---- guarantees ---------------------------------------------------------------------------

@dataclass(frozen=True)
class OutboxMail:
    """A message written with the change that causes it, sent by the outbox afterwards."""
    mail_id: str
    to: str
    raw: bytes


@dataclass(frozen=True)
class IdempotentResult:
    """The kept first answer of an issuance or amendment (its body sealed: it holds the key)."""
    surety_id: str
    key: str
    fingerprint: str
    status_code: int
    sealed_body: bytes
    guarantee_id: str
    expires_at: dt.datetime


@dataclass(frozen=True)
class NewGuarantee:
    """Everything issuance writes, as plain data from the domain."""
    guarantee_id: str
    surety_id: str
    contract_number: str
    orderer_id: str
    corporate_number: str | None
    issued_at: str
    version_record: Record  # Version.as_record() with the platform's "jws"
    key_hash: str
    event: Record
    history_entry: Record
    contractor_email: str | None = None


@dataclass(frozen=True)
class NewVersion:
    """Everything an amendment writes."""
    guarantee_id: str
    contract_number: str
    base_version: int
    version_record: Record
    key_hash: str
    event: Record
    history_entry: Record
    contractor_email: str | None
    surety_id: str
    corporate_number: str | None  # after the amendment: the contractor index follows it
    created_at: str


@dataclass(frozen=True)
class SignedVersion:
    """A stored version: the domain's Version and the platform's signature over its
    certificate as issued (None only for versions stored before signing began)."""
    version: Version
    jws: str | None


@dataclass(frozen=True)
class KeyMatch:
    """The version a 認証キー opens."""
    guarantee_id: str
    signed: SignedVersion


@dataclass(frozen=True)
class GuaranteeHead:
    """A guarantee as listed (a surety's listing by orderer or contractor)."""
    guarantee_id: str
    surety_id: str
    contract_number: str
    latest_version: int
    status: str  # active | cancelled
    created_at: str


# ---- the surety's feed ----------------------------------------------------------------------

@dataclass(frozen=True)
class FeedEntry:
    event_id: str  # the event's place in the surety's feed
    guarantee_id: str
    event: Record


# ---- sureties, staff, outbox, counters, keys, webhooks --------------------------------------

@dataclass(frozen=True)
class TokenRecord:
    token_id: str
    surety_id: str
    secret_hash: str
    scopes: tuple[str, ...]
    revoked: bool
    label: str | None = None
    created_at: str | None = None
    revoked_at: str | None = None


@dataclass(frozen=True)
class StaffSessionRecord:
    email: str
    orderer_id: str
    created_at: dt.datetime
    last_seen: dt.datetime
    receipt_entries: dict[str, str] | None  # {"department", "name"} entered with the last receipt


@dataclass(frozen=True)
class MailRecord:
    """An outbox message's standing (operators and tests read it; the raw message is not here)."""
    to: str
    status: str  # pending | sent | failed
    attempts: int
    last_error: str | None
    guarantee_id: str
    kept_until: dt.datetime | None


@dataclass(frozen=True)
class Burst:
    """Wrong keys for one 保証契約番号 reached the hourly signal; told to its sureties once."""
    key: str
    number: str
    window: str
    at: str
    until: str
    count: int
    actor: Record


@dataclass(frozen=True)
class SigningKeyRecord:
    jwk: Record
    status: str  # current | retired
    created_at: str


@dataclass(frozen=True)
class Webhook:
    surety_id: str
    webhook_id: str
    url: str
    description: str | None
    sealed_secret: bytes
    sealed_previous: bytes | None
    previous_until: str | None
    since: str
    cursor: Cursor | None
    failures: int
    next_attempt_at: str
    last_error: str | None
    last_failure_at: str | None
    last_success_at: str | None
    delivered: int
    created_at: str


# ---- the registry of orderers -------------------------------------------------------------

@dataclass(frozen=True)
class EnrolmentWrite:
    """One orderer's enrolment as it is to be: written only while the stored one is still at
    ``base_revision`` (None: there is none yet), with the history entry of this change
    ({revision, at, actor, action, changes: {field: [old, new]}}) and the staff e-mail domains it
    takes (each held by one orderer at a time) and gives up. A domain both given up by one
    write and taken by another of the same call moves between them."""
    enrolment: Enrolment
    base_revision: int | None
    change: Record
    claim_domains: tuple[str, ...] = ()
    release_domains: tuple[str, ...] = ()
