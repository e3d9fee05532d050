"""Delivering the surety's events to its webhook endpoints, every minute.

The outbox is the feed itself: every event is written, in the same transaction as the change
it reports, to the surety's feed; each endpoint keeps its place in that feed. A run takes a
due endpoint (a lease, as the mail outbox does), POSTs the events after its place in order,
moves the place on after each 2xx, and on a failure stops and waits — 1, 2, 4 … minutes, then
hourly, for as long as it fails (the events stay in the feed; nothing is dropped). Delivery is
at least once: a receiver drops repeats by `webhook-id`."""
from __future__ import annotations

import datetime as dt
import logging
import secrets
import time

from ..domain import webhooks
from ..domain.formatting import iso_utc_precise
from .common import feed, outbox, paging, webhook_secrets
from .common.dependencies import get as deps
from .ports.records import Webhook

log = logging.getLogger("portal.webhooks")

BATCH = 25
# A run stops taking new work after this; with one more POST (adapters/webhook_sender.TIMEOUT_SECONDS) it
# ends inside the function's timeout (infra), which is inside an endpoint's lease (domain/webhooks.WEBHOOK_LEASE).
BUDGET_SECONDS = 40.0


def run(now: dt.datetime, budget_seconds: float = BUDGET_SECONDS) -> int:
    """Deliver what is due. Returns how many events were delivered."""
    deadline = time.monotonic() + budget_seconds
    delivered = 0
    d = deps()
    for surety_id, webhook_id in d.store.webhooks.due(now):
        if time.monotonic() > deadline:
            break
        lease = secrets.token_hex(8)
        taken = d.clock.now()  # not the run's start: the lease must last its full time from here
        try:
            hook = d.store.webhooks.claim(surety_id, webhook_id, lease, taken)
            if hook is not None:
                delivered += _deliver(hook, lease, taken, deadline)
        except Exception as e:  # noqa: BLE001 - one endpoint's trouble must not hold up the others
            # The lease runs out by itself: the endpoint is taken up again in a few minutes. Logged
            # as an error: the operator's alarm (infra) watches for it.
            log.error("webhook %s of %s stopped: %s", webhook_id, surety_id, type(e).__name__)
    return delivered


def _signing_secrets(hook: Webhook, now: dt.datetime) -> list[str]:
    at = iso_utc_precise(now)
    previous = webhook_secrets.unseal_previous(hook.surety_id, hook.webhook_id, hook.sealed_previous) \
        if hook.previous_until and hook.previous_until > at else []
    return [webhook_secrets.unseal(hook.surety_id, hook.webhook_id, hook.sealed_secret)] + \
        [secret for secret, until in previous if until > at]


def _deliver(hook: Webhook, lease: str, now: dt.datetime, deadline: float) -> int:
    """The endpoint's events after its place, batch after batch, until none are left, one
    fails, or the run's time is up."""
    d = deps()
    before = iso_utc_precise(now - feed.SETTLES)
    scope = feed.cursor_scope(hook.surety_id)
    signing: list[str] | None = None
    position, sent, error = hook.cursor, 0, None
    while error is None and time.monotonic() <= deadline:
        entries = d.store.events.feed_after(hook.surety_id, None if position else hook.since, before, position, BATCH)
        signing = signing or (_signing_secrets(hook, now) if entries else None)
        for entry, key in entries:
            body = webhooks.body({"event_id": entry.event_id, "guarantee_id": entry.guarantee_id, "event": entry.event},
                                 paging.encode(key, scope) or "")
            try:
                d.webhook_sender.post(hook.url, webhooks.headers(entry.event_id, now, body, signing or []), body,
                                      local_targets=d.settings.webhook_local_targets)
            except webhooks.DeliveryFailed as e:
                error = e.reason
                break
            if not d.store.webhooks.advance(hook.surety_id, hook.webhook_id, lease, key, now):
                return sent  # replayed or taken over meanwhile: the newer holder goes on
            position, sent = key, sent + 1
            if time.monotonic() > deadline:
                break
        if len(entries) < BATCH:
            break
    if error is not None:
        # Ids and the reason only: an endpoint's address may hold the receiver's own token.
        log.warning("webhook %s of %s not delivered: %s", hook.webhook_id, hook.surety_id, error)
        next_attempt = now + outbox.backoff(0 if sent else hook.failures)  # a delivery in this run reset the count
    else:
        next_attempt = now  # due again at the next run (more now, or whatever comes)
    d.store.webhooks.release(hook.surety_id, hook.webhook_id, lease, next_attempt, error, now)
    return sent
