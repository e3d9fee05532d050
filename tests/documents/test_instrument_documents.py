"""The notice and the signed copy of an insurer's bond and policy and of a bank's guarantee:
each prints its own paper's words (domain/instruments.py) — its parties, its number's name, its
特約 or its branch — while the pair the orderer types stays 保証契約番号 and 認証キー; the copy
stays checkable offline (devtools/verify.py), as every copy.

PORTAL_DOCUMENT_PNGS=DIR writes each page as a PNG there, to look at."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from devtools import verify
from support import TEST_ISSUERS, notice_pdf, post_json

PDF = {"Accept": "application/pdf"}

# What each one's papers say, beyond what every guarantee says.
WORDS = {
    "performance_bond": ["公共工事履行保証証券", "保証契約番号（証券番号）", "債権者（発注者）", "債務者（受注者）",
                         "公共工事用保証契約基本約款", TEST_ISSUERS["insurer"][1]],
    "performance_insurance": ["履行保証保険", "保証契約番号（証券番号）", "保険金額", "保険期間", "被保険者（発注者）",
                              "保険契約者（受注者）", "公共工事履行保証特約", TEST_ISSUERS["insurer"][1]],
    "bank_guarantee": ["銀行等の保証", "保証契約番号（保証書番号）", "債権者（発注者）", "債務者（受注者）",
                       TEST_ISSUERS["bank"][1]],
}
# Only on the copy (the notice is a summary).
ON_THE_COPY = {
    "performance_bond": ["（公共工事履行保証証券）", "保証人（損害保険会社）", "保証する内容"],
    "performance_insurance": ["（履行保証保険証券）", "保険会社名", "特約", "保険金の支払", "定額てん補方式"],
    "bank_guarantee": ["（保証書（契約の保証））", "保証人（銀行等）", "金融機関名", "保証する支店", "佐久支店",
                       "支店長信濃一郎"],
}


def text_of(pdf: bytes) -> str:
    return "".join(subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True,
                                  check=True).stdout.decode().split())


def keep_pngs(pdf: bytes, name: str) -> None:
    folder = os.environ.get("PORTAL_DOCUMENT_PNGS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        subprocess.run(["pdftoppm", "-r", "70", "-png", "-", str(Path(folder) / name)], input=pdf, check=True)


@pytest.mark.parametrize("kind", sorted(WORDS))
def test_the_notice_and_the_copy_print_the_instruments_own_words(api, issue_instrument, kind):
    issued = issue_instrument(kind)
    notice = notice_pdf(api, issued)
    keep_pngs(notice, f"notice-{kind}")
    text = text_of(notice)
    for words in WORDS[kind]:
        assert "".join(words.split()) in text, (kind, words)
    assert "認証キー" in text and "保証契約番号" in text

    pair = {"contract_number": issued["guarantee"]["contract_number"], "auth_key": issued["auth_key"]}
    response = post_json(api, "/v1/certificate-copies", pair, PDF)
    assert response.status_code == 200, response.body
    copy = response.body
    keep_pngs(copy, f"copy-{kind}")
    text = text_of(copy)
    for words in WORDS[kind] + ON_THE_COPY[kind]:
        if words == "保証契約番号（証券番号）" or words == "保証契約番号（保証書番号）":
            words = words[len("保証契約番号（"):-1]  # the copy names the number as its paper does
        assert "".join(words.split()) in text, (kind, words)
    # The copy is the signed certificate: checkable offline with the portal's keys.
    jwks = api.get("/.well-known/jwks.json").json_body
    report = verify.Report()
    document, _ = verify.check_pdf(copy, jwks, report)
    assert document is not None and not report.failed, report.lines
    signed = document["certificate"]
    assert signed["kind"] == kind and signed["surety"]["issuer_type"] in ("insurer", "bank")
    assert ("riders" in signed) == (kind == "performance_insurance")
    assert ("guarantor_branch" in signed) == (kind == "bank_guarantee")
