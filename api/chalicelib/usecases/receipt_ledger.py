"""受領台帳: the guarantees an orderer received, for its signed-in staff — what each was at
receipt, and where it stands now (有効 / 変更済み / 解約 / 期限満了, the domain's STATUS_LABELS), as a list (its CSV: usecases/ledger_export.py).

A row opens the version received without the key: the receipt proves the submission. A
newer version is only named, never shown: its content needs its own key. An orderer's
ledger includes its predecessors' (PublicBody.predecessors: the bodies merged into it, whose
receipts stay under their own ids).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from ..domain import ledger_query, receipts, views
from ..domain.errors import NotFound
from ..domain.formatting import date_ja, iso_utc, parse_iso_utc, period_ja, today_in_japan, yen_ja
from ..domain.guarantee import KINDS, STATUS_LABELS
from ..domain.instruments import INSTRUMENTS, issuer_type_label
from ..domain.staff import Staff
from ..domain.views import GuaranteeState
from .common import orderers
from .common import contract_matching, paging
from .common.ledgers import find_entry, ledger_ids
from .common.dependencies import get as deps
from .common.states import live_state

# Kept on a row for the portal's own use, not shown: the account (as recorded_by) and when
# its staff were told of the period's end.
_INTERNAL = ("staff", "expiry_told")
STATES = STATUS_LABELS  # one word for each state: the verification result says the same


def _state_of(entry: dict[str, Any], state: GuaranteeState | None, today: dt.date) -> tuple[str, str]:
    if state is None:
        return "valid", STATES["valid"]
    if state.status == "cancelled":
        return "cancelled", f"解約（{date_ja(state.cancellation['date'])}）" if state.cancellation else STATES["cancelled"]
    if state.latest_version > entry["version"]:
        return "superseded", f"{STATES['superseded']}（第{state.latest_version}版が発行済み）"
    if today.isoformat() > entry["guarantee_period"]["end"]:
        return "expired", STATES["expired"]
    return "valid", STATES["valid"]


def _withdrawable_until(entry: dict[str, Any], staff: Staff, now: dt.datetime) -> str | None:
    """Until when ``staff`` may take the receipt back: only the account that recorded it, within
    the window (receipts.WITHDRAWAL_WINDOW). The page shows the button until then and states no rule."""
    deadline = receipts.withdrawal_deadline(parse_iso_utc(entry["recorded_at"]))
    return iso_utc(deadline) if entry["staff"] == staff.email and now <= deadline else None


def _printed(entry: dict[str, Any]) -> dict[str, str]:
    """The row's values as the list and the CSV print them: the page formats none itself."""
    period = entry["guarantee_period"]
    return {"version_label": f"第{entry['version']}版", "amount_label": yen_ja(entry["amount"]),
            "guarantee_period_label": period_ja(period["start"], period["end"]), "date_label": date_ja(entry["date"])}


def csv_filename(staff: Staff, today: dt.date) -> str:
    return f"受領台帳_{orderers.written_name(staff.orderer_id)}_{today.isoformat()}.csv"


def rows(staff: Staff, department: str | None = None, state: str | None = None) -> list[dict[str, Any]]:
    """The orderer's receipts (its predecessors' too), newest first, each with the guarantee's state now."""
    d = deps()
    entries = [e for orderer_id in ledger_ids(staff) for e in d.store.ledger.entries(orderer_id)]
    live = d.store.guarantees.get_states([e["guarantee_id"] for e in entries])
    now = d.clock.now()
    today = today_in_japan(now)
    result = []
    issuer = _issuer_names(entries, live)
    for entry in entries:
        code, label = _state_of(entry, live.get(entry["guarantee_id"]), today)
        if (department and entry["department"] != department) or (state and code != state):
            continue
        result.append({**{k: v for k, v in entry.items() if k not in _INTERNAL}, "recorded_by": entry["staff"], "kind_label": KINDS[entry["kind"]],
                       "surety_name": issuer(entry), "issuer_type": INSTRUMENTS[entry["kind"]].issuer_type,
                       "issuer_type_label": issuer_type_label(entry["kind"]),
                       "state": code, "state_label": label, **_printed(entry),
                       "withdrawable_until": _withdrawable_until(entry, staff, now)})
    return sorted(result, key=lambda r: r["recorded_at"], reverse=True)


def query_of(params: dict[str, str]) -> ledger_query.LedgerQuery:
    """The register's query from the request's parameters (their shapes checked by openapi.yaml)."""
    return ledger_query.parse(params, KINDS)


def page(staff: Staff, query: ledger_query.LedgerQuery, cursor: str | None) -> dict[str, Any]:
    """One page of the register (GET /v1/staff/receipts): rows answering ``query``, in its order,
    with their attention reasons; the cursor of the next page; and, when the examine budget ended
    before the page was full, how far it looked (searched_through, its label).

    CONTRACT VERSION (naive: reads the whole ledger; the register helper replaces its inside by
    indexed reads, keeping this signature and reply)."""
    now = deps().clock.now()
    today = today_in_japan(now)
    start = paging.decode(cursor, staff.orderer_id + "\0" + query.scope())
    offset = int(start["offset"]) if start else 0
    found = []
    every = rows(staff, query.department)
    checks = contract_matching.findings_for(staff.orderer_id, every)
    for row in every:
        reasons = ledger_query.attention(row["state"], row, today, checks[(row["guarantee_id"], row["version"])])
        if ledger_query.matches(query, row, row["state"], reasons):
            found.append({**row, "attention": [{"code": c, "label": ledger_query.ATTENTION[c]} for c in reasons]})
    if query.sort == "received_asc":
        found.reverse()
    elif query.sort == "period_end_asc":
        found.sort(key=lambda r: (r["guarantee_period"]["end"], r["recorded_at"]))
    chunk = found[offset:offset + query.limit]
    more = offset + query.limit < len(found)
    return {"receipts": chunk,
            "next_cursor": paging.encode({"offset": offset + query.limit}, staff.orderer_id + "\0" + query.scope())
            if more else None,
            "searched_through": None, "searched_through_label": None}


def _issuer_names(entries: list[dict[str, Any]], live: dict[str, GuaranteeState]) -> Callable[[dict[str, Any]], str]:
    """The issuer of a row as its receipt named it; a row written before receipts kept the issuer
    is named from its guarantee's issuer now (one read per issuer, not per row)."""
    names: dict[str, str] = {}

    def name(entry: dict[str, Any]) -> str:
        if entry.get("surety_name"):
            return str(entry["surety_name"])
        state = live.get(entry["guarantee_id"])
        if state is None:
            return ""
        if state.surety_id not in names:
            surety = deps().store.sureties.get(state.surety_id)
            names[state.surety_id] = surety.name if surety else state.surety_id
        return names[state.surety_id]
    return name


def received(staff: Staff, guarantee_id: str, version: int) -> dict[str, Any]:
    """The version the orderer received, as a verification shows it (without the key)."""
    d = deps()
    found = find_entry(staff, guarantee_id, version)
    signed = d.store.guarantees.get_version(guarantee_id, version) if found else None
    if signed is None:
        raise NotFound("not_found", "この受領の記録は見つかりません。")
    state = live_state(guarantee_id)
    return views.for_key(signed.version, state, d.clock.now(), signed.jws, orderers.body(signed.version.terms.orderer_id))
