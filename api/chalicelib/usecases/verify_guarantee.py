"""Checking a guarantee by 保証契約番号 and 認証キー (the orderer's side): what the key shows."""
from __future__ import annotations

from typing import Any

from ..domain import views
from ..domain.number_and_key import read_number_and_key
from .common import key_access, orderers
from .common.dependencies import get as deps


def verify(body: dict[str, Any], client_address: str | None) -> dict[str, Any]:
    number, key = read_number_and_key(body)
    signed, state = key_access.find(number, key, client_address, "verify")
    return views.for_key(signed.version, state, deps().clock.now(), signed.jws,
                         orderers.body(signed.version.terms.orderer_id))
