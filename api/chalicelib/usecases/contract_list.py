"""The orderer's own contract list (契約一覧, issue 30): its staff upload it (a CSV file, replaced
whole by the next upload), read what is kept and remove it; the 受領台帳 checks each received
guarantee against it (usecases/common/contract_matching.py).

Every answer is about the signed-in member's own orderer: no request names an orderer, so no
one reads or replaces another orderer's list. The list is the orderer's data, kept apart from
what issuers write (adapters/*/contract_lists.py)."""
from __future__ import annotations

from typing import Any

from ..domain import attempts, contract_list
from ..domain.errors import Conflict
from ..domain.formatting import iso_utc, parse_iso_utc, time_ja
from ..domain.staff import Staff
from .common import hourly_allowance, staff_activity
from .common.dependencies import get as deps
from .ports.records import ConditionFailed, Record

Refused = contract_list.Refused  # 400 invalid_contract_list, with its lines (the route renders them)
MAX_BYTES = contract_list.MAX_BYTES
CHANGED = "ほかの職員が同時に契約一覧を登録しました。画面を読み込み直して、登録された一覧を確かめてください。"


def _view(head: Record | None) -> dict[str, Any] | None:
    if head is None:
        return None
    return {"contracts": int(head["contracts"]), "uploaded_at": head["uploaded_at"],
            "uploaded_at_label": time_ja(parse_iso_utc(head["uploaded_at"])), "uploaded_by": head["uploaded_by"]}


def buckets_of(contracts: list[contract_list.Contract]) -> list[list[Record]]:
    """The contracts in their buckets: each contract in the bucket of each of its keys."""
    count = contract_list.bucket_count(len(contracts))
    buckets: list[list[Record]] = [[] for _ in range(count)]
    for contract in contracts:
        for n in dict.fromkeys(contract_list.bucket_of(key, count) for key in contract.keys):
            buckets[n].append(contract.as_dict())
    return buckets


def upload(staff: Staff, raw: bytes) -> dict[str, Any]:
    """Read the file (contract_list.parse: any wrong line refuses it whole, Refused) and make it
    the orderer's list in place of the one before."""
    d = deps()
    now = d.clock.now()
    taken = hourly_allowance.take(
        lambda window: attempts.contract_list_counter(staff.orderer_id, staff.email, window),
        contract_list.UPLOADS_PER_STAFF_PER_HOUR, now,
        lambda minutes: f"契約一覧の登録が1時間の上限（{contract_list.UPLOADS_PER_STAFF_PER_HOUR}回）に達しました。"
                        f"約{minutes}分後に、もう一度登録してください。")
    contracts = contract_list.parse(raw)
    try:
        head = d.store.contract_lists.replace(staff.orderer_id, {"contracts": len(contracts), "uploaded_at": iso_utc(now),
                                                                 "uploaded_by": staff.email}, buckets_of(contracts))
    except ConditionFailed:
        d.store.counters.give_back([taken])  # another upload went first: this one is not counted
        raise Conflict("contract_list_changed", CHANGED) from None
    staff_activity.note(staff.orderer_id, staff.email, "contract_list_uploaded", now)
    return {"contract_list": _view(head)}


def current(staff: Staff) -> dict[str, Any]:
    return {"contract_list": _view(deps().store.contract_lists.head(staff.orderer_id))}


def remove(staff: Staff) -> dict[str, Any]:
    d = deps()
    if d.store.contract_lists.remove(staff.orderer_id):
        staff_activity.note(staff.orderer_id, staff.email, "contract_list_removed", d.clock.now())
    return {"removed": True}
