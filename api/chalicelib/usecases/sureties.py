"""Surety companies (保証会社) and their API tokens: creation, revocation, authentication."""
from __future__ import annotations

import hmac
import re
from typing import Any

from ..domain import tokens
from ..domain.errors import Forbidden, Unauthenticated
from ..domain.sureties import CONTACT_FIELDS, Caller, Surety
from .common.audit_log import audited  # shared with the other privileged writes (store_wiring uses it from here)
from .common.dependencies import get as deps

_SURETY_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$")
_BRANCH_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")  # as SuretyBranchId in openapi.yaml


def register(surety_id: str, name: str, contact: dict[str, str] | None = None, *, representative: str | None = None,
             head_office: str | None = None, branches: dict[str, dict[str, str]] | None = None,
             actor: dict[str, Any] | None = None) -> Surety:
    """Create or update a surety. ``contact`` (department, phone, email, hours) and each
    branch's contact (取扱支店, by an id requests name) are printed on notices and shown to
    orderers; the representative (代表者) and head office (本店所在地) are on certificates."""
    if not _SURETY_ID.fullmatch(surety_id):
        raise ValueError("surety id: lower-case letters, digits and hyphens, 3-40 characters")
    contacts = {branch: _contact(fields) for branch, fields in (branches or {}).items()}
    for branch in contacts:
        if not _BRANCH_ID.fullmatch(branch):
            raise ValueError(f"branch id {branch!r}: lower-case letters, digits and hyphens, 1-40 characters")
    surety = Surety(surety_id, name.strip(), _contact(contact), _text(representative), _text(head_office),
                    {branch: fields for branch, fields in contacts.items() if fields})
    store = deps().store
    before = store.sureties.get(surety_id)
    changes = _profile_changes(before, surety)
    audited(lambda entry: store.sureties.put(surety, entry), actor,
            "surety.change" if before else "surety.register", f"surety:{surety_id}", {"changes": changes})
    return surety


def _profile_changes(before: Surety | None, after: Surety) -> dict[str, list[Any]]:
    fields = ("name", "contact", "representative", "head_office", "branches")
    return {f: [getattr(before, f) if before else None, getattr(after, f)] for f in fields
            if (getattr(before, f) if before else None) != getattr(after, f)}


def _text(value: str | None) -> str | None:
    return value.strip() or None if value else None


def _contact(contact: dict[str, Any] | None) -> dict[str, str] | None:
    if contact is None:
        return None
    unknown = set(contact) - set(CONTACT_FIELDS)
    if unknown:
        raise ValueError(f"unknown contact fields: {sorted(unknown)}")
    return {k: v.strip() for k, v in contact.items() if v and v.strip()} or None


def create_token(surety_id: str, scopes: list[str] | None = None, label: str | None = None,
                 actor: dict[str, Any] | None = None) -> tuple[str, str]:
    """Returns (token id, token). The token is shown to the operator once and never again."""
    store = deps().store
    if store.sureties.get(surety_id) is None:
        raise ValueError(f"unknown surety: {surety_id}")
    granted = list(scopes or tokens.DEFAULT_SCOPES)
    unknown = set(granted) - set(tokens.SCOPES)
    if unknown:
        raise ValueError(f"unknown scopes: {sorted(unknown)}")
    token_id, secret, token = tokens.generate()
    secret_hash = deps().hashes.token_secret(secret)
    audited(lambda entry: store.sureties.put_token(token_id, surety_id, secret_hash, granted, label, entry),
            actor, "token.issue", f"token:{token_id}", {"surety_id": surety_id, "scopes": granted, "label": label})
    return token_id, token


def revoke_token(token_id: str, actor: dict[str, Any] | None = None) -> bool:
    store = deps().store
    record = store.sureties.get_token(token_id)
    if record is None or record.revoked:
        return False
    return bool(audited(lambda entry: store.sureties.revoke_token(token_id, entry), actor, "token.revoke",
                        f"token:{token_id}", {"surety_id": record.surety_id}))


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


