"""Issuing a guarantee (発行): validate, create the key, store everything in one
transaction, answer idempotently (see idempotency.py), send the completion e-mail.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass

from . import authkey, clock, events, idempotency, keyed_hash, mail, notices, signing, store
from .authkey import ALPHABET
from .errors import conflict
from .guarantee import ISSUANCE_FIELDS, Terms, Version, read_terms, today_in_japan
from .sureties import Caller
from .validation import Reader, label

REQUEST_FIELDS = ISSUANCE_FIELDS | {"completion_notice_email"}


@dataclass(frozen=True)
class Issued:
    body: dict
    replayed: bool


@dataclass(frozen=True)
class IssuanceRequest:
    terms: Terms
    completion_notice_email: str | None  # 電子保証発行完了のお知らせ: 希望する + address


def _unprintable(text: str) -> list[str]:
    from . import notice  # the fonts decide what a notice can print
    return notice.unprintable(text)


def check_printable(r: Reader, terms: Terms) -> None:
    """Refuse what the notice cannot print: a name must never be dropped or boxed."""
    for path, text in terms.texts().items():
        missing = _unprintable(text)
        if missing:
            r.fail(path, "unprintable_character",
                   f"{label(path)}に、お知らせ（PDF）に印字できない文字（{'、'.join(missing[:5])}）が含まれています。"
                   "代わりの文字（常用の字体など）で指定してください。")


def parse_request(body: object, today) -> IssuanceRequest:
    r = Reader()
    top = r.object(body, "", "", REQUEST_FIELDS)
    if top is None:
        r.raise_if_failed()
    terms = read_terms(r, top, today)
    email = r.email(top, "completion_notice_email", "completion_notice_email")
    if terms is not None:
        check_printable(r, terms)
    r.raise_if_failed()
    return IssuanceRequest(terms, email)


def read_request(body: object) -> IssuanceRequest:
    """parse_request as of today in Japan (pure: nothing is read from the store)."""
    return parse_request(body, today_in_japan(clock.now()))


def new_guarantee_id() -> str:
    return "g" + "".join(secrets.choice(ALPHABET) for _ in range(25))


def signed_record(version: Version) -> dict:
    """The version's record to store, with the platform's signature over the certificate as issued."""
    record = version.as_record()
    certificate = version.certificate(version.issue_date)
    record["jws"] = signing.sign(signing.signed_document(certificate, record["issued_at"]))
    return record


def issued_reply(kept: dict) -> dict:
    """A kept issuance (or amendment) reply, as sent: the notice is not kept (it holds the key
    in print), so it is rendered again, identically, from the version."""
    body = dict(kept)
    version = Version.from_record(body.pop("version_record"))
    body["notice"] = notices.attachment(version, authkey.parse(body["auth_key"]))
    return body


def raced_reply(conflict_: store.Conflict, caller: Caller, key: str, request_fingerprint: str) -> Issued | None:
    """After a failed write: if a concurrent request with the same Idempotency-Key won the
    race, its kept reply (this request's answer as a retry); otherwise None."""
    if conflict_.what in ("idempotency", "transaction"):
        winner = idempotency.previous(caller.surety.id, key, request_fingerprint)
        if winner is not None:
            return Issued(issued_reply(winner), replayed=True)
    return None


def new_version_key(version: Version, notify_email: str | None, now):
    """The new 認証キー of a version, and the completion e-mail if one was asked for."""
    auth_key = authkey.generate()
    outbox = None
    if notify_email:
        message = mail.completion_notice(notify_email, version.certificate(today_in_japan(now)),
                                         version.surety_contact, now)
        outbox = store.OutboxMail(mail.new_mail_id(), notify_email, message.as_bytes())
    return auth_key, outbox


def finish(version: Version, auth_key: str, outbox: store.OutboxMail | None, now) -> dict:
    """After the commit: send the e-mail (best effort) and attach the notice."""
    if outbox is not None:
        mail.deliver(outbox.mail_id, now)  # best effort: the sweep retries what fails
    return {"guarantee": version.certificate(today_in_japan(now)), "auth_key": authkey.display(auth_key),
            "version": version.version, "notice": notices.attachment(version, auth_key)}


def issue(caller: Caller, idempotency_key: str | None, body: object) -> Issued:
    key = idempotency.check_key(idempotency_key)
    request_fingerprint = idempotency.fingerprint("issue", body)
    kept = idempotency.previous(caller.surety.id, key, request_fingerprint)
    if kept is not None:
        return Issued(issued_reply(kept), replayed=True)

    now = clock.now()
    request = parse_request(body, today_in_japan(now))
    terms = request.terms
    version = Version(
        guarantee_id=new_guarantee_id(), version=1,
        surety_id=caller.surety.id, surety_name=caller.surety.name,
        terms=terms, issued_at=now.replace(microsecond=0), surety_contact=caller.surety.contact,
    )
    auth_key, outbox = new_version_key(version, request.completion_notice_email, now)
    record = signed_record(version)
    kept = {"guarantee": version.certificate(today_in_japan(now)), "auth_key": authkey.display(auth_key),
            "version": 1, "version_record": record}
    try:
        store.create_guarantee(
            store.NewGuarantee(
                guarantee_id=version.guarantee_id, surety_id=caller.surety.id,
                contract_number=terms.contract_number, orderer_id=terms.orderer_id,
                corporate_number=terms.contractor.corporate_number,
                issued_at=record["issued_at"], version_record=record,
                key_hash=keyed_hash.auth_key(auth_key),
                event=events.issued(now, 1, caller.actor()),
                contractor_email=request.completion_notice_email, history_entry=version.history_entry(),
            ),
            idempotency.record(caller.surety.id, key, request_fingerprint, kept, version.guarantee_id, now),
            outbox,
        )
    except store.Conflict as e:
        raced = raced_reply(e, caller, key, request_fingerprint)
        if raced is not None:
            return raced
        if e.what == "contract_number":
            raise conflict("contract_number_taken",
                           f"保証契約番号 {terms.contract_number} の電子保証は既に発行されています。",
                           "contract_number") from e
        raise conflict("conflict", "同時に行われた別の処理と競合しました。再度お試しください。") from e
    return Issued(finish(version, auth_key, outbox, now), replayed=False)
