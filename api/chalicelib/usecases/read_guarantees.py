"""What a surety reads about its own guarantees: every version, the event log, the feed of all
its events, and lists by orderer or contractor (cursor-paginated)."""
from __future__ import annotations

from ..adapters import clock, store
from ..domain import orderers, views
from ..domain.errors import invalid
from ..domain.formatting import iso_utc_precise
from ..domain.guarantee import STATUS_LABELS, Version, corporate_number_valid
from ..domain.sureties import Caller
from .common import feed as feeds, paging
from .common.ownership import own_head


def guarantee(caller: Caller, guarantee_id: str) -> dict:
    head = own_head(caller, guarantee_id)
    state = store.live_state(guarantee_id)
    today = clock.today()
    versions = [Version.from_record(r) for r in store.list_versions(guarantee_id)]
    latest = versions[-1]
    status = views.status_of(latest, state, today)
    return {
        "guarantee_id": guarantee_id,
        "contract_number": head["contract_number"],
        "latest_version": state.latest_version,
        "status": status,
        "status_label": STATUS_LABELS[status],
        "cancellation": state.cancellation,
        "history": state.history,
        "versions": [{
            "version": v.version,
            "label": v.label,
            "certificate": v.certificate(today, views.status_of(v, state, today)),
            "amendment": v.amendment,
            "receipt": views.receipt_view(state.receipts.get(str(v.version)), with_note=True),
        } for v in versions],
    }


def event_log(caller: Caller, guarantee_id: str, cursor: str | None, limit: str | None) -> dict:
    own_head(caller, guarantee_id)
    scope = f"events:{guarantee_id}"
    items, last = store.page_events(guarantee_id, paging.limit(limit), paging.decode(cursor, scope))
    return {"events": items, "next_cursor": paging.encode(last, scope)}


def feed(caller: Caller, cursor: str | None, limit: str | None) -> dict:
    """Every event of the surety's guarantees, oldest first, from where its cursor left off.
    Events of the last seconds (feed.SETTLES) wait for the next call: a write can land late,
    and an event made visible late must not land behind a cursor already past its time."""
    scope = feeds.cursor_scope(caller.surety.id)
    size, start = paging.limit(limit), paging.decode(cursor, scope)
    before = iso_utc_precise(clock.now() - feeds.SETTLES)
    entries, last, more = store.page_feed(caller.surety.id, before, size, start)
    return {"events": entries, "next_cursor": paging.encode(last, scope) or cursor or None, "more": more}


def listing(caller: Caller, orderer: str | None, contractor: str | None, cursor: str | None,
            limit: str | None) -> dict:
    if bool(orderer) == bool(contractor):
        raise invalid("invalid_query", "orderer（地方公共団体コード）または contractor（法人番号）のどちらか一方を指定してください。",
                      "orderer")
    if orderer:
        if orderers.get(orderer) is None:
            raise invalid("orderer_not_found", "発注者が見つかりません。", "orderer")
        index, partition = "gsi1", store.orderer_index_key(caller.surety.id, orderer)
    else:
        if not corporate_number_valid(contractor):
            raise invalid("invalid_corporate_number", "法人番号が正しくありません。", "contractor")
        index, partition = "gsi2", store.contractor_index_key(caller.surety.id, contractor)
    heads, last = store.query_heads(index, partition, paging.limit(limit), paging.decode(cursor, partition))
    return {"guarantees": heads, "next_cursor": paging.encode(last, partition)}
