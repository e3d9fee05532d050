"""What an orderer's own administrator (発注者の管理者) may keep: its departments (担当部署) and
the addresses that also hear of changes to the guarantees it received (通知先), and the rules
those follow beyond their shape (openapi.yaml `OrdererSettingsChange` states the shape and the
limits below; tests/api/test_orderer_admin.py holds the two to one statement).

Staff e-mail domains and the administrators themselves are the operator's: they decide who may
act for the orderer, so nothing here changes them.
"""
from __future__ import annotations

from collections.abc import Sequence

from .errors import Problem
from .orderers import domain_of

MAX_DEPARTMENTS = 30
DEPARTMENT_MAX_LENGTH = 40
MAX_NOTIFICATION_ADDRESSES = 10

NOT_ADMINISTRATOR = ("この画面は、発注者の管理者の方だけが使えます。管理者の登録は、ポータルの運営者が行います。"
                     "管理者の追加・変更が必要なときは、運営者にご連絡ください。")
REVISION_CONFLICT = ("ほかの方が先に設定を変更しました。最新の設定を読み込み直してから、もう一度変更してください。")
STAFF_DOMAINS_NOTE = "職員のメールドメインは、ポータルの運営者が設定します。変更が必要なときは、運営者にご連絡ください。"


def limits() -> dict[str, int]:
    """The limits as the page shows them (input lengths, how many rows it offers)."""
    return {"departments": MAX_DEPARTMENTS, "department_length": DEPARTMENT_MAX_LENGTH,
            "notification_addresses": MAX_NOTIFICATION_ADDRESSES}


def department_problems(departments: Sequence[str]) -> list[Problem]:
    """A department named twice (the list's shape, lengths and characters are the schema's)."""
    seen: set[str] = set()
    problems = []
    for n, name in enumerate(departments):
        if name in seen:
            problems.append(Problem("duplicate_department",
                                    f"担当部署（{n + 1}番目）の「{name}」は、すでに一覧にあります。", f"departments.{n}"))
        seen.add(name)
    return problems


def address_problems(addresses: Sequence[str], staff_domains: Sequence[str]) -> list[Problem]:
    """An address named twice, or not on one of the orderer's staff domains (mail about its
    guarantees goes to its own staff only)."""
    seen: set[str] = set()
    problems = []
    for n, address in enumerate(addresses):
        where = f"notification_addresses.{n}"
        if address in seen:
            problems.append(Problem("duplicate_notification_address",
                                    f"通知先メールアドレス（{n + 1}番目）の {address} は、すでに一覧にあります。", where))
        elif domain_of(address) not in staff_domains:
            problems.append(Problem("notification_address_not_staff",
                                    f"通知先メールアドレス（{n + 1}番目）は、職員のメールドメイン"
                                    f"（{'・'.join(staff_domains)}）のアドレスにしてください。", where))
        seen.add(address)
    return problems
