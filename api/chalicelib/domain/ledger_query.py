"""What a clerk asks of the 受領台帳 (issue 30): the search, the filters, the order and the
「要対応」 view, as one value; and the pure rules that decide whether a row answers it.

The use case (usecases/receipt_ledger.py) reads rows in the asked order through the ledger's
indexes and keeps those that ``matches``; it examines at most EXAMINE_BUDGET rows a request,
so a request's cost follows its page, never the whole register.
"""
from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .errors import invalid
from .formatting import date_ja

PAGE_SIZE = 50
PAGE_SIZE_MAX = 100
# Rows one request may read before it answers with what it found (and how far it looked).
EXAMINE_BUDGET = 500
# The CSV is written in parts of this many rows (each part one request; X-Next-Cursor).
CSV_PART_ROWS = 2000
ENDING_SOON_DAYS = 30

SORTS = {"received_desc": "受領日の新しい順", "received_asc": "受領日の古い順",
         "period_end_asc": "保証期間の終期が近い順"}
VIEWS = {"all": "すべて", "attention": "要対応"}
STATES = ("valid", "superseded", "cancelled", "expired")

# Every reason a row needs the clerk's attention, with the words the page and the CSV print.
ATTENTION = {
    "changed": "受領後に変更されました",
    "cancelled": "受領後に解約されました",
    "ending_soon": f"保証期間が{ENDING_SOON_DAYS}日以内に終わります",
    "period_short_of_works": "保証期間が工期の終わりまでありません",
    "contract_bond_below_10pct": "契約保証の保証金額が請負代金額の10分の1に足りません",
    "advance_over_share": "前払金額が請負代金額に対する割合を超えています",
    "not_in_contract_list": "登録した契約一覧にない契約です",
    "contractor_differs": "受注者が契約一覧と違います",
    "project_name_differs": "工事名が契約一覧と違います",
    "price_differs": "請負代金額が契約一覧と違います",
    "works_period_differs": "工期が契約一覧と違います",
}

_QUERY_HINT = "受領台帳の検索条件が正しくありません。"


def fold(text: str) -> str:
    """One form for searching: 全角/半角 (NFKC), case, and spaces of either width removed."""
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


@dataclass(frozen=True)
class LedgerQuery:
    q: str = ""                       # free text, folded (fold)
    department: str | None = None
    kind: str | None = None
    state: str | None = None          # one of STATES
    received_from: dt.date | None = None
    received_to: dt.date | None = None
    ends_before: dt.date | None = None  # the guarantee period's end is before this day
    sort: str = "received_desc"
    view: str = "all"
    limit: int = PAGE_SIZE

    def scope(self) -> str:
        """What a cursor is bound to: the filters and the order (not the page size)."""
        parts = [self.q, self.department or "", self.kind or "", self.state or "",
                 _iso(self.received_from), _iso(self.received_to), _iso(self.ends_before), self.sort, self.view]
        return "ledger\0" + "\0".join(parts)


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def _date(params: Mapping[str, str], name: str) -> dt.date | None:
    text = params.get(name) or ""
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise invalid("invalid_query", f"{name} は 2024-07-01 の形の日付で指定してください。", name) from None


def parse(params: Mapping[str, str], kinds: Iterable[str]) -> LedgerQuery:
    """The query parameters (already checked against openapi.yaml for their shapes) as a query;
    what the schema cannot say (a range backwards) is refused here."""
    kind = params.get("kind") or None
    if kind is not None and kind not in set(kinds):
        raise invalid("invalid_query", "保証の種類が正しくありません。", "kind")
    state = params.get("state") or None
    if state is not None and state not in STATES:
        raise invalid("invalid_query", _QUERY_HINT, "state")
    sort = params.get("sort") or "received_desc"
    if sort not in SORTS:
        raise invalid("invalid_query", _QUERY_HINT, "sort")
    view = params.get("view") or "all"
    if view not in VIEWS:
        raise invalid("invalid_query", _QUERY_HINT, "view")
    received_from, received_to = _date(params, "received_from"), _date(params, "received_to")
    if received_from and received_to and received_from > received_to:
        raise invalid("invalid_query", "受領日の範囲は、始めの日を終わりの日以前にしてください。", "received_from")
    limit_text = params.get("limit") or ""
    limit = int(limit_text) if limit_text.isascii() and limit_text.isdigit() else PAGE_SIZE
    if not 1 <= limit <= PAGE_SIZE_MAX:
        raise invalid("invalid_limit", f"limit は1〜{PAGE_SIZE_MAX}の整数で指定してください。", "limit")
    q = fold(params.get("q") or "")
    if len(q) > 100:
        raise invalid("invalid_query", "検索する言葉は100文字までにしてください。", "q")
    return LedgerQuery(q=q, department=params.get("department") or None, kind=kind, state=state,
                       received_from=received_from, received_to=received_to, ends_before=_date(params, "ends_before"),
                       sort=sort, view=view, limit=limit)


def searchable(row: Mapping[str, Any]) -> str:
    """The row's words the free text is looked for in: 保証契約番号, 工事名, 受注者, 工事番号, the
    orderer's own 工事番号 (電子提出), the issuer."""
    return fold("\n".join(str(row.get(k) or "") for k in
                          ("contract_number", "project_name", "contractor", "project_number", "orderer_reference",
                           "surety_name")))


def ending_soon(row: Mapping[str, Any], today: dt.date) -> bool:
    end = dt.date.fromisoformat(row["guarantee_period"]["end"])
    return today <= end <= today + dt.timedelta(days=ENDING_SOON_DAYS)


def attention(state_code: str, row: Mapping[str, Any], today: dt.date, findings: Iterable[str] = ()) -> list[str]:
    """The reasons (ATTENTION's codes, in its order) the row needs the clerk: changed or cancelled
    after receipt, ending within 30 days while in force, and ``findings`` (domain/contract_checks.py)."""
    reasons = set(findings)
    if state_code == "superseded":
        reasons.add("changed")
    if state_code == "cancelled":
        reasons.add("cancelled")
    if state_code == "valid" and ending_soon(row, today):
        reasons.add("ending_soon")
    return [code for code in ATTENTION if code in reasons]


def matches(query: LedgerQuery, row: Mapping[str, Any], state_code: str, reasons: list[str]) -> bool:
    """Whether a row (a ledger row, with its state now and its attention reasons) answers the query."""
    if query.department and row.get("department") != query.department:
        return False
    if query.kind and row.get("kind") != query.kind:
        return False
    if query.state and state_code != query.state:
        return False
    received = dt.date.fromisoformat(row["date"])
    if query.received_from and received < query.received_from:
        return False
    if query.received_to and received > query.received_to:
        return False
    if query.ends_before and not row["guarantee_period"]["end"] < query.ends_before.isoformat():
        return False
    if query.view == "attention" and not reasons:
        return False
    return not query.q or query.q in searchable(row)


def searched_through_label(day: dt.date, sort: str) -> str:
    """What the reply says when the budget ended before the page was full (the page asks on)."""
    if sort == "period_end_asc":
        return f"保証期間の終期が{date_ja(day.isoformat())}のものまで探しました。"
    return f"{date_ja(day.isoformat())}に受領したものまで探しました。"


# ---- where a row stands in the register's orders (the ledger adapters and the use case) ----

def position(row: Mapping[str, Any]) -> dict[str, Any]:
    """A row's place in either order (Ledger.page's ``start`` and next key): when it was received,
    its guarantee and version, and its guarantee period's end."""
    return {"recorded_at": row["recorded_at"], "guarantee_id": row["guarantee_id"], "version": int(row["version"]),
            "end": row["guarantee_period"]["end"]}


def received_bounds(received_from: str | None, received_to: str | None) -> tuple[str | None, str | None]:
    """The JST days (ISO) as bounds of recorded_at (ISO UTC to the second): from the first day's
    start (inclusive) to the start of the day after the last (exclusive)."""
    def start_of(day: dt.date) -> str:
        moment = dt.datetime.combine(day, dt.time(), dt.timezone(dt.timedelta(hours=9)))
        return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    lower = start_of(dt.date.fromisoformat(received_from)) if received_from else None
    upper = start_of(dt.date.fromisoformat(received_to) + dt.timedelta(days=1)) if received_to else None
    return lower, upper


def received_at_label(recorded_at: str) -> str:
    """When a receipt was recorded (ISO UTC), as the register's detail prints it: 2024年7月2日 14時05分."""
    moment = dt.datetime.strptime(recorded_at, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc)
    jst = moment.astimezone(dt.timezone(dt.timedelta(hours=9)))
    return f"{date_ja(jst.date())} {jst.hour}時{jst.minute:02d}分"
