"""How the portal addresses the contractor in writing: 御中 for an organisation, 様 for a
person, as in any Japanese business letter. The notice (PDF) and the completion e-mail
both open with this line.

The issuance request does not say whether the contractor is a company or a sole proprietor
(個人事業主): a 法人番号 proves an organisation, and without one the name is the only clue.
A name with one of the marks below is taken for an organisation, any other for a person.
"""
from __future__ import annotations

ORGANISATION = "御中"
PERSON = "様"

# Legal forms, their abbreviations, a JV, and the words trade names of builders use.
ORGANISATION_MARKS = (
    "株式会社", "有限会社", "合同会社", "合資会社", "合名会社", "(株)", "（株）", "㈱", "(有)", "（有）", "㈲",
    "法人", "組合", "共同企業体", "JV", "ＪＶ", "建設", "工業", "工務店", "興業", "土木", "産業", "設備",
    "電気", "電設", "舗道", "造園", "商会", "商店", "事務所", "組",
)


def honorific(name: str, corporate_number: str | None = None) -> str:
    """御中 if the contractor is an organisation (it has a 法人番号, or its name says so), else 様."""
    if corporate_number or any(mark in name for mark in ORGANISATION_MARKS):
        return ORGANISATION
    return PERSON


def addressee(name: str, corporate_number: str | None = None) -> str:
    """The addressee line: the name, a space, the honorific (「浅間建設株式会社 御中」)."""
    return f"{name} {honorific(name, corporate_number)}"
