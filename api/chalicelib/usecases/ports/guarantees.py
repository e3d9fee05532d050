"""The guarantees' own records: the guarantees and their versions, their days of expiry, their
events and the feed (storage.py states the rules every store keeps)."""
from __future__ import annotations

import builtins
import datetime as dt
from collections.abc import Sequence
from typing import Protocol

from ...domain.submissions import Submission
from ...domain.views import GuaranteeState
from .records import (
    Cursor,
    FeedEntry,
    GuaranteeHead,
    IdempotentResult,
    KeyMatch,
    NewGuarantee,
    NewVersion,
    OutboxMail,
    Record,
    SignedVersion,
)


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
