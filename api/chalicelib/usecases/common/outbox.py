"""Delivery through the transactional outbox: messages are stored with the change they
report (one transaction), then sent right after it, and again by a periodic sweep for
whatever failed. A failure to send is logged and retried; it never fails or repeats the
change that wrote the message."""
from __future__ import annotations

import datetime as dt
import logging

from ...domain import retention
from .dependencies import get as deps

log = logging.getLogger("portal.mail")

MAX_ATTEMPTS = 8


def backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(minutes=min(2 ** attempts, 60))


def deliver(mail_id: str, now: dt.datetime) -> bool:
    """Try to send one outbox message. True if sent now; never raises."""
    d = deps()
    outbox = d.store.outbox
    try:
        claimed = outbox.claim(mail_id, now)
        if claimed is None:
            return False  # sent already, or another worker holds it
        d.transport.send(mail_id, claimed.to, claimed.raw)
    except Exception as e:  # noqa: BLE001 - delivery must never break the caller
        log.warning("mail %s not sent: %s", mail_id, type(e).__name__)
        try:
            attempts = outbox.attempts(mail_id)
            give_up = attempts >= MAX_ATTEMPTS
            outbox.release(mail_id, type(e).__name__, now + backoff(attempts),
                           now + retention.FAILED_MAIL if give_up else None)
        except Exception as inner:  # noqa: BLE001 - the lease expires on its own
            log.warning("mail %s not released: %s", mail_id, type(inner).__name__)
        return False
    try:
        outbox.mark_sent(mail_id, now, now + retention.SENT_MAIL)
    except Exception as e:  # noqa: BLE001
        # Sent but not marked: the lease expires and it may be sent once more (at least once).
        log.warning("mail %s sent but not marked: %s", mail_id, type(e).__name__)
    return True
