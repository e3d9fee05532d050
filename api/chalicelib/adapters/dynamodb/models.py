"""The PynamoDB models of the one table (schema.py; keys in keys.py), one per kind of item.

Unbound: they name no table, region or host. engine.Engine.bound() makes a subclass of each
with its store's Meta, so nothing is read at import and two stores in one process (tests)
each talk to their own table.
"""
from __future__ import annotations

from typing import Any

from pynamodb.attributes import (
    BinaryAttribute,
    BooleanAttribute,
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
)
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model


class Item(Model):
    class Meta:
        table_name = None  # bound by engine.Engine.bound()

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)


class _Gsi1(GlobalSecondaryIndex):
    """The first index: a surety's guarantees by orderer (heads), the pending outbox (mails)
    and the endpoints due for delivery (webhooks)."""
    class Meta:
        index_name = "gsi1"
        projection = AllProjection()
    gsi1pk = UnicodeAttribute(hash_key=True)
    gsi1sk = UnicodeAttribute(range_key=True)


class _Gsi2(GlobalSecondaryIndex):
    """The second index: a contractor's guarantees (heads) and a surety's feed (events). PynamoDB
    copies an index for each model that declares it, so both models share this one."""
    class Meta:
        index_name = "gsi2"
        projection = AllProjection()
    gsi2pk = UnicodeAttribute(hash_key=True)
    gsi2sk = UnicodeAttribute(range_key=True)


class HeadItem(Item):
    """A guarantee as listed, in the orderer and contractor indexes."""
    surety_id = UnicodeAttribute()
    contract_number = UnicodeAttribute()
    latest_version = NumberAttribute()
    status = UnicodeAttribute()  # active | cancelled
    created_at = UnicodeAttribute()
    gsi1pk = UnicodeAttribute()
    gsi1sk = UnicodeAttribute()
    gsi2pk = UnicodeAttribute(null=True)
    gsi2sk = UnicodeAttribute(null=True)
    gsi1 = _Gsi1()
    gsi2 = _Gsi2()


class GuaranteeVersionItem(Item):
    data: MapAttribute[str, Any] = MapAttribute()


class KeyItem(Item):
    """One per version, under the key's keyed hash alone: a verification finds
    it without knowing whose number it is, then compares the number (constant time)."""
    guarantee_id = UnicodeAttribute()
    contract_number = UnicodeAttribute()
    version = NumberAttribute()
    data: MapAttribute[str, Any] = MapAttribute()  # copy of the version's record: one read per verification
    created_at = UnicodeAttribute()


class NumberClaimItem(Item):
    """A surety's 保証契約番号: unique per surety, and
    the way from a number to the guarantees that use it (a burst of wrong keys is told to them)."""
    guarantee_id = UnicodeAttribute()


class StateItem(Item):
    """A guarantee's live state, read with the key item on every check."""
    surety_id = UnicodeAttribute()
    contract_number = UnicodeAttribute()
    latest_version = NumberAttribute(default=1)
    status = UnicodeAttribute(default="active")  # active | cancelled
    history: ListAttribute[Any] = ListAttribute(default=list)  # one summary per version, oldest first
    cancellation: MapAttribute[str, Any] = MapAttribute(null=True)
    receipts: MapAttribute[str, Any] = MapAttribute(default=dict)  # version (as text) -> receipt
    contractor_email = UnicodeAttribute(null=True)  # where receipt notices go


class EventItem(Item):
    data: MapAttribute[str, Any] = MapAttribute()
    # Its place in the surety's feed (GET /v1/events, webhooks): by when it was written.
    gsi2pk = UnicodeAttribute(null=True)
    gsi2sk = UnicodeAttribute(null=True)
    feed = _Gsi2()


class ExpiryItem(Item):
    """The last day of a version's guarantee period:
    how the daily job finds the guarantees whose period ended without reading them all. An entry of a
    version whose end moved later stays until that day; the job compares with the latest version and
    removes each entry it has dealt with."""
    surety_id = UnicodeAttribute()
    guarantee_id = UnicodeAttribute()
    expires_at = TTLAttribute()


class WebhookItem(Item):
    """A surety's webhook endpoint and where its delivery stands in the surety's feed. In the
    due index (gsi1, by next attempt) while it exists."""
    url = UnicodeAttribute()
    description = UnicodeAttribute(null=True)
    sealed_secret = BinaryAttribute(legacy_encoding=False)
    sealed_previous = BinaryAttribute(legacy_encoding=False, null=True)  # secrets rotated out, each for a day
    previous_until = UnicodeAttribute(null=True)  # when the last of them stops signing
    since = UnicodeAttribute()  # events after this time, until a delivery sets the cursor
    cursor = UnicodeAttribute(null=True)  # the feed key of the last event delivered (JSON)
    failures = NumberAttribute(default=0)  # in a row
    lease = UnicodeAttribute(null=True)
    next_attempt_at = UnicodeAttribute()
    last_error = UnicodeAttribute(null=True)
    last_failure_at = UnicodeAttribute(null=True)
    last_success_at = UnicodeAttribute(null=True)
    delivered = NumberAttribute(default=0)
    created_at = UnicodeAttribute()
    gsi1pk = UnicodeAttribute()
    gsi1sk = UnicodeAttribute()
    gsi1 = _Gsi1()


class IdempotencyItem(Item):
    fingerprint = UnicodeAttribute()
    status_code = NumberAttribute()
    sealed_body = BinaryAttribute(legacy_encoding=False)
    guarantee_id = UnicodeAttribute()
    created_at = UnicodeAttribute()
    expires_at = TTLAttribute()


class SuretyItem(Item):
    """A surety's profile; in the index of every surety (gsi1) for the public page of issuers."""
    name = UnicodeAttribute()
    contact: MapAttribute[str, Any] = MapAttribute(null=True)  # department, phone, email, hours: printed on notices
    representative = UnicodeAttribute(null=True)
    head_office = UnicodeAttribute(null=True)
    branches: MapAttribute[str, Any] = MapAttribute(null=True)  # branch id -> contact
    issuer_type = UnicodeAttribute(null=True)  # absent: registered before issuer types (a 保証事業会社)
    created_at = UnicodeAttribute()
    gsi1pk = UnicodeAttribute(null=True)
    gsi1sk = UnicodeAttribute(null=True)
    gsi1 = _Gsi1()


class SigningKeyItem(Item):
    """A public signing key (JWK) in the registry."""
    jwk: MapAttribute[str, Any] = MapAttribute()
    status = UnicodeAttribute()  # current | retired
    created_at = UnicodeAttribute()
    retired_at = UnicodeAttribute(null=True)


class CounterItem(Item):
    """A failure counter for one window, gone after its TTL (also a job's daily run, an `expired` marker)."""
    count = NumberAttribute(default=0)  # type: ignore[assignment]  # the stored name; Model.count is unused
    expires_at = TTLAttribute()


class BurstItem(Item):
    """Wrong keys for one 保証契約番号 reached the hourly signal:
    written once per number and hour by the request that got there, the same write whether
    the number exists or not; the sweep tells the guarantees' sureties and removes it."""
    at = UnicodeAttribute()
    until = UnicodeAttribute()
    count = NumberAttribute()  # type: ignore[assignment]  # the stored name; Model.count is unused
    actor: MapAttribute[str, Any] = MapAttribute()
    expires_at = TTLAttribute()


class MailItem(Item):
    """An outbox message. In the pending index (gsi1) until sent or given up."""
    to = UnicodeAttribute()
    raw = BinaryAttribute(legacy_encoding=False)
    guarantee_id = UnicodeAttribute()
    status = UnicodeAttribute()  # pending | sent | failed
    attempts = NumberAttribute(default=0)
    next_attempt_at = UnicodeAttribute()
    last_error = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()
    sent_at = UnicodeAttribute(null=True)
    gsi1pk = UnicodeAttribute(null=True)
    gsi1sk = UnicodeAttribute(null=True)
    gsi1 = _Gsi1()
    expires_at = TTLAttribute(null=True)  # set once sent or given up: the message is not kept for ever


class LedgerItem(Item):
    """An entry of an orderer's 受領台帳, by guarantee and version; in the register's orders:
    by when received (gsi1) and by the guarantee period's end (gsi2) (items.ledger_index_keys)."""
    data: MapAttribute[str, Any] = MapAttribute()
    gsi1pk = UnicodeAttribute(null=True)
    gsi1sk = UnicodeAttribute(null=True)
    gsi2pk = UnicodeAttribute(null=True)
    gsi2sk = UnicodeAttribute(null=True)
    gsi1 = _Gsi1()
    gsi2 = _Gsi2()


class SignInCodeItem(Item):
    """The one live sign-in code of a staff address (by its keyed hash)."""
    code_hash = UnicodeAttribute()
    code_expires = UnicodeAttribute()
    attempts = NumberAttribute(default=0)  # wrong codes entered
    sent = NumberAttribute(default=1)      # codes sent in the window
    window_start = UnicodeAttribute()
    expires_at = TTLAttribute()            # the window's end, or the code's if later: the item outlives its code


class StaffSessionItem(Item):
    """A signed-in staff member's session (by its token's keyed hash)."""
    email = UnicodeAttribute()
    orderer_id = UnicodeAttribute()
    created_at = UnicodeAttribute()
    last_seen = UnicodeAttribute()
    expires_at = TTLAttribute()  # the absolute end; idle ends are checked on read
    # The 担当部署 and 氏名 this sign-in entered with its last receipt: offered for the next one,
    # gone with the session (remember_receipt_entries).
    receipt_department = UnicodeAttribute(null=True)
    receipt_name = UnicodeAttribute(null=True)


class TokenItem(Item):
    """An API token by its id (only its secret's keyed hash); in its surety's list (gsi1)."""
    surety_id = UnicodeAttribute()
    secret_hash = UnicodeAttribute()
    scopes = ListAttribute(of=UnicodeAttribute)
    label = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()
    revoked_at = UnicodeAttribute(null=True)
    gsi1pk = UnicodeAttribute(null=True)
    gsi1sk = UnicodeAttribute(null=True)
    gsi1 = _Gsi1()


class DataItem(Item):
    """An item that holds one JSON-shaped record as the domain made it: a public body, an
    enrolment's change (history), an audit entry."""
    data: MapAttribute[str, Any] = MapAttribute()


class EnrolmentItem(Item):
    """An orderer's enrolment; its revision beside the record, for the write's condition."""
    data: MapAttribute[str, Any] = MapAttribute()
    revision = NumberAttribute()


class StaffDomainItem(Item):
    """A staff e-mail domain, held by one orderer at a time."""
    orderer_id = UnicodeAttribute()


class AuditHeadItem(Item):
    """Where the audit chain stands: every audited write moves it, on the condition that it
    is still where the write's entry follows."""
    seq = NumberAttribute()
    hash = UnicodeAttribute()


class ActivityItem(Item):
    """What one of an orderer's staff did (never a code, a key or a token)."""
    data: MapAttribute[str, Any] = MapAttribute()
    expires_at = TTLAttribute()


class SubmissionItem(Item):
    """An entry of an orderer's inbox (受付箱), by 受付番号: the record as the domain made it
    (domain/submissions.py; every write's condition is its ``revision``); in its orderer's
    inbox (gsi1) by when it was last submitted."""
    data: MapAttribute[str, Any] = MapAttribute()
    gsi1pk = UnicodeAttribute()
    gsi1sk = UnicodeAttribute()
    gsi1 = _Gsi1()


class SubmissionClaimItem(Item):
    """A guarantee's entry in one orderer's inbox: there once, so a guarantee is one entry per inbox."""
    submission_id = UnicodeAttribute()


class DigestMarkItem(Item):
    """A department that had a submission on a day, for that day's digest mail (settled once sent).
    In gsi1 (DIGESTDUE#<day>) while not settled; ``done_pk`` is set when it is settled."""
    orderer_id = UnicodeAttribute()
    department = UnicodeAttribute()
    settled = BooleanAttribute(default=False)
    expires_at = TTLAttribute()
    gsi1pk = UnicodeAttribute(null=True)
    gsi1sk = UnicodeAttribute(null=True)
    done_pk = UnicodeAttribute(null=True)
    gsi1 = _Gsi1()
