"""What an orderer's staff did, as its administrator reads it: who signed in, who recorded or
withdrew which receipt or returned which 電子提出, and when. Kept for domain/retention.STAFF_ACTIVITY.

An entry holds the work address, the time and, for a receipt, the guarantee's number, version,
department and the name typed with it: never a sign-in code, an 認証キー or a session token."""
from __future__ import annotations

import datetime as dt
from typing import Any

from .formatting import iso_utc, iso_utc_precise, parse_iso_utc_precise, time_ja

ACTIONS = {
    "signed_in": "サインイン",
    "receipt_recorded": "受領を記録",
    "receipt_withdrawn": "受領の記録を取消",
    "submission_returned": "電子提出を差戻し",
    "contract_list_uploaded": "契約一覧を登録",
    "contract_list_removed": "契約一覧を削除",
}
# submission_id: the 受付番号 of a 電子提出, for 受領 recorded from the inbox and for 差戻し.
_RECEIPT_FIELDS = ("guarantee_id", "version", "contract_number", "department", "name", "submission_id")


def entry(at: dt.datetime, email: str, action: str, **receipt: Any) -> dict[str, Any]:
    """The stored entry (times to the microsecond: the list sorts by them)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown staff activity: {action}")
    unknown = set(receipt) - set(_RECEIPT_FIELDS)
    if unknown:
        raise ValueError(f"not kept in staff activity: {sorted(unknown)}")
    return {"at": iso_utc_precise(at), "email": email, "action": action,
            **{k: v for k, v in receipt.items() if v is not None}}


def view(stored: dict[str, Any]) -> dict[str, Any]:
    """An entry as the administrator's page lists it, with its printed forms."""
    at = parse_iso_utc_precise(stored["at"])
    shown: dict[str, Any] = {"at": iso_utc(at), "at_label": time_ja(at), "email": stored["email"],
                             "action": stored["action"], "action_label": ACTIONS.get(stored["action"], stored["action"])}
    for key in ("contract_number", "department", "name", "submission_id"):
        if stored.get(key):
            shown[key] = stored[key]
    if stored.get("version") is not None:
        shown["version"] = int(stored["version"])
        shown["version_label"] = f"第{int(stored['version'])}版"
    return shown
