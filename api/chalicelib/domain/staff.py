"""Orderer staff (発注者の職員): who may act with the orderer's authority — recording 受領 —
and how they prove it without a password: a one-time code sent to their work address.

The rules follow NIST SP 800-63B for out-of-band codes: random, single use, short-lived,
a few attempts, kept only as keyed hashes. A session then lives on the server, with an
idle and an absolute limit.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from .orderers import Orderer

# 8 digits, not 6: anyone may name any address on a staff domain, so nothing but the code's
# size and the limits below keeps a guesser out (the odds are worked out further down).
CODE_DIGITS = 8
CODE_TTL = dt.timedelta(minutes=10)
CODE_WINDOW = dt.timedelta(hours=1)
CODES_PER_WINDOW = 5           # codes one address is sent on request in a window: no mailbox flooding
# Per client (connection), per hour: a guesser inventing addresses on a staff domain meets
# the first limit however many addresses it names, and one address takes only a few wrong
# codes from each client; people who mistype never come near either.
MAX_WRONG_CODES_PER_CLIENT = 20
MAX_WRONG_CODES_PER_CLIENT_AND_ADDRESS = 5
MAX_CODE_REQUESTS_PER_CLIENT = 30

# Wrong codes against one address from everyone are what a guesser with many clients (a
# botnet, or the /64s of one IPv6 allocation) spends, and nobody else: they must never lock
# the address (that is the cheap denial this replaced: five requests and five wrong codes
# kept a named member of staff out for an hour), yet must stay bounded.
#
# The odds. One code is live per address at a time; a guess hits it with 1/10^8. With only
# the per-client limits, C clients get 5·C guesses an hour at one address: C = 10,000 gives
# 50,000 an hour, 5·10^-4 an hour and about 1.2% a day — too high, so each code also has a
# budget: after CODE_GUESS_BUDGET wrong codes it is replaced and the fresh code is mailed to
# its owner (NIST SP 800-63B §5.2.2's 100 failed attempts, without the lock): the guesser
# starts again against a code it knows nothing of, and the owner has a code that works.
# Codes an address gets in a window: at most MAIL_CEILING (requests and replacements), and
# beyond that one more only when the last has expired or was used by its owner (≤ 6 an hour
# for a guesser, who cannot use one). So at most (10 + 6) · 100 = 1,600 wrong codes an hour
# are ever checked against one address, whatever the number of clients: a success chance of
# at most 1.6·10^-5 an hour, about 3.8·10^-4 a day of sustained guessing at that ceiling —
# which takes at least 320 distinct clients an hour and raises the signal within minutes.
# The owner's only remaining wait: past the ceiling, a code spent by guessers is void until
# it would have expired (≤ 10 minutes) before the next request mails a new one; getting there
# costs a guesser at least 600 wrong codes from 120 clients within the hour (five requests,
# then six codes' budgets), and every 10 minutes after that another 100 from 20 more.
CODE_GUESS_BUDGET = 100
MAIL_CEILING = 10
GUESSING_SIGNAL = 20           # wrong codes against one code: logged as a signal (not a lock)

SESSION_IDLE = dt.timedelta(minutes=30)
SESSION_ABSOLUTE = dt.timedelta(hours=8)  # a working day

# As EmailAddress in openapi.yaml (the request is checked there); folded to lower case here,
# so Keiyaku@City.Saku.Nagano.jp and keiyaku@city.saku.nagano.jp are one account.
_EMAIL = re.compile(r"[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9-]+(\.[a-z0-9-]+)+")


def account(email: str) -> str | None:
    """The account an address names (lower case), or None if it is no address."""
    folded = email.strip().lower()
    return folded if _EMAIL.fullmatch(folded) and len(folded) <= 254 else None


USED = "used"  # the code_hash of a code that signed someone in


@dataclass(frozen=True)
class SignInCode:
    """The live code of an address (as its keyed hash) and the window's count of codes sent."""
    code_hash: str
    code_expires: dt.datetime
    attempts: int              # wrong codes against this code
    sent: int                  # codes sent in the window
    window_start: dt.datetime

    def usable(self, now: dt.datetime) -> bool:
        return self.code_hash != USED and self.attempts < CODE_GUESS_BUDGET and now < self.code_expires

    def spent_by_guessing(self, now: dt.datetime) -> bool:
        return self.code_hash != USED and self.attempts >= CODE_GUESS_BUDGET and now < self.code_expires


def next_code(previous: SignInCode | None, now: dt.datetime, replacing_spent: bool = False) -> tuple[dt.datetime, int] | None:
    """The (window start, codes sent) a new code would be mailed with, or None when no code is
    mailed now. On request: while the window has sent fewer than CODES_PER_WINDOW, a new code;
    past that, the code already mailed is kept while it works (the owner has it: re-sending it
    is impossible, it is kept only as a hash, and a new one would only flood the mailbox), and a
    new one is mailed once none works — so the owner's own request always ends with a code that
    works, in the mail just sent or the one before. Replacing a code spent by guessers: while
    the window has sent fewer than MAIL_CEILING."""
    if previous is None or now - previous.window_start >= CODE_WINDOW:
        return now, 1
    start, sent = previous.window_start, previous.sent
    if replacing_spent:
        return (start, sent + 1) if sent < MAIL_CEILING else None
    if sent < CODES_PER_WINDOW:
        return start, sent + 1
    if previous.usable(now) or previous.spent_by_guessing(now):
        return None
    return start, sent + 1


@dataclass(frozen=True)
class Staff:
    """A signed-in member of an orderer's staff."""
    email: str
    orderer_id: str

    def public(self, orderer: Orderer | None) -> dict[str, Any]:
        """As the staff pages show it: ``orderer`` is this staff's, from the registry now (None
        when it is no longer enrolled: its id for a name, no departments)."""
        return {"email": self.email,
                "orderer": {"id": self.orderer_id, "name": orderer.written_name if orderer else self.orderer_id},
                "departments": list(orderer.departments) if orderer else []}


@dataclass(frozen=True)
class Session:
    staff: Staff
    created_at: dt.datetime
    last_seen: dt.datetime
    # 担当部署 and 氏名 entered with this sign-in's last receipt ({department, name}), offered
    # for the next: kept with the session, not the account, since one work address may be a
    # department's shared mailbox, and not in the browser, since office PCs are shared.
    receipt_entries: dict[str, Any] | None = None

    def entries_view(self, departments: tuple[str, ...]) -> dict[str, Any] | None:
        """The remembered entries, if their 担当部署 is still one of the orderer's ``departments``."""
        entries = self.receipt_entries
        return dict(entries) if entries and entries["department"] in departments else None

    def expired(self, now: dt.datetime) -> bool:
        return now - self.last_seen > SESSION_IDLE or now - self.created_at > SESSION_ABSOLUTE

    def ends_at(self) -> dt.datetime:
        return self.created_at + SESSION_ABSOLUTE
