"""Guessing 認証キー is hopeless (130 random bits) and noticed — and the right key always opens
its guarantee, whoever else is guessing.

Wrong keys are counted in a sliding hour: counters per clock hour (DynamoDB items with TTL),
per 保証契約番号 and client together, and per client, where the previous hour's count weighs
by how much of it still lies within the last 60 minutes (the sliding-window counter). So no
hour, wherever it starts, holds much more than the limit — not twice it across the hour
boundary, as fixed windows would allow. Past a limit, that client's further *wrong* keys
are refused (Throttled, with the wait) before they are counted, and the conditional updates
see that no parallel burst checks more than the limit. A right key is never refused: a lock on a number
would only let anyone who knows the number keep the orderer out. The number's total of wrong
keys from everyone is a signal (logged, an event), never a lock. Typos caught by the check
symbols never reach this point, so they never count.

The limits are configuration (adapters/config.py `attempt_limits`), their defaults in limits.py.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from . import limits
from .errors import Throttled

WINDOW = dt.timedelta(hours=1)


@dataclass(frozen=True)
class Limits:
    per_number: int  # wrong keys for one number from one client (and the signal for the number's total)
    per_client: int  # wrong keys from one client, whatever the numbers


DEFAULT_LIMITS = Limits(limits.WRONG_KEYS_PER_NUMBER_PER_HOUR, limits.WRONG_KEYS_PER_CLIENT_PER_HOUR)


@dataclass(frozen=True)
class Window:
    label: str
    end: dt.datetime

    @classmethod
    def at(cls, now: dt.datetime) -> Window:
        start = now.astimezone(dt.timezone.utc).replace(minute=0, second=0, microsecond=0)
        return cls(start.strftime("%Y-%m-%dT%H"), start + WINDOW)

    @property
    def start(self) -> dt.datetime:
        return self.end - WINDOW

    @property
    def previous(self) -> Window:
        return Window.at(self.start - WINDOW)


def carried(previous_count: int, now: dt.datetime, window: Window) -> int:
    """How much of the previous hour's count still lies within the last 60 minutes, taken as
    spread evenly over it, in whole attempts rounded up: a burst just before the hour ends
    is not forgotten when the clock turns (only wrong keys are limited: nobody with the right
    key waits for this)."""
    remaining = (window.end - now).total_seconds() / WINDOW.total_seconds()
    return math.ceil(previous_count * remaining - 1e-9)


def allowance(limit: int, previous_count: int, now: dt.datetime, window: Window) -> int:
    """How many wrong keys this hour's counter may reach now (≤ 0: none now)."""
    return limit - carried(previous_count, now, window)


def wait_seconds(limit: int, previous_count: int, current_count: int, now: dt.datetime, window: Window) -> int:
    """Seconds until one more wrong key is allowed, if none is sent meanwhile."""
    def allowed_at(t: dt.datetime) -> bool:
        w = Window.at(t)
        before, current = (previous_count, current_count) if w == window else (current_count, 0)
        return current < allowance(limit, before, t, w)
    # The weight falls by 1/3600 a second: search the seconds of this hour and the next.
    low, high = 1, int((window.end + WINDOW - now).total_seconds()) + 1
    while low < high:
        middle = (low + high) // 2
        if allowed_at(now + dt.timedelta(seconds=middle)):
            high = middle
        else:
            low = middle + 1
    return low


def number_counter(number: str, window: Window) -> tuple[str, str]:
    """Every client's wrong keys for a number: a signal only."""
    return (f"NUM#{number}", window.label)


def pair_counter(number: str, client_hash: str, window: Window) -> tuple[str, str]:
    return (f"NUMCLIENT#{number}#{client_hash}", window.label)


def client_counter(client_hash: str, window: Window) -> tuple[str, str]:
    return (f"CLIENT#{client_hash}", window.label)


def submission_counter(client_hash: str, window: Window) -> tuple[str, str]:
    """Successful 電子提出 from one client (domain/submissions.SUBMISSIONS_PER_CLIENT_PER_HOUR)."""
    return (f"SUBMIT#{client_hash}", window.label)


def contract_list_counter(orderer_id: str, email: str, window: Window) -> tuple[str, str]:
    """Contract-list uploads of one member of staff (domain/contract_list.UPLOADS_PER_STAFF_PER_HOUR)."""
    return (f"CONTRACTLIST#{orderer_id}#{email}", window.label)


def throttled(wait: int) -> Throttled:
    return Throttled(
        "too_many_attempts",
        f"認証キーの誤りが続いたため、この接続からの確認を一時的に止めています。約{math.ceil(wait / 60)}分後に再度お試しください。"
        "正しい認証キーは、いつでも確認できます。",
        wait)
