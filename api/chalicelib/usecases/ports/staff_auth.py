"""The orderers' staff signing in: codes and sessions (storage.py states the rules every store keeps)."""
from __future__ import annotations

import datetime as dt
from typing import Protocol

from ...domain.staff import SignInCode
from .records import StaffSessionRecord


class StaffAuth(Protocol):
    """Orderer staff: the one live sign-in code per address (by its keyed hash) and sessions."""

    def get_code(self, address_hash: str) -> SignInCode | None: ...

    def put_code(self, address_hash: str, code: SignInCode, keep_until: dt.datetime,
                 replaces: SignInCode | None) -> bool:
        """A new code replacing ``replaces`` (the code read before; None: none yet); False if
        another request replaced it meanwhile."""

    def count_wrong_code(self, address_hash: str, code_hash: str, budget: int) -> int | None:
        """One more wrong code against the live code, atomically: the new count, or None once
        the code was replaced or its budget is spent."""

    def use_code(self, address_hash: str, code_hash: str, budget: int, now: dt.datetime) -> bool:
        """Spend the code: True for exactly one caller, while it is live and within budget."""

    def put_session(self, token_hash: str, email: str, orderer_id: str, now: dt.datetime,
                    ends: dt.datetime) -> None: ...

    def get_session(self, token_hash: str) -> StaffSessionRecord | None: ...

    def touch_session(self, token_hash: str, now: dt.datetime) -> None:
        """Never brings back a session signed out meanwhile."""

    def remember_receipt_entries(self, token_hash: str, department: str, name: str) -> None:
        """As touch_session: a session signed out meanwhile stays gone."""

    def delete_session(self, token_hash: str) -> None: ...
