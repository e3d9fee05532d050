"""The daily digest of 電子提出: a department whose administrator chose one mail a day (frequency
"daily") hears the next morning of the day's submissions to it, in one mail.

Only the departments a submission marked (Submissions.submit(..., digest_day)) are read: the cost
follows the day's submissions, not the number of orderers. A department changed to another
frequency since is settled without a mail.
"""
from __future__ import annotations

import datetime as dt

from ...domain import inbox_mails
from ...domain.formatting import jst_day_start, today_in_japan
from ...domain.submissions import Submission
from ..ports.records import Cursor, OutboxMail
from . import orderers, outbox
from .dependencies import get as deps

JOB = "inbox-digest"
_PAGE = 100
_MAX_PAGES = 20      # 2,000 submissions to one department in a day: the mail counts the rest
_MAX_ROUNDS = 50     # of digest_marks' pages of 100 departments


def _entries(orderer_id: str, department: str, day: dt.date) -> list[Submission]:
    since, until = jst_day_start(day), jst_day_start(day + dt.timedelta(days=1))
    store = deps().store
    found: list[Submission] = []
    start: Cursor | None = None
    for _ in range(_MAX_PAGES):
        page, start = store.submissions.page(orderer_id, _PAGE, start, since=since, until=until, department=department)
        found += page
        if start is None:
            break
    return found


def send_daily(now: dt.datetime) -> int:
    """Once a day (Japan's): yesterday's digest to each department marked for it. Returns how many
    digest mails were written."""
    d = deps()
    store, mail = d.store, d.mail
    today = today_in_japan(now)
    if not store.jobs.claim_daily_run(JOB, today.isoformat(), now + dt.timedelta(days=3)):
        return 0
    day = today - dt.timedelta(days=1)
    written = 0
    for _ in range(_MAX_ROUNDS):
        marks = store.submissions.digest_marks(day.isoformat())
        if not marks:
            break
        for orderer_id, department in marks:
            enrolment = store.registry.enrolment(orderer_id)
            setting = enrolment.inbox.mail_for(department) if enrolment is not None else None
            mails: list[OutboxMail] = []
            if setting is not None and setting.frequency == "daily" and setting.addresses:
                entries = _entries(orderer_id, department, day)
                if entries:
                    text = inbox_mails.digest(orderers.written_name(orderer_id), department, day, entries,
                                              d.settings.site_url)
                    mails = [OutboxMail(mail.new_mail_id(), to, mail.compose(to, text, now).as_bytes())
                             for to in setting.addresses]
            if store.submissions.settle_digest(day.isoformat(), orderer_id, department, mails):
                for message in mails:
                    outbox.deliver(message.mail_id, now)
                written += len(mails)
    return written
