"""The registry of orderers in memory: bodies, enrolments with their history, the staff
domains each orderer holds, and the (orderer, kind, contract date) marks of issuance."""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ...domain.audit import AuditEntry
from ...domain.orderers import Enrolment, PublicBody
from ...usecases.ports.records import ConditionFailed, EnrolmentWrite, Record, StoreUnavailable
from .audit import append
from .state import Change, Condition, Item, State, Tx, plain


class MemoryRegistry:
    def __init__(self, state: State):
        self._s = state

    def body(self, body_id: str) -> PublicBody | None:
        with self._s.lock:
            item = self._s.bodies.get(body_id)
        return PublicBody.from_record(plain(item)) if item else None

    def bodies(self) -> list[PublicBody]:
        with self._s.lock:
            return [PublicBody.from_record(plain(self._s.bodies[k])) for k in sorted(self._s.bodies)]

    def put_bodies(self, bodies: Sequence[PublicBody], audit: AuditEntry) -> None:
        if len(bodies) > 90:
            raise StoreUnavailable("put_bodies")  # beyond one transaction of the engine
        with self._s.lock:
            tx = Tx(self._s, "put_bodies")
            for b in bodies:
                tx.update("body", "bodies", b.id, _always, _becomes(b.as_record()))
            append(tx, audit).commit()

    def enrolment(self, orderer_id: str) -> Enrolment | None:
        with self._s.lock:
            item = self._s.enrolments.get(orderer_id)
        return Enrolment.from_record(plain(item)) if item else None

    def enrolments(self) -> list[Enrolment]:
        with self._s.lock:
            return [Enrolment.from_record(plain(self._s.enrolments[k])) for k in sorted(self._s.enrolments)]

    def put_enrolments(self, writes: Sequence[EnrolmentWrite], audit: AuditEntry,
                       bodies: Sequence[PublicBody] = ()) -> None:
        if len(writes) > 10 or len(bodies) > 10:
            raise StoreUnavailable("put_enrolments")
        with self._s.lock:
            tx = Tx(self._s, "put_enrolments")
            released = {d: w.enrolment.orderer_id for w in writes for d in w.release_domains}
            for w in writes:
                e = w.enrolment
                tx.update("revision", "enrolments", e.orderer_id, _at_revision(w.base_revision),
                          _becomes(e.as_record()))
                tx.put("history", "enrolment_history", (e.orderer_id, e.revision), w.change)
                for d in w.claim_domains:
                    # Moves from the orderer that gives it up, else free or already this orderer's.
                    tx.update("staff_domain", "domains", d, _held_by(released[d]) if d in released
                              else _free_or_held_by(e.orderer_id), _becomes({"orderer_id": e.orderer_id}))
            claimed = {d for w in writes for d in w.claim_domains}
            for d in released:
                if d not in claimed:
                    tx.delete("domains", d)
            for b in bodies:
                tx.update("body", "bodies", b.id, _always, _becomes(b.as_record()))
            try:
                append(tx, audit).commit()
            except ConditionFailed as failed:
                raise ConditionFailed("revision" if failed.what == "history" else failed.what) from None

    def history(self, orderer_id: str) -> list[Record]:
        with self._s.lock:
            return [plain(item) for (oid, _), item in sorted(self._s.enrolment_history.items()) if oid == orderer_id]

    def orderer_by_domain(self, domain: str) -> str | None:
        with self._s.lock:
            item = self._s.domains.get(domain.lower())
        return item["orderer_id"] if item else None

    def note_issuance(self, orderer_id: str, kind: str, contract_date: dt.date) -> None:
        with self._s.lock:
            self._s.issued[(orderer_id, kind, contract_date.isoformat())] = {"noted": True}

    def issued_before(self, orderer_id: str, kind: str, day: dt.date | None) -> bool:
        with self._s.lock:
            return any(o == orderer_id and k == kind and (day is None or d < day.isoformat())
                       for (o, k, d) in self._s.issued)


def _always(item: Item | None) -> bool:
    return True


def _becomes(record: Item) -> Change:
    return lambda item: record


def _at_revision(base: int | None) -> Condition:
    if base is None:
        return lambda item: item is None
    return lambda item: item is not None and item.get("revision") == base


def _held_by(orderer_id: str) -> Condition:
    return lambda item: item is not None and item["orderer_id"] == orderer_id


def _free_or_held_by(orderer_id: str) -> Condition:
    return lambda item: item is None or item["orderer_id"] == orderer_id
