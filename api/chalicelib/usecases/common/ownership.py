"""A surety reaches only its own guarantees."""
from __future__ import annotations

import re

from ...domain.errors import NotFound
from ...domain.sureties import Caller
from ..ports.records import GuaranteeHead
from .dependencies import get as deps

_GUARANTEE_ID = re.compile(r"g[0-9A-HJKMNP-TV-Z]{25}")


def own_head(caller: Caller, guarantee_id: str) -> GuaranteeHead:
    """The guarantee's head if it belongs to the caller's surety; NotFound otherwise (no hint
    whether another surety's guarantee exists)."""
    head = deps().store.guarantees.get_head(guarantee_id) if _GUARANTEE_ID.fullmatch(guarantee_id or "") else None
    if head is None or head.surety_id != caller.surety.id:
        raise NotFound("guarantee_not_found", "保証契約が見つかりません。")
    return head
