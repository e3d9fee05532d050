"""The audit log of privileged changes: who (an operator, an orderer's administrator, the local
setup), when, what, on which target. Entries form a hash chain (each holds the hash of the one
before), written in the same store write as the change they record, so the log neither misses a
change nor can be edited or shortened unseen: `verify` finds the first entry that does not fit.
No route or command edits or deletes an entry; in AWS no operator credential reaches the table.

Details never hold a secret (an API token is named by its id; a new token's secret is shown
once and not logged)."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .formatting import iso_utc, parse_iso_utc

GENESIS = "0" * 64

# What an entry may say was done (the operator's interface and the administrator's page).
ACTIONS = {
    "bodies.import": "発注者一覧の取り込み",
    "body.add": "発注者の追加",
    "body.change": "発注者の情報の変更",
    "body.merge": "発注者の合併・コード変更",
    "orderer.enrol": "電子保証の受付開始（登録）",
    "orderer.change": "受付内容の変更",
    "orderer.suspend": "受付の停止",
    "orderer.resume": "受付の再開",
    "orderer.staff_domains": "職員のメールドメインの変更",
    "orderer.administrators": "発注者の管理者の変更",
    "orderer.own_settings": "担当部署・通知先の変更（発注者の管理者）",
    "surety.register": "保証会社の登録",
    "surety.change": "保証会社の情報の変更",
    "token.issue": "API トークンの発行",
    "token.revoke": "API トークンの失効",
}


def operator_actor(operator_id: str, via: str) -> dict[str, Any]:
    """An operator: ``operator_id`` is the IAM principal's ARN in AWS, the local key's name
    locally; ``via`` how it was authenticated ("iam", "local-sigv4")."""
    return {"kind": "operator", "id": operator_id, "via": via}


def administrator_actor(email: str, orderer_id: str) -> dict[str, Any]:
    return {"kind": "orderer_administrator", "email": email, "orderer_id": orderer_id}


def setup_actor(what: str) -> dict[str, Any]:
    """Data written by the product's own setup (`make run`'s demo data, tests, the bench)."""
    return {"kind": "setup", "id": what}


@dataclass(frozen=True)
class AuditHead:
    """Where the chain stands: the last entry's number and hash (0 and GENESIS: empty)."""
    seq: int
    hash: str


EMPTY = AuditHead(0, GENESIS)


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: dt.datetime
    actor: dict[str, Any]
    action: str
    target: str                 # "orderer:202177", "surety:higashi-nihon", "token:tok_…", "bodies"
    details: dict[str, Any]     # what changed ({field: [old, new]}, counts, ids): never a secret
    previous_hash: str
    hash: str

    def as_record(self) -> dict[str, Any]:
        return {"seq": self.seq, "at": iso_utc(self.at), "actor": self.actor, "action": self.action,
                "target": self.target, "details": self.details, "previous_hash": self.previous_hash,
                "hash": self.hash}

    @classmethod
    def from_record(cls, d: dict[str, Any]) -> AuditEntry:
        return cls(seq=int(d["seq"]), at=parse_iso_utc(d["at"]), actor=d["actor"], action=d["action"],
                   target=d["target"], details=d["details"], previous_hash=d["previous_hash"], hash=d["hash"])

    def public(self) -> dict[str, Any]:
        return {**self.as_record(), "action_label": ACTIONS.get(self.action, self.action)}


def _digest(previous_hash: str, seq: int, at: str, actor: dict[str, Any], action: str, target: str,
            details: dict[str, Any]) -> str:
    # Canonical JSON (sorted keys, no spaces, UTF-8): the same entry always hashes the same.
    body = json.dumps({"seq": seq, "at": at, "actor": actor, "action": action, "target": target,
                       "details": details, "previous_hash": previous_hash},
                      sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def next_entry(head: AuditHead, at: dt.datetime, actor: dict[str, Any], action: str, target: str,
               details: dict[str, Any]) -> AuditEntry:
    """The entry after ``head``. The store writes it only while the head is still ``head``
    (ConditionFailed("audit") otherwise: read the head again and retry)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action: {action}")
    # Round-trip through JSON so what is hashed is what is stored (dates as text, tuples as lists).
    details = json.loads(json.dumps(details, ensure_ascii=False, default=str))
    seq, stamp = head.seq + 1, iso_utc(at)
    return AuditEntry(seq, parse_iso_utc(stamp), actor, action, target, details, head.hash,
                      _digest(head.hash, seq, stamp, actor, action, target, details))


def head_after(entry: AuditEntry) -> AuditHead:
    return AuditHead(entry.seq, entry.hash)


def verify(entries: Iterable[AuditEntry], start: AuditHead = EMPTY) -> int | None:
    """The number of the first entry (oldest first) that does not follow the one before or
    whose hash does not match its content; None when the whole chain holds."""
    previous = start
    for e in entries:
        if e.seq != previous.seq + 1 or e.previous_hash != previous.hash or e.hash != _digest(
                e.previous_hash, e.seq, iso_utc(e.at), e.actor, e.action, e.target, e.details):
            return e.seq
        previous = head_after(e)
    return None
