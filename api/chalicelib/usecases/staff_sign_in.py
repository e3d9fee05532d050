"""Orderer staff sign in without a password: a one-time code to their work address, then a
session kept on the server (domain/staff.py has the rules).

Asking for a code answers the same whatever the address: nobody learns who works where.
"""
from __future__ import annotations

import datetime as dt
import secrets

from ..adapters import clock, keyed_hash, mail, store
from ..domain import orderers, staff
from ..domain.errors import Unauthenticated, invalid
from ..domain.formatting import iso_utc
from ..domain.staff import Session, Staff

# Re-reading a session is free; writing its last use on every call is not: once a minute
# is precise enough for a 30-minute idle limit.
_TOUCH_EVERY = dt.timedelta(minutes=1)
CODE_SENT_MESSAGE = ("入力されたメールアドレスが発注者の職員のアドレスであれば、確認コードを送りました。"
                     "メールに記載の6桁の数字を入力してください（有効期限10分）。")
INVALID_CODE_MESSAGE = ("確認コードが正しくないか、有効期限が切れています。"
                        "メールに記載の6桁の数字を確かめるか、もう一度コードを送ってください。")


def request_code(email_text: str) -> None:
    """Send a sign-in code if the address is an orderer's staff address; nothing otherwise."""
    now = clock.now()
    email = staff.account(email_text)
    orderer = orderers.employing(email) if email else None
    if orderer is None:
        return
    address = keyed_hash.staff_address(email)
    previous = store.get_sign_in_code(address)
    window_start, sent = now, 1
    if previous is not None and now - previous.window_start < staff.CODE_WINDOW:
        if previous.sent >= staff.CODES_PER_WINDOW:
            return  # enough codes this hour: the newest one still works
        window_start, sent = previous.window_start, previous.sent + 1
    code = "".join(secrets.choice("0123456789") for _ in range(staff.CODE_DIGITS))
    store.put_sign_in_code(address, store.SignInCode(keyed_hash.sign_in_code(email, code), now + staff.CODE_TTL, 0,
                                                     sent, window_start),
                           keep_until=window_start + staff.CODE_WINDOW)
    message = mail.sign_in_code(email, orderer.name, code, staff.CODE_TTL, now)
    mail.transport().send(mail.new_mail_id(), email, message.as_bytes())


def sign_in(email_text: str, code: str) -> tuple[str, Session]:
    """The session token (for the cookie only) and the session, for a live code."""
    now = clock.now()
    email = staff.account(email_text)
    orderer = orderers.employing(email) if email else None
    wrong = invalid("invalid_code", INVALID_CODE_MESSAGE, "code")
    if orderer is None:
        raise wrong
    address = keyed_hash.staff_address(email)
    live = store.get_sign_in_code(address)
    if live is None or live.attempts >= staff.MAX_CODE_ATTEMPTS or now >= live.code_expires:
        raise wrong
    presented = keyed_hash.sign_in_code(email, code)
    if not keyed_hash.equal(presented, live.code_hash):
        store.count_wrong_code(address, live.code_hash, staff.MAX_CODE_ATTEMPTS)
        raise wrong
    if not store.use_sign_in_code(address, presented, staff.MAX_CODE_ATTEMPTS, now):
        raise wrong  # spent by a parallel request, or voided meanwhile
    token = secrets.token_urlsafe(32)
    session = Session(Staff(email, orderer.id), now, now)
    store.put_staff_session(keyed_hash.session_token(token), email, orderer.id, now, session.ends_at())
    return token, session


def current(token: str | None) -> Session | None:
    """The live session a cookie names, or None (absent, unknown, ended)."""
    if not token:
        return None
    now = clock.now()
    token_hash = keyed_hash.session_token(token)
    record = store.get_staff_session(token_hash)
    if record is None:
        return None
    session = Session(Staff(record["email"], record["orderer_id"]), record["created_at"], record["last_seen"])
    if session.expired(now):
        store.delete_staff_session(token_hash)
        return None
    if now - session.last_seen >= _TOUCH_EVERY:
        store.touch_staff_session(token_hash, now)
    return session


def sign_out(token: str | None) -> None:
    if token:
        store.delete_staff_session(keyed_hash.session_token(token))


def required(token: str | None) -> Session:
    """The live session, or Unauthenticated: a member of the orderer's staff must sign in."""
    session = current(token)
    if session is None:
        raise Unauthenticated("not_signed_in",
                              "発注者の職員としてサインインしてください（サインインの有効期限が切れた場合も、もう一度サインインしてください）。",
                              challenge='Cookie realm="e-guarantee-staff"')
    return session


def session_view(session: Session) -> dict:
    return {"staff": session.staff.public(), "expires_at": iso_utc(session.ends_at())}
