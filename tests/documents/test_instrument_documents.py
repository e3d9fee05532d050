"""The notice and the signed copy of each of the six instruments, read the way people meet
them (pdftotext, the signature validated): each prints its own paper's words (title, number,
amount, period, the parties' and the issuer's names), and nothing runs off the page or out of
its table cell however long a 特約 or a bank's branch is.

Needs poppler-utils and the IPA fonts, like the other tests in this folder.
"""
from __future__ import annotations

import datetime as dt
import subprocess
import html
import re
from pathlib import Path

import pytest

from chalicelib.adapters import certificates, jose, signing
from chalicelib.adapters.pdf import certificate_layout, notice_layout, pades
from chalicelib.adapters.pdf.drawing import MARGIN, MM, PAGE_H, PAGE_W
from chalicelib.adapters.signing import LocalKeySigner
from chalicelib.domain import authkey, links, views
from chalicelib.domain.guarantee import Version
from chalicelib.domain.instruments import INSTRUMENTS
from chalicelib.domain.terms_rules import parse_terms
from chalicelib.domain.views import GuaranteeState
from chalicelib.usecases import copy_certificate
from support import TEST_ISSUERS, TEST_SURETY_NAME, demo_body, guarantee_request
from test_certificate_pdf import MOMENT, attachments_for, validate

JST = dt.timezone(dt.timedelta(hours=9))
ISSUED_AT = dt.datetime(2024, 7, 1, 1, 23, 45, tzinfo=dt.timezone.utc)
SITE = "https://e-hosho.example.lg.jp"
LABEL_COLUMN_END = MARGIN + 34 * MM  # drawing.ruled_table's label column
NEW_KINDS = ("performance_bond", "performance_insurance", "bank_guarantee")
LONG_RIDER = "公共工事履行保証特約（" + "前払金の返還債務を含む" * 8 + "）"
LONG_BRANCH = {"name": "長野県東信地区法人営業部佐久支店" * 3,
               "representative": "執行役員 法人営業部長 兼 佐久支店長 " + "信濃 一郎" * 12}


def run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True).stdout.decode("utf-8")


def issuer_of(kind: str) -> tuple[str, str]:
    issuer_type = INSTRUMENTS[kind].issuer_type
    return ("test-surety", TEST_SURETY_NAME) if issuer_type == "surety_company" else TEST_ISSUERS[issuer_type]


def version_of(kind: str, **overrides) -> Version:
    today = ISSUED_AT.astimezone(JST).date()
    if kind == "interim_advance_payment":  # 中間前払金: at most 10分の2 of the price
        overrides.setdefault("amount", 11_000_000)
    terms = parse_terms(guarantee_request(kind=kind, on=today, **overrides), today)
    return Version("g-test", 1, *issuer_of(kind), terms, ISSUED_AT)


class Documents:
    """A kind's notice and signed copy, written to files, with their text."""

    def __init__(self, tmp: Path, name: str, version: Version, signer: LocalKeySigner):
        cert = version.certificate(version.issue_date, orderer=demo_body())
        self.cert, self.kind = cert, cert["kind"]
        self.key = authkey.display(authkey.generate())
        self.notice_path = tmp / f"notice-{name}.pdf"
        self.notice_path.write_bytes(notice_layout.render(
            cert, self.key, links.verify_url(SITE, cert["contract_number"], self.key), None))
        history = [{"version": 1, "kind": "issued", "label": "新規", "date": "2024-07-01", "reason": None,
                    "reason_label": None, "changes": []}]
        state = GuaranteeState("g-test", version.surety_id, cert["contract_number"], 1, "valid", history, None, {}, None)
        jws = signing.sign(jose.signed_document(cert, version.issued_at.strftime("%Y-%m-%dT%H:%M:%SZ")))
        view = views.for_key(version, state, MOMENT, jws, demo_body())
        jwks = {"keys": [signer.public_jwk()]}
        self.copy = pades.seal(
            certificate_layout.render(view, MOMENT, signer.public_jwk()["kid"], copy_certificate.jwks_url()),
            attachments_for(view, jwks), signer, moment=MOMENT)
        self.copy_path = tmp / f"copy-{name}.pdf"
        self.copy_path.write_bytes(self.copy)
        self.notice = run("pdftotext", "-enc", "UTF-8", str(self.notice_path), "-")
        self.copy_text = run("pdftotext", "-enc", "UTF-8", str(self.copy_path), "-")

    def flat(self, which: str) -> str:
        return "".join((self.notice if which == "notice" else self.copy_text).split())


@pytest.fixture(scope="module")
def signer(tmp_path_factory):
    key = LocalKeySigner.generate(tmp_path_factory.mktemp("instrument-key"))
    signing.use_signer(key)
    signing._registered.add(key.public_jwk()["kid"])  # no table in unit tests
    yield key
    signing.use_signer(None)


@pytest.fixture(scope="module")
def documents(tmp_path_factory, signer) -> dict[str, Documents]:
    tmp = tmp_path_factory.mktemp("instruments")
    return {kind: Documents(tmp, kind, version_of(kind), signer) for kind in INSTRUMENTS}


_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')


def words(path: Path) -> list[tuple[int, str, float, float, float, float]]:
    """(page, word, xMin, yMin, xMax, yMax) of every word pdftotext places (its -bbox output
    is one <word> a line, read with a pattern rather than an XML parser)."""
    pages = run("pdftotext", "-bbox", str(path), "-").split("<page ")[1:]
    return [(n, html.unescape(m[5]), *(float(m[k]) for k in (1, 2, 3, 4)))
            for n, page in enumerate(pages, start=1) for m in _WORD.finditer(page)]


def assert_within(path: Path, labels: tuple[str, ...]) -> None:
    """Every word inside the page's margins (a closing 。 may hang one character past the
    right one, as Japanese setting allows), and each row label inside its column."""
    placed = words(path)
    assert len(placed) > 50, placed
    for page, text, x0, y0, x1, y1 in placed:
        assert MARGIN - 1 <= x0 and x1 <= PAGE_W - MARGIN + 11, (page, text, x0, x1)
        assert 0 <= y0 and y1 <= PAGE_H, (page, text, y0, y1)
    label_x = MARGIN + 3 * MM  # where ruled_table sets a row's label (a section heading starts further left)
    checked = [(page, text, x1) for page, text, x0, _, x1, _ in placed
               if abs(x0 - label_x) < 1 and any(text and text in label for label in labels)]
    assert checked, labels
    for page, text, x1 in checked:
        assert x1 <= LABEL_COLUMN_END, (page, text, x1)


@pytest.mark.parametrize("kind", list(INSTRUMENTS))
def test_the_notice_names_the_instrument_its_parts_and_its_issuer(documents, kind):
    d, i = documents[kind], INSTRUMENTS[kind]
    flat = d.flat("notice")
    assert notice_layout.TITLE in d.notice and d.key in d.notice.split()
    for value in (i.label, i.number_label, i.amount_label, i.period_label, i.orderer_label, i.contractor_title,
                  d.cert["contract_number"], d.cert["surety"]["name"], "長野県佐久市", "5,500,000円"
                  if i.secures == "contract" else "円"):
        assert value in flat, value
    # The orderer's form asks for 保証契約番号 and 認証キー, whatever the paper calls the number.
    assert "保証契約番号と認証キーを入力" in flat
    if i.number_label != "保証契約番号":
        assert f"この{i.number_label}を「保証契約番号」として入力します" in flat
    if kind in NEW_KINDS:
        assert f"下記の{i.label}について" in flat and f"紙の{i.document_title}に代えて" in flat
        assert "保証会社" not in flat  # an insurer or a bank is not a 保証会社
    else:
        assert "下記の保証契約について" in flat and "紙の保証証書に代えて" in flat


@pytest.mark.parametrize("kind", list(INSTRUMENTS))
def test_the_copy_carries_the_papers_title_and_words_and_its_signature_validates(documents, signer, kind):
    d, i = documents[kind], INSTRUMENTS[kind]
    flat = d.flat("copy")
    first_line = d.copy_text.split(certificate_layout.MARK, 1)[1]
    if kind in NEW_KINDS:
        assert i.document_title in first_line.split("状態")[0] and "電子保証の写し" in first_line.split("状態")[0]
        assert i.issuer_name_label in flat and "保証会社" not in flat
    else:
        assert "公共工事履行保証証券" not in flat and i.document_title not in flat
    for value in (i.number_label, i.amount_label, i.period_label, i.orderer_label, i.contractor_title,
                  i.issuer_title, i.terms_label, i.covers, d.cert["surety"]["name"]):
        assert "".join(value.split()) in flat, value
    info = run("pdfinfo", str(d.copy_path))
    assert f"{i.number_label} {d.cert['contract_number']}" in info
    _, status = validate(d.copy, [certificates.signing_certificate(signer)[0]])
    assert status.intact and status.valid and status.trusted, status.pretty_print_details()


def test_each_instruments_own_rows_are_printed(documents):
    insurance, bank, bond = (documents[k] for k in ("performance_insurance", "bank_guarantee", "performance_bond"))
    rows = ((insurance, "被保険者（発注者）", "長野県佐久市"), (insurance, "保険契約者（受注者）", "浅間建設株式会社"),
            (insurance, "特約", "公共工事履行保証特約"), (bank, "保証する支店", "佐久支店支店長信濃一郎"),
            (bank, "金融機関名", "株式会社テスト銀行"), (bond, "債権者（発注者）", "長野県佐久市"),
            (bond, "保証人", "テスト損害保険株式会社"))
    # The notice's annex reads row by row; on the copy the watermark's letters fall between
    # the words, so there the label and its value are looked for each on its own.
    for d, label, value in rows:
        assert label + value in d.flat("notice"), (d.kind, label)
        assert label in d.flat("copy") and value in d.flat("copy"), (d.kind, label)
    # The bank's branch gives the guarantee: the letter names it under the sender.
    assert bank.notice.index("佐久支店") < bank.notice.index(notice_layout.TITLE)


@pytest.mark.parametrize("kind", list(INSTRUMENTS))
def test_nothing_runs_off_the_page_or_out_of_its_label_cell(documents, kind):
    i = INSTRUMENTS[kind]
    labels = (i.orderer_label, i.contractor_title, i.issuer_name_label, i.covers_label, i.terms_label)
    assert_within(documents[kind].notice_path, labels)
    assert_within(documents[kind].copy_path, labels)


def test_a_long_rider_and_a_long_branch_wrap_inside_the_page(tmp_path, signer):
    insurance = Documents(tmp_path, "long-rider", version_of("performance_insurance", riders=[LONG_RIDER[:100]]),
                          signer)
    bank = Documents(tmp_path, "long-branch", version_of("bank_guarantee", guarantor_branch=LONG_BRANCH), signer)
    assert len(LONG_RIDER[:100]) == 100
    for d, text in ((insurance, LONG_RIDER[:100]), (bank, LONG_BRANCH["name"] + LONG_BRANCH["representative"])):
        for which in ("notice", "copy"):
            assert "".join(text.split()) in d.flat(which)
        assert_within(d.notice_path, ("特約", "保証する支店"))
        assert_within(d.copy_path, ("特約", "保証する支店"))
