"""受付箱: what contractors submitted to an orderer (電子提出), for its signed-in staff — newest
first, filtered by department, kind, state and day, each entry with where its guarantee stands
now (domain/submissions.inbox_state: 変更あり and 解約 before the entry's own state).

An entry opens the version submitted without the key: the submission proved possession, as a
receipt does on the 受領台帳. A newer version is only named (latest_version), never shown. Staff
read their orderer's inbox and its predecessors' (usecases/common/ledgers.ledger_ids).
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from ..domain import views
from ..domain.errors import invalid
from ..domain.formatting import jst_day_start
from ..domain.staff import Staff
from ..domain.validation import CURSOR_HINT
from .common import orderers, paging
from .common.dependencies import get as deps
from .common.inbox_entries import entry_view, find, shown_entry, shown_state
from .common.ledgers import ledger_ids
from .common.states import live_state, stored_version

# Store pages read for one page of the list at most: a filter the store cannot apply (変更あり,
# 解約, a receipt recorded on the verification page) may leave pages short, and the cursor goes on.
MAX_READS = 4


@dataclass(frozen=True)
class Filters:
    department: str | None = None
    kind: str | None = None
    state: str | None = None      # a key of INBOX_STATES
    since: str | None = None      # submitted_at bounds (ISO UTC, since inclusive, until exclusive)
    until: str | None = None

    @classmethod
    def from_query(cls, query: dict[str, str]) -> Filters:
        """``from``/``to``: JST days, both inclusive (the query's shape is the schema's)."""
        first, last = _day(query, "from"), _day(query, "to")
        if first and last and first > last:
            raise invalid("invalid_query", "提出日の範囲は、始めの日を終わりの日より前にしてください。", "from")
        return cls(department=query.get("department") or None, kind=query.get("kind") or None,
                   state=query.get("state") or None, since=jst_day_start(first) if first else None,
                   until=jst_day_start(last + dt.timedelta(days=1)) if last else None)

    def own_state(self) -> str | None:
        """What the store may filter on: the entry's own state, only where it alone decides the
        state shown (未確認 and 差戻し are never what became of the guarantee, nor a receipt)."""
        return self.state if self.state in ("pending", "returned") else None


def _day(query: dict[str, str], name: str) -> dt.date | None:
    return dt.date.fromisoformat(query[name]) if query.get(name) else None


def _scope(staff: Staff, filters: Filters) -> str:
    # A cursor continues the list it came from: this orderer's, with these filters.
    return f"inbox:{staff.orderer_id}:" + json.dumps(filters.__dict__, sort_keys=True, ensure_ascii=False)


def rows(staff: Staff, filters: Filters, cursor: str | None, limit: str | None) -> dict[str, Any]:
    """One page of the inbox: {submissions: [InboxEntry], next_cursor}. Entries are read a store
    page at a time (one read of their guarantees' states each), until the page is full or
    MAX_READS pages were read; the cursor continues after the last entry read."""
    d = deps()
    size, scope = paging.limit(limit), _scope(staff, filters)
    ids = ledger_ids(staff)
    start = paging.decode(cursor, scope)
    at, key = (int(start["o"]), start.get("k")) if start else (0, None)
    if not 0 <= at < len(ids):
        raise invalid("invalid_cursor", CURSOR_HINT, "cursor")
    shown: list[dict[str, Any]] = []
    names: dict[str, str] = {}
    for _ in range(MAX_READS):
        if at >= len(ids) or len(shown) >= size:
            break
        orderer_id = ids[at]
        # Never more than the page still holds: every entry read is shown or filtered out, so
        # the store's cursor is where the next page starts.
        entries, key = d.store.submissions.page(orderer_id, size - len(shown), key, since=filters.since,
                                                until=filters.until, department=filters.department,
                                                kind=filters.kind, state=filters.own_state())
        states = d.store.guarantees.get_states([e.guarantee_id for e in entries]) if entries else {}
        if orderer_id not in names:
            names[orderer_id] = orderers.written_name(orderer_id)
        for entry in entries:
            state = states.get(entry.guarantee_id)
            if filters.state is None or shown_state(entry, state) == filters.state:
                shown.append(entry_view(entry, state, names[orderer_id]))
        if key is None:
            at += 1
    more = at < len(ids)
    return {"submissions": shown, "next_cursor": paging.encode({"o": at, "k": key}, scope) if more else None}


def entry(staff: Staff, submission_id: str) -> dict[str, Any]:
    """The entry, and the version submitted as a verification shows it (without the key)."""
    d = deps()
    found = find(staff, submission_id)
    signed = stored_version(found.guarantee_id, found.version)
    state = live_state(found.guarantee_id)
    verification = views.for_key(signed.version, state, d.clock.now(), signed.jws,
                                 orderers.body(signed.version.terms.orderer_id))
    return {"submission": shown_entry(found, state), "verification": verification}
