"""Orderer staff sign in without a password: a one-time code to their work address, then a
session kept on the server (domain/staff.py has the rules).

Asking for a code answers the same whatever the address: nobody learns who works where.
"""
from __future__ import annotations

import datetime as dt
import secrets

from ..adapters import clock, config, keyed_hash, mail, store
from ..domain import orderers, staff
from ..domain.errors import Invalid, Throttled, Unauthenticated, invalid
from ..domain.formatting import iso_utc
from ..domain.staff import Session, Staff

# Re-reading a session is free; writing its last use on every call is not: once a minute
# is precise enough for a 30-minute idle limit.
_TOUCH_EVERY = dt.timedelta(minutes=1)
CODE_SENT_MESSAGE = ("入力されたメールアドレスが発注者の職員のアドレスであれば、確認コードを送りました。"
                     "メールに記載の8桁の数字を入力してください（有効期限10分）。")
INVALID_CODE_MESSAGE = ("確認コードが正しくないか、有効期限が切れています。"
                        "メールに記載の8桁の数字を確かめるか、もう一度コードを送ってください。")


def _client_limit(kind: str, client: str | None, limit: int, now: dt.datetime) -> tuple[str, str]:
    """The client's counter of ``kind`` this hour; Throttled once it is at ``limit``."""
    pk = f"RATE#{kind}#{keyed_hash.client_address(client or 'unknown')}"
    window = now.strftime("%Y%m%d%H")
    if store.counter(pk, window) >= limit:
        hour_end = now.replace(minute=0, second=0, microsecond=0) + dt.timedelta(hours=1)
        raise Throttled("too_many_attempts", "サインインの試行が多すぎます。しばらく時間をおいてから、もう一度お試しください。",
                        max(1, int((hour_end - now).total_seconds())))
    return pk, window


def request_code(email_text: str, client: str | None = None) -> None:
    """Send a sign-in code if the address is an orderer's staff address; nothing otherwise."""
    now = clock.now()
    counted = _client_limit("signin-request", client, config.sign_in_limits()[0], now)
    store.add_to_counter(*counted, now + dt.timedelta(hours=2))
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
    if not store.put_sign_in_code(address, store.SignInCode(keyed_hash.sign_in_code(email, code), now + staff.CODE_TTL,
                                                            0, sent, window_start),
                                  keep_until=window_start + staff.CODE_WINDOW, replaces=previous):
        return  # a parallel request sent one: that one counts
    message = mail.sign_in_code(email, orderer.name, code, staff.CODE_TTL, now)
    mail.transport().send(mail.new_mail_id(), email, message.as_bytes())


def sign_in(email_text: str, code: str, client: str | None = None) -> tuple[str, Session]:
    """The session token (for the cookie only) and the session, for a live code."""
    now = clock.now()
    counted = _client_limit("signin-wrong", client, config.sign_in_limits()[1], now)
    try:
        return _sign_in(email_text, code, now)
    except Invalid:
        store.add_to_counter(*counted, now + dt.timedelta(hours=2))
        raise


def _sign_in(email_text: str, code: str, now: dt.datetime) -> tuple[str, Session]:
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
    session = Session(Staff(record["email"], record["orderer_id"]), record["created_at"], record["last_seen"],
                      record.get("receipt_entries"))
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


def remember_receipt_entries(token: str | None, department: str, name: str) -> None:
    """Keep the 担当部署 and 氏名 of a receipt with the session that recorded it, for its next one."""
    if token:
        store.remember_receipt_entries(keyed_hash.session_token(token), department, name)


def session_view(session: Session) -> dict:
    return {"staff": session.staff.public(), "expires_at": iso_utc(session.ends_at()),
            "receipt_entries": session.entries_view()}
