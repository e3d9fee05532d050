"""Strings that sealed or signed data depends on: a kept idempotent reply is sealed to its
context (AES-GCM associated data) and a listing's cursor is signed to its scope. They were the
table's keys before the store moved behind ports, and must stay exactly so: a change would
make every reply kept (24 hours) fail to open and every cursor handed out be refused."""
from __future__ import annotations

from chalicelib.usecases import read_guarantees
from chalicelib.usecases.common import idempotency


def test_a_kept_reply_is_sealed_to_the_context_it_always_had():
    assert idempotency._context("tokyo-hosho", "3f2c9a7e-key") == "IDEM#tokyo-hosho#3f2c9a7e-key"


def test_a_listing_cursor_is_signed_to_the_scope_it_always_had():
    assert read_guarantees.orderer_scope("tokyo-hosho", "202177") == "ORDERER#tokyo-hosho#202177"
    assert read_guarantees.contractor_scope("tokyo-hosho", "1234567890123") == "CONTRACTOR#tokyo-hosho#1234567890123"
