"""One more act of a kind in a sliding hour (domain/attempts: this hour's count, and the part of
the last hour's that falls in the last 60 minutes), or Throttled with the wait. For acts that cost
the portal something each time (a mail sent, thousands of rows written), never for a right key."""
from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable

from ...domain import attempts, retention
from ...domain.errors import Throttled
from ..ports.counters import CounterKey
from .dependencies import get as deps


def take(counter: Callable[[attempts.Window], CounterKey], limit: int, now: dt.datetime,
         refusal: Callable[[int], str]) -> CounterKey:
    """counter(window): the key of this kind's count in a window; refusal(minutes): the message.
    Returns the key taken, to give back (Counters.give_back) should the act not happen after all."""
    counters = deps().store.counters
    window = attempts.Window.at(now)
    this_hour, last_hour = counter(window), counter(window.previous)
    previous = counters.counts([last_hour])[last_hour]
    allowed = attempts.allowance(limit, previous, now, window)
    if allowed > 0 and counters.take([(*this_hour, allowed)], window.start + retention.WRONG_KEY_COUNTER):
        return this_hour
    current = counters.counts([this_hour])[this_hour]
    wait = attempts.wait_seconds(limit, previous, current, now, window)
    raise Throttled("throttled", refusal(math.ceil(wait / 60)), wait)
