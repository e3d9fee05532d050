"""Issuing a guarantee (発行): validate, create the key, store everything in one
transaction, and answer idempotently.

Idempotency (Stripe-style): the first successful response is kept for 24 hours, sealed
because it contains the 認証キー; a retry with the same Idempotency-Key and the same
body gets that response again; the same key with another body is a 409. Rejected
requests (4xx) are not kept, so a surety can correct a request and retry with its key.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import secrets
from dataclasses import dataclass

from . import authkey, clock, events, keyed_hash, sealing, store
from .authkey import ALPHABET
from .errors import PortalError, conflict
from .guarantee import Version, parse_terms, today_in_japan
from .sureties import Caller

IDEMPOTENCY_TTL = dt.timedelta(hours=24)
_IDEMPOTENCY_KEY = re.compile(r"[\x21-\x7e]{8,255}")


@dataclass(frozen=True)
class Issued:
    body: dict
    replayed: bool


def new_guarantee_id() -> str:
    return "g" + "".join(secrets.choice(ALPHABET) for _ in range(25))


def fingerprint(body: object) -> str:
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _check_idempotency_key(key: str | None) -> str:
    if key is None or key == "":
        raise PortalError("missing_idempotency_key",
                          "Idempotency-Key ヘッダーを指定してください（再送時に二重発行を防ぐため）。", 400,
                          "Idempotency-Key")
    if not _IDEMPOTENCY_KEY.fullmatch(key):
        raise PortalError("invalid_idempotency_key",
                          "Idempotency-Key は半角英数記号8〜255文字で指定してください（UUID を推奨します）。", 400,
                          "Idempotency-Key")
    return key


def _replay(previous: store.IdempotentResult, request_fingerprint: str) -> Issued:
    if not keyed_hash.equal(previous.fingerprint, request_fingerprint):
        raise conflict("idempotency_key_reused",
                       "この Idempotency-Key は別の内容のリクエストで使用済みです。新しいキーを指定してください。",
                       "Idempotency-Key")
    context = store.idempotency_pk(previous.surety_id, previous.key)
    return Issued(json.loads(sealing.unseal(previous.sealed_body, context)), replayed=True)


def issue(caller: Caller, idempotency_key: str | None, body: object) -> Issued:
    key = _check_idempotency_key(idempotency_key)
    request_fingerprint = fingerprint(body)
    previous = store.get_idempotent_result(caller.surety.id, key)
    if previous is not None:
        return _replay(previous, request_fingerprint)

    now = clock.now()
    today = today_in_japan(now)
    terms = parse_terms(body, today)
    version = Version(
        guarantee_id=new_guarantee_id(), version=1,
        surety_id=caller.surety.id, surety_name=caller.surety.name,
        terms=terms, issued_at=now.replace(microsecond=0),
    )
    auth_key = authkey.generate()
    response = {"guarantee": version.certificate(today), "auth_key": authkey.display(auth_key)}
    context = store.idempotency_pk(caller.surety.id, key)
    record = version.as_record()
    try:
        store.create_guarantee(
            store.NewGuarantee(
                guarantee_id=version.guarantee_id, surety_id=caller.surety.id,
                contract_number=terms.contract_number, orderer_id=terms.orderer_id,
                corporate_number=terms.contractor.corporate_number,
                issued_at=record["issued_at"], version_record=record,
                key_hash=keyed_hash.auth_key(auth_key),
                event=events.issued(now, 1, caller.actor()),
            ),
            store.IdempotentResult(
                surety_id=caller.surety.id, key=key, fingerprint=request_fingerprint, status_code=201,
                sealed_body=sealing.seal(json.dumps(response, ensure_ascii=False).encode("utf-8"), context),
                guarantee_id=version.guarantee_id, expires_at=now + IDEMPOTENCY_TTL,
            ),
        )
    except store.Conflict as e:
        if e.what in ("idempotency", "transaction"):
            # A concurrent request with the same key won the race: answer as its retry.
            winner = store.get_idempotent_result(caller.surety.id, key)
            if winner is not None:
                return _replay(winner, request_fingerprint)
        if e.what == "contract_number":
            raise conflict("contract_number_taken",
                           f"保証契約番号 {terms.contract_number} の電子保証は既に発行されています。",
                           "contract_number") from e
        raise conflict("conflict", "同時に行われた別の処理と競合しました。再度お試しください。") from e
    return Issued(response, replayed=False)
