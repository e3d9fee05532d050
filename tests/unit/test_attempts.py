"""The sliding hour of wrong keys (domain/attempts.py): the previous hour's count weighs by how
much of it still lies within the last 60 minutes, and the wait is until one more is allowed."""
from __future__ import annotations

import datetime as dt

from chalicelib.domain import attempts

HOUR_START = dt.datetime(2030, 1, 1, 3, 0, tzinfo=dt.timezone.utc)


def at(minutes: float) -> tuple[dt.datetime, attempts.Window]:
    now = HOUR_START + dt.timedelta(minutes=minutes)
    return now, attempts.Window.at(now)


def test_the_previous_hour_weighs_less_as_the_hour_goes_on():
    assert [attempts.carried(10, *at(m)) for m in (0, 5, 6, 30, 54, 59.99)] == [10, 10, 9, 5, 1, 1]
    assert attempts.carried(10, HOUR_START + dt.timedelta(hours=1), attempts.Window.at(HOUR_START)) == 0
    assert attempts.allowance(10, 10, *at(30)) == 5
    assert attempts.Window.at(HOUR_START).previous.label == "2030-01-01T02"


def test_at_the_limit_the_wait_is_until_one_more_is_allowed():
    now, window = at(5)
    # Ten this hour (the limit), none before: in the next hour the ten weigh ten until its
    # minute 6 (rounded up), then nine: one more is allowed 61 minutes from now.
    assert attempts.wait_seconds(10, 0, 10, now, window) == 61 * 60
    # Five this hour, ten the hour before: at minute 30 the ten weigh five (5 < 10 - 5 fails);
    # from minute 36 they weigh four, and five is below six.
    now, window = at(30)
    assert attempts.wait_seconds(10, 10, 5, now, window) == 6 * 60
    # Below the limit: allowed a second from now (the wait is never 0).
    assert attempts.wait_seconds(10, 0, 3, now, window) == 1


def test_the_wait_really_ends_with_an_allowance():
    for previous, current, minute in ((10, 10, 1), (7, 3, 20), (10, 0, 0.5), (3, 10, 59)):
        now, window = at(minute)
        wait = attempts.wait_seconds(10, previous, current, now, window)
        later = now + dt.timedelta(seconds=wait)
        later_window = attempts.Window.at(later)
        before, count = (previous, current) if later_window == window else (current, 0)
        assert count < attempts.allowance(10, before, later, later_window)
        earlier = later - dt.timedelta(seconds=1)
        earlier_window = attempts.Window.at(earlier)
        before, count = (previous, current) if earlier_window == window else (current, 0)
        assert wait == 1 or count >= attempts.allowance(10, before, earlier, earlier_window)


def test_without_a_stage_setting_the_api_applies_the_products_limits(monkeypatch):
    """One statement: domain/limits.py (a stage's null sets no variable, infra/portal_infra/stages.py)."""
    from chalicelib.adapters import config
    from chalicelib.domain import limits
    monkeypatch.delenv("PORTAL_LIMIT_PER_NUMBER", raising=False)
    monkeypatch.delenv("PORTAL_LIMIT_PER_CLIENT", raising=False)
    assert config.attempt_limits() == attempts.Limits(limits.WRONG_KEYS_PER_NUMBER_PER_HOUR,
                                                       limits.WRONG_KEYS_PER_CLIENT_PER_HOUR)
    monkeypatch.setenv("PORTAL_LIMIT_PER_CLIENT", "500")
    assert config.attempt_limits().per_client == 500
