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
from ..domain.errors import NotFound, invalid
from ..domain.validation import CURSOR_HINT
from ..domain.formatting import date_ja, iso_utc, parse_iso_utc, period_ja, today_in_japan, yen_ja
from ..domain.guarantee import KINDS, STATUS_LABELS, ContractNumberError, normalize_contract_number
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
    if state is None:  # a guarantee not found now: by the row's own period
        code = "expired" if today.isoformat() > entry["guarantee_period"]["end"] else "valid"
        return code, STATES[code]
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


def _shown(entry: dict[str, Any], state: GuaranteeState | None, staff: Staff, now: dt.datetime,
           today: dt.date, issuer: Callable[[dict[str, Any]], str]) -> dict[str, Any]:
    """A ledger row as the register shows it, with the guarantee's state now."""
    code, label = _state_of(entry, state, today)
    return {**{k: v for k, v in entry.items() if k not in _INTERNAL}, "recorded_by": entry["staff"],
            "kind_label": KINDS[entry["kind"]], "surety_name": issuer(entry),
            "issuer_type": INSTRUMENTS[entry["kind"]].issuer_type, "issuer_type_label": issuer_type_label(entry["kind"]),
            "state": code, "state_label": label, **_printed(entry),
            "withdrawable_until": _withdrawable_until(entry, staff, now)}


def query_of(params: dict[str, str]) -> ledger_query.LedgerQuery:
    """The register's query from the request's parameters (their shapes checked by openapi.yaml)."""
    return ledger_query.parse(params, KINDS)


# Rows read from a ledger's index at a time (a first page without filters reads just its page).
CHUNK = 100


def _order_key(sort: str) -> Callable[[dict[str, Any]], tuple[str, ...]]:
    """A row's place in the order asked, as the ledger's indexes sort it (to merge predecessors')."""
    if sort == "period_end_asc":
        return lambda r: (r["guarantee_period"]["end"], r["recorded_at"], r["guarantee_id"], f"{int(r['version']):04d}")
    return lambda r: (r["recorded_at"], r["guarantee_id"], f"{int(r['version']):04d}")


class _Stream:
    """One ledger (the orderer's, or a predecessor's) read in the query's order, a chunk at a time
    from where the last request stopped."""

    def __init__(self, orderer_id: str, query: ledger_query.LedgerQuery, start: dict[str, Any] | None):
        self.orderer_id, self._query, self._next = orderer_id, query, start
        self.buffer: list[dict[str, Any]] = []
        self._done = False
        self.position = start  # the last row taken from it (None: from the start)

    def fill(self, wanted: int) -> None:
        q = self._query
        while len(self.buffer) < wanted and not self._done:
            got, self._next = deps().store.ledger.page(
                self.orderer_id, q.sort, self._next, min(CHUNK, max(wanted - len(self.buffer), 1)),
                received_from=q.received_from.isoformat() if q.received_from else None,
                received_to=q.received_to.isoformat() if q.received_to else None,
                ends_before=q.ends_before.isoformat() if q.ends_before else None)
            self.buffer += got
            self._done = self._next is None

    @property
    def exhausted(self) -> bool:
        return self._done and not self.buffer


def _scope(staff: Staff, query: ledger_query.LedgerQuery) -> str:
    return staff.orderer_id + "\0" + query.scope()


def page(staff: Staff, query: ledger_query.LedgerQuery, cursor: str | None) -> dict[str, Any]:
    """One page of the register (GET /v1/staff/receipts): rows answering ``query``, in its order,
    with their attention reasons; the cursor of the next page; and, when the examine budget ended
    before the page was full, how far it looked (searched_through, its label).

    Reads the ledgers' indexes in the query's order (Ledger.page: the date filters are its key
    conditions), a chunk at a time — the first chunk the page's size, then CHUNK — with the states
    of a chunk in one batch read and its checks in one call (contract_matching.findings_for); keeps
    the rows that ``matches``; stops at ``query.limit`` rows or after EXAMINE_BUDGET rows examined.
    Predecessors' ledgers are merged by the order's key: the cursor (signed, bound to the orderer
    and the query's scope) holds where each stands. An exact 保証契約番号 is looked up through
    its guarantee instead (``_numbered``)."""
    d = deps()
    now = d.clock.now()
    today = today_in_japan(now)
    scope = _scope(staff, query)
    start = paging.decode(cursor, scope)
    ids = ledger_ids(staff)
    if start is None:
        numbered = _numbered(staff, query, ids, now, today)
        if numbered is not None:
            return numbered
        streams = [_Stream(o, query, None) for o in ids]
    else:
        at = start.get("at")
        if not isinstance(at, dict):
            raise invalid("invalid_cursor", CURSOR_HINT, "cursor")
        streams = [_Stream(o, query, at[o] or None) for o in ids if o in at]
    order = _order_key(query.sort)
    newest_first = query.sort == "received_desc"
    found: list[dict[str, Any]] = []
    examined = 0
    last: dict[str, Any] | None = None
    first = True
    while len(found) < query.limit and examined < ledger_query.EXAMINE_BUDGET:
        size = min(query.limit if first else CHUNK, ledger_query.EXAMINE_BUDGET - examined)
        first = False
        for stream in streams:
            stream.fill(size)
        batch: list[tuple[_Stream, dict[str, Any]]] = []
        while len(batch) < size:
            live_streams = [s for s in streams if s.buffer]
            if not live_streams:
                break
            pick = (max if newest_first else min)(live_streams, key=lambda s: order(s.buffer[0]))
            batch.append((pick, pick.buffer.pop(0)))
        if not batch:
            break
        states = d.store.guarantees.get_states(list(dict.fromkeys(e["guarantee_id"] for _, e in batch)))
        issuer = _issuer_names(states)
        shown = [(stream, _shown(e, states.get(e["guarantee_id"]), staff, now, today, issuer)) for stream, e in batch]
        checks = contract_matching.findings_for(staff.orderer_id, [r for _, r in shown])
        taken = 0
        for stream, row in shown:
            examined += 1
            taken += 1
            stream.position = ledger_query.position(row)
            last = row
            reasons = ledger_query.attention(row["state"], row, today, checks.get((row["guarantee_id"], row["version"]), []))
            if ledger_query.matches(query, row, row["state"], reasons):
                found.append({**row, "attention": [{"code": c, "label": ledger_query.ATTENTION[c]} for c in reasons]})
                if len(found) == query.limit:
                    break
        # Rows read but not examined go back to their ledger: they are what is left of it.
        for stream, entry in reversed(batch[taken:]):
            stream.buffer.insert(0, entry)
    remaining = {s.orderer_id: s.position for s in streams if not s.exhausted}
    next_cursor = paging.encode({"at": remaining}, scope) if remaining else None
    stopped = len(found) < query.limit and next_cursor is not None and last is not None
    through = dt.date.fromisoformat(last["guarantee_period"]["end"] if query.sort == "period_end_asc"
                                    else last["date"]) if stopped and last else None
    return {"receipts": found, "next_cursor": next_cursor,
            "searched_through": through.isoformat() if through else None,
            "searched_through_label": ledger_query.searched_through_label(through, query.sort) if through else None}


def _numbered(staff: Staff, query: ledger_query.LedgerQuery, ids: tuple[str, ...], now: dt.datetime,
              today: dt.date) -> dict[str, Any] | None:
    """An exact 保証契約番号 in the search: the guarantees of that number (one read), then their
    rows in each ledger (one small Query each), never a scan. None when the text is no number
    or no row of the ledgers has it (the search then looks for it in the rows' words)."""
    try:
        number = normalize_contract_number(query.q)
    except ContractNumberError:
        return None
    if not any(c.isdigit() for c in number):
        return None
    d = deps()
    gids = [gid for _, gid in d.store.guarantees.guarantees_numbered(number)]
    entries = [e for o in ids for gid in gids for e in d.store.ledger.of_guarantee(o, gid)]
    if not entries:
        return None
    states = d.store.guarantees.get_states(list(dict.fromkeys(e["guarantee_id"] for e in entries)))
    issuer = _issuer_names(states)
    shown = [_shown(e, states.get(e["guarantee_id"]), staff, now, today, issuer) for e in entries]
    checks = contract_matching.findings_for(staff.orderer_id, shown)
    found = []
    for row in sorted(shown, key=_order_key(query.sort), reverse=query.sort == "received_desc"):
        reasons = ledger_query.attention(row["state"], row, today, checks.get((row["guarantee_id"], row["version"]), []))
        if ledger_query.matches(query, row, row["state"], reasons):
            found.append({**row, "attention": [{"code": c, "label": ledger_query.ATTENTION[c]} for c in reasons]})
    return {"receipts": found[:query.limit], "next_cursor": None, "searched_through": None,
            "searched_through_label": None}


def _issuer_names(live: dict[str, GuaranteeState]) -> Callable[[dict[str, Any]], str]:
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
    if found is None or signed is None:
        raise NotFound("not_found", "この受領の記録は見つかりません。")
    state = live_state(guarantee_id)
    shown = views.for_key(signed.version, state, d.clock.now(), signed.jws, orderers.body(signed.version.terms.orderer_id))
    return {**shown, "ledger_receipt": _ledger_receipt(found[1])}


def _ledger_receipt(entry: dict[str, Any]) -> dict[str, Any]:
    """The receipt as the ledger's row recorded it (who, when, the メモ typed at 受領)."""
    return {"recorded_at": entry["recorded_at"], "recorded_at_label": ledger_query.received_at_label(entry["recorded_at"]),
            "date": entry["date"], "date_label": date_ja(entry["date"]), "department": entry["department"],
            "name": entry["name"], "recorded_by": entry["staff"], "note": entry.get("note") or None,
            "submission_id": entry.get("submission_id") or None,
            "orderer_reference": entry.get("orderer_reference") or None}
