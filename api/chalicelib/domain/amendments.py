"""Changing a guarantee (変更: 増額・減額・保証期限変更) and cancelling it (解約): what a
request may change, how changes merge into the version they amend, and the rules the
change must meet beyond those of any guarantee."""
from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass

from .errors import Problem as FieldError
from .guarantee import AMENDMENT_REASONS, Version
from .validation import Reader

AMEND_FIELDS = {"base_version", "reason", "effective_date", "note", "changes", "completion_notice_email"}
CHANGEABLE = {"amount", "guarantee_period", "project", "contractor"}


def no_changes() -> FieldError:
    return FieldError("no_changes", "変更する内容がありません。changes に変更後の値を指定してください。", "changes")


def merge(base: dict, changes: dict) -> dict:
    merged = copy.deepcopy(base)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def check_reason(reason: str, before: Version, terms) -> FieldError | None:
    amount_before, amount_after = before.terms.amount, terms.amount
    end_before, end_after = before.terms.guarantee_period.end, terms.guarantee_period.end
    expected = {
        "increase": (amount_after > amount_before, "増額では、保証金額を増やしてください。"),
        "decrease": (amount_after < amount_before, "減額では、保証金額を減らしてください。"),
        "extension": (end_after != end_before, "保証期限変更では、保証期間の終期を変更してください。"),
    }
    if reason in expected and not expected[reason][0]:
        return FieldError("reason_mismatch", expected[reason][1], "reason")
    return None


@dataclass(frozen=True)
class AmendmentRequest:
    base_version: int
    reason: str
    effective_date: dt.date
    note: str | None
    email: str | None
    changes: dict  # checked against the version it changes, once that is read


def read_amendment(body: object) -> AmendmentRequest:
    """The request's own fields (pure: nothing is read from the store)."""
    r = Reader()
    top = r.object(body, "", "", AMEND_FIELDS)
    if top is None:
        r.raise_if_failed()
    request = AmendmentRequest(
        base_version=r.version_number(top, "base_version", "base_version"),
        reason=r.choice(top, "reason", "reason", AMENDMENT_REASONS),
        effective_date=r.date(top, "effective_date", "effective_date"),
        note=r.text(top, "note", "note", 200, required=False),
        email=r.email(top, "completion_notice_email", "completion_notice_email"),
        changes=r.object(top, "changes", "changes", CHANGEABLE),
    )
    r.raise_if_failed()
    return request


def read_cancellation(body: object) -> tuple[str, dt.date]:
    """解約の理由と解約日 (pure: nothing is read from the store)."""
    r = Reader()
    top = r.object(body, "", "", {"reason", "date"})
    if top is None:
        r.raise_if_failed()
    reason = r.text(top, "reason", "reason", 200)
    date = r.date(top, "date", "date")
    r.raise_if_failed()
    return reason, date
