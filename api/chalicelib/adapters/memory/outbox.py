"""The outbox: mails written with the change that causes them (put_mails, used by the other
aggregates' writes), then claimed for a lease, sent or released by the outbox worker."""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ...domain.formatting import iso_utc_precise
from ...domain.outbox import MAIL_LEASE
from ...usecases.ports.records import MailRecord, OutboxMail
from .state import Item, State, Tx, from_ttl, ttl


def mail_item(mail: OutboxMail, guarantee_id: str, created_at: str) -> Item:
    # Due at once: its due time is when it was written.
    return {"to": mail.to, "raw": bytes(mail.raw), "guarantee_id": guarantee_id, "status": "pending",
            "attempts": 0, "next_attempt_at": created_at, "created_at": created_at, "sent_at": None,
            "last_error": None, "pending": True, "expires_at": None}


def put_mails(tx: Tx, name: str, mails: Sequence[OutboxMail], guarantee_id: str, created_at: str) -> Tx:
    """Mails as named puts of a write (name0, name1, …)."""
    for i, mail in enumerate(mails):
        tx.put(f"{name}{i}", "mails", mail.mail_id, mail_item(mail, guarantee_id, created_at))
    return tx


def _due(moment: str):
    def due(item: Item | None) -> bool:
        return item is not None and item["status"] == "pending" and item["next_attempt_at"] <= moment
    return due


class MemoryOutbox:
    def __init__(self, state: State):
        self._s = state

    def claim(self, mail_id: str, now: dt.datetime) -> OutboxMail | None:
        moment, until = iso_utc_precise(now), iso_utc_precise(now + MAIL_LEASE)

        def leased(item: Item) -> Item:
            return {**item, "attempts": item["attempts"] + 1, "next_attempt_at": until}
        with self._s.lock:
            due = Tx(self._s, "claim").update(
                "mail", "mails", mail_id, _due(moment), leased)
            if not due.committed():
                return None
            item = self._s.mails[mail_id]
            return OutboxMail(mail_id, item["to"], bytes(item["raw"]))

    def attempts(self, mail_id: str) -> int:
        with self._s.lock:
            return int(self._s.mails[mail_id]["attempts"])

    def mark_sent(self, mail_id: str, now: dt.datetime, keep_until: dt.datetime) -> None:
        with self._s.lock:
            item = self._s.mails.setdefault(mail_id, {})  # as the engine's unconditional update
            item.update(status="sent", sent_at=iso_utc_precise(now), expires_at=ttl(keep_until), pending=False)

    def release(self, mail_id: str, error: str, retry_at: dt.datetime, keep_until: dt.datetime | None) -> None:
        with self._s.lock:
            item = self._s.mails.setdefault(mail_id, {})
            item["last_error"] = error[:100]
            if keep_until is not None:
                item.update(status="failed", expires_at=ttl(keep_until), pending=False)
            else:
                item["next_attempt_at"] = iso_utc_precise(retry_at)

    def due(self, now: dt.datetime, limit: int) -> list[str]:
        moment = iso_utc_precise(now)
        with self._s.lock:
            due = sorted((item["next_attempt_at"], mail_id) for mail_id, item in self._s.mails.items()
                         if item.get("pending") and item["next_attempt_at"] <= moment)
        return [mail_id for _, mail_id in due[:limit]]

    def get(self, mail_id: str) -> MailRecord | None:
        with self._s.lock:
            item = self._s.mails.get(mail_id)
            if item is None:
                return None
            return MailRecord(to=item["to"], status=item["status"], attempts=int(item["attempts"]),
                              last_error=item.get("last_error"), guarantee_id=item["guarantee_id"],
                              kept_until=from_ttl(item.get("expires_at")))
