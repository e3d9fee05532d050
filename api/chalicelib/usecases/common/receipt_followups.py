"""After 受領: the staff who recorded a receipt hear when that guarantee changes (issue 14),
so the orderer no longer learns of a 変更 or 解約 only if someone tells it; and when the period of
the version they received ends (from the expiry job, issue 30)."""
from __future__ import annotations

import datetime as dt

from ...domain import mail_messages
from ...domain.formatting import today_in_japan
from ...domain.guarantee import Version
from ...domain.mail_messages import MailText
from ...domain.views import GuaranteeState
from ..ports.records import OutboxMail
from . import orderers as registry  # orderer-admin: the notification addresses
from . import outbox
from .certificates import certificate
from .dependencies import get as deps


def staff_notices(state: GuaranteeState, text: MailText, now: dt.datetime, *, orderer_id: str) -> list[OutboxMail]:
    """``text`` (mail_messages.staff_*_notice) to each account that recorded a receipt of any
    version of the guarantee, and to the orderer's notification addresses (once a receipt is recorded)."""
    mail = deps().mail
    staff = [r["staff"] for r in state.receipts.values() if r.get("staff")]
    recipients = registry.with_notification_addresses(orderer_id, staff) if staff else []
    return [OutboxMail(mail.new_mail_id(), to, mail.compose(to, text, now).as_bytes()) for to in recipients]


def tell_expired(state: GuaranteeState, version: Version, now: dt.datetime) -> bool:
    """The period of ``version`` (the guarantee's latest, still active) has ended: tell the staff
    who received that version, once, and mark its ledger row (the mails written with the mark).
    Called by the expiry job (expiries.record_expired) for each guarantee it settles, so the cost
    follows the day's expiries: the receipt on the state names the version received, the row is
    in the 受領台帳 of the version's orderer (receipt_writing: the ledger is always
    ``terms.orderer_id``'s). Run again after an interruption, the mark keeps it to one mail.
    Returns whether the staff were told now."""
    receipt = state.receipts.get(str(version.version))
    if not receipt:
        return False  # not received (or an older version was: the staff were told of the change then)
    d = deps()
    store, mail = d.store, d.mail
    orderer_id = version.terms.orderer_id
    row = store.ledger.entry(orderer_id, version.guarantee_id, version.version)
    if row is None or "expiry_told" in row or not row.get("staff"):
        return False
    today = today_in_japan(now)
    text = mail_messages.staff_expired_notice(certificate(version, today))
    messages = [OutboxMail(mail.new_mail_id(), to, mail.compose(to, text, now).as_bytes())
                for to in registry.with_notification_addresses(orderer_id, [row["staff"]])]
    if not store.ledger.mark_expiry_told(orderer_id, version.guarantee_id, version.version, today.isoformat(),
                                         messages):
        return False
    for message in messages:
        outbox.deliver(message.mail_id, now)
    return True
