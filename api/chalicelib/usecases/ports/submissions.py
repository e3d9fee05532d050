"""The orderers' inboxes of 電子提出 and their daily digests (storage.py states the rules every store keeps)."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from ...domain.submissions import Submission
from .records import Cursor, OutboxMail, Record


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
