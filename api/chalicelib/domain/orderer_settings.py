"""What an orderer's own administrator (発注者の管理者) may keep: its departments (担当部署) and
the addresses that also hear of changes to the guarantees it received (通知先), and the rules
those follow beyond their shape (openapi.yaml `OrdererSettingsChange` states the shape and the
limits below; tests/api/test_orderer_admin.py holds the two to one statement).

電子提出 (issue 29): whether contractors may submit to the orderer's inbox, whether its issuers'
events carry the orderer's own 工事番号, and how each receiving department hears of submissions.

Staff e-mail domains and the administrators themselves are the operator's: they decide who may
act for the orderer, so nothing here changes them.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from .errors import Problem
from .orderers import domain_of
from .submissions import MAIL_FREQUENCIES, MAX_DEPARTMENT_ADDRESSES, DepartmentMail, InboxSettings

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


def address_problems(addresses: Sequence[str], staff_domains: Sequence[str],
                     field: str = "notification_addresses", label: str = "通知先メールアドレス") -> list[Problem]:
    """An address named twice, or not on one of the orderer's staff domains (mail about its
    guarantees goes to its own staff only)."""
    seen: set[str] = set()
    problems = []
    for n, address in enumerate(addresses):
        where = f"{field}.{n}"
        if address in seen:
            problems.append(Problem("duplicate_notification_address",
                                    f"{label}（{n + 1}番目）の {address} は、すでに一覧にあります。", where))
        elif domain_of(address) not in staff_domains:
            problems.append(Problem("notification_address_not_staff",
                                    f"{label}（{n + 1}番目）は、職員のメールドメイン"
                                    f"（{'・'.join(staff_domains)}）のアドレスにしてください。", where))
        seen.add(address)
    return problems


# ---- 電子提出 (issue 29): whether contractors may submit, and how each department hears of it ----

def inbox_options() -> dict[str, Any]:
    """The choices the settings page offers (the frequencies' words, how many addresses)."""
    return {"frequencies": dict(MAIL_FREQUENCIES), "max_addresses": MAX_DEPARTMENT_ADDRESSES}


def read_inbox(body: dict[str, Any]) -> InboxSettings:
    """The whole `inbox` object of a schema-checked change (addresses kept folded)."""
    return InboxSettings(accepts=body["accepts"], shares_reference=body["shares_reference"],
                         department_mail=tuple(DepartmentMail(m["department"],
                                                              tuple(a.lower() for a in m["addresses"]),
                                                              m["frequency"])
                                               for m in body["department_mail"]))


def inbox_problems(inbox: InboxSettings, departments: Sequence[str], staff_domains: Sequence[str]) -> list[Problem]:
    """Each department's mail: one of the orderer's departments (as they are after the change),
    named once, at most MAX_DEPARTMENT_ADDRESSES addresses on the staff domains, and a mail that
    goes somewhere (addresses for each and daily)."""
    problems: list[Problem] = []
    seen: set[str] = set()
    for n, mail in enumerate(inbox.department_mail):
        where = f"inbox.department_mail.{n}"
        if mail.department not in departments:
            problems.append(Problem("unknown_department", f"電子提出のお知らせ（{n + 1}番目）の担当部署「{mail.department}」は、"
                                    "担当部署の一覧にありません。一覧から選んでください。", f"{where}.department"))
        elif mail.department in seen:
            problems.append(Problem("duplicate_department", f"電子提出のお知らせ（{n + 1}番目）の担当部署「{mail.department}」は、"
                                    "すでに設定にあります。", f"{where}.department"))
        seen.add(mail.department)
        if mail.frequency not in MAIL_FREQUENCIES:  # the schema's enum: stated here too, for other callers
            problems.append(Problem("invalid_choice", "お知らせの頻度は、一覧から選んでください。", f"{where}.frequency"))
        if len(mail.addresses) > MAX_DEPARTMENT_ADDRESSES:
            problems.append(Problem("too_many_addresses", f"電子提出のお知らせ（{n + 1}番目）のメールアドレスは、"
                                    f"{MAX_DEPARTMENT_ADDRESSES}件までにしてください。", f"{where}.addresses"))
        elif mail.frequency != "none" and not mail.addresses:
            problems.append(Problem("missing_field", f"電子提出のお知らせ（{n + 1}番目）を送るメールアドレスを入力してください"
                                    "（お知らせが不要なときは「知らせない」を選んでください）。", f"{where}.addresses"))
        problems += address_problems(mail.addresses, staff_domains, f"{where}.addresses",
                                     f"電子提出のお知らせ（{n + 1}番目）のメールアドレス")
    return problems


def kept_for(inbox: InboxSettings, departments: Sequence[str]) -> InboxSettings:
    """The inbox settings without the mail of a department no longer in the list."""
    return replace(inbox, department_mail=tuple(m for m in inbox.department_mail if m.department in departments))
