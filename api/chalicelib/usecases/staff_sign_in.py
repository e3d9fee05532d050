"""Orderer staff sign in without a password: a one-time code to their work address, then a
session kept on the server (domain/staff.py has the rules).

Asking for a code answers the same whatever the address: nobody learns who works where.
Who employs an address is read from the registry on every request (the orderer holding its
domain, usecases/common/orderers.employing): a domain the operator moves or removes is
honoured by the next request, and a session whose address its orderer no longer employs ends.
"""
from __future__ import annotations

import datetime as dt
import hmac
import logging
import secrets

from ..domain import mail_messages, retention, staff
from ..domain.errors import Throttled, Unauthenticated, invalid
from ..domain.formatting import iso_utc
from ..domain.orderers import Orderer
from ..domain.staff import Session, Staff
from .common import orderers, staff_activity
from .common.dependencies import get as deps
from .ports.counters import CounterKey

log = logging.getLogger("portal.staff")

# Re-reading a session is free; writing its last use on every call is not: once a minute
# is precise enough for a 30-minute idle limit.
_TOUCH_EVERY = dt.timedelta(minutes=1)
CODE_SENT_MESSAGE = mail_messages.SIGN_IN_CODE_SENT
INVALID_CODE_MESSAGE = mail_messages.SIGN_IN_CODE_INVALID
THROTTLED_MESSAGE = "サインインの試行が多すぎます。しばらく時間をおいてから、もう一度お試しください。"


def _counter(kind: str, *parts: str) -> str:
    return "#".join((kind, *parts))


def _take(limited: list[tuple[str, int]], now: dt.datetime) -> list[CounterKey]:
    """Count one against each (counter, limit) of this hour in one conditional write, before
    anything is checked: Throttled (nothing counted) once any is at its limit, so a parallel
    burst passes exactly the limit. Returns the counters taken from."""
    window = now.strftime("%Y%m%d%H")
    if not deps().store.counters.take([(pk, window, limit) for pk, limit in limited], now + retention.WRONG_KEY_COUNTER):
        hour_end = now.replace(minute=0, second=0, microsecond=0) + dt.timedelta(hours=1)
        raise Throttled("too_many_attempts", THROTTLED_MESSAGE, max(1, int((hour_end - now).total_seconds())))
    return [(pk, window) for pk, _ in limited]


def request_code(email_text: str, client: str | None = None) -> None:
    """Send a sign-in code if the address is an orderer's staff address; nothing otherwise."""
    d = deps()
    now = d.clock.now()
    client_hash = d.hashes.client_address(client or "unknown")
    _take([(_counter("signin-request", client_hash), d.settings.sign_in_limits[0])], now)
    email = staff.account(email_text)
    orderer = orderers.employing(email) if email else None
    if email is None or orderer is None:
        return
    address = d.hashes.staff_address(email)
    _mail_new_code(email, orderer, address, d.store.staff.get_code(address), now)


def _mail_new_code(email: str, orderer: Orderer, address: str, previous: staff.SignInCode | None,
                   now: dt.datetime, replacing_spent: bool = False) -> bool:
    """A new code replacing ``previous``, mailed to the address — when domain/staff.py's rules
    allow one now (past them, the code already mailed is the one that works). True if mailed."""
    counted = staff.next_code(previous, now, replacing_spent)
    if counted is None:
        return False
    window_start, sent = counted
    d = deps()
    code = "".join(secrets.choice("0123456789") for _ in range(staff.CODE_DIGITS))
    expires = now + staff.CODE_TTL
    if not d.store.staff.put_code(address, staff.SignInCode(d.hashes.sign_in_code(email, code), expires, 0, sent,
                                                            window_start),
                                  max(window_start + staff.CODE_WINDOW, expires), previous):
        return False  # a parallel request sent one: that one counts
    message = d.mail.compose(email, mail_messages.sign_in_code(orderer.written_name, code, staff.CODE_TTL,
                                                               replaces_guessed=replacing_spent), now)
    d.transport.send(d.mail.new_mail_id(), email, message.as_bytes())
    return True


def sign_in(email_text: str, code: str, client: str | None = None) -> tuple[str, Session]:
    """The session token (for the cookie only) and the session, for a live code.

    Wrong codes are limited per client and per client and address, counted before the code is
    checked (a client past a limit has none of its codes checked, the right one included: the
    check is what a guesser wants, and a limit that still answered "right" would bound nothing);
    a right code gives its count back. Nothing any client does here stops another client's
    right code: the address's own budget only replaces its code, with a mail to its owner."""
    d = deps()
    now = d.clock.now()
    client_hash = d.hashes.client_address(client or "unknown")
    account = staff.account(email_text) or email_text.strip().lower()
    taken = _take([(_counter("signin-wrong", client_hash), d.settings.sign_in_limits[1]),
                   (_counter("signin-wrong-address", client_hash, d.hashes.staff_address(account)),
                    staff.MAX_WRONG_CODES_PER_CLIENT_AND_ADDRESS)], now)
    signed_in = _sign_in(email_text, code, now)
    d.store.counters.give_back(taken)
    return signed_in


def _sign_in(email_text: str, code: str, now: dt.datetime) -> tuple[str, Session]:
    email = staff.account(email_text)
    orderer = orderers.employing(email) if email else None
    wrong = invalid("invalid_code", INVALID_CODE_MESSAGE, "code")
    if email is None or orderer is None:
        raise wrong
    d = deps()
    address = d.hashes.staff_address(email)
    live = d.store.staff.get_code(address)
    if live is None or not live.usable(now):
        raise wrong
    presented = d.hashes.sign_in_code(email, code)
    if not hmac.compare_digest(presented.encode(), live.code_hash.encode()):
        _count_wrong_code(email, orderer, address, live, now)
        raise wrong
    if not d.store.staff.use_code(address, presented, staff.CODE_GUESS_BUDGET, now):
        raise wrong  # spent by a parallel request, or replaced meanwhile
    token = secrets.token_urlsafe(32)
    session = Session(Staff(email, orderer.id), now, now)
    d.store.staff.put_session(d.hashes.session_token(token), email, orderer.id, now, session.ends_at())
    staff_activity.note(orderer.id, email, "signed_in", now)  # orderer-admin: for the administrator's list
    return token, session


def _count_wrong_code(email: str, orderer: Orderer, address: str, live: staff.SignInCode,
                      now: dt.datetime) -> None:
    """The address's wrong codes from everyone: a signal, and past the code's budget a fresh
    code for its owner — never a lock."""
    count = deps().store.staff.count_wrong_code(address, live.code_hash, staff.CODE_GUESS_BUDGET)
    if count == staff.GUESSING_SIGNAL:
        log.warning("lockout signal: %d wrong sign-in codes for one staff address (%s) from all clients; "
                    "not a lock", count, address[:16])
    if count == staff.CODE_GUESS_BUDGET:
        spent = staff.SignInCode(live.code_hash, live.code_expires, count, live.sent, live.window_start)
        replaced = _mail_new_code(email, orderer, address, spent, now, replacing_spent=True)
        log.warning("lockout signal: the sign-in code of one staff address (%s) took %d wrong codes; %s (not a lock)",
                    address[:16], count, "replaced by a new code mailed to its owner" if replaced
                    else "void until it expires: this hour's codes reached the ceiling")


def current(token: str | None) -> Session | None:
    """The live session a cookie names, or None (absent, unknown, ended)."""
    if not token:
        return None
    d = deps()
    now = d.clock.now()
    token_hash = d.hashes.session_token(token)
    record = d.store.staff.get_session(token_hash)
    if record is None:
        return None
    session = Session(Staff(record.email, record.orderer_id), record.created_at, record.last_seen,
                      record.receipt_entries)
    employer = orderers.employing(record.email)
    if session.expired(now) or employer is None or employer.id != record.orderer_id:
        d.store.staff.delete_session(token_hash)
        return None
    if now - session.last_seen >= _TOUCH_EVERY:
        d.store.staff.touch_session(token_hash, now)
    return session


def sign_out(token: str | None) -> None:
    if token:
        deps().store.staff.delete_session(deps().hashes.session_token(token))


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
        deps().store.staff.remember_receipt_entries(deps().hashes.session_token(token), department, name)


def session_view(session: Session) -> dict[str, object]:
    orderer = orderers.find(session.staff.orderer_id)  # its name and departments as they are now
    return {"staff": session.staff.public(orderer), "expires_at": iso_utc(session.ends_at()),
            "receipt_entries": session.entries_view(orderer.departments if orderer else ()),
            "administrator": orderer is not None and orderer.administered_by(session.staff.email)}
