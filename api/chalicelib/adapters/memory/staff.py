"""Orderer staff: the one live sign-in code per address (by its keyed hash) and sessions."""
from __future__ import annotations

import datetime as dt

from ...domain import staff
from ...domain.formatting import iso_utc_precise, parse_iso_utc_precise
from ...domain.staff import SignInCode
from ...usecases.ports.records import StaffSessionRecord
from .state import Item, State, Tx, ttl


def _code(item: Item) -> SignInCode:
    return SignInCode(item["code_hash"], parse_iso_utc_precise(item["code_expires"]), int(item["attempts"]),
                      int(item["sent"]), parse_iso_utc_precise(item["window_start"]))


class MemoryStaffAuth:
    def __init__(self, state: State):
        self._s = state

    def get_code(self, address_hash: str) -> SignInCode | None:
        with self._s.lock:
            item = self._s.codes.get(address_hash)
            return _code(item) if item is not None else None

    def put_code(self, address_hash: str, code: SignInCode, keep_until: dt.datetime,
                 replaces: SignInCode | None) -> bool:
        new = {"code_hash": code.code_hash, "code_expires": iso_utc_precise(code.code_expires), "attempts": 0,
               "sent": code.sent, "window_start": iso_utc_precise(code.window_start), "expires_at": ttl(keep_until)}
        with self._s.lock:
            tx = Tx(self._s, "put_sign_in_code")
            if replaces is None:
                tx.put("code", "codes", address_hash, new)
            else:
                window_start = iso_utc_precise(replaces.window_start)
                tx.update("code", "codes", address_hash,
                          lambda item: item is not None and item["sent"] == replaces.sent
                          and item["window_start"] == window_start and item["code_hash"] == replaces.code_hash,
                          lambda _: dict(new))
            return tx.committed()

    def _update(self, address_hash: str, condition, change) -> Item | None:
        with self._s.lock:
            if not Tx(self._s, "sign_in_code").update("code", "codes", address_hash, condition, change).committed():
                return None
            return dict(self._s.codes[address_hash])

    def count_wrong_code(self, address_hash: str, code_hash: str, budget: int) -> int | None:
        item = self._update(address_hash,
                            lambda i: i is not None and i["code_hash"] == code_hash and i["attempts"] < budget,
                            lambda i: {**i, "attempts": i["attempts"] + 1})
        return int(item["attempts"]) if item is not None else None

    def use_code(self, address_hash: str, code_hash: str, budget: int, now: dt.datetime) -> bool:
        moment = iso_utc_precise(now)
        return self._update(address_hash,
                            lambda i: i is not None and i["code_hash"] == code_hash and i["attempts"] < budget
                            and i["code_expires"] > moment,
                            lambda i: {**i, "code_hash": staff.USED}) is not None

    def put_session(self, token_hash: str, email: str, orderer_id: str, now: dt.datetime,
                    ends: dt.datetime) -> None:
        moment = iso_utc_precise(now)
        with self._s.lock:
            self._s.sessions[token_hash] = {"email": email, "orderer_id": orderer_id, "created_at": moment,
                                            "last_seen": moment, "expires_at": ttl(ends),
                                            "receipt_department": None, "receipt_name": None}

    def get_session(self, token_hash: str) -> StaffSessionRecord | None:
        with self._s.lock:
            item = self._s.sessions.get(token_hash)
            if item is None:
                return None
            entries = ({"department": item["receipt_department"], "name": item["receipt_name"]}
                       if item["receipt_department"] and item["receipt_name"] else None)
            return StaffSessionRecord(item["email"], item["orderer_id"], parse_iso_utc_precise(item["created_at"]),
                                      parse_iso_utc_precise(item["last_seen"]), entries)

    def touch_session(self, token_hash: str, now: dt.datetime) -> None:
        with self._s.lock:
            item = self._s.sessions.get(token_hash)
            if item is not None:  # never brings back a session signed out meanwhile
                item["last_seen"] = iso_utc_precise(now)

    def remember_receipt_entries(self, token_hash: str, department: str, name: str) -> None:
        with self._s.lock:
            item = self._s.sessions.get(token_hash)
            if item is not None:
                item.update(receipt_department=department, receipt_name=name)

    def delete_session(self, token_hash: str) -> None:
        with self._s.lock:
            self._s.sessions.pop(token_hash, None)
