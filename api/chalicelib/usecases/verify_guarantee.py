"""Checking a guarantee by 保証契約番号 and 認証キー (the orderer's side): what the key shows."""
from __future__ import annotations

from ..adapters import clock
from ..domain import views
from ..domain.number_and_key import read_number_and_key
from .common import key_access


def verify(body: object, client_address: str | None) -> dict:
    number, key = read_number_and_key(body)
    version, state, record = key_access.find(number, key, client_address, "verify")
    return views.for_key(version, state, clock.now(), record.get("jws"))
