"""The operator's sureties (保証会社): their profile (商号, 代表者, 本店所在地, contact, branches
with contacts) and their API tokens (issued with scopes, the secret shown once; listed
without it; revoked). Every write carries its audit entry.

`register` is also the setup's way in (tests, `make run`'s demo data: ``actor`` None) and
creates or updates; the operator's routes use `add` (a new surety only) and `change` (an
existing one only)."""
from __future__ import annotations

import re
from typing import Any

from ...domain import tokens
from ...domain.errors import Conflict, NotFound, invalid
from ...domain.instruments import DEFAULT_ISSUER_TYPE, ISSUER_TYPES, KINDS
from ...domain.sureties import CONTACT_FIELDS, Surety
from ..common.audited import audited
from ..common.dependencies import get as deps
from ..ports.records import TokenRecord

_SURETY_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$")
_BRANCH_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")  # as SuretyBranchId in openapi.yaml


def register(surety_id: str, name: str, contact: dict[str, str] | None = None, *, representative: str | None = None,
             head_office: str | None = None, branches: dict[str, dict[str, str]] | None = None,
             actor: dict[str, Any] | None = None, issuer_type: str | None = None) -> Surety:
    """Create or update a surety. ``contact`` (department, phone, email, hours) and each
    branch's contact (取扱支店, by an id requests name) are printed on notices and shown to
    orderers; the representative (代表者) and head office (本店所在地) are on certificates.
    ``issuer_type`` (保証事業会社 / 損害保険会社 / 銀行等) decides which instruments it may issue;
    None keeps a registered issuer's type (a new one is a 保証事業会社). The type is fixed at
    registration: its guarantees say what it is (another type is another registration)."""
    if not _SURETY_ID.fullmatch(surety_id):
        raise ValueError("surety id: lower-case letters, digits and hyphens, 3-40 characters")
    contacts = {branch: _contact(fields) for branch, fields in (branches or {}).items()}
    for branch in contacts:
        if not _BRANCH_ID.fullmatch(branch):
            raise ValueError(f"branch id {branch!r}: lower-case letters, digits and hyphens, 1-40 characters")
    store = deps().store
    before = store.sureties.get(surety_id)
    kept_type = before.issuer_type if before else DEFAULT_ISSUER_TYPE
    if issuer_type is not None and issuer_type not in ISSUER_TYPES:
        raise ValueError(f"issuer type {issuer_type!r}: one of {', '.join(ISSUER_TYPES)}")
    if before is not None and issuer_type is not None and issuer_type != kept_type:
        raise Conflict("issuer_type_fixed",
                       f"{before.name}は{before.issuer_type_label}として登録されています。発行者の種別は登録後に"
                       f"変えられません（{ISSUER_TYPES[issuer_type]}としては、別の ID で登録してください）。")
    surety = Surety(surety_id, name.strip(), _contact(contact), _text(representative), _text(head_office),
                    {branch: fields for branch, fields in contacts.items() if fields}, issuer_type or kept_type)
    changes = _profile_changes(before, surety)
    audited(lambda entry: store.sureties.put(surety, entry), actor,
            "surety.change" if before else "surety.register", f"surety:{surety_id}", {"changes": changes})
    return surety


def add(body: dict[str, Any], actor: dict[str, Any]) -> dict[str, Any]:
    """A new surety (409 `surety_exists` for an id in use)."""
    if deps().store.sureties.get(body["id"]) is not None:
        raise Conflict("surety_exists", f"保証会社 {body['id']} はすでに登録されています。変更は PUT で行ってください。")
    return view(_put(body["id"], body, actor))


def change(surety_id: str, body: dict[str, Any], actor: dict[str, Any]) -> dict[str, Any]:
    """The whole profile of a registered surety, replaced (404 `surety_not_found`)."""
    _existing(surety_id)
    return view(_put(surety_id, body, actor))


def profile(surety_id: str) -> dict[str, Any]:
    return {**view(_existing(surety_id)), "tokens": token_list(surety_id)}


def listing() -> dict[str, Any]:
    return {"sureties": [view(s) for s in deps().store.sureties.all()]}


def view(s: Surety) -> dict[str, Any]:
    return {"id": s.id, "name": s.name, "issuer_type": s.issuer_type, "issuer_type_label": s.issuer_type_label,
            "kinds": list(s.kinds), "kind_labels": [KINDS[k] for k in s.kinds],
            "representative": s.representative, "head_office": s.head_office,
            "contact": s.contact, "branches": s.branches}


def _put(surety_id: str, body: dict[str, Any], actor: dict[str, Any]) -> Surety:
    try:
        return register(surety_id, body["name"], body.get("contact"), representative=body.get("representative"),
                        head_office=body.get("head_office"), branches=body.get("branches"), actor=actor,
                        issuer_type=body.get("issuer_type"))
    except ValueError as e:  # what the schema cannot say (it says the ids' shapes and the fields)
        raise invalid("invalid_surety", f"保証会社の内容が正しくありません: {e}") from None


def _existing(surety_id: str) -> Surety:
    surety = deps().store.sureties.get(surety_id)
    if surety is None:
        raise NotFound("surety_not_found", f"保証会社 {surety_id} は登録されていません。")
    return surety


def _profile_changes(before: Surety | None, after: Surety) -> dict[str, list[Any]]:
    fields = ("name", "issuer_type", "contact", "representative", "head_office", "branches")
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
    """Returns (token id, token). The token is shown to the operator once and never again:
    only its keyed hash is stored, and the audit entry names the token by its id."""
    store = deps().store
    if store.sureties.get(surety_id) is None:
        raise NotFound("surety_not_found", f"保証会社 {surety_id} は登録されていません。")
    granted = list(dict.fromkeys(scopes or tokens.DEFAULT_SCOPES))
    unknown = set(granted) - set(tokens.SCOPES)
    if unknown:
        raise ValueError(f"unknown scopes: {sorted(unknown)}")
    token_id, secret, token = tokens.generate()
    secret_hash = deps().hashes.token_secret(secret)
    audited(lambda entry: store.sureties.put_token(token_id, surety_id, secret_hash, granted, label, entry),
            actor, "token.issue", f"token:{token_id}", {"surety_id": surety_id, "scopes": granted, "label": label})
    return token_id, token


def issue_token(surety_id: str, body: dict[str, Any], actor: dict[str, Any]) -> dict[str, Any]:
    token_id, token = create_token(surety_id, body.get("scopes"), body.get("label"), actor)
    record = deps().store.sureties.get_token(token_id)
    return {**(_token_view(record) if record else {"token_id": token_id}), "token": token}


def token_list(surety_id: str) -> list[dict[str, Any]]:
    return [_token_view(t) for t in deps().store.sureties.tokens_of(surety_id)]


def tokens_of(surety_id: str) -> dict[str, Any]:
    _existing(surety_id)
    return {"tokens": token_list(surety_id)}


def _token_view(t: TokenRecord) -> dict[str, Any]:
    # Never the secret, nor its hash.
    return {"token_id": t.token_id, "surety_id": t.surety_id, "scopes": list(t.scopes), "label": t.label,
            "created_at": t.created_at, "revoked": t.revoked, "revoked_at": t.revoked_at}


def revoke_token(token_id: str, actor: dict[str, Any] | None = None) -> bool:
    store = deps().store
    record = store.sureties.get_token(token_id)
    if record is None or record.revoked:
        return False
    return bool(audited(lambda entry: store.sureties.revoke_token(token_id, entry), actor, "token.revoke",
                        f"token:{token_id}", {"surety_id": record.surety_id}))


def revoke(token_id: str, actor: dict[str, Any]) -> dict[str, Any]:
    """404 `token_not_found` for an unknown token, 409 `token_revoked` for one revoked before."""
    record = deps().store.sureties.get_token(token_id)
    if record is None:
        raise NotFound("token_not_found", f"API トークン {token_id} は見つかりません。")
    if record.revoked or not revoke_token(token_id, actor):
        raise Conflict("token_revoked", f"API トークン {token_id} はすでに失効しています。")
    after = deps().store.sureties.get_token(token_id)
    return _token_view(after or record)
