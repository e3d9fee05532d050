"""The surety's client of the e-guarantee portal: the generated layer
(`e_guarantee_portal_client`, from the OpenAPI document) plus what a generator cannot know.

- Issuance and amendment carry an Idempotency-Key (one is made if none is given) and are
  retried with the same key after a lost connection, a timeout, 429 or a 5xx: the portal
  returns the first result again, so a retry never issues twice.
- Cancellation has no key; a retry that meets 409 `already_cancelled` has succeeded.
- Lists and event logs are iterated across their cursors.
- A notice in a reply is saved as the PDF file it is.

    portal = Portal("https://portal.example.jp/api", token)
    issued = portal.issue(request)            # request: the JSON body as a dict
    Portal.save_notice(issued, Path("notices"))
"""
from __future__ import annotations

import base64
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx

from e_guarantee_portal_client import AuthenticatedClient, models
from e_guarantee_portal_client.api.amendment import amend_guarantee, cancel_guarantee
from e_guarantee_portal_client.api.issuance import create_guarantee
from e_guarantee_portal_client.api.surety_read import get_guarantee, list_guarantee_events, list_guarantees
from e_guarantee_portal_client.types import UNSET, Response

RETRIED_STATUSES = {429, 500, 502, 503, 504}
MAX_WAIT_SECONDS = 60.0


class PortalError(Exception):
    """A refusal by the portal: the HTTP status and its machine-readable `code`."""

    def __init__(self, status: int, code: str, message: str, field: str | None = None):
        super().__init__(f"{status} {code}: {message}")
        self.status, self.code, self.message, self.field = status, code, message, field


class Portal:
    def __init__(self, base_url: str, token: str, *, retries: int = 4, timeout: float = 30.0,
                 backoff: float = 1.0, sleep: Callable[[float], None] = time.sleep,
                 transport: httpx.BaseTransport | None = None):
        self._client = AuthenticatedClient(base_url=base_url.rstrip("/"), token=token,
                                           timeout=httpx.Timeout(timeout),
                                           httpx_args={"transport": transport} if transport else {})
        self._retries, self._backoff, self._sleep = retries, backoff, sleep

    # ---- writes ----------------------------------------------------------------------

    def issue(self, request: dict[str, Any], *, idempotency_key: str | None = None) -> models.IssuanceResponse:
        key = idempotency_key or str(uuid.uuid4())
        body = models.IssuanceRequest.from_dict(request)
        return self._ok(self._call(lambda: create_guarantee.sync_detailed(client=self._client, body=body,
                                                                          idempotency_key=key)))

    def amend(self, guarantee_id: str, request: dict[str, Any], *,
              idempotency_key: str | None = None) -> models.AmendmentResponse:
        key = idempotency_key or str(uuid.uuid4())
        body = models.AmendmentRequest.from_dict(request)
        return self._ok(self._call(lambda: amend_guarantee.sync_detailed(guarantee_id, client=self._client, body=body,
                                                                         idempotency_key=key)))

    def cancel(self, guarantee_id: str, reason: str, date: str) -> models.SuretyGuarantee:
        body = models.CancellationRequest.from_dict({"reason": reason, "date": date})
        attempts = []

        def once():
            attempts.append(1)
            return cancel_guarantee.sync_detailed(guarantee_id, client=self._client, body=body)
        response = self._call(once)
        if len(attempts) > 1 and _error_code(response) == "already_cancelled":
            return self.guarantee(guarantee_id)  # an earlier attempt went through; its answer was lost
        return self._ok(response)

    # ---- reads -----------------------------------------------------------------------

    def guarantee(self, guarantee_id: str) -> models.SuretyGuarantee:
        return self._ok(self._call(lambda: get_guarantee.sync_detailed(guarantee_id, client=self._client)))

    def events(self, guarantee_id: str, *, page_size: int = 50) -> Iterator[Any]:
        cursor = None
        while True:
            page = self._ok(self._call(lambda: list_guarantee_events.sync_detailed(
                guarantee_id, client=self._client, cursor=cursor or UNSET, limit=page_size)))
            yield from page.events
            if not page.next_cursor:
                return
            cursor = page.next_cursor

    def guarantees(self, *, orderer: str | None = None, contractor: str | None = None,
                   page_size: int = 50) -> Iterator[models.GuaranteeSummary]:
        cursor = None
        while True:
            page = self._ok(self._call(lambda: list_guarantees.sync_detailed(
                client=self._client, orderer=orderer or UNSET, contractor=contractor or UNSET,
                cursor=cursor or UNSET, limit=page_size)))
            yield from page.guarantees
            if not page.next_cursor:
                return
            cursor = page.next_cursor

    # ---- files -----------------------------------------------------------------------

    @staticmethod
    def save_notice(reply: models.IssuanceResponse | models.AmendmentResponse, folder: Path) -> Path:
        """The reply's 認証キーのお知らせ as its PDF file in `folder` (named as the portal names it)."""
        folder.mkdir(parents=True, exist_ok=True)
        name = Path(reply.notice.filename).name  # never a path from elsewhere
        path = folder / name
        path.write_bytes(base64.b64decode(reply.notice.data_base64, validate=True))
        return path

    # ---- the calls -------------------------------------------------------------------

    def _call(self, send: Callable[[], Response]) -> Response:
        """`send()`, again after a lost connection, 429 or 5xx, waiting as told (Retry-After) or
        with a growing pause; the last answer or error when the attempts run out."""
        for attempt in range(self._retries + 1):
            try:
                response = send()
            except httpx.TransportError:
                if attempt == self._retries:
                    raise
                self._sleep(self._backoff * 2 ** attempt)
                continue
            if response.status_code not in RETRIED_STATUSES or attempt == self._retries:
                return response
            self._sleep(_wait(response, self._backoff * 2 ** attempt))
        raise AssertionError("unreachable")

    @staticmethod
    def _ok(response: Response):
        if 200 <= response.status_code < 300 and response.parsed is not None:
            return response.parsed
        error = response.parsed.error if isinstance(response.parsed, models.Error) else None
        if error is None:
            raise PortalError(response.status_code, "unexpected_reply", response.content[:200].decode("utf-8", "replace"))
        raise PortalError(response.status_code, error.code, error.message,
                          None if error.field is UNSET else error.field)


def _error_code(response: Response) -> str | None:
    return response.parsed.error.code if isinstance(response.parsed, models.Error) else None


def _wait(response: Response, fallback: float) -> float:
    try:
        return min(float(response.headers.get("retry-after", fallback)), MAX_WAIT_SECONDS)
    except ValueError:
        return fallback
