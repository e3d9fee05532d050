"""Guessing 認証キー is hopeless (130 random bits) and noticed — and the right key always opens
its guarantee, whoever else is guessing.

Wrong keys are counted in one-hour windows (DynamoDB counters with TTL): per 保証契約番号 and
client together, and per client. Past a limit, that client's further *wrong* keys are refused
(Throttled, with the wait) before they are counted, and the conditional updates see that no
parallel burst checks more than the limit. A right key is never refused: a lock on a number
would only let anyone who knows the number keep the orderer out. The number's total of wrong
keys from everyone is a signal (logged, an event), never a lock. Typos caught by the check
symbols never reach this point, so they never count.

The limits are configuration (adapters/config.py `attempt_limits`).
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from .errors import Throttled

WINDOW = dt.timedelta(hours=1)


@dataclass(frozen=True)
class Limits:
    per_number: int  # wrong keys for one number from one client (and the signal for the number's total)
    per_client: int  # wrong keys from one client, whatever the numbers


@dataclass(frozen=True)
class Window:
    label: str
    end: dt.datetime

    @classmethod
    def at(cls, now: dt.datetime) -> "Window":
        start = now.astimezone(dt.timezone.utc).replace(minute=0, second=0, microsecond=0)
        return cls(start.strftime("%Y-%m-%dT%H"), start + WINDOW)


def number_counter(number: str, window: Window) -> tuple[str, str]:
    """Every client's wrong keys for a number: a signal only."""
    return (f"RATE#NUM#{number}", window.label)


def pair_counter(number: str, client_hash: str, window: Window) -> tuple[str, str]:
    return (f"RATE#NUMCLIENT#{number}#{client_hash}", window.label)


def client_counter(client_hash: str, window: Window) -> tuple[str, str]:
    return (f"RATE#CLIENT#{client_hash}", window.label)


def throttled(now: dt.datetime, window: Window) -> Throttled:
    wait = max(1, math.ceil((window.end - now).total_seconds()))
    return Throttled(
        "too_many_attempts",
        f"認証キーの誤りが続いたため、この接続からの確認を一時的に止めています。約{math.ceil(wait / 60)}分後に再度お試しください。"
        "正しい認証キーは、いつでも確認できます。",
        wait)
