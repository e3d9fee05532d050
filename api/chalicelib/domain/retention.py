"""How long the portal keeps what it keeps — the periods the privacy page states
(site/hooks/policy_facts.py reads this module, so the page cannot say one thing while the
code does another). Expiry is DynamoDB's TTL on `expires_at`.

Periods kept elsewhere because they are rules of their own: sign-in codes and sessions
(staff.py), wrong-key counters (attempts.py: the hour counted and the hour after)."""
from __future__ import annotations

import datetime as dt

from . import attempts

# A sent message is kept a while for questions such as "did the contractor get the receipt
# notice?"; one that could not be sent is kept longer for the operator to look into.
SENT_MAIL = dt.timedelta(days=30)
FAILED_MAIL = dt.timedelta(days=90)
# A surety's retry with the same Idempotency-Key gets the first reply again (sealed).
IDEMPOTENT_REPLY = dt.timedelta(hours=24)
# A wrong-key counter outlives its hour by one more hour: the sliding hour reads it then.
WRONG_KEY_COUNTER = 2 * attempts.WINDOW
# What an orderer's staff did (signed in, recorded receipts), shown to its administrator: a
# year, long enough to answer "who received this, and when did they sign in" at year-end.
STAFF_ACTIVITY = dt.timedelta(days=366)
