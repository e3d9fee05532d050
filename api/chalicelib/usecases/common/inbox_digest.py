"""The daily digest of 電子提出: a department whose administrator chose one mail a day (frequency
"daily") hears the next morning of the day's submissions to it, in one mail.

Only the departments a submission marked (Submissions.submit(..., digest_day)) are read: the cost
follows the day's submissions, not the number of orderers. A department changed to another
frequency since is settled without a mail. Every sweep settles what is left of yesterday and the
day before, so a failed sweep loses nothing (send_daily).
"""
from __future__ import annotations

import datetime as dt

from ...domain import inbox_mails
from ...domain.formatting import jst_day_start, today_in_japan
from ...domain.submissions import Submission
from ..ports.records import Cursor, OutboxMail
from . import orderers, outbox
from .dependencies import get as deps

# The days each sweep settles: yesterday, and the day before (a day whose sweeps all failed).
_DAYS_BACK = (1, 2)
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
    """On every sweep: the digest of each department marked and not yet settled, for yesterday and
    the day before (Japan's days). No run is claimed before the work: a sweep that fails (the store
    busy, the Lambda timed out) leaves its marks, and the next sweep settles them; a mark settles
    once (settle_digest is conditional), with its mails. When nothing is left: one read per day.
    Returns how many digest mails were written."""
    today = today_in_japan(now)
    return sum(_settle_day(today - dt.timedelta(days=back), now) for back in _DAYS_BACK)


def _settle_day(day: dt.date, now: dt.datetime) -> int:
    d = deps()
    store, mail = d.store, d.mail
    written = 0
    seen: set[tuple[str, str]] = set()
    for _ in range(_MAX_ROUNDS):
        # Marks still to settle (an index: one settled a moment ago may show once more; then it is done).
        marks = [m for m in store.submissions.digest_marks(day.isoformat()) if m not in seen]
        if not marks:
            break
        seen.update(marks)
        for orderer_id, department in marks:
            enrolment = store.registry.enrolment(orderer_id)
            # The department's addresses on the orderer's staff domains as they are now.
            addresses = orderers.department_addresses(enrolment, department, "daily") if enrolment else []
            mails: list[OutboxMail] = []
            if addresses:
                entries = _entries(orderer_id, department, day)
                if entries:
                    text = inbox_mails.digest(orderers.written_name(orderer_id), department, day, entries,
                                              d.settings.site_url)
                    mails = [OutboxMail(mail.new_mail_id(), to, mail.compose(to, text, now).as_bytes())
                             for to in addresses]
            if store.submissions.settle_digest(day.isoformat(), orderer_id, department, mails):
                for message in mails:
                    outbox.deliver(message.mail_id, now)
                written += len(mails)
    return written
