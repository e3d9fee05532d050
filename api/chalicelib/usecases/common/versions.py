"""What issuing and amending share: each publishes a new version of a guarantee with its
own 認証キー, signed certificate, notice and optional completion e-mail, and answers
idempotently."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ...domain import authkey, links, mail_messages
from ...domain.errors import Problem
from ...domain.formatting import today_in_japan
from ...domain.guarantee import Terms, Version
from ...domain.signed_documents import signed_document
from ...domain.sureties import Caller
from ...domain.validation import label
from ..ports.records import ConditionFailed, OutboxMail
from . import idempotency, notice_documents, orderers, outbox
from .certificates import certificate
from .dependencies import get as deps


@dataclass(frozen=True)
class Issued:
    body: dict[str, Any]
    replayed: bool


def unprintable(terms: Terms) -> list[Problem]:
    """What the notice cannot print: a name must never be dropped or boxed."""
    problems = []
    documents = deps().documents  # the fonts decide what a notice can print
    for path, text in terms.texts().items():
        missing = documents.unprintable(text)
        if missing:
            problems.append(Problem(
                "unprintable_character",
                f"{label(path)}に、お知らせ（PDF）に印字できない文字（{'、'.join(missing[:5])}）が含まれています。"
                "代わりの文字（常用の字体など）で指定してください。", path))
    return problems


def signed_record(version: Version) -> dict[str, Any]:
    """The version's record to store, with the platform's signature over the certificate as issued."""
    record = version.as_record()
    # The orderer as named at issuance: what was signed stays as it was if the body is renamed.
    record["jws"] = deps().signatures.sign(signed_document(certificate(version, version.issue_date), record["issued_at"]))
    return record


def issued_reply(kept: dict[str, Any]) -> dict[str, Any]:
    """A kept issuance (or amendment) reply, as sent: the notice is not kept (it holds the key
    in print), so it is rendered again, identically, from the version."""
    body = dict(kept)
    version = Version.from_record(body.pop("version_record"))
    body["notice"] = notice_documents.attachment(version, authkey.parse(body["auth_key"]))
    return body


def raced_reply(conflict_: ConditionFailed, caller: Caller, key: str, request_fingerprint: str) -> Issued | None:
    """After a failed write: if a concurrent request with the same Idempotency-Key won the
    race, its kept reply (this request's answer as a retry); otherwise None."""
    if conflict_.what in ("idempotency", "transaction"):
        winner = idempotency.previous(caller.surety.id, key, request_fingerprint)
        if winner is not None:
            return Issued(issued_reply(winner), replayed=True)
    return None


def new_version_key(version: Version, notify_email: str | None, now: dt.datetime) -> tuple[str, OutboxMail | None]:
    """The new 認証キー of a version, and the completion e-mail if one was asked for."""
    auth_key = authkey.generate()
    outbox_mail = None
    if notify_email:
        mail = deps().mail
        message = mail.compose(notify_email, mail_messages.completion_notice(
            certificate(version, today_in_japan(now)), version.surety_contact, version.amendment,
            _submission_url(version)), now)
        outbox_mail = OutboxMail(mail.new_mail_id(), notify_email, message.as_bytes())
    return auth_key, outbox_mail


def _submission_url(version: Version) -> str | None:
    """The 電子提出 page, where the version's orderer takes submissions (the completion mail says so)."""
    orderer = orderers.find(version.terms.orderer_id)
    return links.submission_url(deps().settings.site_url) if orderer is not None and orderer.inbox.accepts else None


def finish(version: Version, auth_key: str, outbox_mail: OutboxMail | None, now: dt.datetime) -> dict[str, Any]:
    """After the commit: send the e-mail (best effort) and attach the notice."""
    if outbox_mail is not None:
        outbox.deliver(outbox_mail.mail_id, now)  # best effort: the sweep retries what fails
    return {"guarantee": certificate(version, today_in_japan(now)), "auth_key": authkey.display(auth_key),
            "version": version.version, "notice": notice_documents.attachment(version, auth_key)}
