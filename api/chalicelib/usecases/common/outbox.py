"""Delivery through the transactional outbox: messages are stored with the change they
report (one transaction), then sent right after it, and again by a periodic sweep for
whatever failed. A failure to send is logged and retried; it never fails or repeats the
change that wrote the message."""
from __future__ import annotations

import datetime as dt
import logging

from ...adapters import mail, store
from ...domain import retention

log = logging.getLogger("portal.mail")

MAX_ATTEMPTS = 8


def backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(minutes=min(2 ** attempts, 60))


def deliver(mail_id: str, now: dt.datetime) -> bool:
    """Try to send one outbox message. True if sent now; never raises."""
    try:
        claimed = store.claim_mail(mail_id, now)
        if claimed is None:
            return False  # sent already, or another worker holds it
        mail.transport().send(mail_id, claimed.to, claimed.raw)
    except Exception as e:  # noqa: BLE001 - delivery must never break the caller
        log.warning("mail %s not sent: %s", mail_id, type(e).__name__)
        try:
            attempts = store.mail_attempts(mail_id)
            give_up = attempts >= MAX_ATTEMPTS
            store.release_mail(mail_id, type(e).__name__, now + backoff(attempts),
                               keep_until=now + retention.FAILED_MAIL if give_up else None)
        except Exception as inner:  # noqa: BLE001 - the lease expires on its own
            log.warning("mail %s not released: %s", mail_id, type(inner).__name__)
        return False
    try:
        store.mark_mail_sent(mail_id, now, keep_until=now + retention.SENT_MAIL)
    except Exception as e:  # noqa: BLE001
        # Sent but not marked: the lease expires and it may be sent once more (at least once).
        log.warning("mail %s sent but not marked: %s", mail_id, type(e).__name__)
    return True
