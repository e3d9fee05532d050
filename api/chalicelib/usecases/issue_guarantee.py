"""Issuing a guarantee (発行): validate, create the key, store everything in one
transaction, answer idempotently (common/idempotency.py), send the completion e-mail.
"""
from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Any, cast

from ..domain import authkey, events
from ..domain.authkey import ALPHABET
from ..domain.errors import Conflict, Invalid, invalid
from ..domain.formatting import today_in_japan
from ..domain.guarantee import Terms, Version
from ..domain.orderers import Orderer, PublicBody
from ..domain.terms_rules import parse_issuance
from ..domain.sureties import Caller
from .common import idempotency, orderers
from .common.certificates import certificate
from .common.dependencies import get as deps
from .common.versions import (
    Issued,
    finish,
    issued_reply,
    new_version_key,
    raced_reply,
    signed_record,
    unprintable,
)
from .ports.records import ConditionFailed, NewGuarantee


@dataclass(frozen=True)
class IssuanceRequest:
    terms: Terms
    completion_notice_email: str | None  # 電子保証発行完了のお知らせ: 希望する + address


def parse_request(body: dict[str, Any], today: dt.date, listed: PublicBody | None,
                  orderer: Orderer | None, issuer_type: str) -> IssuanceRequest:
    """A schema-checked issuance body (edge/request_check.py) read on ``today`` (JST), for the
    orderer as the registry has it (``listed``: its body, ``orderer``: its enrolment), from an
    issuer of ``issuer_type``."""
    terms = parse_issuance(body, today, listed, orderer, issuer_type)
    problems = unprintable(terms)
    if problems:
        raise Invalid(problems)
    return IssuanceRequest(terms, body.get("completion_notice_email") or None)


def new_guarantee_id() -> str:
    return "g" + "".join(secrets.choice(ALPHABET) for _ in range(25))


def issue(caller: Caller, idempotency_key: str | None, body: object) -> Issued:
    key = idempotency.check_key(idempotency_key)
    request_fingerprint = idempotency.fingerprint("issue", body)
    kept = idempotency.previous(caller.surety.id, key, request_fingerprint)
    if kept is not None:
        return Issued(issued_reply(kept), replayed=True)

    d = deps()
    now = d.clock.now()
    fields = cast(dict[str, Any], body)  # checked against the operation's schema (edge/request_check.py)
    # Read now, not cached: an enrolment the operator changed is honoured by the next request.
    listed = orderers.body(fields["orderer_id"])
    request = parse_request(fields, today_in_japan(now), listed, orderers.find(listed.id) if listed else None,
                            caller.surety.issuer_type)
    terms = request.terms
    branch = fields.get("surety_branch")
    if branch and branch not in caller.surety.branches:
        raise invalid("unknown_surety_branch",
                      f"取扱支店「{branch}」は登録されていません。登録済みの支店の ID を指定してください。", "surety_branch")
    version = Version(
        guarantee_id=new_guarantee_id(), version=1,
        surety_id=caller.surety.id, surety_name=caller.surety.name,
        terms=terms, issued_at=now.replace(microsecond=0), surety_contact=caller.surety.contact_for(branch),
        surety_profile=caller.surety.profile(branch),
    )
    # Before the guarantee: the operator's check against stranding issued guarantees (moving
    # accepts_from later, dropping a kind) reads these marks, so one must never be missing.
    d.store.registry.note_issuance(terms.orderer_id, terms.kind, cast(dt.date, terms.contract_date))
    auth_key, outbox_mail = new_version_key(version, request.completion_notice_email, now)
    record = signed_record(version)
    kept = {"guarantee": certificate(version, today_in_japan(now)), "auth_key": authkey.display(auth_key),
            "version": 1, "version_record": record}
    try:
        d.store.guarantees.create(
            NewGuarantee(
                guarantee_id=version.guarantee_id, surety_id=caller.surety.id,
                contract_number=terms.contract_number, orderer_id=terms.orderer_id,
                corporate_number=terms.contractor.corporate_number,
                issued_at=record["issued_at"], version_record=record,
                key_hash=d.hashes.auth_key(auth_key),
                event=events.issued(now, 1, caller.actor()),
                contractor_email=request.completion_notice_email, history_entry=version.history_entry(),
            ),
            idempotency.record(caller.surety.id, key, request_fingerprint, kept, version.guarantee_id, now),
            outbox_mail,
        )
    except ConditionFailed as e:
        raced = raced_reply(e, caller, key, request_fingerprint)
        if raced is not None:
            return raced
        if e.what == "contract_number":
            raise Conflict("contract_number_taken",
                           f"保証契約番号 {terms.contract_number} の電子保証は既に発行されています。",
                           "contract_number") from e
        raise Conflict("conflict", "同時に行われた別の処理と競合しました。再度お試しください。") from e
    return Issued(finish(version, auth_key, outbox_mail, now), replayed=False)
