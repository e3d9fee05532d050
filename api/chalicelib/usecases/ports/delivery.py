"""What the portal sends and the jobs that send it: the mail outbox, the sureties' webhooks and
the claims of scheduled runs (storage.py states the rules every store keeps)."""
from __future__ import annotations

import datetime as dt
from typing import Protocol

from .records import Cursor, MailRecord, OutboxMail, Webhook


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


class Jobs(Protocol):
    def claim_daily_run(self, job: str, day: str, keep_until: dt.datetime) -> bool:
        """True for exactly one caller per job and day."""
