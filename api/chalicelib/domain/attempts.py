"""Guessing 認証キー is hopeless and noticed: failed checks are counted per 保証契約番号 and
per client address in fixed one-hour windows (DynamoDB counters with TTL, atomic ADD).
Past a limit, further checks for that number (or from that address) are refused
(Throttled, with the wait), whatever the key, until the window ends. Typos caught by the check symbols
never reach this point, so they never count.

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
    per_number: int
    per_client: int


@dataclass(frozen=True)
class Window:
    label: str
    end: dt.datetime

    @classmethod
    def at(cls, now: dt.datetime) -> "Window":
        start = now.astimezone(dt.timezone.utc).replace(minute=0, second=0, microsecond=0)
        return cls(start.strftime("%Y-%m-%dT%H"), start + WINDOW)


def number_counter(number: str, window: Window) -> tuple[str, str]:
    return (f"RATE#NUM#{number}", window.label)


def client_counter(client_hash: str, window: Window) -> tuple[str, str]:
    return (f"RATE#CLIENT#{client_hash}", window.label)


def _retry_after(now: dt.datetime, window: Window) -> int:
    return max(1, math.ceil((window.end - now).total_seconds()))


def refuse_if_locked(counts: dict, number_key, client_key, now: dt.datetime, window: Window, limit: Limits) -> None:
    wait = _retry_after(now, window)
    minutes = math.ceil(wait / 60)
    if counts.get(number_key, 0) >= limit.per_number:
        raise Throttled(
            "too_many_attempts",
            f"この保証契約番号は、認証キーの誤りが続いたため一時的に確認できません。約{minutes}分後に再度お試しください。",
            wait)
    if counts.get(client_key, 0) >= limit.per_client:
        raise Throttled(
            "too_many_attempts",
            f"確認の失敗が続いたため、一時的に確認できません。約{minutes}分後に再度お試しください。",
            wait)


def just_locked(counts: dict, number_key, client_key, limit: Limits) -> list[str]:
    """Which limits this failure has just reached (to log a lockout once)."""
    reached = []
    if counts.get(number_key) == limit.per_number:
        reached.append("number")
    if counts.get(client_key) == limit.per_client:
        reached.append("client")
    return reached
