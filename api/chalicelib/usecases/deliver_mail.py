"""The periodic sweep of the outbox: whatever could not be sent right after it was written."""
from __future__ import annotations

import datetime as dt

from .common import expiries, inbox_digest, outbox, wrong_key_bursts
from .common.dependencies import get as deps


def deliver_pending(now: dt.datetime, limit: int = 50) -> int:
    """Send every message that is due. Returns how many were sent."""
    return sum(outbox.deliver(mail_id, now) for mail_id in deps().store.outbox.due(now, limit))


def sweep(now: dt.datetime) -> None:
    """The 5-minute schedule: bursts of wrong keys to their sureties, the outbox, and once a
    day the ends of guarantee periods (events, and in the same pass mail to the staff who
    received them: expiries.record_expired) and the departments' digests of yesterday's 電子提出."""
    wrong_key_bursts.tell_bursts(now)
    deliver_pending(now)
    expiries.record_expired(now)
    inbox_digest.send_daily(now)
