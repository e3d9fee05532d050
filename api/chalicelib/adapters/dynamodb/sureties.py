"""Sureties (ports.storage.Sureties): their profiles (in the index of every surety, gsi1), and
their API tokens by token id (only the keyed hash of a token's secret is stored; each token
in its surety's list, gsi1). Every write is one transaction with its audit entry."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TypeVar

from pynamodb.expressions.update import Action

from ...domain.audit import AuditEntry
from ...domain.formatting import iso_utc_precise
from ...domain.instruments import DEFAULT_ISSUER_TYPE
from ...domain.sureties import Surety
from ...usecases.ports.records import ConditionFailed, TokenRecord
from . import keys
from .audit import append
from .engine import Engine, bound, unavailable_on_engine_errors
from .models import Item, SuretyItem, TokenItem

M = TypeVar("M", bound=Item)


def _surety(item: SuretyItem) -> Surety:
    return Surety(keys.parse_surety_pk(item.pk), item.name, item.contact.as_dict() if item.contact else None,
                  item.representative, item.head_office, item.branches.as_dict() if item.branches else {},
                  item.issuer_type or DEFAULT_ISSUER_TYPE)


def _token(item: TokenItem) -> TokenRecord:
    return TokenRecord(keys.parse_token_pk(item.pk), item.surety_id, item.secret_hash, tuple(str(scope) for scope in item.scopes or ()),
                       item.revoked_at is not None, item.label, item.created_at, item.revoked_at)


def _in_order(listed: list[tuple[str, str]], found: Iterable[M]) -> list[M]:
    """Items read by key (a batch comes back in any order) in the order listed; one gone since
    it was listed is left out."""
    by_key = {(item.pk, item.sk): item for item in found}
    return [by_key[k] for k in listed if k in by_key]


def _set_or_remove(attribute, value) -> Action:
    return attribute.set(value) if value is not None else attribute.remove()


class Sureties:
    _Surety = bound(SuretyItem)
    _Token = bound(TokenItem)

    def __init__(self, engine: Engine):
        self._engine = engine

    def _now(self) -> str:
        return iso_utc_precise(self._engine.now())

    @unavailable_on_engine_errors
    def put(self, surety: Surety, audit: AuditEntry) -> None:
        """Registered again: replaced as a whole, except when it was first registered."""
        entry, head = append(self._engine, audit)
        actions = [SuretyItem.name.set(surety.name), _set_or_remove(SuretyItem.contact, surety.contact),
                   _set_or_remove(SuretyItem.representative, surety.representative),
                   _set_or_remove(SuretyItem.head_office, surety.head_office),
                   _set_or_remove(SuretyItem.branches, surety.branches or None),
                   SuretyItem.issuer_type.set(surety.issuer_type),
                   SuretyItem.created_at.set(SuretyItem.created_at | self._now()),
                   SuretyItem.gsi1pk.set(keys.SURETIES_PK), SuretyItem.gsi1sk.set(surety.id)]
        profile = self._Surety(keys.surety_pk(surety.id), keys.PROFILE_SK)
        self._engine.transact("put_surety", [entry], [("surety", profile, actions, None), head])

    @unavailable_on_engine_errors
    def get(self, surety_id: str) -> Surety | None:
        try:
            return _surety(self._Surety.get(keys.surety_pk(surety_id), keys.PROFILE_SK, consistent_read=True))
        except self._Surety.DoesNotExist:
            return None

    @unavailable_on_engine_errors
    def all(self) -> list[Surety]:
        """Which sureties there are from the index (eventually consistent: one registered a
        moment ago may be missing for that moment), each as it stands now, by id."""
        listed = [(item.pk, item.sk) for item in self._Surety.gsi1.query(keys.SURETIES_PK)]
        return [_surety(item) for item in _in_order(listed, self._Surety.batch_get(listed, consistent_read=True))]

    @unavailable_on_engine_errors
    def put_token(self, token_id: str, surety_id: str, secret_hash: str, scopes: Sequence[str],
                  label: str | None, audit: AuditEntry) -> None:
        """ConditionFailed("token") if the id exists."""
        entry, head = append(self._engine, audit)
        created = self._now()
        item = self._Token(keys.token_pk(token_id), keys.TOKEN_SK, surety_id=surety_id, secret_hash=secret_hash,
                           scopes=list(scopes), label=label, created_at=created,
                           gsi1pk=keys.surety_tokens_pk(surety_id), gsi1sk=keys.token_listing_sk(created, token_id))
        self._engine.transact("put_token", [("token", item), entry], [head])

    @unavailable_on_engine_errors
    def get_token(self, token_id: str) -> TokenRecord | None:
        try:
            return _token(self._Token.get(keys.token_pk(token_id), keys.TOKEN_SK, consistent_read=True))
        except self._Token.DoesNotExist:
            return None

    @unavailable_on_engine_errors
    def tokens_of(self, surety_id: str) -> list[TokenRecord]:
        """Which tokens the surety has from its index (eventually consistent: a token issued a
        moment ago may be missing for that moment), each as it stands now (a revocation is
        never missed), oldest first."""
        listed = [(item.pk, item.sk) for item in self._Token.gsi1.query(keys.surety_tokens_pk(surety_id))]
        return [_token(item) for item in _in_order(listed, self._Token.batch_get(listed, consistent_read=True))]

    @unavailable_on_engine_errors
    def revoke_token(self, token_id: str, audit: AuditEntry) -> bool:
        found = self.get_token(token_id)
        if found is None or found.revoked:
            return False  # nothing to revoke: no write, no audit entry
        entry, head = append(self._engine, audit)
        token = self._Token(keys.token_pk(token_id), keys.TOKEN_SK)
        try:
            self._engine.transact("revoke_token", [entry], [
                ("token", token, [TokenItem.revoked_at.set(self._now())],
                 Item.pk.exists() & TokenItem.revoked_at.does_not_exist()), head])
        except ConditionFailed as failed:
            if failed.what == "token":
                return False  # revoked meanwhile
            raise
        return True
