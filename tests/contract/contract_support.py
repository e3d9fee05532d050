"""What the contract tests build their writes from: ids of their own, a settable clock, and
the records the use cases would hand a store (made with the domain's own types)."""
from __future__ import annotations

import datetime as dt
import functools
import itertools
import uuid


from chalicelib.domain.formatting import iso_utc, iso_utc_precise
from chalicelib.domain.guarantee import Version
from chalicelib.domain.terms_rules import parse_terms
from chalicelib.usecases.ports.records import IdempotentResult, NewGuarantee, NewVersion, OutboxMail

# The DynamoDB side runs once the adapter is there (it is skipped only while it is missing).

UTC = dt.timezone.utc
START = dt.datetime(2026, 12, 1, 1, 0, 0, tzinfo=UTC)


def uid(prefix: str = "") -> str:
    """An id no other test uses: one DynamoDB Local table serves the whole session."""
    return f"{prefix}{uuid.uuid4().hex[:16]}"


class Clock:
    """The product's clock as both stores read it: each reading 1 ms later than the last,
    so writes made one after the other are written at times one after the other."""

    def __init__(self) -> None:
        self.reset()

    def reset(self, at: dt.datetime = START) -> None:
        self._at = at

    def set(self, at: dt.datetime) -> None:
        self._at = at

    def now(self) -> dt.datetime:
        at = self._at
        self._at = at + dt.timedelta(milliseconds=1)
        return at

    def peek(self) -> dt.datetime:
        return self._at


@functools.cache
def _terms():
    body = {
        "kind": "advance_payment", "contract_number": "R08-0001", "orderer_id": "202177", "amount": 22_000_000,
        "guarantee_period": {"start": "2026-12-01", "end": "2027-09-07"},
        "project": {"name": "市道岩村田1号線道路改良工事", "location": "長野県佐久市岩村田地内",
                    "contract_price": 55_000_000, "period": {"start": "2026-12-01", "end": "2027-08-08"}},
        "contractor": {"name": "浅間建設株式会社", "address": "長野県佐久市中込1丁目1番1号",
                       "representative": "代表取締役 佐久 太郎"},
        "contract_date": "2026-12-01",
        "advance": {"amount": 22_000_000, "redeposit": False,
                    "deposit_bank": {"bank_name": "八十二銀行", "branch_name": "佐久支店",
                                     "bank_code": "0143", "branch_code": "301"}},
    }
    return parse_terms(body, dt.date(2026, 12, 1))


def version_record(guarantee_id: str, surety_id: str, number: str, version: int = 1, end: str = "2027-09-07",
                   amount: int = 22_000_000, issued_at: dt.datetime = START, jws: str | None = "sig") -> dict:
    """Version.as_record() with the platform's signature, as issuance stores it."""
    record = Version(guarantee_id, version, surety_id, "テスト保証株式会社", _terms(), issued_at).as_record()
    record["terms"].update(contract_number=number, amount=amount)
    record["terms"]["guarantee_period"]["end"] = end
    if version > 1:
        record["amendment"] = {"reason": "increase", "effective_date": "2026-12-01", "note": None,
                               "changes": [{"field": "amount"}]}
    if jws is not None:
        record["jws"] = jws
    return record


_moments = itertools.count(1)


def event(kind: str, at: dt.datetime | None = None, **more) -> dict:
    """An event as the domain makes it; without ``at``, each one a second after the last made."""
    at = at or START + dt.timedelta(seconds=next(_moments))
    return {"type": kind, "at": iso_utc_precise(at), **more}


def history(version: int) -> dict:
    return {"version": version, "kind": "issued" if version == 1 else "amended", "label": f"v{version}",
            "date": "2026-12-01", "reason": None, "reason_label": None, "changes": []}


def result(surety_id: str, key: str, guarantee_id: str, expires_at: dt.datetime = START + dt.timedelta(days=1),
           body: bytes = b"sealed", fingerprint: str = "fp") -> IdempotentResult:
    return IdempotentResult(surety_id, key, fingerprint, 201, body, guarantee_id, expires_at)


def mail(to: str = "clerk@example.jp") -> OutboxMail:
    return OutboxMail(uid("m"), to, b"From: portal\r\n\r\nbody")


def new_guarantee(surety_id: str, *, guarantee_id: str | None = None, number: str | None = None,
                  orderer_id: str = "202177", corporate_number: str | None = None,
                  issued_at: dt.datetime = START, end: str = "2027-09-07", key_hash: str | None = None,
                  contractor_email: str | None = None) -> NewGuarantee:
    guarantee_id = guarantee_id or uid("g")
    number = number or uid("N-")
    return NewGuarantee(
        guarantee_id=guarantee_id, surety_id=surety_id, contract_number=number, orderer_id=orderer_id,
        corporate_number=corporate_number, issued_at=iso_utc(issued_at),
        version_record=version_record(guarantee_id, surety_id, number, 1, end, issued_at=issued_at),
        key_hash=key_hash or uid("k"), event=event("issued", version=1), history_entry=history(1),
        contractor_email=contractor_email)


def new_version(issued: NewGuarantee, base_version: int = 1, *, key_hash: str | None = None,
                end: str = "2027-09-07", corporate_number: str | None = None, contractor_email: str | None = None,
                at: dt.datetime = START + dt.timedelta(hours=1)) -> NewVersion:
    number = base_version + 1
    return NewVersion(
        guarantee_id=issued.guarantee_id, contract_number=issued.contract_number, base_version=base_version,
        version_record=version_record(issued.guarantee_id, issued.surety_id, issued.contract_number, number, end,
                                      amount=22_000_000 + number),
        key_hash=key_hash or uid("k"), event=event("amended", version=number), history_entry=history(number),
        contractor_email=contractor_email, surety_id=issued.surety_id, corporate_number=corporate_number,
        created_at=iso_utc(at))


def issue(store, surety_id: str | None = None, **kwargs) -> NewGuarantee:
    """A guarantee issued through the port, as the issuance use case writes it."""
    new = new_guarantee(surety_id or uid("s"), **kwargs)
    store.guarantees.create(new, result(new.surety_id, uid("idem"), new.guarantee_id))
    return new


# ---- the registry, the audit chain ----------------------------------------------------------

def entry(store, action: str = "surety.change", target: str = "tests", details: dict | None = None,
          head=None, at: dt.datetime = START):
    """The audit entry after the store's head (or after ``head``), as the use cases make it."""
    from chalicelib.domain import audit
    return audit.next_entry(store.audit.head() if head is None else head, at, audit.setup_actor("tests"),
                            action, target, details or {})


def body(body_id: str | None = None, name: str = "テスト市", **more):
    from chalicelib.domain.orderers import PublicBody
    return PublicBody(body_id or uid("b-"), name, "てすとし", "長野県", "municipality", source="tests", **more)


def enrolment(orderer_id: str, revision: int = 1, domains: tuple[str, ...] = (), scope: str = "テストの範囲", **more):
    from chalicelib.domain.orderers import Enrolment
    return Enrolment(orderer_id, dt.date(2024, 7, 1), ("advance_payment", "contract"), scope,
                     staff_email_domains=domains, departments=("建設課",), revision=revision,
                     changed_at=START, changed_by={"kind": "setup", "id": "tests"}, **more)


def enrolment_write(e, base: int | None = None, claim: tuple[str, ...] = (), release: tuple[str, ...] = ()):
    from chalicelib.usecases.ports.records import EnrolmentWrite
    change = {"revision": e.revision, "at": iso_utc(START), "actor": {"kind": "setup", "id": "tests"},
              "action": "orderer.enrol" if base is None else "orderer.change", "changes": {"kinds": [None, list(e.kinds)]}}
    return EnrolmentWrite(e, base, change, claim, release)


def domain() -> str:
    return f"{uid()}.example.lg.jp"
