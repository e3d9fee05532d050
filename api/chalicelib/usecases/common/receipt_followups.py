"""After 受領: the staff who recorded a receipt hear when that guarantee changes (issue 14),
so the orderer no longer learns of a 変更 or 解約 only if someone tells it."""
from __future__ import annotations

import datetime as dt

from ...adapters import mail, store
from ...domain.views import GuaranteeState


def staff_notices(state: GuaranteeState, certificate: dict, what: str, advice: str,
                  now: dt.datetime) -> list[store.OutboxMail]:
    """One message to each account that recorded a receipt of any version of the guarantee."""
    recipients = dict.fromkeys(r["staff"] for r in state.receipts.values() if r.get("staff"))
    return [store.OutboxMail(mail.new_mail_id(), to, mail.staff_change_notice(to, certificate, what, advice, now).as_bytes())
            for to in recipients]
