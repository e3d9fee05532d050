"""The registry of the platform's public signing keys (JWK), by key id."""
from __future__ import annotations

import datetime as dt

from ...domain.formatting import iso_utc_precise
from ...usecases.ports.records import Record, SigningKeyRecord
from .state import State, plain, storable


class MemorySigningKeys:
    def __init__(self, state: State):
        self._s = state

    def register(self, jwk: Record, now: dt.datetime) -> bool:
        at = iso_utc_precise(now)
        with self._s.lock:
            keys = self._s.signing_keys
            if keys.get(jwk["kid"], {}).get("status") == "current":
                return False
            for kid, item in keys.items():
                if kid != jwk["kid"] and item["status"] == "current":
                    item.update(status="retired", retired_at=at)
            keys[jwk["kid"]] = {"jwk": storable(jwk), "status": "current", "created_at": at, "retired_at": None}
            return True

    def all(self) -> list[SigningKeyRecord]:
        with self._s.lock:
            # Read in key order, as the engine's query returns them; then newest first, current first.
            items = [plain(self._s.signing_keys[kid]) for kid in sorted(self._s.signing_keys)]
        items.sort(key=lambda i: i["created_at"], reverse=True)
        items.sort(key=lambda i: i["status"] != "current")
        return [SigningKeyRecord(i["jwk"], i["status"], i["created_at"]) for i in items]
