"""An entry of the inbox (受付箱) as its staff see it, and finding one they may read: shared by
the list (usecases/inbox.py) and 受領・差戻し (usecases/inbox_decisions.py)."""
from __future__ import annotations

from typing import Any

from ...domain import views
from ...domain.errors import NotFound
from ...domain.formatting import date_ja, iso_utc, parse_iso_utc, parse_iso_utc_precise, time_ja, yen_ja
from ...domain.instruments import KINDS, issuer_type_label
from ...domain.staff import Staff
from ...domain.submissions import INBOX_STATES, Submission, inbox_state, submission_id_valid
from ...domain.views import GuaranteeState
from . import orderers
from .dependencies import get as deps
from .ledgers import ledger_ids
from .states import live_state

NOT_FOUND = "この受付番号の提出は見つかりません。受付番号をご確認ください。"


def _decision_view(entry: Submission) -> dict[str, Any] | None:
    decision = entry.decision
    if decision is None:
        return None
    at = parse_iso_utc(decision.at)
    shown: dict[str, Any] = {"action": decision.action, "at": decision.at, "at_label": time_ja(at),
                             "department": decision.department, "name": decision.name}
    if decision.reason:
        shown["reason"] = decision.reason
    return shown


def shown_state(entry: Submission, state: GuaranteeState | None) -> str:
    if state is None:  # not migrated yet: what the entry itself says
        return entry.state
    return inbox_state(entry, state.latest_version, state.status == "cancelled", str(entry.version) in state.receipts)


def _state_label(code: str, state: GuaranteeState | None) -> str:
    if code == "superseded" and state is not None:
        return f"{INBOX_STATES[code]}（第{state.latest_version}版が発行済み）"
    if code == "cancelled" and state is not None and state.cancellation:
        return f"{INBOX_STATES[code]}（{date_ja(state.cancellation['date'])}）"
    return INBOX_STATES[code]


def entry_view(entry: Submission, state: GuaranteeState | None, orderer_name: str) -> dict[str, Any]:
    """An entry as the inbox shows it (openapi.yaml InboxEntry): the page formats nothing itself."""
    code = shown_state(entry, state)
    submitted = parse_iso_utc_precise(entry.submitted_at)
    receipt = state.receipts.get(str(entry.version)) if state is not None else None
    return {"submission_id": entry.submission_id, "guarantee_id": entry.guarantee_id, "version": entry.version,
            "version_label": f"第{entry.version}版",
            "latest_version": state.latest_version if state is not None else entry.version,
            "contract_number": entry.contract_number, "kind": entry.kind, "kind_label": KINDS[entry.kind],
            "surety_name": entry.surety_name, "issuer_type_label": issuer_type_label(entry.kind),
            "project_name": entry.project_name, "contractor": entry.contractor, "amount": entry.amount,
            "amount_label": yen_ja(entry.amount), "department": entry.department, "reference": entry.reference,
            "contact": entry.contact.as_record(), "submitted_at": iso_utc(submitted),
            "submitted_at_label": time_ja(submitted),
            "first_submitted_at": iso_utc(parse_iso_utc_precise(entry.first_submitted_at)),
            "resubmitted": entry.submitted_at != entry.first_submitted_at, "state": code,
            "state_label": _state_label(code, state),
            "decision": _decision_view(entry), "receipt": views.receipt_view(receipt, orderer_name)}


def find(staff: Staff, submission_id: str) -> Submission:
    """An entry of the staff's inbox (their orderer's or a predecessor's); NotFound otherwise,
    the same answer whether it is another orderer's or no entry at all."""
    entry = deps().store.submissions.get(submission_id) if submission_id_valid(submission_id) else None
    if entry is None or entry.orderer_id not in ledger_ids(staff):
        raise NotFound("not_found", NOT_FOUND)
    return entry


def shown_entry(entry: Submission, state: GuaranteeState | None = None) -> dict[str, Any]:
    return entry_view(entry, state if state is not None else live_state(entry.guarantee_id),
                      orderers.written_name(entry.orderer_id))
