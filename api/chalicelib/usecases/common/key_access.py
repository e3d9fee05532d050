"""Opening a guarantee by 保証契約番号 and 認証キー, for every use that a key allows (viewing,
the receipt, the notice again, the signed copy).

The key was checked for typos before this (check symbols). The key's keyed hash finds its
version (one strongly consistent read), whose number must then equal the one given
(compared in constant time): 保証契約番号 are unique per surety only, and no surety can read
or block another's. A wrong number and a wrong key give the same answer after the same
DynamoDB work (the same read, the same counters), so neither the answer nor its timing
tells whether a number exists. A success is logged on the guarantee, with a hashed client
address, never a key; wrong keys are counted per (number, client), per client and per
number, where a burst is noted for the sweep to tell the guarantees' sureties (wrong_key_bursts.py).
"""
from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence

from ...domain import attempts, events, retention
from ...domain.errors import NotFound
from ...domain.formatting import iso_utc_precise
from ...domain.views import GuaranteeState
from ..ports.records import SignedVersion
from ..ports.counters import CounterKey
from .dependencies import get as deps

log = logging.getLogger("portal.verification")

# Who to ask is said without saying whether the number exists: the contractor who sent the
# notice and the surety named on it are whom the clerk can reach whatever went wrong.
NOT_FOUND_MESSAGE = (
    "保証契約番号または認証キーが正しくありません。"
    "「認証キーのお知らせ」に記載の保証契約番号と認証キーをご確認のうえ、もう一度入力してください"
    "（お知らせのPDFを選ぶと、入力せずに確認できます）。"
    "それでも確認できないときは、お知らせを送ってきた受注者か、お知らせに記載の保証会社にお問い合わせください。"
)


def find(number: str, key: str, client_address: str | None, purpose: str) -> tuple[SignedVersion, GuaranteeState]:
    """The version a number and key open (with its signature), and the guarantee's live
    state; logs the attempt."""
    d = deps()
    client = d.hashes.client_address(client_address or "unknown")
    actor = {"kind": "orderer" if purpose in ("verify", "receipt") else "key_holder", "client": client}
    now = d.clock.now()
    window = attempts.Window.at(now)
    found = d.store.guarantees.read_for_key(number, d.hashes.auth_key(key))
    if found is not None:
        # The right key opens its guarantee, whatever anyone has been guessing.
        match, state = found
        d.store.events.add(match.guarantee_id, state.surety_id,
                           events.verification(now, "success", actor, match.signed.version.version, purpose))
        return match.signed, state
    limits = d.settings.attempt_limits
    total = _count_wrong_key(((attempts.client_counter(client, window), limits.per_client),
                              (attempts.pair_counter(number, client, window), limits.per_number)),
                             attempts.number_counter(number, window), now, window)
    if total >= limits.per_number and d.store.counters.note_burst(
            number, window.label, iso_utc_precise(now), iso_utc_precise(window.end), total, actor,
            window.start + retention.WRONG_KEY_COUNTER):
        # Many wrong keys for one number this hour, from any clients: a signal, never a lock.
        # Noted here with the same write whatever the number; the sweep tells the sureties.
        log.warning("lockout signal: wrong keys for one number reached %d this hour (not a lock)", total)
    raise NotFound("not_found", NOT_FOUND_MESSAGE)


def _count_wrong_key(limited: Sequence[tuple[CounterKey, int]], signal: CounterKey, now: dt.datetime,
                     window: attempts.Window) -> int:
    """Count a wrong key against each (counter, limit) over the sliding hour; Throttled (with
    the wait) when a limit is reached. Returns the number's total this hour."""
    counters = deps().store.counters
    previous = counters.counts([(pk, window.previous.label) for (pk, _), _ in limited])
    allowances = [((pk, label), attempts.allowance(limit, previous[(pk, window.previous.label)], now, window))
                  for (pk, label), limit in limited]
    if all(allowed > 0 for _, allowed in allowances):
        total = counters.count_wrong_key([(pk, label, allowed) for (pk, label), allowed in allowances], signal,
                                         window.start + retention.WRONG_KEY_COUNTER)
        if total is not None:
            return total
    current = counters.counts([key for key, _ in allowances])
    raise attempts.throttled(max(
        attempts.wait_seconds(limit, previous[(pk, window.previous.label)], current[(pk, label)], now, window)
        for (pk, label), limit in limited))
