"""Items written by more than one repository, in the transactions of each: an event (with its
place in the surety's feed), an outbox mail, an expiry entry, an idempotent answer."""
from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence

from pynamodb.models import Model

from ...domain.formatting import iso_utc_precise
from ...usecases.ports.records import IdempotentResult, OutboxMail, Record
from . import keys
from .engine import Engine
from .models import EventItem, ExpiryItem, IdempotencyItem, MailItem

# An expiry entry outlives its day by the job's look-back and a margin.
EXPIRY_KEPT = dt.timedelta(days=40)


def event_item(engine: Engine, guarantee_id: str, event: Record, surety_id: str) -> EventItem:
    # In the surety's feed by when it is written (made here, just before the write), not by the
    # event's own time: an event dated earlier — a job's, or one whose request waited on
    # retries — must not sort behind a reader that has gone past that time (the feed holds back
    # only what is younger than its settling time).
    tail = secrets.token_hex(4)
    written = iso_utc_precise(engine.now())
    return engine.bound(EventItem)(keys.guarantee_pk(guarantee_id), keys.event_sk(event["at"], tail), data=event,
                                   gsi2pk=keys.feed_pk(surety_id),
                                   gsi2sk=keys.feed_sk(written, guarantee_id, tail))


def mail_item(engine: Engine, mail: OutboxMail, guarantee_id: str, created_at: str) -> MailItem:
    # Due at once; gsi1sk is the due time so the sweep reads only what is due.
    return engine.bound(MailItem)(keys.mail_pk(mail.mail_id), keys.MAIL_SK, to=mail.to, raw=mail.raw,
                                  guarantee_id=guarantee_id, status="pending", attempts=0,
                                  next_attempt_at=created_at, created_at=created_at,
                                  gsi1pk=keys.PENDING_MAIL_PK, gsi1sk=created_at)


def mail_puts(engine: Engine, name: str, mails: Sequence[OutboxMail], guarantee_id: str,
              created_at: str) -> list[tuple[str, Model]]:
    """Outbox mails as named puts of a transaction (name0, name1, …)."""
    return [(f"{name}{i}", mail_item(engine, m, guarantee_id, created_at)) for i, m in enumerate(mails)]


def expiry_kept(day: str) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(), dt.timezone.utc) + EXPIRY_KEPT


def expiry_item(engine: Engine, guarantee_id: str, version: int, surety_id: str, version_record: Record) -> ExpiryItem:
    end = version_record["terms"]["guarantee_period"]["end"]
    return engine.bound(ExpiryItem)(keys.expiry_pk(end), keys.guarantee_version_sk(guarantee_id, version),
                                    surety_id=surety_id, guarantee_id=guarantee_id, expires_at=expiry_kept(end))


def ledger_index_keys(orderer_id: str, row: Record) -> dict[str, str]:
    """A 受領台帳 row's places in the register's two orders (keys.py): by when it was received
    (gsi1) and by its guarantee period's end (gsi2). Here, not in ledger.py: the receipt's
    transaction (guarantees.py) writes them, and a verification Lambda never loads the ledger."""
    at, gid, version = row.get("recorded_at"), row.get("guarantee_id"), row.get("version")
    end = (row.get("guarantee_period") or {}).get("end")
    if not (at and gid and version and end):
        return {}  # not a register's row (a test's sketch of one): in no order
    version = int(version)
    return {"gsi1pk": keys.ledger_at_pk(orderer_id), "gsi1sk": keys.ledger_at_sk(at, gid, version),
            "gsi2pk": keys.ledger_end_pk(orderer_id),
            "gsi2sk": keys.ledger_end_sk(row["guarantee_period"]["end"], at, gid, version)}


def idempotency_item(engine: Engine, result: IdempotentResult, created_at: str) -> IdempotencyItem:
    return engine.bound(IdempotencyItem)(
        keys.idempotency_pk(result.surety_id, result.key), keys.IDEM_SK,
        fingerprint=result.fingerprint, status_code=result.status_code,
        sealed_body=result.sealed_body, guarantee_id=result.guarantee_id,
        created_at=created_at, expires_at=result.expires_at)
