"""The storage ports of the registry (the orderers' national list and enrolments), the audit
chain and the orderer staff's activity: part of the `Store` of storage.py, whose rules they keep."""
from __future__ import annotations

import builtins
import datetime as dt
from collections.abc import Sequence
from typing import Protocol

from ...domain.audit import AuditEntry, AuditHead
from ...domain.orderers import Enrolment, PublicBody
from .records import Cursor, EnrolmentWrite, Record


class Registry(Protocol):
    """The national list of public bodies that order public works, and each one's enrolment
    in 電子保証 with the history of its changes. Every write carries its audit entry, written
    with it, all or nothing; ConditionFailed("audit") when the chain moved on meanwhile."""

    def body(self, body_id: str) -> PublicBody | None: ...

    def bodies(self) -> builtins.list[PublicBody]:
        """Every body in the list (about 1,800), by id."""

    def put_bodies(self, bodies: Sequence[PublicBody], audit: AuditEntry) -> None:
        """Add or replace up to 90 bodies at once."""

    def enrolment(self, orderer_id: str) -> Enrolment | None: ...

    def enrolments(self) -> builtins.list[Enrolment]:
        """Every enrolment (suspended ones too), by orderer id."""

    def put_enrolments(self, writes: Sequence[EnrolmentWrite], audit: AuditEntry,
                       bodies: Sequence[PublicBody] = ()) -> None:
        """Up to 10 enrolments (and bodies, for a merger) at once. ConditionFailed("revision")
        when one is no longer at its base revision (or, new, exists already), ("staff_domain")
        when a domain it takes is held by another orderer."""

    def history(self, orderer_id: str) -> builtins.list[Record]:
        """The enrolment's changes, oldest first (the ``change`` of each EnrolmentWrite)."""

    def orderer_by_domain(self, domain: str) -> str | None:
        """The orderer holding this staff e-mail domain (lower case), if any."""

    def note_issuance(self, orderer_id: str, kind: str, contract_date: dt.date) -> None:
        """Remember that a guarantee of ``kind`` with this contract date was (about to be) issued
        for the orderer: written before the guarantee, so it is never missing (at worst it
        names a guarantee whose issuance then failed). Repeating it changes nothing."""

    def issued_before(self, orderer_id: str, kind: str, day: dt.date | None) -> bool:
        """Whether any guarantee of ``kind`` was noted with a contract date before ``day``
        (None: at all): one small read, however many were issued."""


class Audit(Protocol):
    """The chain of audit entries (domain/audit.py): appended only by the writes above."""

    def head(self) -> AuditHead:
        """The last entry's number and hash (audit.EMPTY before the first)."""

    def page(self, limit: int, start: Cursor | None) -> tuple[builtins.list[AuditEntry], Cursor | None]:
        """Newest first."""

    def after(self, seq: int, limit: int) -> builtins.list[AuditEntry]:
        """Entries numbered above ``seq``, oldest first (to verify the chain piece by piece)."""


class Activity(Protocol):
    """What an orderer's staff did (signed in, recorded or withdrew a receipt), for the
    orderer's administrator; each entry expires as domain/retention.py says."""

    def add(self, orderer_id: str, entry: Record, keep_until: dt.datetime) -> None:
        """``entry``: {at, email, action, …}; never a code, a key or a token."""

    def page(self, orderer_id: str, limit: int, start: Cursor | None) -> tuple[builtins.list[Record], Cursor | None]:
        """Newest first."""
