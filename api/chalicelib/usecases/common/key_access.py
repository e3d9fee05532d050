"""Opening a guarantee by 保証契約番号 and 認証キー, for every use that a key allows (viewing,
the receipt, the notice again, the signed copy).

The key was checked for typos before this (check symbols); then one strongly consistent
read finds the key's record under the number, with the attempt counters. A wrong number
and a wrong key give the same answer. Every attempt that reaches the database is logged on
the guarantee it concerns (success or wrong key), with a hashed client address, never a key.
"""
from __future__ import annotations

import logging

from ...adapters import clock, keyed_hash, store
from ...adapters.config import attempt_limits
from ...domain import attempts, events
from ...domain.errors import NotFound
from ...domain.guarantee import Version
from ...domain.views import GuaranteeState

log = logging.getLogger("portal.verification")

NOT_FOUND_MESSAGE = (
    "保証契約番号または認証キーが正しくありません。"
    "「認証キーのお知らせ」に記載の保証契約番号と認証キーをご確認のうえ、もう一度入力してください。"
)


def find(number: str, key: str, client_address: str | None, purpose: str) -> tuple[Version, GuaranteeState, dict]:
    """The version a number and key open, its stored record, and the guarantee's live state;
    logs the attempt."""
    client = keyed_hash.client_address(client_address or "unknown")
    actor = {"kind": "orderer" if purpose in ("verify", "receipt") else "key_holder", "client": client}
    now = clock.now()
    window = attempts.Window.at(now)
    number_key, client_key = attempts.number_counter(number, window), attempts.client_counter(client, window)
    # The counters come in the same round trip as the key: the limit costs no extra read.
    match, state, counts = store.read_for_key(number, keyed_hash.auth_key(key), (number_key, client_key))
    limits = attempt_limits()
    attempts.refuse_if_locked(counts, number_key, client_key, now, window, limits)
    if match is not None and state is not None:
        store.add_event(match.guarantee_id, events.verification(now, "success", actor, match.version, purpose))
        return Version.from_record(match.version_record), state, match.version_record
    # Unknown numbers count against the client only: no counters for numbers nobody issued.
    counters = (number_key, client_key) if state is not None else (client_key,)
    guarantee_id = state.guarantee_id if state is not None else None
    counts = store.count_failure(guarantee_id, events.verification(now, "wrong_key", actor, purpose=purpose),
                                 counters, window.end + attempts.WINDOW)
    for scope in attempts.just_locked(counts, number_key, client_key, limits):
        log.warning("lockout: %s limit reached", scope)
        if guarantee_id is not None:
            store.add_event(guarantee_id, events.lockout(now, scope, actor, window.end))
    raise NotFound("not_found", NOT_FOUND_MESSAGE)
