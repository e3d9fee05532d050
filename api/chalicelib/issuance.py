"""Issuing a guarantee (発行): validate, create the key, store everything in one
transaction, and answer idempotently.

Idempotency (Stripe-style): the first successful response is kept for 24 hours, sealed
because it contains the 認証キー; a retry with the same Idempotency-Key and the same
body gets that response again; the same key with another body is a 409. Rejected
requests (4xx) are not kept, so a surety can correct a request and retry with its key.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import secrets
from dataclasses import dataclass

from . import authkey, clock, events, keyed_hash, mail, notices, sealing, store
from .authkey import ALPHABET
from .errors import PortalError, conflict
from .guarantee import ISSUANCE_FIELDS, Terms, Version, read_terms, today_in_japan
from .sureties import Caller
from .validation import Reader, label

IDEMPOTENCY_TTL = dt.timedelta(hours=24)
_IDEMPOTENCY_KEY = re.compile(r"[\x21-\x7e]{8,255}")


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


def parse_request(body: object, today) -> IssuanceRequest:
    r = Reader()
    top = r.object(body, "", "", REQUEST_FIELDS)
    if top is None:
        r.raise_if_failed()
    terms = read_terms(r, top, today)
    email = r.email(top, "completion_notice_email", "completion_notice_email")
    if terms is not None:
        # Refuse what the notice cannot print: a name must never be dropped or boxed.
        for path, text in terms.texts().items():
            missing = _unprintable(text)
            if missing:
                r.fail(path, "unprintable_character",
                       f"{label(path)}に、お知らせ（PDF）に印字できない文字（{'、'.join(missing[:5])}）が含まれています。"
                       "代わりの文字（常用の字体など）で指定してください。")
    r.raise_if_failed()
    return IssuanceRequest(terms, email)


def new_guarantee_id() -> str:
    return "g" + "".join(secrets.choice(ALPHABET) for _ in range(25))


def fingerprint(body: object) -> str:
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _check_idempotency_key(key: str | None) -> str:
    if key is None or key == "":
        raise PortalError("missing_idempotency_key",
                          "Idempotency-Key ヘッダーを指定してください（再送時に二重発行を防ぐため）。", 400,
                          "Idempotency-Key")
    if not _IDEMPOTENCY_KEY.fullmatch(key):
        raise PortalError("invalid_idempotency_key",
                          "Idempotency-Key は半角英数記号8〜255文字で指定してください（UUID を推奨します）。", 400,
                          "Idempotency-Key")
    return key


def _replay(previous: store.IdempotentResult, request_fingerprint: str) -> Issued:
    if not keyed_hash.equal(previous.fingerprint, request_fingerprint):
        raise conflict("idempotency_key_reused",
                       "この Idempotency-Key は別の内容のリクエストで使用済みです。新しいキーを指定してください。",
                       "Idempotency-Key")
    context = store.idempotency_pk(previous.surety_id, previous.key)
    body = json.loads(sealing.unseal(previous.sealed_body, context))
    # The notice is not kept (it holds the key in print): render the same document again.
    version = Version.from_record(body.pop("version_record"))
    body["notice"] = notices.attachment(version, authkey.parse(body["auth_key"]))
    return Issued(body, replayed=True)


def issue(caller: Caller, idempotency_key: str | None, body: object) -> Issued:
    key = _check_idempotency_key(idempotency_key)
    request_fingerprint = fingerprint(body)
    previous = store.get_idempotent_result(caller.surety.id, key)
    if previous is not None:
        return _replay(previous, request_fingerprint)

    now = clock.now()
    today = today_in_japan(now)
    request = parse_request(body, today)
    terms = request.terms
    version = Version(
        guarantee_id=new_guarantee_id(), version=1,
        surety_id=caller.surety.id, surety_name=caller.surety.name,
        terms=terms, issued_at=now.replace(microsecond=0), surety_contact=caller.surety.contact,
    )
    auth_key = authkey.generate()
    certificate = version.certificate(today)
    record = version.as_record()
    response = {"guarantee": certificate, "auth_key": authkey.display(auth_key)}
    # Sealed for replay: what is needed to answer the same again (the notice is re-rendered).
    sealed = {**response, "version_record": record}
    context = store.idempotency_pk(caller.surety.id, key)
    outbox = None
    if request.completion_notice_email:
        message = mail.completion_notice(request.completion_notice_email, certificate, caller.surety.contact, now)
        outbox = store.OutboxMail(mail.new_mail_id(), request.completion_notice_email, message.as_bytes())
    try:
        store.create_guarantee(
            store.NewGuarantee(
                guarantee_id=version.guarantee_id, surety_id=caller.surety.id,
                contract_number=terms.contract_number, orderer_id=terms.orderer_id,
                corporate_number=terms.contractor.corporate_number,
                issued_at=record["issued_at"], version_record=record,
                key_hash=keyed_hash.auth_key(auth_key),
                event=events.issued(now, 1, caller.actor()),
            ),
            store.IdempotentResult(
                surety_id=caller.surety.id, key=key, fingerprint=request_fingerprint, status_code=201,
                sealed_body=sealing.seal(json.dumps(sealed, ensure_ascii=False).encode("utf-8"), context),
                guarantee_id=version.guarantee_id, expires_at=now + IDEMPOTENCY_TTL,
            ),
            outbox,
        )
    except store.Conflict as e:
        if e.what in ("idempotency", "transaction"):
            # A concurrent request with the same key won the race: answer as its retry.
            winner = store.get_idempotent_result(caller.surety.id, key)
            if winner is not None:
                return _replay(winner, request_fingerprint)
        if e.what == "contract_number":
            raise conflict("contract_number_taken",
                           f"保証契約番号 {terms.contract_number} の電子保証は既に発行されています。",
                           "contract_number") from e
        raise conflict("conflict", "同時に行われた別の処理と競合しました。再度お試しください。") from e
    if outbox is not None:
        mail.deliver(outbox.mail_id, now)  # best effort: the sweep retries what fails
    response["notice"] = notices.attachment(version, auth_key)
    return Issued(response, replayed=False)
