"""Sureties' profiles and their API tokens (by the keyed hash of the secret)."""
from __future__ import annotations

from collections.abc import Sequence

from ...domain.formatting import iso_utc_precise
from ...domain.sureties import Surety
from ...usecases.ports.records import TokenRecord
from .state import State, Tx, plain, storable


class MemorySureties:
    def __init__(self, state: State):
        self._s = state

    def put(self, surety: Surety) -> None:
        with self._s.lock:
            self._s.sureties[surety.id] = storable({
                "name": surety.name, "contact": surety.contact, "representative": surety.representative,
                "head_office": surety.head_office, "branches": surety.branches or None,
                "created_at": iso_utc_precise(self._s.now())})

    def get(self, surety_id: str) -> Surety | None:
        with self._s.lock:
            item = plain(self._s.sureties.get(surety_id))
        if item is None:
            return None
        return Surety(surety_id, item["name"], item["contact"], item["representative"], item["head_office"],
                      item["branches"] or {})

    def put_token(self, token_id: str, surety_id: str, secret_hash: str, scopes: Sequence[str],
                  label: str | None) -> None:
        with self._s.lock:
            Tx(self._s, "put_token").put("token", "tokens", token_id, {
                "surety_id": surety_id, "secret_hash": secret_hash, "scopes": list(scopes), "label": label,
                "created_at": iso_utc_precise(self._s.now()), "revoked_at": None}).commit()

    def get_token(self, token_id: str) -> TokenRecord | None:
        with self._s.lock:
            item = self._s.tokens.get(token_id)
            if item is None:
                return None
            return TokenRecord(token_id, item["surety_id"], item["secret_hash"], tuple(item["scopes"]),
                               item["revoked_at"] is not None)

    def revoke_token(self, token_id: str) -> bool:
        with self._s.lock:
            item = self._s.tokens.get(token_id)
            if item is None:
                return False
            item["revoked_at"] = iso_utc_precise(self._s.now())
            return True
