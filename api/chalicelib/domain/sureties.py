"""Issuers (発行者: 保証事業会社, 損害保険会社, 銀行等 — called sureties in the code) and who acts
for them."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .instruments import DEFAULT_ISSUER_TYPE, ISSUER_TYPES, kinds_for

# What a surety's contact says, as printed on notices.
CONTACT_FIELDS = ("department", "phone", "email", "hours")


@dataclass(frozen=True)
class Surety:
    """A registered surety (configuration, not request text): its 商号, 代表者 and 本店所在地
    as its certificates name them, its default contact and its branches (取扱支店)."""
    id: str
    name: str
    contact: dict[str, Any] | None = None  # department, phone, email, hours
    representative: str | None = None
    head_office: str | None = None
    branches: dict[str, dict[str, Any]] = field(default_factory=dict)  # branch id -> contact
    # 保証事業会社 / 損害保険会社 / 銀行等 (instruments.ISSUER_TYPES): which instruments it may issue.
    issuer_type: str = DEFAULT_ISSUER_TYPE

    @property
    def issuer_type_label(self) -> str:
        return ISSUER_TYPES[self.issuer_type]

    @property
    def kinds(self) -> tuple[str, ...]:
        """The instruments this issuer may register."""
        return kinds_for(self.issuer_type)

    def profile(self, branch: str | None) -> dict[str, Any]:
        """What a version keeps of the surety besides its name and contact."""
        return {"representative": self.representative, "head_office": self.head_office, "branch": branch}

    def contact_for(self, branch: str | None) -> dict[str, Any] | None:
        """The contact of a branch (None, or a branch since removed: the default contact)."""
        return self.branches.get(branch, self.contact) if branch else self.contact


@dataclass(frozen=True)
class Caller:
    """An authenticated surety request: who, and with which token (for the event log)."""
    surety: Surety
    token_id: str
    scopes: tuple[str, ...]

    def actor(self) -> dict[str, Any]:
        return {"kind": "surety", "surety_id": self.surety.id, "token_id": self.token_id}
