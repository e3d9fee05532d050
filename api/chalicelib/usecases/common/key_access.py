"""Opening a guarantee by 保証契約番号 and 認証キー, for every use that a key allows (viewing,
the receipt, the notice again, the signed copy).

The key was checked for typos before this (check symbols). The key's keyed hash finds its
version (one strongly consistent read), whose number must then equal the one given
(compared in constant time): 保証契約番号 are unique per surety only, and no surety can read
or block another's. A wrong number and a wrong key give the same answer after the same
DynamoDB work (the same read, the same counters), so neither the answer nor its timing
tells whether a number exists. A success is logged on the guarantee, with a hashed client
address, never a key; wrong keys are counted per (number, client), per client and per
number, where a burst is told to the guarantees' sureties.
"""
from __future__ import annotations

import logging

from ...adapters import clock, keyed_hash, mail, store
from ...adapters.config import attempt_limits
from ...domain import attempts, events
from ...domain.errors import NotFound
from ...domain.formatting import today_in_japan
from ...domain.guarantee import Version
from ...domain.views import GuaranteeState
from . import outbox

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
    found = store.read_for_key(number, keyed_hash.auth_key(key))
    if found is not None:
        # The right key opens its guarantee, whatever anyone has been guessing.
        match, state = found
        store.add_event(match.guarantee_id, events.verification(now, "success", actor, match.version, purpose))
        return Version.from_record(match.version_record), state, match.version_record
    limits = attempt_limits()
    limited = [(*attempts.client_counter(client, window), limits.per_client),
               (*attempts.pair_counter(number, client, window), limits.per_number)]
    total = store.count_wrong_key(limited, attempts.number_counter(number, window), window.end + attempts.WINDOW)
    if total is None:
        raise attempts.throttled(now, window)
    if total == limits.per_number:
        _tell_of_burst(number, total, actor, now, window)
    raise NotFound("not_found", NOT_FOUND_MESSAGE)


def _tell_of_burst(number: str, total: int, actor: dict, now, window: attempts.Window) -> None:
    """Many wrong keys for one number this hour, from any clients: a signal, never a lock. Each
    guarantee with this number gets a `lockout` event, and its surety an e-mail."""
    log.warning("lockout signal: wrong keys for one number reached %d this hour (not a lock)", total)
    for _surety_id, guarantee_id in store.guarantees_numbered(number):
        state = store.get_state(guarantee_id)
        record = store.get_version(guarantee_id, state.latest_version) if state else None
        if record is None:
            continue
        version = Version.from_record(record)
        to = (version.surety_contact or {}).get("email")
        mails = [store.OutboxMail(mail.new_mail_id(), to, mail.wrong_keys_notice(
            to, version.certificate(today_in_japan(now)), total, window.end, now).as_bytes())] if to else []
        store.add_event(guarantee_id, events.lockout(now, "number", actor, window.end), mails)
        for message in mails:
            outbox.deliver(message.mail_id, now)
