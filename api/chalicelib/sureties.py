"""Surety companies (保証会社) and their API tokens: creation, revocation, authentication."""
from __future__ import annotations

import re
from dataclasses import dataclass

from . import keyed_hash, store, tokens
from .errors import forbidden, unauthorized

_SURETY_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$")


@dataclass(frozen=True)
class Caller:
    """An authenticated surety request: who, and with which token (for the event log)."""
    surety: store.Surety
    token_id: str
    scopes: tuple[str, ...]

    def actor(self) -> dict:
        return {"kind": "surety", "surety_id": self.surety.id, "token_id": self.token_id}


CONTACT_FIELDS = ("department", "phone", "email", "hours")


def register(surety_id: str, name: str, contact: dict | None = None) -> store.Surety:
    """Create or update a surety. ``contact`` (department, phone, email, hours) is printed on notices."""
    if not _SURETY_ID.fullmatch(surety_id):
        raise ValueError("surety id: lower-case letters, digits and hyphens, 3-40 characters")
    if contact is not None:
        unknown = set(contact) - set(CONTACT_FIELDS)
        if unknown:
            raise ValueError(f"unknown contact fields: {sorted(unknown)}")
        contact = {k: v.strip() for k, v in contact.items() if v and v.strip()} or None
    surety = store.Surety(surety_id, name.strip(), contact)
    store.put_surety(surety)
    return surety


def create_token(surety_id: str, scopes: list[str] | None = None, label: str | None = None) -> tuple[str, str]:
    """Returns (token id, token). The token is shown to the operator once and never again."""
    if store.get_surety(surety_id) is None:
        raise ValueError(f"unknown surety: {surety_id}")
    scopes = list(scopes or tokens.DEFAULT_SCOPES)
    unknown = set(scopes) - set(tokens.SCOPES)
    if unknown:
        raise ValueError(f"unknown scopes: {sorted(unknown)}")
    token_id, secret, token = tokens.generate()
    store.put_token(token_id, surety_id, keyed_hash.token_secret(secret), scopes, label)
    return token_id, token


def revoke_token(token_id: str) -> bool:
    return store.revoke_token(token_id)


def authenticate(authorization: str | None, scope: str) -> Caller:
    parsed = tokens.from_authorization_header(authorization)
    if parsed is None:
        raise unauthorized()
    token_id, secret = parsed
    record = store.get_token(token_id)
    # One answer for unknown, wrong and revoked tokens: nothing to learn by probing.
    if record is None or record.revoked or not keyed_hash.equal(record.secret_hash, keyed_hash.token_secret(secret)):
        raise unauthorized()
    if scope not in record.scopes:
        raise forbidden("この API トークンにはこの操作の権限がありません。")
    surety = store.get_surety(record.surety_id)
    if surety is None:
        raise unauthorized()
    return Caller(surety, token_id, record.scopes)


