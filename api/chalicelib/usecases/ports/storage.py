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

import builtins
import datetime as dt
from collections.abc import Sequence
from typing import Protocol

from ...domain.audit import AuditEntry
from ...domain.staff import SignInCode
from ...domain.submissions import Submission
from ...domain.sureties import Surety
from ...domain.views import GuaranteeState
from .contract_lists import ContractLists
from .records import (
    Burst,
    Cursor,
    FeedEntry,
    GuaranteeHead,
    IdempotentResult,
    KeyMatch,
    MailRecord,
    NewGuarantee,
    NewVersion,
    OutboxMail,
    Record,
    SignedVersion,
    SigningKeyRecord,
    StaffSessionRecord,
    TokenRecord,
    Webhook,
)
from .registry import Activity, Audit, Registry

CounterKey = tuple[str, str]             # (name, window)
LimitedCounter = tuple[str, str, int]    # (name, window, limit)


class Guarantees(Protocol):
    """Guarantees: their versions, live state, keys, numbers, heads and idempotent answers."""

    def create(self, new: NewGuarantee, result: IdempotentResult, mail: OutboxMail | None = None) -> None:
        """Issue: state, head, version 1, key, number claim, event, expiry entry, idempotent
        answer (and mail) at once. ConditionFailed("idempotency") when the key was used
        meanwhile, ("contract_number") when this surety has used the number already."""

    def add_version(self, new: NewVersion, result: IdempotentResult, mail: OutboxMail | None = None,
                    notices: Sequence[OutboxMail] = ()) -> None:
        """Amend: ConditionFailed("state") unless still at new.base_version and active."""

    def cancel(self, guarantee_id: str, surety_id: str, cancellation: Record, event: Record,
               notices: Sequence[OutboxMail] = ()) -> None:
        """ConditionFailed("state") when already cancelled."""

    def record_receipt(self, guarantee_id: str, surety_id: str, version: int, receipt: Record,
                       event: Record, mails: Sequence[OutboxMail], ledger: tuple[str, Record],
                       submission: tuple[Submission, Submission] | None = None) -> None:
        """Once per version, on the latest version of an active guarantee, with the row of
        the orderer's 受領台帳 (orderer id, row); ConditionFailed("state") otherwise. From the
        inbox, ``submission`` is (the entry as read, the entry received), written with it:
        ConditionFailed("submission") when the entry's revision moved on meanwhile."""

    def withdraw_receipt(self, guarantee_id: str, surety_id: str, version: int, orderer_id: str,
                         recorded_at: str, event: Record, mails: Sequence[OutboxMail]) -> None:
        """Remove the receipt recorded at ``recorded_at`` and its ledger row together;
        ConditionFailed("state") when it is no longer there."""

    def idempotent_result(self, surety_id: str, key: str, now: dt.datetime) -> IdempotentResult | None:
        """The kept answer under this Idempotency-Key, None once it has expired."""

    def get_state(self, guarantee_id: str) -> GuaranteeState | None: ...

    def get_states(self, guarantee_ids: Sequence[str]) -> dict[str, GuaranteeState]:
        """Several at once, by id; unknown ids are left out."""

    def get_version(self, guarantee_id: str, version: int) -> SignedVersion | None: ...

    def get_versions(self, wanted: Sequence[tuple[str, int]]) -> dict[tuple[str, int], SignedVersion]:
        """Several versions at once, by (guarantee id, version): batched reads (at most 100 keys a
        call to the engine), strongly consistent like get_version; unknown ones are left out."""

    def list_versions(self, guarantee_id: str) -> list[SignedVersion]:
        """Oldest first."""

    def find_by_key(self, contract_number: str, key_hash: str) -> KeyMatch | None:
        """The version a key opens, if the key belongs to this 保証契約番号: found by the key's
        hash alone, the number compared in constant time; the same single read whether the
        number exists, belongs to another surety or not."""

    def read_for_key(self, contract_number: str, key_hash: str) -> tuple[KeyMatch, GuaranteeState] | None:
        """find_by_key and the live state, or None."""

    def find_guarantee_id(self, surety_id: str, contract_number: str) -> str | None: ...

    def guarantees_numbered(self, contract_number: str) -> list[tuple[str, str]]:
        """(surety id, guarantee id) of every guarantee with this number, one per surety."""

    def get_head(self, guarantee_id: str) -> GuaranteeHead | None: ...

    def heads_by_orderer(self, surety_id: str, orderer_id: str, limit: int,
                         start: Cursor | None) -> tuple[list[GuaranteeHead], Cursor | None]:
        """A surety's guarantees for one orderer, newest issued first (eventually consistent)."""

    def heads_by_contractor(self, surety_id: str, corporate_number: str, limit: int,
                            start: Cursor | None) -> tuple[list[GuaranteeHead], Cursor | None]:
        """A surety's guarantees for one contractor (法人番号 as it stands now), newest first."""


class Expiries(Protocol):
    """The last day of each version's guarantee period, for the daily expiry job."""

    def ending_on(self, day: str, limit: int = 100) -> list[tuple[str, int, str]]:
        """(guarantee id, version, surety id) of versions ending on ``day`` (YYYY-MM-DD), not settled."""

    def settle_ending(self, day: str, guarantee_id: str, version: int) -> None: ...

    def add_expiry_event(self, guarantee_id: str, surety_id: str, day: str, event: Record) -> bool:
        """The `expired` event, once per guarantee and end day; False if written already."""


class Events(Protocol):
    """A guarantee's event log, and each surety's feed of the events of its guarantees.
    (``builtins.list`` in the annotations below: ``list`` is a method's name in this class.)"""

    def add(self, guarantee_id: str, surety_id: str, event: Record, mails: Sequence[OutboxMail] = ()) -> None:
        """An event and the mails it sends, together."""

    def list(self, guarantee_id: str) -> list[Record]:
        """Oldest first."""

    def page(self, guarantee_id: str, limit: int, start: Cursor | None) -> tuple[builtins.list[Record], Cursor | None]: ...

    def page_feed(self, surety_id: str, before: str, limit: int,
                  start: Cursor | None) -> tuple[builtins.list[FeedEntry], Cursor | None, bool]:
        """The surety's events in the order written, written before ``before`` (a time), from
        ``start``: the entries, the cursor to continue from (also at the end, after the last
        entry, to come back for newer ones) and whether more are there now."""

    def feed_after(self, surety_id: str, since: str | None, before: str, start: Cursor | None,
                   limit: int) -> builtins.list[tuple[FeedEntry, Cursor]]:
        """Entries after ``start`` (a cursor) or else after ``since`` (a time), before ``before``,
        each with the cursor that stands just after it."""


class Ledger(Protocol):
    """Each orderer's 受領台帳 (its rows are written with the receipt: Guarantees.record_receipt)."""

    def entries(self, orderer_id: str) -> list[Record]:
        """Every row of the orderer's ledger, by guarantee id and version."""

    def entry(self, orderer_id: str, guarantee_id: str, version: int) -> Record | None: ...

    def page(self, orderer_id: str, order: str, start: Record | None, limit: int,
             received_from: str | None = None, received_to: str | None = None,
             ends_before: str | None = None) -> tuple[list[Record], Record | None]:
        """Up to ``limit`` rows in ``order`` (domain/ledger_query.SORTS: by recorded_at newest or
        oldest first, or by the guarantee period's end), from ``start`` (the previous call's last
        key, None at first), and the key to go on from (None at the end). The dates (JST days,
        ISO) narrow the read by the index itself: received_from/to on the received order,
        ends_before on the period-end order (ignored otherwise; the caller filters the rest)."""

    def of_guarantee(self, orderer_id: str, guarantee_id: str) -> list[Record]:
        """The rows of one guarantee (any version) in the orderer's ledger: an exact 保証契約番号."""

    def mark_expiry_told(self, orderer_id: str, guarantee_id: str, version: int, day: str,
                         mails: Sequence[OutboxMail]) -> bool:
        """Note that the row's staff were told of the period's end, with their mail; False (and
        no mail) if that was done already."""


class Submissions(Protocol):
    """電子提出: each orderer's inbox (受付箱), one entry per guarantee and orderer (domain/submissions.py).
    An entry is found by its 受付番号 or by (orderer, guarantee); every write of an entry expects the
    revision it read (the ``replaces`` argument: ConditionFailed("submission") when it moved on, or,
    for a new entry, when the guarantee has one for this orderer already) and carries the event on
    the guarantee's log (and so the surety's feed) and its mails, all in one write."""

    def get(self, submission_id: str) -> Submission | None: ...

    def of_guarantee(self, orderer_id: str, guarantee_id: str) -> Submission | None:
        """The guarantee's entry in this orderer's inbox."""

    def submit(self, submission: Submission, replaces: Submission | None, event: Record,
               mails: Sequence[OutboxMail], digest_day: str | None) -> None:
        """A new entry (``replaces`` None) or one reopened by a resubmission. ``digest_day``
        (YYYY-MM-DD, Japan's): mark the entry's department for that day's digest mail."""

    def decide(self, submission: Submission, replaces: Submission, event: Record,
               mails: Sequence[OutboxMail]) -> None:
        """差戻し (受領 is written by Guarantees.record_receipt, with the receipt)."""

    def page(self, orderer_id: str, limit: int, start: Cursor | None, *, since: str | None = None,
             until: str | None = None, department: str | None = None, kind: str | None = None,
             state: str | None = None) -> tuple[list[Submission], Cursor | None]:
        """The orderer's entries, newest submitted_at first; ``since``/``until``: submitted_at
        bounds (ISO UTC, ``since`` inclusive, ``until`` exclusive); ``department``, ``kind`` and
        ``state`` (the entry's own: pending / received / returned) filter. A page may hold fewer
        than ``limit`` entries with a cursor still to follow (filters are applied to what a page
        read). Eventually consistent (an index)."""

    def digest_marks(self, day: str, limit: int = 100) -> list[tuple[str, str]]:
        """(orderer id, department) marked for ``day``'s digest and not settled."""

    def settle_digest(self, day: str, orderer_id: str, department: str, mails: Sequence[OutboxMail]) -> bool:
        """Done with that digest, its mails written with it: True once (False, nothing written, if
        settled already)."""


class Jobs(Protocol):
    def claim_daily_run(self, job: str, day: str, keep_until: dt.datetime) -> bool:
        """True for exactly one caller per job and day."""


class Sureties(Protocol):
    """Sureties' profiles and their API tokens (tokens by the keyed hash of their secret).
    Every write carries its audit entry, written with it (ConditionFailed("audit") when the
    chain moved on meanwhile: see Audit)."""

    def put(self, surety: Surety, audit: AuditEntry) -> None: ...

    def get(self, surety_id: str) -> Surety | None: ...

    def all(self) -> list[Surety]:
        """Every registered surety, by id (a few dozen at most: the public page of issuers).
        Which ones are listed is eventually consistent (DynamoDB: an index); each as it stands now."""

    def put_token(self, token_id: str, surety_id: str, secret_hash: str, scopes: Sequence[str],
                  label: str | None, audit: AuditEntry) -> None:
        """ConditionFailed("token") if the id exists."""

    def get_token(self, token_id: str) -> TokenRecord | None: ...

    def tokens_of(self, surety_id: str) -> list[TokenRecord]:
        """The surety's tokens, revoked ones too, oldest first (never a secret: only its hash).
        Which ones are listed is eventually consistent (a token issued a moment ago may be
        missing for that moment); each as it stands now (a revocation is never missed)."""

    def revoke_token(self, token_id: str, audit: AuditEntry) -> bool:
        """False for an unknown or already revoked token (nothing written)."""


class StaffAuth(Protocol):
    """Orderer staff: the one live sign-in code per address (by its keyed hash) and sessions."""

    def get_code(self, address_hash: str) -> SignInCode | None: ...

    def put_code(self, address_hash: str, code: SignInCode, keep_until: dt.datetime,
                 replaces: SignInCode | None) -> bool:
        """A new code replacing ``replaces`` (the code read before; None: none yet); False if
        another request replaced it meanwhile."""

    def count_wrong_code(self, address_hash: str, code_hash: str, budget: int) -> int | None:
        """One more wrong code against the live code, atomically: the new count, or None once
        the code was replaced or its budget is spent."""

    def use_code(self, address_hash: str, code_hash: str, budget: int, now: dt.datetime) -> bool:
        """Spend the code: True for exactly one caller, while it is live and within budget."""

    def put_session(self, token_hash: str, email: str, orderer_id: str, now: dt.datetime,
                    ends: dt.datetime) -> None: ...

    def get_session(self, token_hash: str) -> StaffSessionRecord | None: ...

    def touch_session(self, token_hash: str, now: dt.datetime) -> None:
        """Never brings back a session signed out meanwhile."""

    def remember_receipt_entries(self, token_hash: str, department: str, name: str) -> None:
        """As touch_session: a session signed out meanwhile stays gone."""

    def delete_session(self, token_hash: str) -> None: ...


class Outbox(Protocol):
    """Mails written with their change (the write methods above take them), sent afterwards."""

    def claim(self, mail_id: str, now: dt.datetime) -> OutboxMail | None:
        """Take a due, pending message for a lease (two workers never send it together)."""

    def attempts(self, mail_id: str) -> int: ...

    def mark_sent(self, mail_id: str, now: dt.datetime, keep_until: dt.datetime) -> None: ...

    def release(self, mail_id: str, error: str, retry_at: dt.datetime, keep_until: dt.datetime | None) -> None:
        """Due again at ``retry_at``; given up (kept until ``keep_until``) when that is set."""

    def due(self, now: dt.datetime, limit: int) -> list[str]:
        """Ids of pending messages due by ``now`` (eventually consistent: claim re-checks)."""

    def get(self, mail_id: str) -> MailRecord | None: ...


class Counters(Protocol):
    """Failure counters per window, and bursts of wrong keys to tell sureties of."""

    def counts(self, keys: Sequence[CounterKey]) -> dict[CounterKey, int]: ...

    def take(self, limited: Sequence[LimitedCounter], expires_at: dt.datetime) -> bool:
        """One more on each counter, only while every one is below its limit, all together:
        False (nothing counted) when a limit is reached. A concurrent count on the same
        counter is retried, never reported as a limit."""

    def give_back(self, keys: Sequence[CounterKey]) -> None:
        """Undo ``take`` (best effort, never fails the caller)."""

    def count_wrong_key(self, limited: Sequence[LimitedCounter], signal: CounterKey,
                        expires_at: dt.datetime) -> int | None:
        """``take``, then one more on the signal counter: its new value, or None at a limit."""

    def note_burst(self, number: str, window: str, at: str, until: str, count: int, actor: Record,
                   keep_until: dt.datetime) -> bool:
        """Once per number and window; False if noted already."""

    def pending_bursts(self, limit: int = 100) -> list[Burst]: ...

    def clear_burst(self, key: str) -> None: ...


class SigningKeys(Protocol):
    """The registry of the platform's public signing keys (JWK)."""

    def register(self, jwk: Record, now: dt.datetime) -> bool:
        """Make this key current and retire the others; False if it already was current."""

    def all(self) -> list[SigningKeyRecord]:
        """Current first, then retired keys newest first."""


class Webhooks(Protocol):
    """Sureties' webhook endpoints and where each one's delivery stands in the feed."""

    def of(self, surety_id: str) -> list[Webhook]: ...

    def get(self, surety_id: str, webhook_id: str) -> Webhook | None: ...

    def put(self, surety_id: str, webhook_id: str, url: str, description: str | None, sealed_secret: bytes,
            now: dt.datetime) -> None:
        """Due at once, delivering events written from ``now``."""

    def delete(self, surety_id: str, webhook_id: str) -> bool: ...

    def rotate_secret(self, surety_id: str, webhook_id: str, replaced: bytes, sealed_secret: bytes,
                      sealed_previous: bytes, previous_until: dt.datetime) -> bool:
        """False if the secret is no longer ``replaced`` or the endpoint is gone."""

    def rewind(self, surety_id: str, webhook_id: str, since: str | None, cursor: Cursor | None,
               now: dt.datetime) -> bool:
        """Deliver again from a time or a cursor, at once; any lease is dropped."""

    def due(self, now: dt.datetime, limit: int = 100) -> list[tuple[str, str]]:
        """(surety id, webhook id) due by ``now`` (eventually consistent: claim re-checks)."""

    def claim(self, surety_id: str, webhook_id: str, lease: str, now: dt.datetime) -> Webhook | None: ...

    def advance(self, surety_id: str, webhook_id: str, lease: str, cursor: Cursor, now: dt.datetime) -> bool:
        """One more event delivered; False if the lease was lost."""

    def release(self, surety_id: str, webhook_id: str, lease: str, next_attempt: dt.datetime,
                error: str | None, now: dt.datetime) -> None: ...


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
