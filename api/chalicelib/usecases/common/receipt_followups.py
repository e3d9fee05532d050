"""After 受領: the staff who recorded a receipt hear when that guarantee changes (issue 14),
so the orderer no longer learns of a 変更 or 解約 only if someone tells it."""
from __future__ import annotations

import datetime as dt

from ...domain import mail_messages
from ...domain.formatting import today_in_japan
from ...domain.mail_messages import MailText
from ...domain.views import GuaranteeState
from ..ports.records import OutboxMail
from . import outbox
from .certificates import certificate
from .dependencies import get as deps


def staff_notices(state: GuaranteeState, text: MailText, now: dt.datetime) -> list[OutboxMail]:
    """``text`` (mail_messages.staff_*_notice) to each account that recorded a receipt of any
    version of the guarantee."""
    mail = deps().mail
    recipients = dict.fromkeys(r["staff"] for r in state.receipts.values() if r.get("staff"))
    return [OutboxMail(mail.new_mail_id(), to, mail.compose(to, text, now).as_bytes()) for to in recipients]


def tell_expired(now: dt.datetime) -> int:
    """Once a day (Japan's): tell the staff who received a guarantee that its period has ended,
    and mark the ledger row. Returns how many rows were told."""
    today = today_in_japan(now)
    d = deps()
    store, mail = d.store, d.mail
    if not store.jobs.claim_daily_run("expiry-notices", today.isoformat(), now + dt.timedelta(days=3)):
        return 0
    told = 0
    for enrolment in store.registry.enrolments():
        orderer_id = enrolment.orderer_id
        rows = [r for r in store.ledger.entries(orderer_id)
                if "expiry_told" not in r and r["guarantee_period"]["end"] < today.isoformat()]
        states = store.guarantees.get_states([r["guarantee_id"] for r in rows]) if rows else {}
        for row in rows:
            state = states.get(row["guarantee_id"])
            # Changed or cancelled since: the staff were told then, and the newer version is not theirs.
            if state is None or state.status != "active" or state.latest_version != row["version"]:
                continue
            signed = store.guarantees.get_version(row["guarantee_id"], row["version"])
            if signed is None:
                continue
            version = signed.version
            text = mail_messages.staff_expired_notice(certificate(version, today))
            message = OutboxMail(mail.new_mail_id(), row["staff"], mail.compose(row["staff"], text, now).as_bytes())
            if store.ledger.mark_expiry_told(orderer_id, row["guarantee_id"], row["version"], today.isoformat(),
                                             [message]):
                outbox.deliver(message.mail_id, now)
                told += 1
    return told
