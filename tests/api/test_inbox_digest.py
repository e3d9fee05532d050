"""The daily digest of 電子提出: a department whose administrator chose one mail a day hears of the
day's submissions (Japan's day) once, the next morning, from the mail sweep — under the
product's clock, never the machine's date — without a key or a link carrying one."""
from __future__ import annotations

import contextlib
import datetime as dt
import secrets

import pytest

from inbox_support import SAKU, submit
from support import clock_at, mails_sent_to

ADMIN = "keiyaku@city.saku.nagano.jp"  # 佐久市's administrator in the demo enrolments


def at_jst(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    from chalicelib.domain.formatting import JST
    return dt.datetime.combine(day, dt.time(hour, minute), JST).astimezone(dt.timezone.utc)


def box() -> str:
    return f"box-{secrets.token_hex(4)}@city.saku.nagano.jp"


@contextlib.contextmanager
def saku_inbox(*department_mail: dict):
    """佐久市's 電子提出 settings with these departments' mail, as its administrator saves them;
    as they were afterwards (other tests read 佐久市)."""
    from chalicelib.domain.staff import Staff
    from chalicelib.usecases import orderer_admin
    admin = Staff(ADMIN, SAKU)
    before = orderer_admin.settings(admin)
    orderer_admin.change(admin, {"revision": before["revision"],
                                 "inbox": {"accepts": True, "shares_reference": False,
                                           "department_mail": list(department_mail)}})
    try:
        yield admin
    finally:
        now = orderer_admin.settings(admin)
        orderer_admin.change(admin, {"revision": now["revision"], "inbox": before["inbox"]})


def sweep(moment: dt.datetime) -> None:
    from chalicelib.usecases import deliver_mail
    with clock_at(moment):
        deliver_mail.sweep(moment)


def digests_to(address: str) -> list:
    return [m for m in mails_sent_to(address) if m["Subject"].startswith("電子提出のお知らせ")]


def test_a_daily_department_hears_of_its_day_once_the_next_morning(store, issue_guarantee):
    from chalicelib.domain.formatting import date_ja
    first_box, second_box, other_box = box(), box(), box()
    day = dt.date(2033, 3, 1)
    with saku_inbox({"department": "建設課", "addresses": [first_box, second_box], "frequency": "daily"},
                    {"department": "土木課", "addresses": [other_box], "frequency": "each"}):
        made, keys = [], []
        for moment in (at_jst(day, 0, 5), at_jst(day, 9), at_jst(day, 23, 55)):
            with clock_at(moment):
                issued = issue_guarantee()
                keys.append(issued["auth_key"])
                made.append(submit(issued, department="建設課", digest_day=day.isoformat()))
        with clock_at(at_jst(day, 11)):
            to_other = submit(issue_guarantee(), department="土木課")  # another department: not in 建設課's digest
        with clock_at(at_jst(day + dt.timedelta(days=1), 0, 1)):  # the next day's: the next digest
            later = submit(issue_guarantee(), department="建設課", digest_day=(day + dt.timedelta(days=1)).isoformat())

        sweep(at_jst(day, 23, 58))  # the day itself: nothing yet
        assert digests_to(first_box) == []
        morning = at_jst(day + dt.timedelta(days=1), 6)
        sweep(morning)
        sweep(morning + dt.timedelta(minutes=5))  # the next sweep that day: nothing again
        for address in (first_box, second_box):
            [digest] = digests_to(address)
            assert digest["Subject"] == f"電子提出のお知らせ（{date_ja(day)}・建設課・3件）"
            body = digest.get_content()
            assert all(e.submission_id in body for e in made)
            assert later.submission_id not in body and to_other.submission_id not in body
            assert "/orderer/inbox/" in body and "#" not in body.split("受付箱：")[1].split()[0]
            for key in keys:
                assert key not in body and key.replace("-", "") not in body
        assert digests_to(other_box) == []  # "each" is told at submission, by the submission's write
        assert store.submissions.digest_marks(day.isoformat()) == []

        sweep(at_jst(day + dt.timedelta(days=2), 6))
        [_, next_day] = digests_to(first_box)
        assert later.submission_id in next_day.get_content() and "1件" in next_day["Subject"]


def test_a_department_that_no_longer_chose_daily_is_settled_without_a_mail(store, issue_guarantee):
    address = box()
    day = dt.date(2033, 4, 1)
    with saku_inbox({"department": "農林課", "addresses": [address], "frequency": "daily"}) as admin:
        with clock_at(at_jst(day, 10)):
            submit(issue_guarantee(), department="農林課", digest_day=day.isoformat())
        from chalicelib.usecases import orderer_admin
        now = orderer_admin.settings(admin)
        orderer_admin.change(admin, {"revision": now["revision"], "inbox": {
            "accepts": True, "shares_reference": False,
            "department_mail": [{"department": "農林課", "addresses": [address], "frequency": "none"}]}})
        sweep(at_jst(day + dt.timedelta(days=1), 6))
        assert digests_to(address) == []
        assert store.submissions.digest_marks(day.isoformat()) == []


@pytest.mark.parametrize("hour", [0, 14, 23])
def test_the_day_is_japans_whatever_the_hour_of_the_sweep(store, issue_guarantee, hour):
    """The run is claimed once a Japanese day: a sweep at 00:xx JST (15:xx UTC the day before) is that day's."""
    address = box()
    day = dt.date(2033, 5, 10) + dt.timedelta(days=3 * hour)
    with saku_inbox({"department": "上下水道課", "addresses": [address], "frequency": "daily"}):
        with clock_at(at_jst(day, 12)):
            entry = submit(issue_guarantee(), department="上下水道課", digest_day=day.isoformat())
        sweep(at_jst(day + dt.timedelta(days=1), hour, 30))
        [digest] = digests_to(address)
        assert entry.submission_id in digest.get_content()
