"""What the operator's requests must be, checked before anything is read or written (the
schema in openapi.yaml says the shapes; this says the rest, also for callers that do not come
through HTTP: the demo data, tests). Every problem is named, with its field."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from ...domain import orderers
from ...domain.errors import Invalid, Problem
from ...domain.guarantee import KINDS

_DOMAIN = re.compile(r"^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@([A-Za-z0-9.-]{4,253})$")


class Problems:
    """Collects every problem of a request; `raise_any` raises them together."""

    def __init__(self) -> None:
        self.found: list[Problem] = []

    def raise_any(self) -> None:
        if self.found:
            raise Invalid(self.found)


def fail(p: Problems, code: str, message: str, field: str) -> None:
    """Note one problem (the request is refused with all of them at the end)."""
    p.found.append(Problem(code, message, field))


def orderer_id(p: Problems, value: str, field: str = "orderer_id") -> None:
    if not orderers.id_valid(value):
        if value.isascii() and value.isdigit() and len(value) == 6:
            fail(p, "invalid_orderer_id", f"{value} は全国地方公共団体コードとして正しくありません（検査数字が合いません）。", field)
        else:
            fail(p, "invalid_orderer_id", f"{value} は発注者の ID として正しくありません。全国地方公共団体コード（6桁）か、"
                  "英小文字で始まる英小文字・数字・ハイフンの ID（3〜40文字）を指定してください。", field)


def day(p: Problems, value: Any, field: str) -> dt.date | None:
    if isinstance(value, str) and len(value) == 10:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    fail(p, "invalid_date", "日付は 2024-07-01 の形で、実在する日を指定してください。", field)
    return None


def kinds(p: Problems, values: Iterable[str], field: str = "kinds") -> tuple[str, ...]:
    values = list(values)
    if not values:
        fail(p, "invalid_kind", "受け付ける保証の種類を1つ以上指定してください。", field)
    for i, kind in enumerate(values):
        if kind not in KINDS:
            fail(p, "invalid_kind", f"{kind} は保証の種類ではありません（{', '.join(KINDS)}）。", f"{field}[{i}]")
    _unique(p, values, field)
    return tuple(values)


def domains(p: Problems, values: Iterable[str], field: str = "staff_email_domains") -> tuple[str, ...]:
    values = list(values)
    for i, domain in enumerate(values):
        if not _DOMAIN.fullmatch(domain):
            fail(p, "invalid_staff_domain", f"{domain} はメールアドレスのドメインとして正しくありません（英小文字で、"
                  "city.saku.nagano.jp のように）。", f"{field}[{i}]")
    _unique(p, values, field)
    return tuple(values)


def addresses(p: Problems, values: Iterable[str], field: str) -> tuple[str, ...]:
    values = [v.strip() for v in values]
    for i, address in enumerate(values):
        match = _EMAIL.fullmatch(address)
        if not match or not _DOMAIN.fullmatch(match[1].lower()):
            fail(p, "invalid_email", f"{address} はメールアドレスとして正しくありません。", f"{field}[{i}]")
    _unique(p, [v.lower() for v in values], field)
    return tuple(values)


def texts(p: Problems, values: Iterable[str], field: str) -> tuple[str, ...]:
    values = [v.strip() for v in values]
    for i, text in enumerate(values):
        if not text:
            fail(p, "invalid_value", "空の値は指定できません。", f"{field}[{i}]")
    _unique(p, values, field)
    return tuple(values)


def contact(p: Problems, value: dict[str, Any] | None, field: str = "contact") -> dict[str, str] | None:
    if value is None:
        return None
    for name in value:
        if name not in orderers.CONTACT_FIELDS:
            fail(p, "invalid_value", f"{name} は連絡先の項目ではありません（{', '.join(orderers.CONTACT_FIELDS)}）。",
                  f"{field}.{name}")
    given = {k: str(v).strip() for k, v in value.items() if str(v).strip()}
    # Shown to contractors on the orderer's public page as a link and an address: an https page
    # and a real address only (never a javascript: or mailto: trick).
    if "url" in given and not re.fullmatch(r"https://[^\s<>\"']+", given["url"]):
        fail(p, "invalid_value", "連絡先の URL は https:// で始まるアドレスを指定してください。", f"{field}.url")
    match = _EMAIL.fullmatch(given.get("email", "x@example.jp"))
    if not match or not _DOMAIN.fullmatch(match[1].lower()):
        fail(p, "invalid_email", f"{given['email']} はメールアドレスとして正しくありません。", f"{field}.email")
    return given or None


def _unique(p: Problems, values: list[str], field: str) -> None:
    seen = set()
    for i, v in enumerate(values):
        if v in seen:
            fail(p, "duplicate_value", f"{v} が2回指定されています。", f"{field}[{i}]")
        seen.add(v)
