"""The audit log as the operator reads it: a page of entries, newest first, and a check of the
whole chain (domain/audit.verify over the store's entries, oldest first, piece by piece)."""
from __future__ import annotations

from typing import Any

from ...domain import audit
from ..common import paging
from ..common.dependencies import get as deps

SCOPE = "audit"
CHUNK = 500


def page(cursor: str | None, limit: str | None) -> dict[str, Any]:
    entries, last = deps().store.audit.page(paging.limit(limit), paging.decode(cursor, SCOPE))
    return {"entries": [e.public() for e in entries], "next_cursor": paging.encode(last, SCOPE)}


def verify() -> dict[str, Any]:
    """Whether every entry follows the one before and matches its hash; the first that does
    not, if any (an entry edited, removed or put in between)."""
    store = deps().store.audit
    head, checked, start = store.head(), 0, audit.EMPTY
    while start.seq < head.seq:
        # Only up to the head read first: an entry a change appends meanwhile is the next
        # check's (counting it here would report a sound chain as broken).
        entries = [e for e in store.after(start.seq, CHUNK) if e.seq <= head.seq]
        if not entries:
            break
        broken = audit.verify(entries, start)
        if broken is not None:
            return {"valid": False, "first_broken": broken, "checked": checked + broken - start.seq - 1,
                    "head": {"seq": head.seq, "hash": head.hash}}
        checked += len(entries)
        start = audit.head_after(entries[-1])
    # The chain's last entry must be the head: entries cut off the end would verify otherwise.
    if (start.seq, start.hash) != (head.seq, head.hash):
        return {"valid": False, "first_broken": start.seq + 1, "checked": checked,
                "head": {"seq": head.seq, "hash": head.hash}}
    return {"valid": True, "first_broken": None, "checked": checked, "head": {"seq": head.seq, "hash": head.hash}}
