"""Checking a guarantee by 保証契約番号 and 認証キー (the orderer's side).

The key is checked for typos (check symbols) before any database access; then one
strongly consistent read finds the key's record under the number. A wrong number and a
wrong key give the same answer. Every attempt that reaches the database is logged on the
guarantee it concerns (success or wrong key), with a hashed client address, never a key.
"""
from __future__ import annotations

import logging

from . import attempts, authkey, clock, events, keyed_hash, store, views
from .errors import FieldError, not_found, validation_failed
from .guarantee import CONTRACT_NUMBER_HINT, ContractNumberError, Version, normalize_contract_number, today_in_japan
from .store import GuaranteeState
from .validation import Reader

KEY_FIELDS = {"contract_number", "auth_key"}
log = logging.getLogger("portal.verification")

NOT_FOUND_MESSAGE = (
    "保証契約番号または認証キーが正しくありません。"
    "「認証キーのお知らせ」に記載の保証契約番号と認証キーをご確認のうえ、もう一度入力してください。"
)

_KEY_MESSAGES = {
    "empty": ("missing_field", "認証キーを入力してください。"),
    "length": ("invalid_auth_key",
               "認証キーは28文字（4文字ずつ7組）です。入力された文字数は{detail}文字です。"),
    "character": ("invalid_auth_key",
                  "認証キーに使用できない文字（{detail}）が含まれています。"
                  "認証キーには数字と英字（I・L・O・U を除く）が使われています。"),
    "checksum": ("auth_key_typo",
                 "認証キーに入力の誤りがあります。「認証キーのお知らせ」の認証キーと1文字ずつ照らし合わせてください。"),
}


def parse_number_and_key(r: Reader, body: object, other_fields: frozenset = frozenset()) -> tuple[str, str, dict]:
    """Read 保証契約番号 and 認証キー (and allow other_fields); raises on any problem in ``r``."""
    top = r.object(body, "", "", KEY_FIELDS | other_fields)
    if top is None:
        r.raise_if_failed()
    errors: list[FieldError] = r.errors
    number = key = None
    raw_number = top.get("contract_number")
    if raw_number is None or (isinstance(raw_number, str) and not raw_number.strip()):
        errors.append(FieldError("missing_field", "保証契約番号を入力してください。", "contract_number"))
    else:
        try:
            number = normalize_contract_number(raw_number)
        except ContractNumberError:
            errors.append(FieldError("invalid_contract_number", CONTRACT_NUMBER_HINT, "contract_number"))
    raw_key = top.get("auth_key")
    if raw_key is not None and not isinstance(raw_key, str):
        errors.append(FieldError("invalid_type", "認証キーは文字列で指定してください。", "auth_key"))
    else:
        try:
            key = authkey.parse(raw_key)
        except authkey.AuthKeyError as e:
            code, message = _KEY_MESSAGES[e.reason]
            errors.append(FieldError(code, message.format(detail=e.detail), "auth_key"))
    if errors:
        raise validation_failed(errors)
    return number, key, top


def read_number_and_key(body: object) -> tuple[str, str]:
    """The body of a request by number and key (pure: nothing is read from the store)."""
    number, key, _ = parse_number_and_key(Reader(), body)
    return number, key


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
    attempts.refuse_if_locked(counts, number_key, client_key, now, window)
    if match is not None and state is not None:
        store.add_event(match.guarantee_id, events.verification(now, "success", actor, match.version, purpose))
        return Version.from_record(match.version_record), state, match.version_record
    # Unknown numbers count against the client only: no counters for numbers nobody issued.
    counters = (number_key, client_key) if state is not None else (client_key,)
    guarantee_id = state.guarantee_id if state is not None else None
    counts = store.count_failure(guarantee_id, events.verification(now, "wrong_key", actor, purpose=purpose),
                                 counters, window.end + attempts.WINDOW)
    for scope in attempts.just_locked(counts, number_key, client_key):
        log.warning("lockout: %s limit reached", scope)
        if guarantee_id is not None:
            store.add_event(guarantee_id, events.lockout(now, scope, actor, window.end))
    raise not_found(NOT_FOUND_MESSAGE)


def verify(body: object, client_address: str | None) -> dict:
    number, key = read_number_and_key(body)
    version, state, record = find(number, key, client_address, "verify")
    return views.for_key(version, state, today_in_japan(clock.now()), record.get("jws"))
