"""Surety companies (保証会社) and their API tokens: authentication of a surety's requests.

Registering sureties and issuing or revoking their tokens is the operator's
(usecases/operator/sureties.py); the names below stay for the setup (tests, demo data)."""
from __future__ import annotations

import hmac

from ..domain import tokens
from ..domain.errors import Forbidden, Unauthenticated
from ..domain.sureties import Caller
from .common.audited import audited
from .common.dependencies import get as deps
from .operator.sureties import create_token, register, revoke_token

__all__ = ["audited", "authenticate", "create_token", "register", "revoke_token"]


def authenticate(authorization: str | None, scope: str) -> Caller:
    parsed = tokens.from_authorization_header(authorization)
    if parsed is None:
        raise Unauthenticated()
    token_id, secret = parsed
    d = deps()
    record = d.store.sureties.get_token(token_id)
    # One answer for unknown, wrong and revoked tokens: nothing to learn by probing.
    if record is None or record.revoked or not hmac.compare_digest(
            record.secret_hash.encode(), d.hashes.token_secret(secret).encode()):
        raise Unauthenticated()
    if scope not in record.scopes:
        raise Forbidden("この API トークンにはこの操作の権限がありません。")
    surety = d.store.sureties.get(record.surety_id)
    if surety is None:
        raise Unauthenticated()
    return Caller(surety, token_id, record.scopes)


