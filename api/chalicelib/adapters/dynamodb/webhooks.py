"""Webhooks (ports.storage.Webhooks): a surety's endpoints and where each one's delivery stands
in the surety's feed; in the due index (gsi1, by next attempt) while it exists."""
from __future__ import annotations

import datetime as dt
import json

from pynamodb.exceptions import DeleteError
from pynamodb.expressions.update import Action

from ...domain.formatting import iso_utc_precise
from ...domain.webhooks import WEBHOOK_LEASE
from ...usecases.ports.records import ConditionFailed, Cursor, Webhook
from . import keys
from .engine import Engine, bound, error_code, saved_if, unavailable_on_engine_errors, updated_if
from .models import Item, WebhookItem


def _webhook(item: WebhookItem) -> Webhook:
    return Webhook(
        surety_id=keys.parse_webhook_pk(item.pk), webhook_id=item.sk, url=item.url, description=item.description,
        sealed_secret=bytes(item.sealed_secret),
        sealed_previous=bytes(item.sealed_previous) if item.sealed_previous is not None else None,
        previous_until=item.previous_until, since=item.since,
        cursor=json.loads(item.cursor) if item.cursor else None, failures=int(item.failures),
        next_attempt_at=item.next_attempt_at, last_error=item.last_error, last_failure_at=item.last_failure_at,
        last_success_at=item.last_success_at, delivered=int(item.delivered), created_at=item.created_at)


class Webhooks:
    _Hook = bound(WebhookItem)

    def __init__(self, engine: Engine):
        self._engine = engine

    def _item(self, surety_id: str, webhook_id: str) -> WebhookItem:
        return self._Hook(keys.webhook_pk(surety_id), webhook_id)

    @unavailable_on_engine_errors
    def of(self, surety_id: str) -> list[Webhook]:
        return [_webhook(item) for item in self._Hook.query(keys.webhook_pk(surety_id), consistent_read=True)]

    @unavailable_on_engine_errors
    def get(self, surety_id: str, webhook_id: str) -> Webhook | None:
        try:
            return _webhook(self._Hook.get(keys.webhook_pk(surety_id), webhook_id, consistent_read=True))
        except self._Hook.DoesNotExist:
            return None

    @unavailable_on_engine_errors
    def put(self, surety_id: str, webhook_id: str, url: str, description: str | None, sealed_secret: bytes,
            now: dt.datetime) -> None:
        """ConditionFailed("webhook") if the endpoint is registered already (a registration that
        lost a race: usecases/webhooks.py answers 409). store.put_webhook let that PutError
        become StoreUnavailable, a 503."""
        at = iso_utc_precise(now)
        item = self._Hook(keys.webhook_pk(surety_id), webhook_id, url=url, description=description,
                          sealed_secret=sealed_secret, since=at, failures=0, delivered=0, next_attempt_at=at,
                          created_at=at, gsi1pk=keys.DUE_WEBHOOKS_PK, gsi1sk=at)
        if not saved_if(item, Item.pk.does_not_exist()):
            raise ConditionFailed("webhook")

    @unavailable_on_engine_errors
    def delete(self, surety_id: str, webhook_id: str) -> bool:
        try:
            self._item(surety_id, webhook_id).delete(condition=Item.pk.exists())
        except DeleteError as e:
            if error_code(e) == "ConditionalCheckFailedException":
                return False
            raise
        return True

    @unavailable_on_engine_errors
    def rotate_secret(self, surety_id: str, webhook_id: str, replaced: bytes, sealed_secret: bytes,
                      sealed_previous: bytes, previous_until: dt.datetime) -> bool:
        """The new secret signs from now; those it replaces (``sealed_previous``) until
        ``previous_until`` at the latest. False if another rotation came first or the endpoint is gone."""
        return updated_if(self._item(surety_id, webhook_id),
                          [WebhookItem.sealed_secret.set(sealed_secret), WebhookItem.sealed_previous.set(sealed_previous),
                           WebhookItem.previous_until.set(iso_utc_precise(previous_until))],
                          Item.pk.exists() & (WebhookItem.sealed_secret == replaced))

    @unavailable_on_engine_errors
    def rewind(self, surety_id: str, webhook_id: str, since: str | None, cursor: Cursor | None,
               now: dt.datetime) -> bool:
        """A failing endpoint's wait ends too; its failures stay on record until a delivery succeeds."""
        at = iso_utc_precise(now)
        actions: list[Action] = [WebhookItem.cursor.set(json.dumps(cursor)) if cursor else WebhookItem.cursor.remove(),
                   WebhookItem.next_attempt_at.set(at), WebhookItem.gsi1sk.set(at),
                   WebhookItem.lease.remove()]  # a worker delivering now stops at its next step
        if since:
            actions.append(WebhookItem.since.set(since))
        return updated_if(self._item(surety_id, webhook_id), actions, Item.pk.exists())

    @unavailable_on_engine_errors
    def due(self, now: dt.datetime, limit: int = 100) -> list[tuple[str, str]]:
        # Index reads are eventually consistent: claim re-checks with a condition.
        items = self._Hook.gsi1.query(keys.DUE_WEBHOOKS_PK, WebhookItem.gsi1sk <= iso_utc_precise(now), limit=limit)
        return [(keys.parse_webhook_pk(item.pk), item.sk) for item in items]

    @unavailable_on_engine_errors
    def claim(self, surety_id: str, webhook_id: str, lease: str, now: dt.datetime) -> Webhook | None:
        """A lease, so two workers never deliver to one endpoint together."""
        item = self._item(surety_id, webhook_id)
        until = iso_utc_precise(now + WEBHOOK_LEASE)
        if not updated_if(item, [WebhookItem.lease.set(lease), WebhookItem.next_attempt_at.set(until),
                                 WebhookItem.gsi1sk.set(until)],
                          Item.pk.exists() & (WebhookItem.next_attempt_at <= iso_utc_precise(now))):
            return None
        return _webhook(item)

    @unavailable_on_engine_errors
    def advance(self, surety_id: str, webhook_id: str, lease: str, cursor: Cursor, now: dt.datetime) -> bool:
        return updated_if(self._item(surety_id, webhook_id),
                          [WebhookItem.cursor.set(json.dumps(cursor)), WebhookItem.delivered.add(1),
                           WebhookItem.failures.set(0), WebhookItem.last_success_at.set(iso_utc_precise(now))],
                          WebhookItem.lease == lease)

    @unavailable_on_engine_errors
    def release(self, surety_id: str, webhook_id: str, lease: str, next_attempt: dt.datetime, error: str | None,
                now: dt.datetime) -> None:
        """Due again at ``next_attempt``; with the error if the delivery failed."""
        at = iso_utc_precise(next_attempt)
        actions: list[Action] = [WebhookItem.lease.remove(), WebhookItem.next_attempt_at.set(at), WebhookItem.gsi1sk.set(at)]
        if error:
            actions += [WebhookItem.failures.add(1), WebhookItem.last_error.set(error[:100]),
                        WebhookItem.last_failure_at.set(iso_utc_precise(now))]
        updated_if(self._item(surety_id, webhook_id), actions, WebhookItem.lease == lease)
