"""電子提出: the contractor hands a guarantee to its orderer inside the portal, and the orderer's
staff work from an inbox (受付箱). Pure values and rules; stored by the Submissions port
(usecases/ports/submissions.py).

One submission per guarantee and orderer: submitting the same guarantee again is the same entry
(受付番号 unchanged). A newer version, or the same version after a 差戻し, reopens the entry
(pending again, with the new details); the same version while pending with other details corrects
it; the same details, or a received version, change nothing (resubmission). Holding the 認証キー is
the proof of a submission, as it is for a receipt: the key itself is never stored here (the guarantee's key item keeps its keyed hash, as always).

What the inbox shows as an entry's state joins two facts: what the orderer did with it (its own
``state``: pending / received / returned) and what became of the guarantee since (a newer version:
変更あり; cancelled: 解約). A receipt recorded on the verification page for the submitted version
makes the entry 受領済み too, and a receipt withdrawn makes it pending again (the receipt is one
fact, wherever it was recorded: own_state).
"""
from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field, replace
from typing import Any

from .formatting import JST

# The entry's own state: what the orderer did with it.
STATES = {"pending": "未確認", "received": "受領済み", "returned": "差戻し"}
# What the inbox filters on and shows: the entry's own state, or what became of the guarantee.
INBOX_STATES = {**STATES, "superseded": "変更あり", "cancelled": "解約"}

REFERENCE_MAX_LENGTH = 40      # the orderer's own 工事番号 or 契約番号, as the contractor types it
CONTACT_NAME_MAX_LENGTH = 40
PHONE_MAX_LENGTH = 20
RETURN_REASON_MAX_LENGTH = 400
RETURN_REASON_MAX_LINES = 10   # the reason alone may hold line breaks (the inbox's textarea keeps them)
MAX_DECISIONS = 50             # 受領 or 差戻し of many at once: per request
# Successful submissions per client per sliding hour (wrong keys are counted as on every key
# route: usecases/common/key_access.py). Each submission may send a mail to the contact address
# typed in it: this bounds what one client can send, whatever keys it holds.
SUBMISSIONS_PER_CLIENT_PER_HOUR = 30

# How a department hears of new submissions (the orderer's administrator chooses, per department).
MAIL_FREQUENCIES = {"each": "提出のたびに知らせる", "daily": "1日1回まとめて知らせる", "none": "知らせない"}
DEFAULT_MAIL_FREQUENCY = "none"
MAX_DEPARTMENT_ADDRESSES = 5
# The daily digest covers one JST day (00:00–24:00) and is sent the next morning by the mail sweep.

_ID_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base 32: no I, L, O, U


def new_submission_id(now: dt.datetime) -> str:
    """受付番号: the JST date and 8 random characters (40 bits), read out on the phone in groups
    (``261207-K7QM-3X9D``). Random, not counted: nothing about other submissions can be read from it."""
    day = now.astimezone(JST).strftime("%y%m%d")
    tail = "".join(secrets.choice(_ID_ALPHABET) for _ in range(8))
    return f"{day}-{tail[:4]}-{tail[4:]}"


def submission_id_valid(text: str) -> bool:
    if len(text) != 16 or text[6] != "-" or text[11] != "-":
        return False
    day, a, b = text[:6], text[7:11], text[12:]
    return day.isascii() and day.isdigit() and all(c in _ID_ALPHABET for c in a + b)


@dataclass(frozen=True)
class Contact:
    """Whom the orderer (and the portal's mails) reach about this submission, at the contractor."""
    name: str
    email: str
    phone: str | None = None

    def as_record(self) -> dict[str, Any]:
        record: dict[str, Any] = {"name": self.name, "email": self.email}
        if self.phone:
            record["phone"] = self.phone
        return record

    @classmethod
    def from_record(cls, d: dict[str, Any]) -> Contact:
        return cls(name=d["name"], email=d["email"], phone=d.get("phone") or None)


@dataclass(frozen=True)
class Decision:
    """受領 or 差戻し, by whom at the orderer (``staff``: the signed-in account; not shown to the contractor)."""
    action: str                   # "received" | "returned"
    at: str                       # iso_utc
    department: str
    name: str
    staff: str
    reason: str | None = None     # 差戻し only

    def as_record(self) -> dict[str, Any]:
        record: dict[str, Any] = {"action": self.action, "at": self.at, "department": self.department,
                                  "name": self.name, "staff": self.staff}
        if self.reason:
            record["reason"] = self.reason
        return record

    @classmethod
    def from_record(cls, d: dict[str, Any]) -> Decision:
        return cls(action=d["action"], at=d["at"], department=d["department"], name=d["name"],
                   staff=d["staff"], reason=d.get("reason") or None)


@dataclass(frozen=True)
class Submission:
    """One entry of an orderer's inbox. What the guarantee said is copied at submission (the list
    needs no read of the guarantee); the entry opens the submitted version without a key."""
    submission_id: str
    orderer_id: str               # the guarantee's orderer_id (the inbox it is in)
    guarantee_id: str
    surety_id: str
    version: int                  # the version submitted (the latest at that moment)
    contract_number: str
    kind: str
    project_name: str
    contractor: str               # the contractor's name as the guarantee has it
    amount: int
    surety_name: str
    department: str               # the orderer's receiving department, as the contractor chose it
    reference: str | None         # the orderer's own 工事番号 or 契約番号, as the contractor typed it
    contact: Contact
    submitted_at: str             # iso_utc_precise: the moment the guarantee was handed over (sorts the inbox)
    first_submitted_at: str       # the first submission of this entry
    state: str = "pending"        # a key of STATES
    decision: Decision | None = None
    revision: int = 1             # every write adds one; a write expects the revision it read
    history: tuple[dict[str, Any], ...] = field(default=())  # [{"action", "at", "version"}] oldest first

    def as_record(self) -> dict[str, Any]:
        return {"submission_id": self.submission_id, "orderer_id": self.orderer_id,
                "guarantee_id": self.guarantee_id, "surety_id": self.surety_id, "version": self.version,
                "contract_number": self.contract_number, "kind": self.kind, "project_name": self.project_name,
                "contractor": self.contractor, "amount": self.amount, "surety_name": self.surety_name,
                "department": self.department, "reference": self.reference, "contact": self.contact.as_record(),
                "submitted_at": self.submitted_at, "first_submitted_at": self.first_submitted_at,
                "state": self.state, "decision": self.decision.as_record() if self.decision else None,
                "revision": self.revision, "history": [dict(h) for h in self.history]}

    @classmethod
    def from_record(cls, d: dict[str, Any]) -> Submission:
        return cls(submission_id=d["submission_id"], orderer_id=d["orderer_id"], guarantee_id=d["guarantee_id"],
                   surety_id=d["surety_id"], version=int(d["version"]), contract_number=d["contract_number"],
                   kind=d["kind"], project_name=d["project_name"], contractor=d["contractor"],
                   amount=int(d["amount"]), surety_name=d["surety_name"], department=d["department"],
                   reference=d.get("reference") or None, contact=Contact.from_record(d["contact"]),
                   submitted_at=d["submitted_at"], first_submitted_at=d.get("first_submitted_at") or d["submitted_at"],
                   state=d.get("state", "pending"),
                   decision=Decision.from_record(d["decision"]) if d.get("decision") else None,
                   revision=int(d.get("revision", 1)), history=tuple(dict(h) for h in d.get("history") or ()))

    def resubmitted(self, *, version: int, department: str, reference: str | None, contact: Contact,
                    at: str, copied: dict[str, Any]) -> Submission:
        """The entry reopened by a new submission (a newer version, or after a 差戻し): pending again.
        ``copied`` are the guarantee's values as of ``version`` (contract_number, kind, …)."""
        return replace(self, **copied, version=version, department=department, reference=reference,
                       contact=contact, submitted_at=at, state="pending", decision=None,
                       revision=self.revision + 1,
                       history=(*self.history, {"action": "submitted", "at": at, "version": version}))

    def decided(self, decision: Decision) -> Submission:
        return replace(self, state=decision.action, decision=decision, revision=self.revision + 1,
                       history=(*self.history, {"action": decision.action, "at": decision.at,
                                                "version": self.version}))


def reason_as_kept(text: str) -> str:
    """A 差戻し reason as stored and mailed: its line breaks LF (CRLF and CR as the browser or a
    client sends them), each line without trailing spaces."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip("\n")


def own_state(entry: Submission, received: bool) -> str:
    """The entry's own state joined with the one fact of a receipt (``received``: the guarantee holds a
    live receipt of the entry's version, wherever it was recorded). A receipt withdrawn on the 受領台帳
    leaves the entry "received" in the store: with no live receipt it counts as pending again (it can be
    received or returned, and a resubmission of that version reopens it)."""
    if received:
        return "received"
    return "pending" if entry.state == "received" else entry.state


def resubmission(entry: Submission, version: int, received: bool, department: str, reference: str | None,
                 contact: Contact) -> str | None:
    """What submitting ``version`` again with these details does to the entry: "reopened" (a newer
    version, after a 差戻し, or after its receipt was withdrawn: pending again with a new 受付 mail),
    "corrected" (the same version still pending with other details: the key holder who types them
    now replaces those of the one before, as the 受付 mail to the new contact says), or None (the
    same submission: nothing written, nothing sent)."""
    if version > entry.version or entry.state == "returned" or (entry.state == "received" and not received):
        return "reopened"
    if own_state(entry, received) == "pending" and \
            (entry.department, entry.reference, entry.contact) != (department, reference, contact):
        return "corrected"
    return None


def reopens(entry: Submission, version: int, received: bool = False) -> bool:
    """Whether submitting ``version`` again reopens the entry whatever its details (else it is the
    same submission, or a correction of it: resubmission)."""
    return resubmission(entry, version, received, entry.department, entry.reference, entry.contact) == "reopened"


def inbox_state(entry: Submission, latest_version: int, cancelled: bool, received: bool) -> str:
    """What the inbox shows (a key of INBOX_STATES): what became of the guarantee comes first, since
    it is what the orderer must act on; then the entry's own state with its receipt (own_state)."""
    if cancelled:
        return "cancelled"
    if latest_version > entry.version:
        return "superseded"
    return own_state(entry, received)


@dataclass(frozen=True)
class DepartmentMail:
    """How one receiving department hears of new submissions: to whom, and how often."""
    department: str
    addresses: tuple[str, ...]
    frequency: str = DEFAULT_MAIL_FREQUENCY   # a key of MAIL_FREQUENCIES

    def as_record(self) -> dict[str, Any]:
        return {"department": self.department, "addresses": list(self.addresses), "frequency": self.frequency}

    @classmethod
    def from_record(cls, d: dict[str, Any]) -> DepartmentMail:
        return cls(department=d["department"], addresses=tuple(d.get("addresses") or ()),
                   frequency=d.get("frequency", DEFAULT_MAIL_FREQUENCY))


@dataclass(frozen=True)
class InboxSettings:
    """An orderer's 電子提出, as its administrator set it. Off until the orderer turns it on: a
    submission must never go to an inbox nobody reads."""
    accepts: bool = False
    # Whether the issuer's events (feed, webhooks) carry the orderer's own 工事番号・契約番号.
    shares_reference: bool = False
    department_mail: tuple[DepartmentMail, ...] = ()

    def mail_for(self, department: str) -> DepartmentMail | None:
        return next((m for m in self.department_mail if m.department == department), None)

    def as_record(self) -> dict[str, Any]:
        return {"accepts": self.accepts, "shares_reference": self.shares_reference,
                "department_mail": [m.as_record() for m in self.department_mail]}

    @classmethod
    def from_record(cls, d: dict[str, Any] | None) -> InboxSettings:
        if not d:
            return cls()
        return cls(accepts=bool(d.get("accepts", False)), shares_reference=bool(d.get("shares_reference", False)),
                   department_mail=tuple(DepartmentMail.from_record(m) for m in d.get("department_mail") or ()))
