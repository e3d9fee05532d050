"""What the surety's feed (GET /v1/events) and its webhooks share."""
from __future__ import annotations

import datetime as dt

# The feed is ordered by when each event was written (the store takes that time just
# before the write). A write can still land later than that — DynamoDB's retries take up to about
# 19 s (the DynamoDB adapter's client settings), then the index follows within about a second — so events younger than this
# wait: one made visible late must never land behind a reader already past it.
SETTLES = dt.timedelta(seconds=30)


def cursor_scope(surety_id: str) -> str:
    """Cursors of the surety's feed; a webhook delivery carries one, so GET /v1/events continues there."""
    return f"feed:{surety_id}"
