"""The outbox: mails written with the change that causes them, sent afterwards by a worker."""
from __future__ import annotations

import datetime as dt

# A worker that took a message has this long to send it before another may take it again.
MAIL_LEASE = dt.timedelta(minutes=2)
