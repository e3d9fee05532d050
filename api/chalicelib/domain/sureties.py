"""Surety companies (保証会社) and who acts for them."""
from __future__ import annotations

from dataclasses import dataclass

# What a surety's contact says, as printed on notices.
CONTACT_FIELDS = ("department", "phone", "email", "hours")


@dataclass(frozen=True)
class Surety:
    id: str
    name: str
    contact: dict | None = None  # department, phone, email, hours


@dataclass(frozen=True)
class Caller:
    """An authenticated surety request: who, and with which token (for the event log)."""
    surety: Surety
    token_id: str
    scopes: tuple[str, ...]

    def actor(self) -> dict:
        return {"kind": "surety", "surety_id": self.surety.id, "token_id": self.token_id}
