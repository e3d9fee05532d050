"""Sureties' webhook endpoints and where each one's delivery stands in the surety's feed;
a worker takes an endpoint for a lease, advances its cursor event by event, gives it back."""
from __future__ import annotations

import datetime as dt
import json

from ...domain.formatting import iso_utc_precise
from ...domain.webhooks import WEBHOOK_LEASE
from ...usecases.ports.records import Cursor, Webhook
from .state import Item, State, Tx


def _webhook(surety_id: str, webhook_id: str, item: Item) -> Webhook:
    return Webhook(
        surety_id=surety_id, webhook_id=webhook_id, url=item["url"], description=item["description"],
        sealed_secret=bytes(item["sealed_secret"]),
        sealed_previous=bytes(item["sealed_previous"]) if item["sealed_previous"] is not None else None,
        previous_until=item["previous_until"], since=item["since"],
        cursor=json.loads(item["cursor"]) if item["cursor"] else None, failures=int(item["failures"]),
        next_attempt_at=item["next_attempt_at"], last_error=item["last_error"],
        last_failure_at=item["last_failure_at"], last_success_at=item["last_success_at"],
        delivered=int(item["delivered"]), created_at=item["created_at"])


def _exists(item: Item | None) -> bool:
    return item is not None


class MemoryWebhooks:
    def __init__(self, state: State):
        self._s = state

    def _updated(self, surety_id: str, webhook_id: str, condition, change) -> bool:
        with self._s.lock:
            return Tx(self._s, "webhook").update("webhook", "webhooks", (surety_id, webhook_id),
                                                 condition, change).committed()

    def of(self, surety_id: str) -> list[Webhook]:
        with self._s.lock:
            return [_webhook(s, w, item) for (s, w), item in sorted(self._s.webhooks.items()) if s == surety_id]

    def get(self, surety_id: str, webhook_id: str) -> Webhook | None:
        with self._s.lock:
            item = self._s.webhooks.get((surety_id, webhook_id))
            return _webhook(surety_id, webhook_id, item) if item is not None else None

    def put(self, surety_id: str, webhook_id: str, url: str, description: str | None, sealed_secret: bytes,
            now: dt.datetime) -> None:
        at = iso_utc_precise(now)
        with self._s.lock:
            Tx(self._s, "put_webhook").put("webhook", "webhooks", (surety_id, webhook_id), {
                "url": url, "description": description, "sealed_secret": bytes(sealed_secret),
                "sealed_previous": None, "previous_until": None, "since": at, "cursor": None, "failures": 0,
                "lease": None, "next_attempt_at": at, "last_error": None, "last_failure_at": None,
                "last_success_at": None, "delivered": 0, "created_at": at}).commit()

    def delete(self, surety_id: str, webhook_id: str) -> bool:
        with self._s.lock:
            return self._s.webhooks.pop((surety_id, webhook_id), None) is not None

    def rotate_secret(self, surety_id: str, webhook_id: str, replaced: bytes, sealed_secret: bytes,
                      sealed_previous: bytes, previous_until: dt.datetime) -> bool:
        return self._updated(surety_id, webhook_id,
                             lambda i: i is not None and i["sealed_secret"] == replaced,
                             lambda i: {**i, "sealed_secret": bytes(sealed_secret),
                                        "sealed_previous": bytes(sealed_previous),
                                        "previous_until": iso_utc_precise(previous_until)})

    def rewind(self, surety_id: str, webhook_id: str, since: str | None, cursor: Cursor | None,
               now: dt.datetime) -> bool:
        at = iso_utc_precise(now)

        def rewound(item: Item) -> Item:
            # Any lease is dropped: a worker delivering now stops at its next step.
            item.update(cursor=json.dumps(cursor) if cursor else None, next_attempt_at=at, lease=None)
            if since:
                item["since"] = since
            return item
        return self._updated(surety_id, webhook_id, _exists, rewound)

    def due(self, now: dt.datetime, limit: int = 100) -> list[tuple[str, str]]:
        moment = iso_utc_precise(now)
        with self._s.lock:
            due = sorted((item["next_attempt_at"], f"WEBHOOK#{s}", w) for (s, w), item in self._s.webhooks.items()
                         if item["next_attempt_at"] <= moment)
        return [(pk.removeprefix("WEBHOOK#"), w) for _, pk, w in due[:limit]]

    def claim(self, surety_id: str, webhook_id: str, lease: str, now: dt.datetime) -> Webhook | None:
        moment, until = iso_utc_precise(now), iso_utc_precise(now + WEBHOOK_LEASE)
        with self._s.lock:
            if not self._updated(surety_id, webhook_id, lambda i: i is not None and i["next_attempt_at"] <= moment,
                                 lambda i: {**i, "lease": lease, "next_attempt_at": until}):
                return None
            return self.get(surety_id, webhook_id)

    def advance(self, surety_id: str, webhook_id: str, lease: str, cursor: Cursor, now: dt.datetime) -> bool:
        return self._updated(surety_id, webhook_id, lambda i: i is not None and i["lease"] == lease,
                             lambda i: {**i, "cursor": json.dumps(cursor), "delivered": i["delivered"] + 1,
                                        "failures": 0, "last_success_at": iso_utc_precise(now)})

    def release(self, surety_id: str, webhook_id: str, lease: str, next_attempt: dt.datetime,
                error: str | None, now: dt.datetime) -> None:
        def released(item: Item) -> Item:
            item.update(lease=None, next_attempt_at=iso_utc_precise(next_attempt))
            if error:
                item.update(failures=item["failures"] + 1, last_error=error[:100],
                            last_failure_at=iso_utc_precise(now))
            return item
        self._updated(surety_id, webhook_id, lambda i: i is not None and i["lease"] == lease, released)
