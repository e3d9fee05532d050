"""The surety's client of the e-guarantee portal: the generated layer
(`e_guarantee_portal_client`, from the OpenAPI document) plus what a generator cannot know.

- Issuance and amendment carry an Idempotency-Key (one is made if none is given) and are
  retried with the same key after a lost connection, a timeout, 429 or a 5xx: the portal
  returns the first result again, so a retry never issues twice.
- Cancellation has no key; a retry that meets 409 `already_cancelled` has succeeded.
- Lists and event logs are iterated across their cursors; the feed of all the surety's
  events is read from a saved cursor and hands back the cursor to save. An event of a type
  newer than this package comes as a plain `NewerEvent` / `NewerFeedEntry` (a dict) instead
  of stopping the read: the portal adds types (`expired` came with 1.6.0).
- A notice in a reply is saved as the PDF file it is.
- Webhook endpoints are registered, listed, given a new secret, replayed and removed; the
  deliveries are checked with `e_guarantee_portal.verify_webhook` (webhooks.py).

    portal = Portal("https://portal.example.jp/api", token)
    issued = portal.issue(request)            # request: the JSON body as a dict
    Portal.save_notice(issued, Path("notices"))
"""
from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import json
import math
import os
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx

from e_guarantee_portal_client import AuthenticatedClient, models
from e_guarantee_portal_client.api.amendment import amend_guarantee, cancel_guarantee
from e_guarantee_portal_client.api.issuance import create_guarantee
from e_guarantee_portal_client.api.surety_read import (get_guarantee, list_guarantee_events, list_guarantees,
                                                       list_surety_events)
from e_guarantee_portal_client.api.webhooks import (create_webhook, delete_webhook, list_webhooks, replay_webhook,
                                                    rotate_webhook_secret)
from e_guarantee_portal_client.types import UNSET, Response, Unset

RETRIED_STATUSES = {429, 500, 502, 503, 504}
MAX_WAIT_SECONDS = 60.0


@dataclasses.dataclass(frozen=True)
class Problem:
    """One problem the portal named: its `code`, the Japanese `message` and the `field` (a
    dotted path such as `project.period.end`, a header name, or None for the whole body)."""
    code: str
    message: str
    field: str | None = None


class PortalError(Exception):
    """A refusal by the portal: the HTTP status and its machine-readable `code`. `details`
    holds every problem the portal named (a body can have several; the first is the one
    in `code`, `message` and `field`)."""

    def __init__(self, status: int, code: str, message: str, field: str | None = None,
                 details: list[Problem] | None = None):
        super().__init__(f"{status} {code}: {message}")
        self.status, self.code, self.message, self.field = status, code, message, field
        self.details = details or [Problem(code, message, field)]


class NewerEvent(dict):
    """An event of a type this package does not know yet: its JSON as a dict (`event["type"]`)."""

    def to_dict(self) -> dict:
        return dict(self)


class NewerFeedEntry(dict):
    """A feed entry whose event is of a type this package does not know yet (keys `event_id`,
    `guarantee_id`, `event`)."""

    def to_dict(self) -> dict:
        return dict(self)


def _each(items: list, parse: Callable[[dict], Any], newer: type) -> list:
    """Each item parsed by the generated layer, or kept as `newer` if it cannot be (a type added since)."""
    out = []
    for item in items:
        try:
            out.append(parse(item))
        except (TypeError, ValueError, AttributeError, KeyError):
            out.append(newer(item))
    return out


class _AsSent(dict):
    """A request body sent as given: the portal checks it and answers in Japanese what is
    wrong (a client-side model would refuse a wrong row with a bare Python error)."""

    def to_dict(self) -> dict:
        return dict(self)


class Portal:
    def __init__(self, base_url: str, token: str, *, retries: int = 4, timeout: float = 30.0,
                 backoff: float = 1.0, sleep: Callable[[float], None] = time.sleep,
                 transport: httpx.BaseTransport | None = None):
        self._client = AuthenticatedClient(base_url=base_url.rstrip("/"), token=token,
                                           timeout=httpx.Timeout(timeout),
                                           httpx_args={"transport": transport} if transport else {})
        self._retries, self._backoff, self._sleep = retries, backoff, sleep

    def __repr__(self) -> str:  # never the token
        return f"Portal({self._client._base_url!r})"

    # ---- writes ----------------------------------------------------------------------

    def issue(self, request: dict[str, Any], *, idempotency_key: str | None = None) -> models.IssuanceResponse:
        key = idempotency_key or str(uuid.uuid4())
        return self._ok(self._call(create_guarantee, body=_AsSent(request), idempotency_key=key))

    def amend(self, guarantee_id: str, request: dict[str, Any], *,
              idempotency_key: str | None = None) -> models.AmendmentResponse:
        key = idempotency_key or str(uuid.uuid4())
        return self._ok(self._call(amend_guarantee, guarantee_id, body=_AsSent(request), idempotency_key=key))

    def cancel(self, guarantee_id: str, reason: str, date: str) -> models.SuretyGuarantee:
        attempts: list[int] = []
        response = self._call(cancel_guarantee, guarantee_id, body=_AsSent({"reason": reason, "date": date}),
                              attempts=attempts)
        if len(attempts) > 1 and _error_code(response) == "already_cancelled":
            return self.guarantee(guarantee_id)  # an earlier attempt went through; its answer was lost
        return self._ok(response)

    # ---- reads -----------------------------------------------------------------------

    def guarantee(self, guarantee_id: str) -> models.SuretyGuarantee:
        return self._ok(self._call(get_guarantee, guarantee_id))

    def events(self, guarantee_id: str, *, page_size: int = 50) -> Iterator[Any]:
        """The guarantee's event log, oldest first (events of a newer type as `NewerEvent`)."""
        cursor = None
        while True:
            page = self._json_page(list_guarantee_events, guarantee_id, cursor=cursor or UNSET, limit=page_size)
            yield from _each(page["events"], _one_event, NewerEvent)
            cursor = page["next_cursor"]
            if not cursor:
                return

    def guarantees(self, *, orderer: str | None = None, contractor: str | None = None,
                   page_size: int = 50) -> Iterator[models.GuaranteeSummary]:
        for page in self._pages(list_guarantees, orderer=orderer or UNSET, contractor=contractor or UNSET,
                                limit=page_size):
            yield from page.guarantees

    def feed(self, cursor: str | None = None, *, page_size: int = 100) -> tuple[list[Any], str | None]:
        """Every event of the surety's guarantees since `cursor` (all of them without one), oldest
        first, as the portal has them now; and the cursor to save for next time. Unlike the lists,
        the feed returns a cursor on its last page too, and says with `more` whether to read on."""
        entries: list[Any] = []
        while True:
            page = self._json_page(list_surety_events, cursor=cursor or UNSET, limit=page_size)
            entries += _each(page["events"], models.FeedEntry.from_dict, NewerFeedEntry)
            cursor = page["next_cursor"] or cursor
            if not page["more"]:
                return entries, cursor

    # ---- webhooks --------------------------------------------------------------------

    def create_webhook(self, url: str, description: str | None = None) -> models.WebhookWithSecret:
        """Register an endpoint; the reply's `secret` is shown this once (store it at once, the
        portal cannot show it again). There is no Idempotency-Key: if the answer is lost, the
        retry meets 409 `webhook_exists` (the endpoint is registered, its secret unknown), and
        `rotate_webhook_secret` is then the way to a secret."""
        body = models.WebhookRegistration(url=url, description=UNSET if description is None else description)
        return self._ok(self._call(create_webhook, body=body))

    def webhooks(self) -> list[models.Webhook]:
        """The endpoints and how delivery goes (failures, the last error, the next attempt); never a secret."""
        return self._ok(self._call(list_webhooks)).webhooks

    def rotate_webhook_secret(self, webhook_id: str) -> models.WebhookWithSecret:
        """A new secret, shown this once. Those it replaces keep signing for 24 hours each (the last
        three; one signature each per delivery), so the receiver can switch without missing a
        delivery — also when a rotation whose answer was lost is asked for again."""
        return self._ok(self._call(rotate_webhook_secret, webhook_id))

    def replay_webhook(self, webhook_id: str, *, since: dt.datetime | str | None = None,
                       cursor: str | None = None) -> models.WebhookResponse:
        """Deliver again every event after `since` or after `cursor` (a delivery's `cursor` or the
        feed's `next_cursor`), exactly one of the two, from the next run (within a minute). Events
        already received come again: receivers drop repeats by `webhook-id`. A datetime must carry
        its time zone (a naive one would be read in the wrong zone); a string is sent as given."""
        if (since is None) == (cursor is None):
            raise ValueError("since か cursor のどちらか一方を指定してください / give exactly one of since and cursor")
        if isinstance(since, dt.datetime):
            if since.tzinfo is None or since.utcoffset() is None:
                raise ValueError("since には時差（タイムゾーン）付きの日時を指定してください / since must be timezone-aware")
            since = since.isoformat()
        body = _AsSent({"since": since} if since is not None else {"cursor": cursor})
        return self._ok(self._call(replay_webhook, webhook_id, body=body))

    def delete_webhook(self, webhook_id: str) -> models.WebhookDeleted:
        """Stop delivering to an endpoint and remove it. A retry that meets 404 `webhook_not_found`
        after a lost answer has succeeded (as with cancel)."""
        attempts: list[int] = []
        response = self._call(delete_webhook, webhook_id, attempts=attempts)
        if len(attempts) > 1 and _error_code(response) == "webhook_not_found":
            return models.WebhookDeleted(deleted=True)
        return self._ok(response)

    def _pages(self, operation, *args, **kwargs) -> Iterator[Any]:
        """The pages of a cursor-paginated list, one request each, until there is no `next_cursor`."""
        cursor = None
        while True:
            page = self._ok(self._call(operation, *args, cursor=cursor or UNSET, **kwargs))
            yield page
            if not page.next_cursor:
                return
            cursor = page.next_cursor

    # ---- files -----------------------------------------------------------------------

    @staticmethod
    def notice_path(reply: models.IssuanceResponse | models.AmendmentResponse, folder: Path) -> Path:
        return folder / Path(reply.notice.filename).name  # never a path from elsewhere

    @staticmethod
    def save_notice(reply: models.IssuanceResponse | models.AmendmentResponse, folder: Path) -> Path:
        """The reply's 認証キーのお知らせ as its PDF file in `folder`, readable by its owner only
        (it holds the 認証キー)."""
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        path = Portal.notice_path(reply, folder)
        data = base64.b64decode(reply.notice.data_base64, validate=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as f:
            os.fchmod(f.fileno(), 0o600)
            f.write(data)
        return path

    # ---- the calls -------------------------------------------------------------------

    def _call(self, operation, *args, attempts: list | None = None, **kwargs) -> Response:
        """One operation of the generated layer (see `_send`), its answer parsed by that layer."""
        return self._parsed(operation, self._send(operation, *args, attempts=attempts, **kwargs))

    def _send(self, operation, *args, attempts: list | None = None, **kwargs) -> httpx.Response:
        """One operation of the generated layer, sent again after a lost connection, 429 or 5xx
        (the same request, so the same Idempotency-Key), waiting as told (Retry-After) or with a
        growing pause. The status decides before the body is read: a gateway's HTML error page
        is retried like any 502, and a body that is not the portal's JSON is a PortalError."""
        request = operation._get_kwargs(*args, **kwargs)
        http = self._client.get_httpx_client()
        for attempt in range(self._retries + 1):
            if attempts is not None:
                attempts.append(attempt)
            try:
                raw = http.request(**request)
            except httpx.TransportError:
                if attempt == self._retries:
                    raise
                self._sleep(self._backoff * 2 ** attempt)
                continue
            if raw.status_code not in RETRIED_STATUSES or attempt == self._retries:
                break
            self._sleep(_wait(raw, self._backoff * 2 ** attempt))
        return raw

    def _parsed(self, operation, raw: httpx.Response) -> Response:
        try:
            return operation._build_response(client=self._client, response=raw)
        except (ValueError, KeyError, TypeError):
            raise PortalError(raw.status_code, "unexpected_reply", raw.text[:200]) from None

    def _json_page(self, operation, *args, **kwargs) -> dict:
        """A page of the operation read entry by entry (see `_each`), not by the generated layer;
        refusals as `_ok` raises them."""
        raw = self._send(operation, *args, **kwargs)
        if raw.status_code != 200:
            self._ok(self._parsed(operation, raw))
        try:
            return json.loads(raw.content)
        except ValueError:
            raise PortalError(raw.status_code, "unexpected_reply", raw.content[:200].decode("utf-8", "replace")) from None

    @staticmethod
    def _ok(response: Response):
        if 200 <= response.status_code < 300 and response.parsed is not None:
            return response.parsed
        error = response.parsed.error if isinstance(response.parsed, models.Error) else None
        if error is None:
            raise PortalError(response.status_code, "unexpected_reply", response.content[:200].decode("utf-8", "replace"))
        details = [Problem(d.code, d.message, None if isinstance(d.field, Unset) else d.field)
                   for d in ([] if isinstance(error.details, Unset) else error.details)]
        raise PortalError(response.status_code, error.code, error.message,
                          None if isinstance(error.field, Unset) else error.field, details)


def _one_event(data: dict) -> Any:
    # The generated layer parses an event only inside a page: a page of one.
    return models.EventsPage.from_dict({"events": [data], "next_cursor": None}).events[0]


def _error_code(response: Response) -> str | None:
    return response.parsed.error.code if isinstance(response.parsed, models.Error) else None


def _wait(response: httpx.Response, fallback: float) -> float:
    try:
        seconds = float(response.headers.get("retry-after", fallback))
    except ValueError:
        return fallback
    return min(max(seconds, 0.0), MAX_WAIT_SECONDS) if math.isfinite(seconds) else fallback
