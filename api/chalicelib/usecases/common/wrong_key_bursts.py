"""Telling sureties of bursts of wrong keys: a request that brings a number's wrong keys to
the hourly signal only notes it (key_access.py: the same write whether the number exists),
and the 5-minute sweep does the rest here — a `lockout` event on every guarantee with that
number (a signal, never a lock) and an e-mail to each surety, at most one an hour per
surety, so that nobody can flood a surety's mailbox by guessing."""
from __future__ import annotations

import datetime as dt
import logging

from ...domain import events, mail_messages
from ...domain.formatting import parse_iso_utc_precise, today_in_japan
from ..ports.records import OutboxMail
from . import outbox
from .certificates import certificate
from .dependencies import get as deps

log = logging.getLogger("portal.verification")

MAIL_EVERY = dt.timedelta(hours=1)


def tell_bursts(now: dt.datetime) -> int:
    """Tell what the requests noted; returns how many guarantees were told."""
    told = 0
    d = deps()
    store, mail = d.store, d.mail
    for burst in store.counters.pending_bursts():
        at, until = parse_iso_utc_precise(burst.at), parse_iso_utc_precise(burst.until)
        for surety_id, guarantee_id in store.guarantees.guarantees_numbered(burst.number):
            state = store.guarantees.get_state(guarantee_id)
            signed = store.guarantees.get_version(guarantee_id, state.latest_version) if state else None
            if signed is None:
                continue
            version = signed.version
            to = (version.surety_contact or {}).get("email")
            mails: list[OutboxMail] = []
            if to and store.jobs.claim_daily_run(f"burst-mail#{surety_id}", burst.window, now + 2 * MAIL_EVERY):
                mails = [OutboxMail(mail.new_mail_id(), to, mail.compose(to, mail_messages.wrong_keys_notice(
                    certificate(version, today_in_japan(now)), burst.count, until, at), now).as_bytes())]
            store.events.add(guarantee_id, surety_id, events.lockout(at, "number", burst.actor, until), mails)
            for message in mails:
                outbox.deliver(message.mail_id, now)
            told += 1
        store.counters.clear_burst(burst.key)
    return told
