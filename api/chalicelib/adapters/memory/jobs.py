"""Daily jobs run by a schedule more often than daily: one run per job and day."""
from __future__ import annotations

import datetime as dt

from .state import State, Tx, ttl


class MemoryJobs:
    def __init__(self, state: State):
        self._s = state

    def claim_daily_run(self, job: str, day: str, keep_until: dt.datetime) -> bool:
        with self._s.lock:
            return Tx(self._s, "claim_daily_run").put(
                "job", "jobs", (job, day), {"count": 1, "expires_at": ttl(keep_until)}).committed()
