"""SigningKeys (ports.storage.SigningKeys): the registry of the platform's public signing keys."""
from __future__ import annotations

import datetime as dt

from ...domain.formatting import iso_utc_precise
from ...usecases.ports.records import Record, SigningKeyRecord
from . import keys
from .engine import Engine, bound, plain, unavailable_on_engine_errors
from .models import SigningKeyItem


class SigningKeys:
    _Key = bound(SigningKeyItem)

    def __init__(self, engine: Engine):
        self._engine = engine

    @unavailable_on_engine_errors
    def register(self, jwk: Record, now: dt.datetime) -> bool:
        try:
            existing = self._Key.get(keys.SIGNING_KEYS_PK, jwk["kid"], consistent_read=True)
            if existing.status == "current":
                return False
        except self._Key.DoesNotExist:
            pass
        at = iso_utc_precise(now)
        for item in self._Key.query(keys.SIGNING_KEYS_PK, consistent_read=True):
            if item.sk != jwk["kid"] and item.status == "current":
                item.update(actions=[SigningKeyItem.status.set("retired"), SigningKeyItem.retired_at.set(at)])
        self._Key(keys.SIGNING_KEYS_PK, jwk["kid"], jwk=jwk, status="current", created_at=at).save()
        return True

    @unavailable_on_engine_errors
    def all(self) -> list[SigningKeyRecord]:
        items = sorted(self._Key.query(keys.SIGNING_KEYS_PK, consistent_read=True), key=lambda i: i.created_at,
                       reverse=True)
        items.sort(key=lambda i: i.status != "current")  # stable: current first, then newest retired
        return [SigningKeyRecord(jwk=plain(i.jwk.as_dict()), status=i.status, created_at=i.created_at) for i in items]
