"""The orderers (発注者) that accept 電子保証, from the one data file `data/orderers.json`."""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA_FILE = Path(__file__).parent.parent / "data" / "orderers.json"


@dataclass(frozen=True)
class Orderer:
    id: str
    name: str
    prefecture: str
    accepts_from: dt.date
    kinds: tuple[str, ...]
    scope: str
    paper_still_accepted: bool
    # Who may act for the orderer: staff sign in with a work e-mail address on these domains,
    # and name one of these departments (担当部署) when they record a receipt.
    staff_email_domains: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()

    def employs(self, email: str) -> bool:
        """A work address of this orderer's staff (the domain exactly, case-insensitive)."""
        domain = email.rpartition("@")[2].lower()
        return bool(domain) and domain in self.staff_email_domains

    @property
    def written_name(self) -> str:
        return written_name(self.name, self.prefecture)

    def accepts(self, kind: str, on: dt.date) -> bool:
        return on >= self.accepts_from and kind in self.kinds

    def public(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "prefecture": self.prefecture,
            "accepts_from": self.accepts_from.isoformat(),
            "kinds": list(self.kinds),
            "scope": self.scope,
            "paper_still_accepted": self.paper_still_accepted,
        }


def written_name(name: str, prefecture: str) -> str:
    """The orderer's name as the portal writes it everywhere (長野県佐久市): municipality names
    repeat across prefectures (東京都府中市, 広島県府中市); a prefecture is not written twice (長野県)."""
    return f"{prefecture}{name}" if prefecture and not name.startswith(prefecture) else name


def name_of(orderer_id: str) -> str:
    """The written name of a listed orderer; an orderer no longer listed reads as its code."""
    orderer = get(orderer_id)
    return orderer.written_name if orderer else orderer_id


def local_government_code_valid(code: str) -> bool:
    """全国地方公共団体コード: five digits and a check digit (weights 6..2, mod 11)."""
    if len(code) != 6 or not code.isascii() or not code.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(code[:5], (6, 5, 4, 3, 2)))
    check = (11 - total % 11) % 10
    return int(code[5]) == check


def parse(document: dict[str, Any]) -> dict[str, Orderer]:
    result: dict[str, Orderer] = {}
    for raw in document["orderers"]:
        if not local_government_code_valid(raw["id"]):
            raise ValueError(f"invalid 地方公共団体コード: {raw['id']}")
        if raw["id"] in result:
            raise ValueError(f"duplicate orderer id: {raw['id']}")
        result[raw["id"]] = Orderer(
            id=raw["id"],
            name=raw["name"],
            prefecture=raw["prefecture"],
            accepts_from=dt.date.fromisoformat(raw["accepts_from"]),
            kinds=tuple(raw["kinds"]),
            scope=raw.get("scope", ""),
            paper_still_accepted=bool(raw.get("paper_still_accepted", True)),
            staff_email_domains=tuple(d.lower() for d in raw.get("staff", {}).get("email_domains", ())),
            departments=tuple(raw.get("staff", {}).get("departments", ())),
        )
    return result


@lru_cache(maxsize=1)
def all_orderers() -> dict[str, Orderer]:
    return parse(json.loads(DATA_FILE.read_text(encoding="utf-8")))


def get(orderer_id: str) -> Orderer | None:
    return all_orderers().get(orderer_id)


def employing(email: str) -> Orderer | None:
    """The orderer whose staff use this e-mail address's domain, if any."""
    return next((o for o in all_orderers().values() if o.employs(email)), None)
