"""Cancelling a guarantee (解約): its keys keep opening it, with the cancellation shown."""
from __future__ import annotations

from typing import Any

from ..domain import events, mail_messages
from ..domain.amendments import read_cancellation
from ..domain.errors import Conflict, invalid
from ..domain.formatting import date_ja, iso_utc, parse_iso_utc, today_in_japan
from ..domain.sureties import Caller
from .common import outbox
from .common.certificates import certificate
from .common.dependencies import get as deps
from .common.ownership import own_head
from .common.receipt_followups import staff_notices
from .common.states import live_state, stored_version
from .ports.records import ConditionFailed


def cancel(caller: Caller, guarantee_id: str, body: dict[str, Any]) -> None:
    head = own_head(caller, guarantee_id)
    reason, date = read_cancellation(body)
    issued_on = today_in_japan(parse_iso_utc(head.created_at))
    if date < issued_on:
        raise invalid("invalid_cancellation_date",
                      f"解約日は、電子保証の発行日（{date_ja(issued_on)}）以降の日付にしてください。", "date")
    store = deps().store
    now = deps().clock.now()
    cancellation = {"date": date.isoformat(), "reason": reason, "recorded_at": iso_utc(now)}
    state = live_state(guarantee_id)
    latest = stored_version(guarantee_id, state.latest_version).version
    notices = staff_notices(state, mail_messages.staff_cancelled_notice(certificate(latest, today_in_japan(now)), date), now)
    try:
        store.guarantees.cancel(guarantee_id, state.surety_id, cancellation,
                                events.cancelled(now, caller.actor(), date.isoformat()), notices)
    except ConditionFailed as e:
        raise Conflict("already_cancelled", "この保証契約は既に解約されています。") from e
    for message in notices:
        outbox.deliver(message.mail_id, now)  # best effort: the sweep retries what fails
