"""Sureties (ports.storage.Sureties): their profiles, and their API tokens by token id (only
the keyed hash of a token's secret is stored)."""
from __future__ import annotations

from collections.abc import Sequence

from ...domain.formatting import iso_utc_precise
from ...domain.sureties import Surety
from ...usecases.ports.records import ConditionFailed, TokenRecord
from . import keys
from .engine import Engine, bound, saved_if, unavailable_on_engine_errors
from .models import Item, SuretyItem, TokenItem


class Sureties:
    _Surety = bound(SuretyItem)
    _Token = bound(TokenItem)

    def __init__(self, engine: Engine):
        self._engine = engine

    def _now(self) -> str:
        return iso_utc_precise(self._engine.now())

    @unavailable_on_engine_errors
    def put(self, surety: Surety) -> None:
        self._Surety(keys.surety_pk(surety.id), keys.PROFILE_SK, name=surety.name, contact=surety.contact,
                     representative=surety.representative, head_office=surety.head_office,
                     branches=surety.branches or None, created_at=self._now()).save()

    @unavailable_on_engine_errors
    def get(self, surety_id: str) -> Surety | None:
        try:
            item = self._Surety.get(keys.surety_pk(surety_id), keys.PROFILE_SK)
        except self._Surety.DoesNotExist:
            return None
        return Surety(surety_id, item.name, item.contact.as_dict() if item.contact else None,
                      item.representative, item.head_office, item.branches.as_dict() if item.branches else {})

    @unavailable_on_engine_errors
    def put_token(self, token_id: str, surety_id: str, secret_hash: str, scopes: Sequence[str],
                  label: str | None) -> None:
        """ConditionFailed("token") if the id exists (store.put_token let it become a 503)."""
        item = self._Token(keys.token_pk(token_id), keys.TOKEN_SK, surety_id=surety_id, secret_hash=secret_hash,
                           scopes=list(scopes), label=label, created_at=self._now())
        if not saved_if(item, Item.pk.does_not_exist()):
            raise ConditionFailed("token")

    @unavailable_on_engine_errors
    def get_token(self, token_id: str) -> TokenRecord | None:
        try:
            item = self._Token.get(keys.token_pk(token_id), keys.TOKEN_SK, consistent_read=True)
        except self._Token.DoesNotExist:
            return None
        return TokenRecord(token_id, item.surety_id, item.secret_hash, tuple(item.scopes or ()),
                           item.revoked_at is not None)

    @unavailable_on_engine_errors
    def revoke_token(self, token_id: str) -> bool:
        try:
            item = self._Token.get(keys.token_pk(token_id), keys.TOKEN_SK, consistent_read=True)
        except self._Token.DoesNotExist:
            return False
        item.update(actions=[TokenItem.revoked_at.set(self._now())])
        return True
