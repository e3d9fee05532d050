"""Outbox (ports.storage.Outbox): mails written with their change (items.mail_item), sent
afterwards. A message is in the pending index (gsi1, by due time) until sent or given up."""
from __future__ import annotations

import datetime as dt

from pynamodb.expressions.update import Action

from ...domain.formatting import iso_utc_precise
from ...domain.outbox import MAIL_LEASE
from ...usecases.ports.records import MailRecord, OutboxMail
from . import keys
from .engine import Engine, bound, unavailable_on_engine_errors, updated_if
from .models import MailItem


class Outbox:
    _Mail = bound(MailItem)

    def __init__(self, engine: Engine):
        self._engine = engine

    def _item(self, mail_id: str) -> MailItem:
        return self._Mail(keys.mail_pk(mail_id), keys.MAIL_SK)

    @unavailable_on_engine_errors
    def claim(self, mail_id: str, now: dt.datetime) -> OutboxMail | None:
        item = self._item(mail_id)
        lease_until = iso_utc_precise(now + MAIL_LEASE)
        if not updated_if(item, [MailItem.attempts.add(1), MailItem.next_attempt_at.set(lease_until),
                                 MailItem.gsi1sk.set(lease_until)],
                          (MailItem.status == "pending") & (MailItem.next_attempt_at <= iso_utc_precise(now))):
            return None
        return OutboxMail(mail_id, item.to, bytes(item.raw))

    @unavailable_on_engine_errors
    def attempts(self, mail_id: str) -> int:
        return int(self._Mail.get(keys.mail_pk(mail_id), keys.MAIL_SK, consistent_read=True).attempts)

    @unavailable_on_engine_errors
    def mark_sent(self, mail_id: str, now: dt.datetime, keep_until: dt.datetime) -> None:
        self._item(mail_id).update(actions=[
            MailItem.status.set("sent"), MailItem.sent_at.set(iso_utc_precise(now)), MailItem.expires_at.set(keep_until),
            MailItem.gsi1pk.remove(), MailItem.gsi1sk.remove()])

    @unavailable_on_engine_errors
    def release(self, mail_id: str, error: str, retry_at: dt.datetime, keep_until: dt.datetime | None) -> None:
        actions: list[Action] = [MailItem.last_error.set(error[:100])]
        if keep_until is not None:
            actions += [MailItem.status.set("failed"), MailItem.expires_at.set(keep_until),
                        MailItem.gsi1pk.remove(), MailItem.gsi1sk.remove()]
        else:
            actions += [MailItem.next_attempt_at.set(iso_utc_precise(retry_at)),
                        MailItem.gsi1sk.set(iso_utc_precise(retry_at))]
        self._item(mail_id).update(actions=actions)

    @unavailable_on_engine_errors
    def due(self, now: dt.datetime, limit: int) -> list[str]:
        # Index reads are eventually consistent: claim re-checks with a condition.
        items = self._Mail.gsi1.query(keys.PENDING_MAIL_PK, MailItem.gsi1sk <= iso_utc_precise(now), limit=limit)
        return [keys.parse_mail_pk(item.pk) for item in items]

    @unavailable_on_engine_errors
    def get(self, mail_id: str) -> MailRecord | None:
        try:
            item = self._Mail.get(keys.mail_pk(mail_id), keys.MAIL_SK, consistent_read=True)
        except self._Mail.DoesNotExist:
            return None
        return MailRecord(to=item.to, status=item.status, attempts=int(item.attempts), last_error=item.last_error,
                          guarantee_id=item.guarantee_id, kept_until=item.expires_at)
