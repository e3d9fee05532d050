"""Opening a guarantee by 保証契約番号 and 認証キー, for every use that a key allows (viewing,
the receipt, the notice again, the signed copy).

The key was checked for typos before this (check symbols); then one strongly consistent
read finds the key's record under the number; only a wrong key is counted. A wrong number
and a wrong key give the same answer. Every attempt that is checked is logged on
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
    match, state = store.read_for_key(number, keyed_hash.auth_key(key))
    if match is not None and state is not None:
        # The right key opens its guarantee, whatever anyone has been guessing.
        store.add_event(match.guarantee_id, events.verification(now, "success", actor, match.version, purpose))
        return Version.from_record(match.version_record), state, match.version_record
    limits = attempt_limits()
    client_key = attempts.client_counter(client, window)
    limited = [(*client_key, limits.per_client)]
    # Unknown numbers count against the client only: no counters for numbers nobody issued.
    guarantee_id = state.guarantee_id if state is not None else None
    if guarantee_id is not None:
        limited.append((*attempts.pair_counter(number, client, window), limits.per_number))
    total = store.count_wrong_key(guarantee_id, events.verification(now, "wrong_key", actor, purpose=purpose), limited,
                                  attempts.number_counter(number, window) if guarantee_id else None,
                                  window.end + attempts.WINDOW)
    if total is None:
        raise attempts.throttled(now, window)
    if guarantee_id is not None and total == limits.per_number:
        # Many wrong keys for one number this hour, from any clients: a signal to look at, not a lock.
        log.warning("lockout signal: wrong keys for one number reached %d this hour (not a lock)", total)
        store.add_event(guarantee_id, events.lockout(now, "number", actor, window.end))
    raise NotFound("not_found", NOT_FOUND_MESSAGE)
