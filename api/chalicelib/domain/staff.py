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

from . import orderers

# 8 digits, not 6: anyone may name any address on a staff domain, so the per-address limits
# alone do not bound guessing; 10^8 codes keep a guesser far out of reach (with the per-client limit).
CODE_DIGITS = 8
CODE_TTL = dt.timedelta(minutes=10)
MAX_CODE_ATTEMPTS = 5          # wrong codes before the code is void
CODES_PER_WINDOW = 5           # codes sent to one address per window: no mailbox flooding
CODE_WINDOW = dt.timedelta(hours=1)
# Per client (connection), per hour: a guesser inventing addresses on a staff domain meets
# this limit however many addresses it names; people who mistype never come near it.
MAX_WRONG_CODES_PER_CLIENT = 20
MAX_CODE_REQUESTS_PER_CLIENT = 30
SESSION_IDLE = dt.timedelta(minutes=30)
SESSION_ABSOLUTE = dt.timedelta(hours=8)  # a working day

# As EmailAddress in openapi.yaml (the request is checked there); folded to lower case here,
# so Keiyaku@City.Saku.Nagano.jp and keiyaku@city.saku.nagano.jp are one account.
_EMAIL = re.compile(r"[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9-]+(\.[a-z0-9-]+)+")


def account(email: str) -> str | None:
    """The account an address names (lower case), or None if it is no address."""
    folded = email.strip().lower()
    return folded if _EMAIL.fullmatch(folded) and len(folded) <= 254 else None


@dataclass(frozen=True)
class Staff:
    """A signed-in member of an orderer's staff."""
    email: str
    orderer_id: str

    @property
    def orderer(self) -> orderers.Orderer | None:
        return orderers.get(self.orderer_id)

    def public(self) -> dict:
        orderer = self.orderer
        return {"email": self.email,
                "orderer": {"id": self.orderer_id, "name": orderer.name if orderer else self.orderer_id},
                "departments": list(orderer.departments) if orderer else []}


@dataclass(frozen=True)
class Session:
    staff: Staff
    created_at: dt.datetime
    last_seen: dt.datetime
    # 担当部署 and 氏名 entered with this sign-in's last receipt ({department, name}), offered
    # for the next: kept with the session, not the account, since one work address may be a
    # department's shared mailbox, and not in the browser, since office PCs are shared.
    receipt_entries: dict | None = None

    def entries_view(self) -> dict | None:
        """The remembered entries, if their 担当部署 is still one of the orderer's."""
        orderer = self.staff.orderer
        entries = self.receipt_entries
        return dict(entries) if entries and orderer and entries["department"] in orderer.departments else None

    def expired(self, now: dt.datetime) -> bool:
        return now - self.last_seen > SESSION_IDLE or now - self.created_at > SESSION_ABSOLUTE

    def ends_at(self) -> dt.datetime:
        return self.created_at + SESSION_ABSOLUTE
