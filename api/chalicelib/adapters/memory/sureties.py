"""Sureties' profiles and their API tokens (by the keyed hash of the secret)."""
from __future__ import annotations

from collections.abc import Sequence

from ...domain.audit import AuditEntry
from ...domain.formatting import iso_utc_precise
from ...domain.instruments import DEFAULT_ISSUER_TYPE
from ...domain.sureties import Surety
from ...usecases.ports.records import TokenRecord
from .audit import append
from .state import State, Tx, plain


class MemorySureties:
    def __init__(self, state: State):
        self._s = state

    def put(self, surety: Surety, audit: AuditEntry) -> None:
        with self._s.lock:
            record = {"name": surety.name, "contact": surety.contact, "representative": surety.representative,
                      "head_office": surety.head_office, "branches": surety.branches or None,
                      "issuer_type": surety.issuer_type,
                      "created_at": iso_utc_precise(self._s.now())}
            tx = Tx(self._s, "put_surety").update("surety", "sureties", surety.id, lambda item: True,
                                                  lambda item: {**record, "created_at": item.get("created_at")
                                                                or record["created_at"]})
            append(tx, audit).commit()

    def all(self) -> list[Surety]:
        with self._s.lock:
            ids = sorted(self._s.sureties)
        return [s for s in (self.get(i) for i in ids) if s is not None]

    def get(self, surety_id: str) -> Surety | None:
        with self._s.lock:
            item = plain(self._s.sureties.get(surety_id))
        if item is None:
            return None
        return Surety(surety_id, item["name"], item["contact"], item["representative"], item["head_office"],
                      item["branches"] or {}, item.get("issuer_type") or DEFAULT_ISSUER_TYPE)

    def put_token(self, token_id: str, surety_id: str, secret_hash: str, scopes: Sequence[str],
                  label: str | None, audit: AuditEntry) -> None:
        with self._s.lock:
            tx = Tx(self._s, "put_token").put("token", "tokens", token_id, {
                "surety_id": surety_id, "secret_hash": secret_hash, "scopes": list(scopes), "label": label,
                "created_at": iso_utc_precise(self._s.now()), "revoked_at": None})
            append(tx, audit).commit()

    def get_token(self, token_id: str) -> TokenRecord | None:
        with self._s.lock:
            item = self._s.tokens.get(token_id)
            if item is None:
                return None
            return _token(token_id, item)

    def tokens_of(self, surety_id: str) -> list[TokenRecord]:
        with self._s.lock:
            found = [_token(i, item) for i, item in self._s.tokens.items() if item["surety_id"] == surety_id]
        return sorted(found, key=lambda t: (t.created_at or "", t.token_id))

    def revoke_token(self, token_id: str, audit: AuditEntry) -> bool:
        with self._s.lock:
            item = self._s.tokens.get(token_id)
            if item is None or item["revoked_at"] is not None:
                return False
            at = iso_utc_precise(self._s.now())
            tx = Tx(self._s, "revoke_token").update("token", "tokens", token_id, lambda i: True,
                                                    lambda i: {**i, "revoked_at": at})
            append(tx, audit).commit()
            return True


def _token(token_id: str, item: dict) -> TokenRecord:
    return TokenRecord(token_id, item["surety_id"], item["secret_hash"], tuple(item["scopes"]),
                       item["revoked_at"] is not None, item.get("label"), item.get("created_at"),
                       item.get("revoked_at"))
