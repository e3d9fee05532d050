"""Registry (ports.storage.Registry): the national list of public bodies (one partition, so the
whole list is one Query), each orderer's enrolment (one partition too) with its history (per
orderer, by revision), the staff e-mail domain each orderer holds (an item per domain: unique
by its key) and the (orderer, kind, contract date) marks of issuance. Every write that changes
the registry is one transaction with its audit entry."""
from __future__ import annotations

import builtins
import datetime as dt
from collections.abc import Sequence

from pynamodb.expressions.condition import Condition
from pynamodb.models import Model

from ...domain.audit import AuditEntry
from ...domain.orderers import Enrolment, PublicBody
from ...usecases.ports.records import EnrolmentWrite, Record, StoreUnavailable
from . import keys
from .audit import append
from .engine import Engine, bound, plain, unavailable_on_engine_errors
from .models import DataItem, EnrolmentItem, Item, StaffDomainItem

MAX_BODIES = 90        # with the audit entry and the head: within one transaction's 100 actions
MAX_ENROLMENTS = 10
# Items per Query page of the list of bodies (None: as many as fit DynamoDB's 1 MB page; the
# 1,804 bodies of the national list take about 0.5 MB). Tests set it to read several pages.
BODIES_PAGE_SIZE: int | None = None


def _body(item: DataItem) -> PublicBody:
    return PublicBody.from_record(plain(item.data.as_dict()))


def _enrolment(item: EnrolmentItem) -> Enrolment:
    return Enrolment.from_record(plain(item.data.as_dict()))


class Registry:
    _Data = bound(DataItem)
    _Enrolment = bound(EnrolmentItem)
    _Domain = bound(StaffDomainItem)
    _Mark = bound(Item)

    def __init__(self, engine: Engine):
        self._engine = engine

    # ---- the national list ------------------------------------------------------------------

    @unavailable_on_engine_errors
    def body(self, body_id: str) -> PublicBody | None:
        try:
            return _body(self._Data.get(keys.BODIES_PK, body_id, consistent_read=True))
        except self._Data.DoesNotExist:
            return None

    @unavailable_on_engine_errors
    def bodies(self) -> builtins.list[PublicBody]:
        return [_body(item) for item in self._Data.query(keys.BODIES_PK, consistent_read=True,
                                                         page_size=BODIES_PAGE_SIZE)]

    def _body_items(self, bodies: Sequence[PublicBody]) -> list[tuple[str, Model, Condition | None]]:
        return [("body", self._Data(keys.BODIES_PK, b.id, data=b.as_record()), None) for b in bodies]

    @unavailable_on_engine_errors
    def put_bodies(self, bodies: Sequence[PublicBody], audit: AuditEntry) -> None:
        if len(bodies) > MAX_BODIES:
            raise StoreUnavailable("put_bodies")
        entry, head = append(self._engine, audit)
        self._engine.transact("put_bodies", [entry], [head], replaces=self._body_items(bodies))

    # ---- enrolments -------------------------------------------------------------------------

    @unavailable_on_engine_errors
    def enrolment(self, orderer_id: str) -> Enrolment | None:
        try:
            return _enrolment(self._Enrolment.get(keys.ENROLMENTS_PK, orderer_id, consistent_read=True))
        except self._Enrolment.DoesNotExist:
            return None

    @unavailable_on_engine_errors
    def enrolments(self) -> builtins.list[Enrolment]:
        return [_enrolment(item) for item in self._Enrolment.query(keys.ENROLMENTS_PK, consistent_read=True)]

    @unavailable_on_engine_errors
    def put_enrolments(self, writes: Sequence[EnrolmentWrite], audit: AuditEntry,
                       bodies: Sequence[PublicBody] = ()) -> None:
        if len(writes) > MAX_ENROLMENTS or len(bodies) > MAX_ENROLMENTS:
            raise StoreUnavailable("put_enrolments")
        entry, head = append(self._engine, audit)
        # Sent in the fake's order of conditions (adapters/memory/registry.py): the history and
        # the audit entry (new items), then the enrolments, domains and bodies.
        puts: list[tuple[str, Model]] = []
        replaces: list[tuple[str, Model, Condition | None]] = []
        # A domain given up by one write and taken by another moves: ONE put, conditioned on
        # the orderer giving it up (DynamoDB refuses two actions on one item).
        released = {d: w.enrolment.orderer_id for w in writes for d in w.release_domains}
        for w in writes:
            e = w.enrolment
            puts.append(("revision", self._Data(keys.enrolment_history_pk(e.orderer_id), keys.revision_sk(e.revision),
                                                data=w.change)))
            at_base = EnrolmentItem.pk.does_not_exist() if w.base_revision is None \
                else EnrolmentItem.revision == w.base_revision
            replaces.append(("revision", self._Enrolment(keys.ENROLMENTS_PK, e.orderer_id, data=e.as_record(),
                                                         revision=e.revision), at_base))
            for d in w.claim_domains:
                held = StaffDomainItem.orderer_id == released[d] if d in released else \
                    StaffDomainItem.pk.does_not_exist() | (StaffDomainItem.orderer_id == e.orderer_id)
                replaces.append(("staff_domain", self._Domain(keys.staff_domain_pk(d), keys.OWNER_SK,
                                                              orderer_id=e.orderer_id), held))
        claimed = {d for w in writes for d in w.claim_domains}
        deletes = [self._Domain(keys.staff_domain_pk(d), keys.OWNER_SK) for d in released if d not in claimed]
        puts.append(entry)
        self._engine.transact("put_enrolments", puts, [head], replaces=replaces + self._body_items(bodies),
                              deletes=deletes)

    @unavailable_on_engine_errors
    def history(self, orderer_id: str) -> builtins.list[Record]:
        return [plain(item.data.as_dict()) for item in self._Data.query(
            keys.enrolment_history_pk(orderer_id), consistent_read=True)]

    @unavailable_on_engine_errors
    def orderer_by_domain(self, domain: str) -> str | None:
        try:
            return self._Domain.get(keys.staff_domain_pk(domain.lower()), keys.OWNER_SK, consistent_read=True).orderer_id
        except self._Domain.DoesNotExist:
            return None

    # ---- marks of issuance ------------------------------------------------------------------

    @unavailable_on_engine_errors
    def note_issuance(self, orderer_id: str, kind: str, contract_date: dt.date) -> None:
        self._Mark(keys.issued_pk(orderer_id), keys.issued_sk(kind, contract_date.isoformat())).save()

    @unavailable_on_engine_errors
    def issued_before(self, orderer_id: str, kind: str, day: dt.date | None) -> bool:
        """One Query of one item: the greatest mark below "<kind>#<day>" is of this kind when
        any of its marks is earlier than ``day`` (keys.issued_sk)."""
        bound_below = keys.issued_sk(kind, "")
        condition = Item.sk.startswith(bound_below) if day is None else Item.sk < keys.issued_sk(kind, day.isoformat())
        found = list(self._Mark.query(keys.issued_pk(orderer_id), condition, consistent_read=True,
                                      scan_index_forward=False, limit=1))
        return bool(found) and found[0].sk.startswith(bound_below)
