"""Changing a guarantee (変更: 増額・減額・保証期限変更) and cancelling it (解約): what a
request may change, how changes merge into the version they amend, and the rules the
change must meet beyond those of any guarantee."""
from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass
from typing import Any

from .errors import Invalid, Problem as FieldError
from .guarantee import Terms, Version
from .instruments import INSTRUMENTS
from .validation import is_whole, not_a_version, unusable_characters

CHANGEABLE = {"amount", "guarantee_period", "project", "contractor", "advance", "riders", "guarantor_branch"}
# Replaced as a whole, never merged: a new bank must not keep the old bank's codes.
_WHOLE = {"deposit_bank", "guarantor_branch"}


def no_changes() -> FieldError:
    return FieldError("no_changes", "変更する内容がありません。changes に変更後の値を指定してください。", "changes")


def merge(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    merged = copy.deepcopy(base)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict) and key not in _WHOLE:
            merged[key] = merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def check_reason(reason: str, before: Version, terms: Terms) -> FieldError | None:
    amount_before, amount_after = before.terms.amount, terms.amount
    end_before, end_after = before.terms.guarantee_period.end, terms.guarantee_period.end
    # In the instrument's own words: a 履行保証保険 has a 保険金額 and a 保険期間.
    amount, period = INSTRUMENTS[terms.kind].amount_label, INSTRUMENTS[terms.kind].period_label
    expected = {
        "increase": (amount_after > amount_before, f"増額では、{amount}を増やしてください。"),
        "decrease": (amount_after < amount_before, f"減額では、{amount}を減らしてください。"),
        "extension": (end_after != end_before, f"保証期限変更では、{period}の終期を変更してください。"),
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
    changes: dict[str, Any]  # checked against the version it changes, once that is read


def read_amendment(body: dict[str, Any]) -> AmendmentRequest:
    """A schema-checked amendment body (edge/request_check.py); the changes are judged
    against the version they change, once that is read."""
    problems = unusable_characters({"note": body.get("note")})
    if not is_whole(body["base_version"]):
        problems.append(not_a_version("base_version"))
    if problems:
        raise Invalid(problems)
    return AmendmentRequest(
        base_version=body["base_version"],
        reason=body["reason"],
        effective_date=dt.date.fromisoformat(body["effective_date"]),
        note=body.get("note") or None,
        email=body.get("completion_notice_email") or None,
        changes=body["changes"],
    )


def read_cancellation(body: dict[str, Any]) -> tuple[str, dt.date]:
    """解約の理由と解約日, from a schema-checked body."""
    problems = unusable_characters({"reason": body["reason"]})
    if problems:
        raise Invalid(problems)
    return body["reason"], dt.date.fromisoformat(body["date"])
