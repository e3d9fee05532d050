"""The end of guarantee periods: an `expired` event for every guarantee whose period ended
(its last day is before today in Japan) and that was neither cancelled nor extended — for the
surety's feed and webhooks — and, in the same pass, a mail to the staff who received the version
that expired (receipt_followups.tell_expired, its own mark on the ledger row). The work is read
from the EXPIRY#<day> entries alone: its cost follows the day's expiries, never the ledgers'
history nor the number of orderers (issue 30).

Run by every 5-minute sweep: each run takes the entries still waiting, writes the events, and
removes each entry it has dealt with, within a time budget — a day on which thousands of
periods end (31 March) is worked through over several runs, and nothing is claimed before it
is done."""
from __future__ import annotations

import datetime as dt
import time

from ...domain import events
from ...domain.formatting import today_in_japan
from . import receipt_followups
from .dependencies import get as deps

# Days looked back: entries of a day the job could not finish (an outage) are still taken up;
# the marker written with each event, and the ledger row's mark of the staff's mail, keep it from
# telling anything twice (an entry is settled only after both).
LOOK_BACK_DAYS = 7
BUDGET_SECONDS = 60.0  # of the sweep's 120 s


def record_expired(now: dt.datetime, budget_seconds: float = BUDGET_SECONDS) -> int:
    """Returns how many `expired` events were written."""
    today = today_in_japan(now)
    deadline = time.monotonic() + budget_seconds
    written = 0
    expiries = deps().store.expiries
    for back in range(LOOK_BACK_DAYS, 0, -1):
        day = (today - dt.timedelta(days=back)).isoformat()
        while entries := expiries.ending_on(day):
            for guarantee_id, version, surety_id in entries:
                if time.monotonic() > deadline:
                    return written  # the next run goes on
                written += _settle(guarantee_id, surety_id, day, now)
                expiries.settle_ending(day, guarantee_id, version)
    return written


def _settle(guarantee_id: str, surety_id: str, day: str, now: dt.datetime) -> int:
    store = deps().store
    state = store.guarantees.get_state(guarantee_id)
    if state is None or state.status != "active":
        return 0
    latest = store.guarantees.get_version(guarantee_id, state.latest_version)
    if latest is None or latest.version.terms.guarantee_period.end.isoformat() != day:
        return 0  # extended (or shortened) by a later version: its own day will come
    written = store.expiries.add_expiry_event(guarantee_id, surety_id, day, events.expired(now, state.latest_version, day))
    # Also when the event was written by a run that stopped before the mail: the mark says if it went.
    receipt_followups.tell_expired(state, latest.version, now)
    return int(written)
