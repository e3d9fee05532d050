"""A guarantee's live state where the guarantee is known to exist."""
from __future__ import annotations

from ...domain.views import GuaranteeState
from ..ports.records import SignedVersion, StoreUnavailable
from .dependencies import get as deps


def live_state(guarantee_id: str) -> GuaranteeState:
    """The state of a guarantee whose head was read. Missing only while `devtools.manage data
    migrate` has not yet moved a guarantee stored before December 2026: 503, try again shortly."""
    state = deps().store.guarantees.get_state(guarantee_id)
    if state is None:
        raise StoreUnavailable("live_state (not migrated yet)")
    return state


def stored_version(guarantee_id: str, version: int) -> SignedVersion:
    """A version the guarantee's state names (so it is stored): written with the state in one
    transaction, it is missing only if the store failed to answer."""
    signed = deps().store.guarantees.get_version(guarantee_id, version)
    if signed is None:
        raise StoreUnavailable("get_version")
    return signed
