"""Jobs (ports.storage.Jobs): a daily task run by a 5-minute schedule runs once a day."""
from __future__ import annotations

import datetime as dt

from . import keys
from .engine import Engine, bound, saved_if, unavailable_on_engine_errors
from .models import CounterItem


class Jobs:
    _Run = bound(CounterItem)

    def __init__(self, engine: Engine):
        self._engine = engine

    @unavailable_on_engine_errors
    def claim_daily_run(self, job: str, day: str, keep_until: dt.datetime) -> bool:
        return saved_if(self._Run(keys.job_pk(job), day, count=1, expires_at=keep_until),
                        CounterItem.pk.does_not_exist())
