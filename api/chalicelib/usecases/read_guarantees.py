"""What a surety reads about its own guarantees: every version, the event log, the feed of all
its events, and lists by orderer or contractor (cursor-paginated)."""
from __future__ import annotations

from typing import Any

from ..domain import views
from ..domain.errors import invalid
from ..domain.formatting import iso_utc_precise
from ..domain.guarantee import STATUS_LABELS, corporate_number_valid
from ..domain.sureties import Caller
from .common import feed as feeds
from .common import orderers, paging
from .common.certificates import certificate
from .common.dependencies import get as deps
from .common.ownership import own_head
from .common.states import live_state
from .ports.records import FeedEntry, GuaranteeHead


def guarantee(caller: Caller, guarantee_id: str) -> dict[str, Any]:
    head = own_head(caller, guarantee_id)
    state = live_state(guarantee_id)
    d = deps()
    today = d.clock.today()
    versions = [s.version for s in d.store.guarantees.list_versions(guarantee_id)]
    latest = versions[-1]
    status = views.status_of(latest, state, today)
    named = orderers.written_name(latest.terms.orderer_id)
    return {
        "guarantee_id": guarantee_id,
        "contract_number": head.contract_number,
        "latest_version": state.latest_version,
        "status": status,
        "status_label": STATUS_LABELS[status],
        "cancellation": state.cancellation,
        "history": state.history,
        "versions": [{
            "version": v.version,
            "label": v.label,
            "certificate": certificate(v, today, views.status_of(v, state, today)),
            "amendment": v.amendment,
            "receipt": views.receipt_view(state.receipts.get(str(v.version)), named, with_note=True),
        } for v in versions],
    }


def event_log(caller: Caller, guarantee_id: str, cursor: str | None, limit: str | None) -> dict[str, Any]:
    own_head(caller, guarantee_id)
    scope = f"events:{guarantee_id}"
    items, last = deps().store.events.page(guarantee_id, paging.limit(limit), paging.decode(cursor, scope))
    return {"events": items, "next_cursor": paging.encode(last, scope)}


def feed(caller: Caller, cursor: str | None, limit: str | None) -> dict[str, Any]:
    """Every event of the surety's guarantees, oldest first, from where its cursor left off.
    Events of the last seconds (feed.SETTLES) wait for the next call: a write can land late,
    and an event made visible late must not land behind a cursor already past its time."""
    scope = feeds.cursor_scope(caller.surety.id)
    size, start = paging.limit(limit), paging.decode(cursor, scope)
    d = deps()
    before = iso_utc_precise(d.clock.now() - feeds.SETTLES)
    entries, last, more = d.store.events.page_feed(caller.surety.id, before, size, start)
    return {"events": [_entry(e) for e in entries], "next_cursor": paging.encode(last, scope) or cursor or None, "more": more}


# The scopes a listing's cursor is signed to (paging.py): the index partitions they were when
# the store was one module, kept so that cursors handed out before still work. Not table keys
# (adapters/dynamodb/keys.py has those); frozen by tests/unit/test_frozen_scopes.py.
def orderer_scope(surety_id: str, orderer_id: str) -> str:
    return f"ORDERER#{surety_id}#{orderer_id}"


def contractor_scope(surety_id: str, corporate_number: str) -> str:
    return f"CONTRACTOR#{surety_id}#{corporate_number}"


def listing(caller: Caller, orderer: str | None, contractor: str | None, cursor: str | None,
            limit: str | None) -> dict[str, Any]:
    guarantees = deps().store.guarantees
    if bool(orderer) == bool(contractor):
        raise invalid("invalid_query", "orderer（地方公共団体コード）または contractor（法人番号）のどちらか一方を指定してください。",
                      "orderer")
    if orderer:
        # Any body of the registry, enrolled or not (nor any more): its guarantees stay listable.
        if orderers.body(orderer) is None:
            raise invalid("orderer_not_found", "発注者が見つかりません。", "orderer")
        partition = orderer_scope(caller.surety.id, orderer)
        size = paging.limit(limit)
        heads, last = guarantees.heads_by_orderer(caller.surety.id, orderer, size, paging.decode(cursor, partition))
    else:
        number = contractor or ""
        if not corporate_number_valid(number):
            raise invalid("invalid_corporate_number", "法人番号が正しくありません。", "contractor")
        partition = contractor_scope(caller.surety.id, number)
        size = paging.limit(limit)
        heads, last = guarantees.heads_by_contractor(caller.surety.id, number, size, paging.decode(cursor, partition))
    return {"guarantees": [_head(h) for h in heads], "next_cursor": paging.encode(last, partition)}


def _entry(entry: FeedEntry) -> dict[str, Any]:
    return {"event_id": entry.event_id, "guarantee_id": entry.guarantee_id, "event": entry.event}


def _head(head: GuaranteeHead) -> dict[str, Any]:
    return {"guarantee_id": head.guarantee_id, "contract_number": head.contract_number,
            "latest_version": head.latest_version, "status": head.status, "created_at": head.created_at}
