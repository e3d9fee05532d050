"""The instruments (保証の種類) an issuer may register, who may issue each, and how each one's
paper names its parts.

Three kinds of issuer secure a public works contract (the orderers' rules list them side by
side as ways of 契約の保証 / 前払金の保証):
- a 保証事業会社 (公共工事の前払金保証事業に関する法律): 前払金保証, 中間前払金保証, 契約保証;
- a 損害保険会社: 公共工事履行保証証券 (履行ボンド: the insurer is 保証人 to the orderer as
  債権者) and 履行保証保険 (the contractor's policy, the orderer 被保険者, 定額てん補方式);
- a bank (銀行等): its guarantee of the contract (銀行等の保証, a 保証書).

One statement of each instrument's words: certificate_text.py lays out the rows with these
labels, the notice and the signed copy print them, the pages show what the API says. The
existing three kinds keep the words their certificates always had (their signatures and
printed copies stay as they were).

Pure domain code: no storage, no HTTP.
"""
from __future__ import annotations

from dataclasses import dataclass

ISSUER_TYPES = {
    "surety_company": "保証事業会社",
    "insurer": "損害保険会社",
    "bank": "銀行等",
}
DEFAULT_ISSUER_TYPE = "surety_company"  # every issuer registered before issuer types existed


@dataclass(frozen=True)
class Instrument:
    kind: str
    label: str                 # 保証の種類 as printed
    issuer_type: str           # a key of ISSUER_TYPES: the only type that may issue it
    secures: str               # "advance" (前払金) or "contract" (契約の保証, 請負代金額の10分の1以上)
    document_title: str        # the signed copy's title
    number_label: str          # what the paper calls the number (保証契約番号 / 証券番号 / 保証書番号)
    amount_label: str          # 保証金額 / 保険金額
    period_label: str          # 保証期間 / 保険期間
    terms_label: str           # 保証約款 / 普通保険約款 / 保証書の様式
    orderer_label: str         # 発注者 / 債権者（発注者） / 被保険者（発注者）
    contractor_title: str      # the contractor's section: 受注者 / 債務者（受注者） / 保険契約者（受注者）
    issuer_title: str          # the issuer's section: 保証会社 / 保証人 / 保険会社
    issuer_name_label: str     # 保証会社名 / 保証人 / 保険会社名 / 金融機関名
    covers: str = ""           # what the issuer undertakes, in the paper's own terms ("" for the old kinds)
    covers_label: str = ""     # its row's label (保証する内容 / 保険金の支払)

    @property
    def own_words(self) -> bool:
        """Whether the documents and mails say this instrument in its own paper's words: the three
        kinds of a 保証事業会社 keep the words (and bytes) their documents always had."""
        return self.issuer_type != DEFAULT_ISSUER_TYPE


INSTRUMENTS: dict[str, Instrument] = {i.kind: i for i in (
    Instrument("advance_payment", "前払金保証", "surety_company", "advance", "前払金保証証書",
               "保証契約番号", "保証金額", "保証期間", "保証約款", "発注者", "受注者", "保証会社", "保証会社名"),
    Instrument("interim_advance_payment", "中間前払金保証", "surety_company", "advance", "中間前払金保証証書",
               "保証契約番号", "保証金額", "保証期間", "保証約款", "発注者", "受注者", "保証会社", "保証会社名"),
    Instrument("contract", "契約保証", "surety_company", "contract", "契約保証証書",
               "保証契約番号", "保証金額", "保証期間", "保証約款", "発注者", "受注者", "保証会社", "保証会社名"),
    Instrument("performance_bond", "公共工事履行保証証券", "insurer", "contract", "公共工事履行保証証券",
               "証券番号", "保証金額", "保証期間", "保証約款", "債権者（発注者）", "債務者（受注者）",
               "保証人（損害保険会社）", "保証人",
               "債務者が主契約（工事請負契約）の債務を履行しないときは、保証人は、保証金額を限度として、"
               "債権者に保証金を支払います。", "保証する内容"),
    Instrument("performance_insurance", "履行保証保険", "insurer", "contract", "履行保証保険証券",
               "証券番号", "保険金額", "保険期間", "普通保険約款", "被保険者（発注者）", "保険契約者（受注者）",
               "保険会社", "保険会社名",
               "保険契約者が工事請負契約の債務を履行しないことにより被保険者が受ける損害に対し、"
               "保険会社は、保険金額を保険金として支払います（定額てん補方式）。", "保険金の支払"),
    Instrument("bank_guarantee", "銀行等の保証", "bank", "contract", "保証書（契約の保証）",
               "保証書番号", "保証金額", "保証期間", "保証書の様式", "債権者（発注者）", "債務者（受注者）",
               "保証人（銀行等）", "金融機関名",
               "債務者が工事請負契約の債務を履行しないことにより債権者に生ずる損害金の支払を、"
               "保証人は、保証金額を限度として保証します。", "保証する内容"),
)}

KINDS = {kind: i.label for kind, i in INSTRUMENTS.items()}
ADVANCE_KINDS = tuple(k for k, i in INSTRUMENTS.items() if i.secures == "advance")
CONTRACT_SECURITY_KINDS = tuple(k for k, i in INSTRUMENTS.items() if i.secures == "contract")
# Only a 履行保証保険 names 特約; only a bank's guarantee names the branch that gives it.
RIDER_KINDS = ("performance_insurance",)
BRANCH_KINDS = ("bank_guarantee",)


def kinds_for(issuer_type: str) -> tuple[str, ...]:
    """The instruments an issuer of this type may register, in the order above."""
    return tuple(k for k, i in INSTRUMENTS.items() if i.issuer_type == issuer_type)


def issuer_type_label(kind: str) -> str:
    return ISSUER_TYPES[INSTRUMENTS[kind].issuer_type]


# How a sentence names the issuer of an instrument (発行元の保証会社 / 損害保険会社 / 銀行).
_ISSUER_WORDS = {"surety_company": "保証会社", "insurer": "損害保険会社", "bank": "銀行"}


def issuer_word(kind: str) -> str:
    return _ISSUER_WORDS[INSTRUMENTS[kind].issuer_type]
