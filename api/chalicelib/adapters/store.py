"""Data access: the PynamoDB models of the one table (see `table.py`) and the operations
the portal needs. The only module that talks to DynamoDB.

Every write that belongs together is one DynamoDB transaction; failures of the engine
itself surface as `StoreUnavailable` (the domain's Unavailable), conditions that did not
hold as `ConditionFailed`.
"""
from __future__ import annotations

import datetime as dt
import hmac
import json
import logging
import random
import secrets
import time
from dataclasses import dataclass
from functools import wraps

from botocore.exceptions import BotoCoreError, ClientError
from pynamodb.attributes import (
    BinaryAttribute,
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
)
from pynamodb.connection import Connection
from pynamodb.exceptions import (DeleteError, PutError, PynamoDBConnectionError, PynamoDBException, TransactWriteError,
                                 UpdateError)
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

from ..domain import staff
from ..domain.errors import Unavailable
from ..domain.formatting import iso_utc_precise, parse_iso_utc_precise
from ..domain.sureties import Surety
from ..domain.views import GuaranteeState
from . import clock, table
from .config import SETTINGS

log = logging.getLogger("portal.store")



class StoreUnavailable(Unavailable):
    """DynamoDB could not be reached or refused the request (throttling, outage)."""

    def __init__(self, operation: str):
        super().__init__()
        self.operation = operation


class ConditionFailed(RuntimeError):
    """A condition of a transactional write did not hold; ``what`` names the item."""

    def __init__(self, what: str):
        super().__init__(what)
        self.what = what


_CONDITION_FAILED = "ConditionalCheckFailed"


class _Meta:
    table_name = SETTINGS.table_name
    region = SETTINGS.region
    host = SETTINGS.dynamodb_endpoint
    # Deliberate: a verification must answer quickly or fail clearly, not hang. DynamoDB
    # answers in milliseconds; a call that hangs costs at most 4 attempts × 3 s plus
    # standard-mode backoff (≤ 1 + 2 + 4 s) ≈ 19 s, so the 503 leaves API Gateway's 29 s
    # limit 10 s of margin (with 5 s it was ≈ 27 s: a 504 with no Retry-After).
    connect_timeout_seconds = 2
    read_timeout_seconds = 3
    max_retry_attempts = 3


class _Item(Model):
    Meta = _Meta
    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)


class _HeadsByOrderer(GlobalSecondaryIndex):
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


class GuaranteeHead(_Item):
    surety_id = UnicodeAttribute()
    contract_number = UnicodeAttribute()
    latest_version = NumberAttribute()
    status = UnicodeAttribute()  # active | cancelled
    created_at = UnicodeAttribute()
    gsi1pk = UnicodeAttribute()
    gsi1sk = UnicodeAttribute()
    gsi2pk = UnicodeAttribute(null=True)
    gsi2sk = UnicodeAttribute(null=True)
    gsi1 = _HeadsByOrderer()
    gsi2 = _Gsi2()


class GuaranteeVersionItem(_Item):
    data = MapAttribute()


class KeyItem(_Item):
    """One per version, under the key's keyed hash alone (pk KEY#<hash>): a verification finds
    it without knowing whose number it is, then compares the number (constant time)."""
    guarantee_id = UnicodeAttribute()
    contract_number = UnicodeAttribute()
    version = NumberAttribute()
    data = MapAttribute()  # copy of the version's record: one read per verification
    created_at = UnicodeAttribute()


class NumberClaimItem(_Item):
    """A surety's 保証契約番号 (pk NUM#<number>, sk SURETY#<surety>): unique per surety, and
    the way from a number to the guarantees that use it (a burst of wrong keys is told to them)."""
    guarantee_id = UnicodeAttribute()


class StateItem(_Item):
    """A guarantee's live state (pk GUAR#<id>, sk STATE), read with the key item on every check."""
    surety_id = UnicodeAttribute()
    contract_number = UnicodeAttribute()
    latest_version = NumberAttribute(default=1)
    status = UnicodeAttribute(default="active")  # active | cancelled
    history = ListAttribute(default=list)  # one summary per version, oldest first
    cancellation = MapAttribute(null=True)
    receipts = MapAttribute(default=dict)  # version (as text) -> receipt
    contractor_email = UnicodeAttribute(null=True)  # where receipt notices go


class EventItem(_Item):
    data = MapAttribute()
    # The surety's feed (GET /v1/events): gsi2pk=FEED#<surety>, gsi2sk=<at>#<guarantee id>#<tail>.
    gsi2pk = UnicodeAttribute(null=True)
    gsi2sk = UnicodeAttribute(null=True)
    feed = _Gsi2()


class ExpiryItem(_Item):
    """The last day of a version's guarantee period (pk=EXPIRY#<YYYY-MM-DD>, sk=<guarantee id>#<version>):
    how the daily job finds the guarantees whose period ended without reading them all. An entry of a
    version whose end moved later stays until that day; the job compares with the latest version and
    removes each entry it has dealt with."""
    surety_id = UnicodeAttribute()
    guarantee_id = UnicodeAttribute()
    expires_at = TTLAttribute()


class WebhookItem(_Item):
    """A surety's webhook endpoint (pk=WEBHOOK#<surety>, sk=<webhook id>) and where its delivery
    stands in the surety's feed. In the due index (gsi1, WEBHOOKS by next attempt) while it exists."""
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
    gsi1 = _HeadsByOrderer()


class IdempotencyItem(_Item):
    fingerprint = UnicodeAttribute()
    status_code = NumberAttribute()
    sealed_body = BinaryAttribute(legacy_encoding=False)
    guarantee_id = UnicodeAttribute()
    created_at = UnicodeAttribute()
    expires_at = TTLAttribute()


class SuretyItem(_Item):
    name = UnicodeAttribute()
    contact = MapAttribute(null=True)  # department, phone, email, hours: printed on notices
    representative = UnicodeAttribute(null=True)
    head_office = UnicodeAttribute(null=True)
    branches = MapAttribute(null=True)  # branch id -> contact
    created_at = UnicodeAttribute()


class SigningKeyItem(_Item):
    """A public signing key (JWK) in the registry: pk=SIGNKEYS, sk=<kid>."""
    jwk = MapAttribute()
    status = UnicodeAttribute()  # current | retired
    created_at = UnicodeAttribute()
    retired_at = UnicodeAttribute(null=True)


class CounterItem(_Item):
    """A failure counter for one window (pk=RATE#<scope>#<value>, sk=<window>), gone after its TTL."""
    count = NumberAttribute(default=0)
    expires_at = TTLAttribute()


class BurstItem(_Item):
    """Wrong keys for one 保証契約番号 reached the hourly signal (pk=BURST, sk=<window>#<number>):
    written once per number and hour by the request that got there, the same write whether
    the number exists or not; the sweep tells the guarantees' sureties and removes it."""
    at = UnicodeAttribute()
    until = UnicodeAttribute()
    count = NumberAttribute()
    actor = MapAttribute()
    expires_at = TTLAttribute()


class MailItem(_Item):
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
    gsi1 = _HeadsByOrderer()
    expires_at = TTLAttribute(null=True)  # set once sent or given up: the message is not kept for ever


class LedgerItem(_Item):
    """An entry of an orderer's 受領台帳: pk=LEDGER#<orderer id>, sk=<guarantee id>#<version>."""
    data = MapAttribute()


class SignInCodeItem(_Item):
    """The one live sign-in code of a staff address: pk=SIGNIN#<address hash>, sk=CODE."""
    code_hash = UnicodeAttribute()
    code_expires = UnicodeAttribute()
    attempts = NumberAttribute(default=0)  # wrong codes entered
    sent = NumberAttribute(default=1)      # codes sent in the window
    window_start = UnicodeAttribute()
    expires_at = TTLAttribute()            # the window's end, or the code's if later: the item outlives its code


class StaffSessionItem(_Item):
    """A signed-in staff member's session: pk=SESSION#<token hash>, sk=SESSION."""
    email = UnicodeAttribute()
    orderer_id = UnicodeAttribute()
    created_at = UnicodeAttribute()
    last_seen = UnicodeAttribute()
    expires_at = TTLAttribute()  # the absolute end; idle ends are checked on read
    # The 担当部署 and 氏名 this sign-in entered with its last receipt: offered for the next one,
    # gone with the session (remember_receipt_entries).
    receipt_department = UnicodeAttribute(null=True)
    receipt_name = UnicodeAttribute(null=True)


class TokenItem(_Item):
    surety_id = UnicodeAttribute()
    secret_hash = UnicodeAttribute()
    scopes = ListAttribute(of=UnicodeAttribute)
    label = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()
    revoked_at = UnicodeAttribute(null=True)


def _error_code(e: PynamoDBException) -> str | None:
    """The DynamoDB error code behind a PynamoDB error, or None when DynamoDB never answered.
    Not `e.cause_response_code`: that raises AttributeError when the cause is a botocore
    HTTP error without a response (a read timeout), which turned a timeout into a 500."""
    response = getattr(e.cause, "response", None)
    if not isinstance(response, dict):
        return None
    return (response.get("Error") or {}).get("Code")


def _unavailable_on_engine_errors(fn):
    @wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except TransactWriteError as e:
            if _error_code(e) == "TransactionCanceledException":
                raise
            raise StoreUnavailable(fn.__name__) from e
        except PynamoDBConnectionError as e:
            raise StoreUnavailable(fn.__name__) from e
    return wrapper


_shared_connection: Connection | None = None


def _connection() -> Connection:
    """One connection for transactions and batch reads (creating a botocore client per call
    would cost more than the call). TransactWrite does not inherit Meta.host: pass it."""
    global _shared_connection
    if _shared_connection is None:
        _shared_connection = Connection(
            region=SETTINGS.region,
            host=SETTINGS.dynamodb_endpoint,
            connect_timeout_seconds=_Meta.connect_timeout_seconds,
            read_timeout_seconds=_Meta.read_timeout_seconds,
            max_retry_attempts=_Meta.max_retry_attempts,
        )
    return _shared_connection


# ---- keys -----------------------------------------------------------------------------

def guarantee_pk(guarantee_id: str) -> str:
    return f"GUAR#{guarantee_id}"


def number_pk(contract_number: str) -> str:
    return f"NUM#{contract_number}"


def surety_sk(surety_id: str) -> str:
    return f"SURETY#{surety_id}"


def key_pk(key_hash: str) -> str:
    return f"KEY#{key_hash}"


KEY_SK = "KEY"
STATE_SK = "STATE"


def version_sk(version: int) -> str:
    return f"VER#{version:05d}"


def _nowiso_utc_precise() -> str:
    return iso_utc_precise(dt.datetime.now(dt.timezone.utc))


# ---- guarantees -----------------------------------------------------------------------

@dataclass(frozen=True)
class NewGuarantee:
    """Everything issuance writes, as plain data from the domain."""
    guarantee_id: str
    surety_id: str
    contract_number: str
    orderer_id: str
    corporate_number: str | None
    issued_at: str
    version_record: dict
    key_hash: str
    event: dict
    history_entry: dict
    contractor_email: str | None = None


@dataclass(frozen=True)
class NewVersion:
    """Everything an amendment writes."""
    guarantee_id: str
    contract_number: str
    base_version: int
    version_record: dict
    key_hash: str
    event: dict
    history_entry: dict
    contractor_email: str | None
    surety_id: str
    corporate_number: str | None  # after the amendment: the contractor index follows it
    created_at: str


def _state(item: StateItem) -> GuaranteeState:
    return GuaranteeState(
        guarantee_id=item.pk.removeprefix("GUAR#"), surety_id=item.surety_id,
        contract_number=item.contract_number, latest_version=int(item.latest_version or 1),
        status=item.status or "active", history=[_plain(h) for h in (item.history or [])],
        cancellation=item.cancellation.as_dict() if item.cancellation else None,
        receipts=item.receipts.as_dict() if item.receipts else {}, contractor_email=item.contractor_email)


def _plain(value):
    """Raw map/list attributes back to plain dicts and lists."""
    if isinstance(value, MapAttribute):
        return {k: _plain(v) for k, v in value.as_dict().items()}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


@dataclass(frozen=True)
class OutboxMail:
    mail_id: str
    to: str
    raw: bytes


@dataclass(frozen=True)
class IdempotentResult:
    surety_id: str
    key: str
    fingerprint: str
    status_code: int
    sealed_body: bytes
    guarantee_id: str
    expires_at: dt.datetime


def idempotency_pk(surety_id: str, key: str) -> str:
    return f"IDEM#{surety_id}#{key}"


def _transact(operation: str, puts: list[tuple[str, Model]],
              updates: list[tuple[str, Model, list, object]] = (),
              checks: list[tuple[str, type, str, str, object]] = ()) -> None:
    """One DynamoDB transaction: puts of new items, conditional updates of existing ones,
    condition checks (name, model, pk, sk, condition) of items left as they are.
    Raises ConditionFailed(name of the first item whose condition failed)."""
    try:
        with TransactWrite(connection=_connection()) as tx:
            for _, model, pk, sk, condition in checks:
                tx.condition_check(model, pk, sk, condition=condition)
            for _, item in puts:
                tx.save(item, condition=_Item.pk.does_not_exist())
            for _, item, actions, condition in updates:
                tx.update(item, actions=actions, condition=condition)
    except TransactWriteError as e:
        if _error_code(e) != "TransactionCanceledException":
            raise
        reasons = e.cancellation_reasons or []
        # DynamoDB reports one reason per item, in the order sent: PynamoDB sends condition
        # checks, then puts, then updates.
        names = [c[0] for c in checks] + [name for name, _ in puts] + [u[0] for u in updates]
        for name, reason in zip(names, reasons):
            if reason is not None and reason.code == _CONDITION_FAILED:
                raise ConditionFailed(name) from e
        if any(reason is not None and reason.code == "TransactionConflict" for reason in reasons):
            # Another transaction was writing the same items at that instant.
            raise ConditionFailed("transaction") from e
        raise StoreUnavailable(operation) from e


def _idempotency_item(result: IdempotentResult, created_at: str) -> IdempotencyItem:
    return IdempotencyItem(
        idempotency_pk(result.surety_id, result.key), "IDEM",
        fingerprint=result.fingerprint, status_code=result.status_code,
        sealed_body=result.sealed_body, guarantee_id=result.guarantee_id,
        created_at=created_at, expires_at=result.expires_at)


@_unavailable_on_engine_errors
def create_guarantee(new: NewGuarantee, result: IdempotentResult, mail: OutboxMail | None = None) -> None:
    """Write a new guarantee and its idempotency record in one transaction.

    Raises ConditionFailed("idempotency") when the idempotency key was used meanwhile (a
    concurrent retry), ConditionFailed("contract_number") when this surety has used the
    保証契約番号 already (another surety's guarantee with the same number is no obstacle).
    """
    gpk = guarantee_pk(new.guarantee_id)
    sort_key = f"{new.issued_at}#{new.guarantee_id}"
    puts: list[tuple[str, Model]] = [
        ("idempotency", _idempotency_item(result, new.issued_at)),
        ("contract_number", NumberClaimItem(number_pk(new.contract_number), surety_sk(new.surety_id),
                                            guarantee_id=new.guarantee_id)),
        ("state", StateItem(
            gpk, STATE_SK, surety_id=new.surety_id, contract_number=new.contract_number, latest_version=1,
            status="active", history=[new.history_entry], receipts={},
            contractor_email=new.contractor_email)),
        ("head", GuaranteeHead(
            gpk, "HEAD", surety_id=new.surety_id, contract_number=new.contract_number,
            latest_version=1, status="active", created_at=new.issued_at,
            # Scoped by surety: a surety lists only its own guarantees.
            gsi1pk=orderer_index_key(new.surety_id, new.orderer_id), gsi1sk=sort_key,
            gsi2pk=contractor_index_key(new.surety_id, new.corporate_number) if new.corporate_number else None,
            gsi2sk=sort_key if new.corporate_number else None)),
        ("version", GuaranteeVersionItem(gpk, version_sk(1), data=new.version_record)),
        ("key", KeyItem(key_pk(new.key_hash), KEY_SK, guarantee_id=new.guarantee_id,
                        contract_number=new.contract_number, version=1,
                        data=new.version_record, created_at=new.issued_at)),
        ("event", _event_item(new.guarantee_id, new.event, new.surety_id)),
        ("expiry", _expiry_item(new.guarantee_id, 1, new.surety_id, new.version_record)),
    ]
    if mail is not None:
        puts.append(("mail", _mail_item(mail, new.guarantee_id, new.event["at"])))
    # Until `devtools.manage data migrate` has run, a number of this surety may still be claimed
    # the way it was before December 2026 (NUM#<number> CLAIM); it is taken all the same.
    old_claim = ("contract_number", StateItem, number_pk(new.contract_number), "CLAIM",
                 StateItem.pk.does_not_exist() | (StateItem.surety_id != new.surety_id))
    _transact("create_guarantee", puts, checks=[old_claim])


# An expiry entry outlives its day by the job's look-back and a margin.
_EXPIRY_KEPT = dt.timedelta(days=40)


def _expiry_kept(day: str) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(), dt.timezone.utc) + _EXPIRY_KEPT


def _expiry_item(guarantee_id: str, version: int, surety_id: str, version_record: dict) -> ExpiryItem:
    end = version_record["terms"]["guarantee_period"]["end"]
    return ExpiryItem(f"EXPIRY#{end}", f"{guarantee_id}#{version:04d}", surety_id=surety_id,
                      guarantee_id=guarantee_id, expires_at=_expiry_kept(end))


@_unavailable_on_engine_errors
def ending_on(day: str, limit: int = 100) -> list[tuple[str, int, str]]:
    """(guarantee id, version, surety id) of versions whose guarantee period ends on ``day``,
    not yet settled by the daily job."""
    return [(item.guarantee_id, int(item.sk.rsplit("#", 1)[1]), item.surety_id)
            for item in ExpiryItem.query(f"EXPIRY#{day}", consistent_read=True, limit=limit)]


@_unavailable_on_engine_errors
def settle_ending(day: str, guarantee_id: str, version: int) -> None:
    """The job has dealt with this entry (event written, or not due: cancelled or moved)."""
    ExpiryItem(f"EXPIRY#{day}", f"{guarantee_id}#{version:04d}").delete()


@_unavailable_on_engine_errors
def add_expiry_event(guarantee_id: str, surety_id: str, day: str, event: dict) -> bool:
    """The `expired` event, once per guarantee and end day; False if it was written already."""
    marker = CounterItem(guarantee_pk(guarantee_id), f"EXPIRED#{day}", count=1, expires_at=_expiry_kept(day))
    try:
        _transact("add_expiry_event", [("marker", marker), ("event", _event_item(guarantee_id, event, surety_id))])
    except ConditionFailed:
        return False
    return True


def index_old_expiries() -> int:
    """Give versions written before the `expired` event (December 2026) their expiry entry;
    safe to run again. Returns how many were added."""
    added = 0
    for item in GuaranteeVersionItem.scan(GuaranteeVersionItem.sk.startswith("VER#"), consistent_read=True):
        record = _plain(item.data.as_dict())
        added += _saved_if(_expiry_item(record["guarantee_id"], int(record["version"]), record["surety_id"], record),
                           ExpiryItem.pk.does_not_exist())
    return added


def orderer_index_key(surety_id: str, orderer_id: str) -> str:
    return f"ORDERER#{surety_id}#{orderer_id}"


def contractor_index_key(surety_id: str, corporate_number: str) -> str:
    return f"CONTRACTOR#{surety_id}#{corporate_number}"


@_unavailable_on_engine_errors
def add_version(new: NewVersion, result: IdempotentResult, mail: OutboxMail | None = None,
                notices: list[OutboxMail] = ()) -> None:
    """Write an amendment as a new version, if the guarantee is still at ``base_version`` and
    active. Raises ConditionFailed("state") otherwise, ConditionFailed("idempotency") on a concurrent retry."""
    gpk = guarantee_pk(new.guarantee_id)
    number = new.base_version + 1
    at = new.event["at"]
    puts: list[tuple[str, Model]] = [
        ("idempotency", _idempotency_item(result, at)),
        ("version", GuaranteeVersionItem(gpk, version_sk(number), data=new.version_record)),
        ("key", KeyItem(key_pk(new.key_hash), KEY_SK, guarantee_id=new.guarantee_id,
                        contract_number=new.contract_number, version=number, data=new.version_record, created_at=at)),
        ("event", _event_item(new.guarantee_id, new.event, new.surety_id)),
        ("expiry", _expiry_item(new.guarantee_id, number, new.surety_id, new.version_record)),
    ]
    if mail is not None:
        puts.append(("mail", _mail_item(mail, new.guarantee_id, at)))
    puts += _mail_puts("notice", notices, new.guarantee_id, at)
    state_actions = [StateItem.latest_version.set(number),
                     StateItem.history.set(StateItem.history.append([new.history_entry]))]
    if new.contractor_email:
        state_actions.append(StateItem.contractor_email.set(new.contractor_email))
    updates = [
        # Optimistic concurrency: the caller named the version it amends.
        ("state", StateItem(gpk, STATE_SK), state_actions,
         (StateItem.latest_version == new.base_version) & (StateItem.status == "active")),
        ("head", GuaranteeHead(gpk, "HEAD"), [GuaranteeHead.latest_version.set(number)] + _contractor_index(new),
         GuaranteeHead.latest_version == new.base_version),
    ]
    _transact("add_version", puts, updates)


def _contractor_index(new: NewVersion) -> list:
    if new.corporate_number:
        return [GuaranteeHead.gsi2pk.set(contractor_index_key(new.surety_id, new.corporate_number)),
                GuaranteeHead.gsi2sk.set(f"{new.created_at}#{new.guarantee_id}")]
    return [GuaranteeHead.gsi2pk.remove(), GuaranteeHead.gsi2sk.remove()]


@_unavailable_on_engine_errors
def cancel_guarantee(guarantee_id: str, surety_id: str, cancellation: dict, event: dict,
                     notices: list[OutboxMail] = ()) -> None:
    """Raises ConditionFailed("state") when the guarantee is already cancelled."""
    updates = [
        ("state", StateItem(guarantee_pk(guarantee_id), STATE_SK),
         [StateItem.status.set("cancelled"), StateItem.cancellation.set(cancellation)],
         StateItem.status == "active"),
        ("head", GuaranteeHead(guarantee_pk(guarantee_id), "HEAD"), [GuaranteeHead.status.set("cancelled")],
         GuaranteeHead.status == "active"),
    ]
    puts: list[tuple[str, Model]] = [("event", _event_item(guarantee_id, event, surety_id))]
    puts += _mail_puts("notice", notices, guarantee_id, event["at"])
    _transact("cancel_guarantee", puts, updates)


@_unavailable_on_engine_errors
def record_receipt(guarantee_id: str, surety_id: str, version: int, receipt: dict, event: dict,
                   mails: list[OutboxMail], ledger: tuple[str, dict]) -> None:
    """Once per version, on the latest version of an active guarantee; ConditionFailed("state") otherwise.
    ``ledger`` is (orderer id, entry): the row of the orderer's 受領台帳, written in the same transaction."""
    slot = StateItem.receipts[str(version)]
    orderer_id, entry = ledger
    puts: list[tuple[str, Model]] = [("event", _event_item(guarantee_id, event, surety_id)),
                                     ("ledger", LedgerItem(f"LEDGER#{orderer_id}", _ledger_sk(guarantee_id, version),
                                                           data=entry))]
    puts += _mail_puts("mail", mails, guarantee_id, event["at"])
    updates = [("state", StateItem(guarantee_pk(guarantee_id), STATE_SK), [slot.set(receipt)],
                slot.does_not_exist() & (StateItem.latest_version == version) & (StateItem.status == "active"))]
    _transact("record_receipt", puts, updates)


@_unavailable_on_engine_errors
def withdraw_receipt(guarantee_id: str, surety_id: str, version: int, orderer_id: str, recorded_at: str,
                     event: dict, mails: list[OutboxMail]) -> None:
    """Remove the receipt (the one recorded at ``recorded_at``) and its ledger row, together;
    ConditionFailed("state") if it is no longer there."""
    slot = StateItem.receipts[str(version)]
    puts: list[tuple[str, Model]] = [("event", _event_item(guarantee_id, event, surety_id))]
    puts += _mail_puts("mail", mails, guarantee_id, event["at"])
    try:
        with TransactWrite(connection=_connection()) as tx:
            for _, item in puts:
                tx.save(item, condition=_Item.pk.does_not_exist())
            tx.update(StateItem(guarantee_pk(guarantee_id), STATE_SK), actions=[slot.remove()],
                      condition=slot["recorded_at"] == recorded_at)
            tx.delete(LedgerItem(f"LEDGER#{orderer_id}", _ledger_sk(guarantee_id, version)))
    except TransactWriteError as e:
        if _error_code(e) == "TransactionCanceledException":
            raise ConditionFailed("state") from e
        raise


def _saved_if(item: Model, condition) -> bool:
    """Save the item if the condition holds; False (nothing written) if it does not."""
    try:
        item.save(condition=condition)
    except PutError as e:
        if _error_code(e) == "ConditionalCheckFailedException":
            return False
        raise
    return True


def _updated_if(item: Model, actions: list, condition) -> bool:
    """Update the item if the condition holds; False (nothing written) if it does not."""
    try:
        item.update(actions=actions, condition=condition)
    except UpdateError as e:
        if _error_code(e) == "ConditionalCheckFailedException":
            return False
        raise
    return True


@_unavailable_on_engine_errors
def claim_daily_run(job: str, day: str, keep_until: dt.datetime) -> bool:
    """True for exactly one caller per job and day: a daily task run by a 5-minute schedule."""
    return _saved_if(CounterItem(f"JOB#{job}", day, count=1, expires_at=keep_until), CounterItem.pk.does_not_exist())


@_unavailable_on_engine_errors
def mark_ledger_expiry_told(orderer_id: str, guarantee_id: str, version: int, day: str, mails: list[OutboxMail]) -> bool:
    """Note on the ledger row that its staff were told of the period's end, with their mail;
    False if that was done already (the mail is then not written)."""
    row = LedgerItem(f"LEDGER#{orderer_id}", _ledger_sk(guarantee_id, version))
    try:
        with TransactWrite(connection=_connection()) as tx:
            tx.update(row, actions=[LedgerItem.data["expiry_told"].set(day)],
                      condition=LedgerItem.data["expiry_told"].does_not_exist())
            for m in mails:
                tx.save(_mail_item(m, guarantee_id, iso_utc_precise(dt.datetime.now(dt.timezone.utc))),
                        condition=_Item.pk.does_not_exist())
    except TransactWriteError as e:
        if _error_code(e) == "TransactionCanceledException":
            return False
        raise
    return True


def _ledger_sk(guarantee_id: str, version: int) -> str:
    return f"{guarantee_id}#{version:04d}"


@_unavailable_on_engine_errors
def ledger_entries(orderer_id: str) -> list[dict]:
    """Every row of an orderer's 受領台帳 (a city's receipts: a few thousand a year at most)."""
    return [_plain(item.data) for item in LedgerItem.query(f"LEDGER#{orderer_id}", consistent_read=True)]


@_unavailable_on_engine_errors
def ledger_entry(orderer_id: str, guarantee_id: str, version: int) -> dict | None:
    try:
        return _plain(LedgerItem.get(f"LEDGER#{orderer_id}", _ledger_sk(guarantee_id, version), consistent_read=True).data)
    except LedgerItem.DoesNotExist:
        return None


@_unavailable_on_engine_errors
def get_states(guarantee_ids: list[str]) -> dict[str, GuaranteeState]:
    """The live state of several guarantees, by id (batched reads)."""
    keys = [(guarantee_pk(g), STATE_SK) for g in dict.fromkeys(guarantee_ids)]
    return {item.pk.removeprefix("GUAR#"): _state(item) for item in StateItem.batch_get(keys)}


@_unavailable_on_engine_errors
def get_version(guarantee_id: str, version: int) -> dict | None:
    try:
        return _plain(GuaranteeVersionItem.get(guarantee_pk(guarantee_id), version_sk(version), consistent_read=True).data)
    except GuaranteeVersionItem.DoesNotExist:
        return None


@_unavailable_on_engine_errors
def get_idempotent_result(surety_id: str, key: str) -> IdempotentResult | None:
    try:
        item = IdempotencyItem.get(idempotency_pk(surety_id, key), "IDEM", consistent_read=True)
    except IdempotencyItem.DoesNotExist:
        return None
    # DynamoDB deletes expired items lazily: treat an expired record as gone.
    if item.expires_at <= dt.datetime.now(dt.timezone.utc):
        return None
    return IdempotentResult(surety_id, key, item.fingerprint, int(item.status_code),
                            bytes(item.sealed_body), item.guarantee_id, item.expires_at)


@dataclass(frozen=True)
class KeyMatch:
    guarantee_id: str
    version: int
    version_record: dict


def _get_raw(operation: str, pk: str, sk: str) -> dict | None:
    """One strongly consistent GetItem, straight to the API (PynamoDB's Model.get would first
    describe the table: a round trip more on a cold start)."""
    request = {"TableName": SETTINGS.table_name, "Key": {"pk": {"S": pk}, "sk": {"S": sk}}, "ConsistentRead": True}
    try:
        return _connection().dispatch("GetItem", request).get("Item")
    except (BotoCoreError, ClientError) as e:
        raise StoreUnavailable(operation) from e


def find_by_key(contract_number: str, key_hash: str) -> KeyMatch | None:
    """The version a key opens, if the key belongs to this 保証契約番号. Found by the key's hash
    alone: the same single read whether the number exists, belongs to another surety or not."""
    raw = _get_raw("find_by_key", key_pk(key_hash), KEY_SK)
    if raw is None:
        return None
    item = KeyItem.from_raw_data(raw)
    if not hmac.compare_digest(item.contract_number.encode("utf-8"), contract_number.encode("utf-8")):
        return None
    return KeyMatch(item.guarantee_id, int(item.version), _plain(item.data.as_dict()))


def get_state(guarantee_id: str) -> GuaranteeState | None:
    raw = _get_raw("get_state", guarantee_pk(guarantee_id), STATE_SK)
    return _state(StateItem.from_raw_data(raw)) if raw is not None else None


def live_state(guarantee_id: str) -> GuaranteeState:
    """The state of a guarantee known to exist (its head was read). Missing only while
    `devtools.manage data migrate` has not yet moved a guarantee stored before December 2026:
    503, try again shortly."""
    state = get_state(guarantee_id)
    if state is None:
        raise StoreUnavailable("live_state (not migrated yet)")
    return state


def read_for_key(contract_number: str, key_hash: str) -> tuple[KeyMatch, GuaranteeState] | None:
    """The key's version and the guarantee's live state, strongly consistent; None for a key
    that does not open this number. (Wrong keys are counted afterwards, by count_wrong_key:
    a right key never waits on a counter.)"""
    match = find_by_key(contract_number, key_hash)
    if match is None:
        return None
    state = get_state(match.guarantee_id)
    return (match, state) if state is not None else None


@_unavailable_on_engine_errors
def find_guarantee_id(surety_id: str, contract_number: str) -> str | None:
    """A surety's guarantee with this 保証契約番号."""
    try:
        return NumberClaimItem.get(number_pk(contract_number), surety_sk(surety_id), consistent_read=True).guarantee_id
    except NumberClaimItem.DoesNotExist:
        return None


@_unavailable_on_engine_errors
def guarantees_numbered(contract_number: str) -> list[tuple[str, str]]:
    """(surety id, guarantee id) of every guarantee with this 保証契約番号, one per surety."""
    return [(item.sk.removeprefix("SURETY#"), item.guarantee_id) for item in NumberClaimItem.query(
        number_pk(contract_number), NumberClaimItem.sk.startswith("SURETY#"), consistent_read=True)]


@_unavailable_on_engine_errors
def list_versions(guarantee_id: str) -> list[dict]:
    return [_plain(item.data.as_dict()) for item in GuaranteeVersionItem.query(
        guarantee_pk(guarantee_id), GuaranteeVersionItem.sk.startswith("VER#"), consistent_read=True)]


@_unavailable_on_engine_errors
def query_heads(index: str, partition: str, limit: int, start: dict | None) -> tuple[list[dict], dict | None]:
    """Guarantee heads in an index partition, newest first; returns (heads, key to continue from)."""
    idx = GuaranteeHead.gsi1 if index == "gsi1" else GuaranteeHead.gsi2
    result = idx.query(partition, scan_index_forward=False, limit=limit, last_evaluated_key=start)
    heads = [{"guarantee_id": h.pk.removeprefix("GUAR#"), "contract_number": h.contract_number,
              "latest_version": int(h.latest_version), "status": h.status, "created_at": h.created_at}
             for h in result]
    return heads, result.last_evaluated_key


def feed_key(surety_id: str) -> str:
    return f"FEED#{surety_id}"


def _event_item(guarantee_id: str, event: dict, surety_id: str) -> EventItem:
    # Time first so a Query returns the log in order; random tail so two events in the
    # same microsecond never overwrite each other. In the surety's feed by when it is written
    # (made here, just before the write), not by the event's own time: an event dated earlier
    # — a job's, or one whose request waited on retries — must not sort behind a reader that
    # has gone past that time (the feed holds back only what is younger than its settling time).
    tail = secrets.token_hex(4)
    written = iso_utc_precise(clock.now())
    return EventItem(guarantee_pk(guarantee_id), f"EVT#{event['at']}#{tail}", data=event,
                     gsi2pk=feed_key(surety_id), gsi2sk=f"{written}#{guarantee_id}#{tail}")


@_unavailable_on_engine_errors
def add_event(guarantee_id: str, surety_id: str, event: dict, mails: list[OutboxMail] = ()) -> None:
    """An event, and the mails it sends, together."""
    if not mails:
        _event_item(guarantee_id, event, surety_id).save(condition=_Item.pk.does_not_exist())
        return
    puts: list[tuple[str, Model]] = [("event", _event_item(guarantee_id, event, surety_id))]
    puts += _mail_puts("mail", mails, guarantee_id, event["at"])
    _transact("add_event", puts)


@_unavailable_on_engine_errors
def list_events(guarantee_id: str) -> list[dict]:
    return [_plain(item.data.as_dict()) for item in EventItem.query(
        guarantee_pk(guarantee_id), EventItem.sk.startswith("EVT#"), consistent_read=True)]


@_unavailable_on_engine_errors
def page_events(guarantee_id: str, limit: int, start: dict | None) -> tuple[list[dict], dict | None]:
    result = EventItem.query(guarantee_pk(guarantee_id), EventItem.sk.startswith("EVT#"),
                             consistent_read=True, limit=limit, last_evaluated_key=start)
    return [_plain(item.data.as_dict()) for item in result], result.last_evaluated_key


def _feed_entry(item: EventItem) -> dict:
    return {"event_id": item.gsi2sk, "guarantee_id": item.pk.removeprefix("GUAR#"), "event": _plain(item.data.as_dict())}


def _feed_key(item: EventItem) -> dict:
    return {"pk": {"S": item.pk}, "sk": {"S": item.sk}, "gsi2pk": {"S": item.gsi2pk}, "gsi2sk": {"S": item.gsi2sk}}


def _feed_query(surety_id: str, before: str, limit: int, start: dict | None, since: str | None):
    # An event's index key is "<written>#…": a bare time sorts before every event written at that instant.
    condition = EventItem.gsi2sk.between(since, before) if since else EventItem.gsi2sk < before
    return EventItem.feed.query(feed_key(surety_id), condition, limit=limit, last_evaluated_key=start)


@_unavailable_on_engine_errors
def page_feed(surety_id: str, before: str, limit: int, start: dict | None) -> tuple[list[dict], dict | None, bool]:
    """The surety's events in the order written, those written before `before` (a time), from
    `start`; each with its guarantee id. Returns the events, the key to continue from (also at
    the end, after the last event) and whether more are there now."""
    result = _feed_query(surety_id, before, limit, start, None)
    items = list(result)
    last = result.last_evaluated_key
    more = last is not None
    if last is None and items:
        last = _feed_key(items[-1])  # the end for now: a cursor after the last event, to come back for newer ones
    return [_feed_entry(item) for item in items], last, more


@_unavailable_on_engine_errors
def feed_after(surety_id: str, since: str | None, before: str, start: dict | None,
               limit: int) -> list[tuple[dict, dict]]:
    """Events of the surety's feed after `start` (a key) or else after `since` (a time), before
    `before`, each with its own key (where a reader that got it stands)."""
    if since and since >= before:
        return []  # nothing can be between (and DynamoDB refuses such a range)
    return [(_feed_entry(item), _feed_key(item)) for item in _feed_query(surety_id, before, limit, start, since)]


@_unavailable_on_engine_errors
def get_head(guarantee_id: str) -> dict | None:
    try:
        item = GuaranteeHead.get(guarantee_pk(guarantee_id), "HEAD", consistent_read=True)
    except GuaranteeHead.DoesNotExist:
        return None
    return {
        "surety_id": item.surety_id, "contract_number": item.contract_number,
        "latest_version": int(item.latest_version), "status": item.status, "created_at": item.created_at,
    }


# ---- sureties and their tokens ---------------------------------------------------------

@_unavailable_on_engine_errors
def put_surety(surety: Surety) -> None:
    SuretyItem(f"SURETY#{surety.id}", "PROFILE", name=surety.name, contact=surety.contact,
               representative=surety.representative, head_office=surety.head_office,
               branches=surety.branches or None, created_at=_nowiso_utc_precise()).save()


@_unavailable_on_engine_errors
def get_surety(surety_id: str) -> Surety | None:
    try:
        item = SuretyItem.get(f"SURETY#{surety_id}", "PROFILE")
    except SuretyItem.DoesNotExist:
        return None
    return Surety(surety_id, item.name, item.contact.as_dict() if item.contact else None,
                  item.representative, item.head_office, item.branches.as_dict() if item.branches else {})


@dataclass(frozen=True)
class TokenRecord:
    token_id: str
    surety_id: str
    secret_hash: str
    scopes: tuple[str, ...]
    revoked: bool


@_unavailable_on_engine_errors
def put_token(token_id: str, surety_id: str, secret_hash: str, scopes: list[str], label: str | None) -> None:
    TokenItem(f"TOKEN#{token_id}", "TOKEN", surety_id=surety_id, secret_hash=secret_hash,
              scopes=scopes, label=label, created_at=_nowiso_utc_precise()).save(condition=_Item.pk.does_not_exist())


@_unavailable_on_engine_errors
def get_token(token_id: str) -> TokenRecord | None:
    try:
        item = TokenItem.get(f"TOKEN#{token_id}", "TOKEN", consistent_read=True)
    except TokenItem.DoesNotExist:
        return None
    return TokenRecord(token_id, item.surety_id, item.secret_hash, tuple(item.scopes or ()),
                       item.revoked_at is not None)


@_unavailable_on_engine_errors
def revoke_token(token_id: str) -> bool:
    try:
        item = TokenItem.get(f"TOKEN#{token_id}", "TOKEN", consistent_read=True)
    except TokenItem.DoesNotExist:
        return False
    item.update(actions=[TokenItem.revoked_at.set(_nowiso_utc_precise())])
    return True


# ---- orderer staff: sign-in codes and sessions ------------------------------------------------

SignInCode = staff.SignInCode


def _code_pk(address_hash: str) -> str:
    return f"SIGNIN#{address_hash}"


@_unavailable_on_engine_errors
def get_sign_in_code(address_hash: str) -> SignInCode | None:
    try:
        item = SignInCodeItem.get(_code_pk(address_hash), "CODE", consistent_read=True)
    except SignInCodeItem.DoesNotExist:
        return None
    return SignInCode(item.code_hash, parse_iso_utc_precise(item.code_expires), int(item.attempts), int(item.sent),
                      parse_iso_utc_precise(item.window_start))


@_unavailable_on_engine_errors
def put_sign_in_code(address_hash: str, code: SignInCode, keep_until: dt.datetime,
                     replaces: SignInCode | None) -> bool:
    """A new code, replacing ``replaces`` (the code read before; None: no code yet): only the
    newest works. False if another request replaced it meanwhile, so parallel requests (and a
    replacement racing a request) cannot overrun the per-address count. (Its e-mail is sent
    directly, never through the outbox table: the table holds no code in clear.)"""
    item = SignInCodeItem(_code_pk(address_hash), "CODE", code_hash=code.code_hash,
                          code_expires=iso_utc_precise(code.code_expires), attempts=0, sent=code.sent,
                          window_start=iso_utc_precise(code.window_start), expires_at=keep_until)
    return _saved_if(item, SignInCodeItem.pk.does_not_exist() if replaces is None
                     else (SignInCodeItem.sent == replaces.sent)
                     & (SignInCodeItem.window_start == iso_utc_precise(replaces.window_start))
                     & (SignInCodeItem.code_hash == replaces.code_hash))


@_unavailable_on_engine_errors
def counter(pk: str, window: str) -> int:
    return counters([(pk, window)])[(pk, window)]


def _update_code(address_hash: str, actions: list, condition) -> SignInCodeItem | None:
    item = SignInCodeItem(_code_pk(address_hash), "CODE")
    return item if _updated_if(item, actions, condition) else None


@_unavailable_on_engine_errors
def count_wrong_code(address_hash: str, code_hash: str, budget: int) -> int | None:
    """One more wrong code against the live code, atomically: its new count, or None once the
    code was replaced or its budget is spent (parallel guesses cannot overrun it)."""
    item = _update_code(address_hash, [SignInCodeItem.attempts.add(1)],
                        (SignInCodeItem.code_hash == code_hash) & (SignInCodeItem.attempts < budget))
    return int(item.attempts) if item is not None else None


@_unavailable_on_engine_errors
def use_sign_in_code(address_hash: str, code_hash: str, budget: int, now: dt.datetime) -> bool:
    """Spend the code: True for exactly one caller that presents it, while it is live."""
    return _update_code(address_hash, [SignInCodeItem.code_hash.set(staff.USED)],
                        (SignInCodeItem.code_hash == code_hash) & (SignInCodeItem.attempts < budget)
                        & (SignInCodeItem.code_expires > iso_utc_precise(now))) is not None


@_unavailable_on_engine_errors
def put_staff_session(token_hash: str, email: str, orderer_id: str, now: dt.datetime, ends: dt.datetime) -> None:
    moment = iso_utc_precise(now)
    StaffSessionItem(f"SESSION#{token_hash}", "SESSION", email=email, orderer_id=orderer_id, created_at=moment,
                     last_seen=moment, expires_at=ends).save()


@_unavailable_on_engine_errors
def get_staff_session(token_hash: str) -> dict | None:
    try:
        item = StaffSessionItem.get(f"SESSION#{token_hash}", "SESSION", consistent_read=True)
    except StaffSessionItem.DoesNotExist:
        return None
    entries = ({"department": item.receipt_department, "name": item.receipt_name}
               if item.receipt_department and item.receipt_name else None)
    return {"email": item.email, "orderer_id": item.orderer_id,
            "created_at": parse_iso_utc_precise(item.created_at), "last_seen": parse_iso_utc_precise(item.last_seen),
            "receipt_entries": entries}


@_unavailable_on_engine_errors
def touch_staff_session(token_hash: str, now: dt.datetime) -> None:
    # Never bring back a session signed out meanwhile (an update would create a partial item).
    _updated_if(StaffSessionItem(f"SESSION#{token_hash}", "SESSION"),
                [StaffSessionItem.last_seen.set(iso_utc_precise(now))], StaffSessionItem.pk.exists())


@_unavailable_on_engine_errors
def remember_receipt_entries(token_hash: str, department: str, name: str) -> None:
    # As touch: a session signed out meanwhile stays gone.
    _updated_if(StaffSessionItem(f"SESSION#{token_hash}", "SESSION"),
                [StaffSessionItem.receipt_department.set(department), StaffSessionItem.receipt_name.set(name)],
                StaffSessionItem.pk.exists())


@_unavailable_on_engine_errors
def delete_staff_session(token_hash: str) -> None:
    StaffSessionItem(f"SESSION#{token_hash}", "SESSION").delete()


# ---- outbox ------------------------------------------------------------------------------

_PENDING = "OUTBOX#PENDING"
MAIL_LEASE = dt.timedelta(minutes=2)


def _mail_pk(mail_id: str) -> str:
    return f"MAIL#{mail_id}"


def _mail_puts(name: str, mails, guarantee_id: str, created_at: str) -> list[tuple[str, Model]]:
    """Outbox mails as named puts of a transaction (name0, name1, …)."""
    return [(f"{name}{i}", _mail_item(m, guarantee_id, created_at)) for i, m in enumerate(mails)]


def _mail_item(mail: OutboxMail, guarantee_id: str, created_at: str) -> MailItem:
    # Due at once; gsi1sk is the due time so the sweep reads only what is due.
    return MailItem(_mail_pk(mail.mail_id), "MAIL", to=mail.to, raw=mail.raw, guarantee_id=guarantee_id,
                    status="pending", attempts=0, next_attempt_at=created_at, created_at=created_at,
                    gsi1pk=_PENDING, gsi1sk=created_at)


@_unavailable_on_engine_errors
def claim_mail(mail_id: str, now: dt.datetime) -> OutboxMail | None:
    """Take a due message for sending (a lease), so two workers never send it together."""
    item = MailItem(_mail_pk(mail_id), "MAIL")
    lease_until = iso_utc_precise(now + MAIL_LEASE)
    if not _updated_if(item, [MailItem.attempts.add(1), MailItem.next_attempt_at.set(lease_until),
                              MailItem.gsi1sk.set(lease_until)],
                       (MailItem.status == "pending") & (MailItem.next_attempt_at <= iso_utc_precise(now))):
        return None
    return OutboxMail(mail_id, item.to, bytes(item.raw))


@_unavailable_on_engine_errors
def mail_attempts(mail_id: str) -> int:
    return int(MailItem.get(_mail_pk(mail_id), "MAIL", consistent_read=True).attempts)


@_unavailable_on_engine_errors
def mark_mail_sent(mail_id: str, now: dt.datetime, keep_until: dt.datetime) -> None:
    MailItem(_mail_pk(mail_id), "MAIL").update(actions=[
        MailItem.status.set("sent"), MailItem.sent_at.set(iso_utc_precise(now)), MailItem.expires_at.set(keep_until),
        MailItem.gsi1pk.remove(), MailItem.gsi1sk.remove()])


@_unavailable_on_engine_errors
def release_mail(mail_id: str, error: str, retry_at: dt.datetime, keep_until: dt.datetime | None) -> None:
    """Back to the queue for ``retry_at``; given up (kept until ``keep_until``) when that is set."""
    actions = [MailItem.last_error.set(error[:100])]
    if keep_until is not None:
        actions += [MailItem.status.set("failed"), MailItem.expires_at.set(keep_until),
                    MailItem.gsi1pk.remove(), MailItem.gsi1sk.remove()]
    else:
        actions += [MailItem.next_attempt_at.set(iso_utc_precise(retry_at)), MailItem.gsi1sk.set(iso_utc_precise(retry_at))]
    MailItem(_mail_pk(mail_id), "MAIL").update(actions=actions)


def index_old_events() -> int:
    """Put events written before the surety's feed existed (December 2026) into it; safe to run
    again. Returns how many were added."""
    sureties: dict[str, str | None] = {}
    added = 0
    unindexed = EventItem.sk.startswith("EVT#") & EventItem.gsi2pk.does_not_exist()
    for item in EventItem.scan(filter_condition=unindexed, consistent_read=True):
        guarantee_id = item.pk.removeprefix("GUAR#")
        if guarantee_id not in sureties:
            head = get_head(guarantee_id)
            sureties[guarantee_id] = head["surety_id"] if head else None
        if sureties[guarantee_id] is None:
            continue
        at, tail = item.sk.removeprefix("EVT#").rsplit("#", 1)
        added += _updated_if(item, [EventItem.gsi2pk.set(feed_key(sureties[guarantee_id])),
                                    EventItem.gsi2sk.set(f"{at}#{guarantee_id}#{tail}")],
                             EventItem.gsi2pk.does_not_exist())
    return added


def expire_old_mails(keep_sent: dt.timedelta, keep_failed: dt.timedelta, now: dt.datetime) -> int:
    """Give messages sent or given up before mails expired (December 2026) their end: sent ones
    ``keep_sent`` after sending, failed ones ``keep_failed`` from now (when they were given up
    was not kept). Safe to run again; returns how many were changed."""
    changed = 0
    finished = MailItem.pk.startswith("MAIL#") & MailItem.expires_at.does_not_exist() & \
        MailItem.status.is_in("sent", "failed")
    for item in MailItem.scan(filter_condition=finished, consistent_read=True):
        sent_at = parse_iso_utc_precise(item.sent_at) if item.status == "sent" and item.sent_at else None
        end = sent_at + keep_sent if sent_at else now + keep_failed
        changed += _updated_if(item, [MailItem.expires_at.set(end)], MailItem.expires_at.does_not_exist())
    return changed


@_unavailable_on_engine_errors
def due_mail_ids(now: dt.datetime, limit: int) -> list[str]:
    # Index reads are eventually consistent: claim_mail re-checks with a condition.
    items = MailItem.gsi1.query(_PENDING, MailItem.gsi1sk <= iso_utc_precise(now), limit=limit)
    return [item.pk.removeprefix("MAIL#") for item in items]


@_unavailable_on_engine_errors
def get_mail(mail_id: str) -> dict | None:
    try:
        item = MailItem.get(_mail_pk(mail_id), "MAIL", consistent_read=True)
    except MailItem.DoesNotExist:
        return None
    return {"to": item.to, "status": item.status, "attempts": int(item.attempts),
            "last_error": item.last_error, "guarantee_id": item.guarantee_id, "kept_until": item.expires_at}


# ---- failure counters ---------------------------------------------------------------------

@_unavailable_on_engine_errors
def counters(keys: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """Several counters (pk, window) at once, strongly consistent; a missing one is 0."""
    found = {(item.pk, item.sk): int(item.count) for item in CounterItem.batch_get(keys, consistent_read=True)}
    return {key: found.get(key, 0) for key in keys}


@_unavailable_on_engine_errors
def take_from_counters(limited: list[tuple[str, str, int]], expires_at: dt.datetime) -> bool:
    """One more on each counter (pk, window, limit), only while every one is below its limit,
    all together in one conditional write: False (nothing counted) when a limit is reached.
    No read comes first, so a parallel burst passes exactly the limit, never more.
    Only a failed condition means a limit: two requests counting on the same counter at the
    same instant (TransactionConflict, e.g. two clerks behind one town hall's address) are
    tried again, and a conflict that persists is the store being unavailable, never a 429."""
    for attempt in range(_COUNTER_TRIES):
        try:
            with TransactWrite(connection=_connection()) as tx:
                for pk, window, limit in limited:
                    tx.update(CounterItem(pk, window),
                              actions=[CounterItem.count.add(1), CounterItem.expires_at.set(expires_at)],
                              condition=CounterItem.count.does_not_exist() | (CounterItem.count < limit))
        except TransactWriteError as e:
            if _error_code(e) != "TransactionCanceledException":
                raise
            reasons = [r.code for r in (e.cancellation_reasons or []) if r is not None]
            if _CONDITION_FAILED in reasons:
                return False
            if attempt + 1 < _COUNTER_TRIES:
                time.sleep(random.uniform(0.01, 0.05) * (attempt + 1))
                continue
            raise StoreUnavailable("take_from_counters") from e
        return True
    raise AssertionError("unreachable")


# Tries of a counting transaction that met another one on the same counter.
_COUNTER_TRIES = 3


def give_back_to_counters(keys: list[tuple[str, str]]) -> None:
    """Undo ``take_from_counters`` for what turned out not to count (a right sign-in code).
    Best effort: by now the right code has signed in; a give-back lost to a concurrent write
    or an engine error leaves one count too many for at most the hour, which must not turn
    the sign-in into an error."""
    for pk, window in keys:
        try:
            _updated_if(CounterItem(pk, window), [CounterItem.count.add(-1)], CounterItem.count > 0)
        except (PynamoDBException, StoreUnavailable) as e:
            log.warning("counter give-back skipped: %s", type(e).__name__)


@_unavailable_on_engine_errors
def count_wrong_key(limited: list[tuple[str, str, int]], signal: tuple[str, str], expires_at: dt.datetime) -> int | None:
    """Count a wrong key: each limited counter (pk, window, limit) goes up only while below its
    limit, all together, so parallel requests cannot pass a limit; then the signal counter.
    Returns the signal counter's new value, or None when a limit was already reached (nothing
    counted). The same writes whatever the number: nothing here depends on whether it exists."""
    if not take_from_counters(limited, expires_at):
        return None
    item = CounterItem(*signal)
    item.update(actions=[CounterItem.count.add(1), CounterItem.expires_at.set(expires_at)])
    return int(item.count)


_BURSTS = "BURST"


@_unavailable_on_engine_errors
def note_burst(number: str, window: str, at: str, until: str, count: int, actor: dict,
               keep_until: dt.datetime) -> bool:
    """Note a burst of wrong keys for a number, once per window; False if it was noted already."""
    item = BurstItem(_BURSTS, f"{window}#{number}", at=at, until=until, count=count, actor=actor, expires_at=keep_until)
    return _saved_if(item, BurstItem.pk.does_not_exist())


@dataclass(frozen=True)
class Burst:
    key: str
    number: str
    window: str
    at: str
    until: str
    count: int
    actor: dict


@_unavailable_on_engine_errors
def pending_bursts(limit: int = 100) -> list[Burst]:
    out = []
    for item in BurstItem.query(_BURSTS, consistent_read=True, limit=limit):
        window, number = item.sk.split("#", 1)
        out.append(Burst(item.sk, number, window, item.at, item.until, int(item.count), _plain(item.actor.as_dict())))
    return out


@_unavailable_on_engine_errors
def clear_burst(key: str) -> None:
    BurstItem(_BURSTS, key).delete()


# ---- signing keys ------------------------------------------------------------------------

_SIGNING_KEYS = "SIGNKEYS"


@_unavailable_on_engine_errors
def register_signing_key(jwk: dict) -> bool:
    """Make this public key the current one and retire the others. False if it already was."""
    try:
        existing = SigningKeyItem.get(_SIGNING_KEYS, jwk["kid"], consistent_read=True)
        if existing.status == "current":
            return False
    except SigningKeyItem.DoesNotExist:
        pass
    now = _nowiso_utc_precise()
    for item in SigningKeyItem.query(_SIGNING_KEYS, consistent_read=True):
        if item.sk != jwk["kid"] and item.status == "current":
            item.update(actions=[SigningKeyItem.status.set("retired"), SigningKeyItem.retired_at.set(now)])
    SigningKeyItem(_SIGNING_KEYS, jwk["kid"], jwk=jwk, status="current", created_at=now).save()
    return True


@_unavailable_on_engine_errors
def signing_keys() -> list[dict]:
    items = sorted(SigningKeyItem.query(_SIGNING_KEYS, consistent_read=True), key=lambda i: i.created_at,
                   reverse=True)
    items.sort(key=lambda i: i.status != "current")  # stable: current first, then newest retired
    return [{"jwk": _plain(i.jwk.as_dict()), "status": i.status, "created_at": i.created_at} for i in items]


# ---- webhooks ----------------------------------------------------------------------------

_DUE_WEBHOOKS = "WEBHOOKS"
WEBHOOK_LEASE = dt.timedelta(minutes=2)


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
    cursor: dict | None
    failures: int
    next_attempt_at: str
    last_error: str | None
    last_failure_at: str | None
    last_success_at: str | None
    delivered: int
    created_at: str


def _webhook_pk(surety_id: str) -> str:
    return f"WEBHOOK#{surety_id}"


def _webhook(item: WebhookItem) -> Webhook:
    return Webhook(
        surety_id=item.pk.removeprefix("WEBHOOK#"), webhook_id=item.sk, url=item.url, description=item.description,
        sealed_secret=bytes(item.sealed_secret),
        sealed_previous=bytes(item.sealed_previous) if item.sealed_previous is not None else None,
        previous_until=item.previous_until, since=item.since,
        cursor=json.loads(item.cursor) if item.cursor else None, failures=int(item.failures),
        next_attempt_at=item.next_attempt_at, last_error=item.last_error, last_failure_at=item.last_failure_at,
        last_success_at=item.last_success_at, delivered=int(item.delivered), created_at=item.created_at)


@_unavailable_on_engine_errors
def webhooks_of(surety_id: str) -> list[Webhook]:
    return [_webhook(item) for item in WebhookItem.query(_webhook_pk(surety_id), consistent_read=True)]


@_unavailable_on_engine_errors
def get_webhook(surety_id: str, webhook_id: str) -> Webhook | None:
    try:
        return _webhook(WebhookItem.get(_webhook_pk(surety_id), webhook_id, consistent_read=True))
    except WebhookItem.DoesNotExist:
        return None


@_unavailable_on_engine_errors
def put_webhook(surety_id: str, webhook_id: str, url: str, description: str | None, sealed_secret: bytes,
                now: dt.datetime) -> None:
    at = iso_utc_precise(now)
    WebhookItem(_webhook_pk(surety_id), webhook_id, url=url, description=description, sealed_secret=sealed_secret,
                since=at, failures=0, delivered=0, next_attempt_at=at, created_at=at,
                gsi1pk=_DUE_WEBHOOKS, gsi1sk=at).save(condition=_Item.pk.does_not_exist())


@_unavailable_on_engine_errors
def delete_webhook(surety_id: str, webhook_id: str) -> bool:
    try:
        WebhookItem(_webhook_pk(surety_id), webhook_id).delete(condition=_Item.pk.exists())
    except DeleteError as e:
        if _error_code(e) == "ConditionalCheckFailedException":
            return False
        raise
    return True


@_unavailable_on_engine_errors
def rotate_webhook_secret(surety_id: str, webhook_id: str, replaced: bytes, sealed_secret: bytes,
                          sealed_previous: bytes, previous_until: dt.datetime) -> bool:
    """The new secret signs from now; those it replaces (``sealed_previous``) until ``previous_until`` at the
    latest. False if the secret is no longer ``replaced`` (another rotation came first) or the endpoint is gone."""
    return _updated_if(WebhookItem(_webhook_pk(surety_id), webhook_id),
                       [WebhookItem.sealed_secret.set(sealed_secret), WebhookItem.sealed_previous.set(sealed_previous),
                        WebhookItem.previous_until.set(iso_utc_precise(previous_until))],
                       _Item.pk.exists() & (WebhookItem.sealed_secret == replaced))


@_unavailable_on_engine_errors
def rewind_webhook(surety_id: str, webhook_id: str, since: str | None, cursor: dict | None, now: dt.datetime) -> bool:
    """Deliver again from a time or a feed key, at once (a failing endpoint's wait ends too; its
    failures stay on record until a delivery succeeds)."""
    at = iso_utc_precise(now)
    actions = [WebhookItem.cursor.set(json.dumps(cursor)) if cursor else WebhookItem.cursor.remove(),
               WebhookItem.next_attempt_at.set(at), WebhookItem.gsi1sk.set(at),
               WebhookItem.lease.remove()]  # a worker delivering now stops at its next step
    if since:
        actions.append(WebhookItem.since.set(since))
    return _updated_if(WebhookItem(_webhook_pk(surety_id), webhook_id), actions, _Item.pk.exists())


@_unavailable_on_engine_errors
def due_webhooks(now: dt.datetime, limit: int = 100) -> list[tuple[str, str]]:
    # Index reads are eventually consistent: claim_webhook re-checks with a condition.
    items = WebhookItem.gsi1.query(_DUE_WEBHOOKS, WebhookItem.gsi1sk <= iso_utc_precise(now), limit=limit)
    return [(item.pk.removeprefix("WEBHOOK#"), item.sk) for item in items]


@_unavailable_on_engine_errors
def claim_webhook(surety_id: str, webhook_id: str, lease: str, now: dt.datetime) -> Webhook | None:
    """Take a due endpoint for delivering (a lease), so two workers never deliver to it together."""
    item = WebhookItem(_webhook_pk(surety_id), webhook_id)
    until = iso_utc_precise(now + WEBHOOK_LEASE)
    if not _updated_if(item, [WebhookItem.lease.set(lease), WebhookItem.next_attempt_at.set(until),
                              WebhookItem.gsi1sk.set(until)],
                       _Item.pk.exists() & (WebhookItem.next_attempt_at <= iso_utc_precise(now))):
        return None
    return _webhook(item)


@_unavailable_on_engine_errors
def advance_webhook(surety_id: str, webhook_id: str, lease: str, cursor: dict, now: dt.datetime) -> bool:
    """One more event delivered; False if the lease was lost (another worker has the endpoint)."""
    return _updated_if(WebhookItem(_webhook_pk(surety_id), webhook_id),
                       [WebhookItem.cursor.set(json.dumps(cursor)), WebhookItem.delivered.add(1),
                        WebhookItem.failures.set(0), WebhookItem.last_success_at.set(iso_utc_precise(now))],
                       WebhookItem.lease == lease)


@_unavailable_on_engine_errors
def release_webhook(surety_id: str, webhook_id: str, lease: str, next_attempt: dt.datetime, error: str | None,
                    now: dt.datetime) -> None:
    """Give the endpoint back, due again at ``next_attempt``; with the error if the delivery failed."""
    at = iso_utc_precise(next_attempt)
    actions = [WebhookItem.lease.remove(), WebhookItem.next_attempt_at.set(at), WebhookItem.gsi1sk.set(at)]
    if error:
        actions += [WebhookItem.failures.add(1), WebhookItem.last_error.set(error[:100]),
                    WebhookItem.last_failure_at.set(iso_utc_precise(now))]
    _updated_if(WebhookItem(_webhook_pk(surety_id), webhook_id), actions, WebhookItem.lease == lease)


# ---- table lifecycle -------------------------------------------------------------------

def ensure_table() -> bool:
    """Create the table from `table.TABLE` if it does not exist. Returns True if created."""
    import boto3  # admin path only: keep it out of the request path's imports

    client = boto3.client("dynamodb", region_name=SETTINGS.region, endpoint_url=SETTINGS.dynamodb_endpoint)
    try:
        client.describe_table(TableName=SETTINGS.table_name)
        return False
    except client.exceptions.ResourceNotFoundException:
        pass
    client.create_table(TableName=SETTINGS.table_name, **table.TABLE)
    client.get_waiter("table_exists").wait(TableName=SETTINGS.table_name, WaiterConfig={"Delay": 1, "MaxAttempts": 120})
    client.update_time_to_live(
        TableName=SETTINGS.table_name,
        TimeToLiveSpecification={"Enabled": True, "AttributeName": table.TTL_ATTRIBUTE},
    )
    return True


def migrate_to_keys_by_hash() -> dict[str, int]:
    """Move guarantees stored before 保証契約番号 became per-surety (December 2026) to today's
    layout; safe to run again (what moved is gone) and to stop at any point.

    before: NUM#<number> CLAIM (live state)           → GUAR#<id> STATE + NUM#<number> SURETY#<surety>
            NUM#<number> KEY#<hash> (one per version) → KEY#<hash> KEY (with the number)

    The keys move first, in transactions of at most 50 (a put and a delete each); the state
    and the claim last, and only if the old claim is still as it was read (a request of the
    previous code that wrote meanwhile makes that number wait for the next run). A number
    that fails is reported and the others go on.
    """
    import boto3  # admin path only
    from botocore.exceptions import ClientError as AdminClientError

    client = boto3.client("dynamodb", region_name=SETTINGS.region, endpoint_url=SETTINGS.dynamodb_endpoint)
    name = SETTINGS.table_name
    old: dict[str, list[dict]] = {}
    pages = client.get_paginator("scan").paginate(
        TableName=name, ConsistentRead=True, FilterExpression="begins_with(pk, :n)",
        ExpressionAttributeValues={":n": {"S": "NUM#"}})
    for page in pages:
        for raw in page["Items"]:
            if raw["sk"]["S"] == "CLAIM" or raw["sk"]["S"].startswith("KEY#"):
                old.setdefault(raw["pk"]["S"], []).append(raw)
    moved = {"guarantees": 0, "keys": 0, "failed": 0}

    def put(item: dict) -> dict:
        return {"Put": {"TableName": name, "Item": item, "ConditionExpression": "attribute_not_exists(pk)"}}

    def delete(raw: dict, **condition) -> dict:
        return {"Delete": {"TableName": name, "Key": {"pk": raw["pk"], "sk": raw["sk"]}, **condition}}

    for pk, raws in old.items():
        number = pk.removeprefix("NUM#")
        keys = [r for r in raws if r["sk"]["S"].startswith("KEY#")]
        try:
            for start in range(0, len(keys), 50):
                actions = []
                for key in keys[start:start + 50]:
                    actions += [put({**{k: v for k, v in key.items() if k not in ("pk", "sk")},
                                     "pk": {"S": key_pk(key["sk"]["S"].removeprefix("KEY#"))}, "sk": {"S": KEY_SK},
                                     "contract_number": {"S": number}}),
                                delete(key)]
                client.transact_write_items(TransactItems=actions)
                moved["keys"] += len(actions) // 2
            claims = [r for r in raws if r["sk"]["S"] == "CLAIM"]
            if not claims:
                continue  # keys of a claim moved in an earlier run
            [claim] = claims
            state = {k: v for k, v in claim.items() if k not in ("pk", "sk", "guarantee_id")}
            guarantee_id, surety_id = claim["guarantee_id"]["S"], claim["surety_id"]["S"]
            unchanged = {"ConditionExpression": "latest_version = :v AND #s = :s",
                         "ExpressionAttributeNames": {"#s": "status"},
                         "ExpressionAttributeValues": {":v": claim["latest_version"], ":s": claim["status"]}}
            if "receipts" in claim:
                unchanged["ConditionExpression"] += " AND receipts = :r"
                unchanged["ExpressionAttributeValues"][":r"] = claim["receipts"]
            client.transact_write_items(TransactItems=[
                put({**state, "pk": {"S": guarantee_pk(guarantee_id)}, "sk": {"S": STATE_SK},
                     "contract_number": {"S": number}}),
                put({"pk": {"S": pk}, "sk": {"S": surety_sk(surety_id)}, "guarantee_id": {"S": guarantee_id}}),
                delete(claim, **unchanged),
            ])
            moved["guarantees"] += 1
        except AdminClientError as e:
            moved["failed"] += 1
            log.warning("migration of one 保証契約番号 failed (%s); run again", e.response["Error"]["Code"])
    return moved
