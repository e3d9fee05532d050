"""The issuers known to the portal and the portal's own signing keys (storage.py states the rules
every store keeps)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Protocol

from ...domain.audit import AuditEntry
from ...domain.sureties import Surety
from .records import Record, SigningKeyRecord, TokenRecord


class Sureties(Protocol):
    """Sureties' profiles and their API tokens (tokens by the keyed hash of their secret).
    Every write carries its audit entry, written with it (ConditionFailed("audit") when the
    chain moved on meanwhile: see Audit)."""

    def put(self, surety: Surety, audit: AuditEntry) -> None: ...

    def get(self, surety_id: str) -> Surety | None: ...

    def all(self) -> list[Surety]:
        """Every registered surety, by id (a few dozen at most: the public page of issuers).
        Which ones are listed is eventually consistent (DynamoDB: an index); each as it stands now."""

    def put_token(self, token_id: str, surety_id: str, secret_hash: str, scopes: Sequence[str],
                  label: str | None, audit: AuditEntry) -> None:
        """ConditionFailed("token") if the id exists."""

    def get_token(self, token_id: str) -> TokenRecord | None: ...

    def tokens_of(self, surety_id: str) -> list[TokenRecord]:
        """The surety's tokens, revoked ones too, oldest first (never a secret: only its hash).
        Which ones are listed is eventually consistent (a token issued a moment ago may be
        missing for that moment); each as it stands now (a revocation is never missed)."""

    def revoke_token(self, token_id: str, audit: AuditEntry) -> bool:
        """False for an unknown or already revoked token (nothing written)."""


class SigningKeys(Protocol):
    """The registry of the platform's public signing keys (JWK)."""

    def register(self, jwk: Record, now: dt.datetime) -> bool:
        """Make this key current and retire the others; False if it already was current."""

    def all(self) -> list[SigningKeyRecord]:
        """Current first, then retired keys newest first."""
