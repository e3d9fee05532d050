"""StaffAuth (ports.storage.StaffAuth): the one live sign-in code of a staff address (by its
keyed hash; its e-mail is sent directly, never through the outbox: the table holds no code
in clear) and the sessions of those signed in."""
from __future__ import annotations

import datetime as dt

from ...domain import staff
from ...domain.formatting import iso_utc_precise, parse_iso_utc_precise
from ...domain.staff import SignInCode
from ...usecases.ports.records import StaffSessionRecord
from . import keys
from .engine import Engine, bound, saved_if, unavailable_on_engine_errors, updated_if
from .models import SignInCodeItem, StaffSessionItem


class StaffAuth:
    _Code = bound(SignInCodeItem)
    _Session = bound(StaffSessionItem)

    def __init__(self, engine: Engine):
        self._engine = engine

    # ---- sign-in codes --------------------------------------------------------------------

    @unavailable_on_engine_errors
    def get_code(self, address_hash: str) -> SignInCode | None:
        try:
            item = self._Code.get(keys.sign_in_pk(address_hash), keys.CODE_SK, consistent_read=True)
        except self._Code.DoesNotExist:
            return None
        return SignInCode(item.code_hash, parse_iso_utc_precise(item.code_expires), int(item.attempts),
                          int(item.sent), parse_iso_utc_precise(item.window_start))

    @unavailable_on_engine_errors
    def put_code(self, address_hash: str, code: SignInCode, keep_until: dt.datetime,
                 replaces: SignInCode | None) -> bool:
        """Only the newest code works. False if another request replaced it meanwhile, so parallel
        requests (and a replacement racing a request) cannot overrun the per-address count."""
        item = self._Code(keys.sign_in_pk(address_hash), keys.CODE_SK, code_hash=code.code_hash,
                          code_expires=iso_utc_precise(code.code_expires), attempts=0, sent=code.sent,
                          window_start=iso_utc_precise(code.window_start), expires_at=keep_until)
        return saved_if(item, SignInCodeItem.pk.does_not_exist() if replaces is None
                        else (SignInCodeItem.sent == replaces.sent)
                        & (SignInCodeItem.window_start == iso_utc_precise(replaces.window_start))
                        & (SignInCodeItem.code_hash == replaces.code_hash))

    def _update_code(self, address_hash: str, actions: list, condition) -> SignInCodeItem | None:
        item = self._Code(keys.sign_in_pk(address_hash), keys.CODE_SK)
        return item if updated_if(item, actions, condition) else None

    @unavailable_on_engine_errors
    def count_wrong_code(self, address_hash: str, code_hash: str, budget: int) -> int | None:
        """Parallel guesses cannot overrun the budget."""
        item = self._update_code(address_hash, [SignInCodeItem.attempts.add(1)],
                                 (SignInCodeItem.code_hash == code_hash) & (SignInCodeItem.attempts < budget))
        return int(item.attempts) if item is not None else None

    @unavailable_on_engine_errors
    def use_code(self, address_hash: str, code_hash: str, budget: int, now: dt.datetime) -> bool:
        return self._update_code(address_hash, [SignInCodeItem.code_hash.set(staff.USED)],
                                 (SignInCodeItem.code_hash == code_hash) & (SignInCodeItem.attempts < budget)
                                 & (SignInCodeItem.code_expires > iso_utc_precise(now))) is not None

    # ---- sessions -------------------------------------------------------------------------

    def _session(self, token_hash: str) -> StaffSessionItem:
        return self._Session(keys.session_pk(token_hash), keys.SESSION_SK)

    @unavailable_on_engine_errors
    def put_session(self, token_hash: str, email: str, orderer_id: str, now: dt.datetime,
                    ends: dt.datetime) -> None:
        moment = iso_utc_precise(now)
        self._Session(keys.session_pk(token_hash), keys.SESSION_SK, email=email, orderer_id=orderer_id,
                      created_at=moment, last_seen=moment, expires_at=ends).save()

    @unavailable_on_engine_errors
    def get_session(self, token_hash: str) -> StaffSessionRecord | None:
        try:
            item = self._Session.get(keys.session_pk(token_hash), keys.SESSION_SK, consistent_read=True)
        except self._Session.DoesNotExist:
            return None
        entries = ({"department": item.receipt_department, "name": item.receipt_name}
                   if item.receipt_department and item.receipt_name else None)
        return StaffSessionRecord(email=item.email, orderer_id=item.orderer_id,
                                  created_at=parse_iso_utc_precise(item.created_at),
                                  last_seen=parse_iso_utc_precise(item.last_seen), receipt_entries=entries)

    @unavailable_on_engine_errors
    def touch_session(self, token_hash: str, now: dt.datetime) -> None:
        # Never bring back a session signed out meanwhile (an update would create a partial item).
        updated_if(self._session(token_hash), [StaffSessionItem.last_seen.set(iso_utc_precise(now))],
                   StaffSessionItem.pk.exists())

    @unavailable_on_engine_errors
    def remember_receipt_entries(self, token_hash: str, department: str, name: str) -> None:
        # As touch: a session signed out meanwhile stays gone.
        updated_if(self._session(token_hash),
                   [StaffSessionItem.receipt_department.set(department), StaffSessionItem.receipt_name.set(name)],
                   StaffSessionItem.pk.exists())

    @unavailable_on_engine_errors
    def delete_session(self, token_hash: str) -> None:
        self._session(token_hash).delete()
