"""The notice 電子保証にかかる「認証キー」のお知らせ, checked the way people meet it: the text a
PDF viewer extracts, the page rendered as an image, and the QR code scanned from that image.

Needs poppler-utils (pdftotext, pdftoppm, pdffonts, pdfinfo) and the IPA fonts
(.ci/ensure-system-deps installs both). The expensive steps — the first render, loading the
46 MB fallback font, rasterising at 200 dpi — run once per module in fixtures.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from chalicelib.domain import authkey
from chalicelib.domain import links
from chalicelib.adapters.pdf import fonts
from chalicelib.adapters.pdf import notice_layout as notice
from chalicelib.adapters.config import ConfigurationError
from chalicelib.domain.guarantee import Version
from chalicelib.domain.terms_rules import parse_terms
from support import REPO, TEST_SURETY_NAME, demo_body, guarantee_request

SITE = "https://e-hosho.example.lg.jp"
CONTACT = {"department": "長野支店", "phone": "026-226-7520", "email": "ng.mlad1@example.co.jp",
           "hours": "土日祝日・年末年始を除く 9:00〜17:00"}
ISSUED_AT = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


def certificate(**contractor) -> dict:
    """A 佐久市 前払金保証 as the orderer sees it; contractor fields override the demo's."""
    body = guarantee_request()
    body["contractor"].update(contractor)
    today = ISSUED_AT.astimezone(dt.timezone(dt.timedelta(hours=9))).date()
    terms = parse_terms(body, today)
    return Version("g-test", 1, "test-surety", TEST_SURETY_NAME, terms, ISSUED_AT).certificate(today, orderer=demo_body())


def run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True, encoding="utf-8").stdout


def pdf_text(path: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return run("pdftotext", "-enc", "UTF-8", *pages, str(path), "-")


def embedded_fonts(path: Path) -> dict[str, str]:
    """Base font name without subset tag -> the `emb` column of pdffonts."""
    rows = run("pdffonts", str(path)).splitlines()[2:]
    return {row.split()[0].split("+")[-1]: row.split()[-5] for row in rows}


class Rendered:
    def __init__(self, tmp: Path, name: str, cert: dict, key: str, contact: dict | None = CONTACT):
        self.cert, self.key = cert, key
        self.url = links.verify_url(SITE, cert["contract_number"], key)
        self.pdf = notice.render(cert, key, self.url, contact)
        self.path = tmp / f"{name}.pdf"
        self.path.write_bytes(self.pdf)
        self.text = pdf_text(self.path)


@pytest.fixture(scope="module")
def tmp(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("notice")


@pytest.fixture(scope="module")
def key() -> str:
    return authkey.display(authkey.generate())


@pytest.fixture(scope="module")
def plain(tmp, key) -> Rendered:
    return Rendered(tmp, "plain", certificate(), key)


@pytest.fixture(scope="module")
def rare(tmp, key) -> Rendered:
    return Rendered(tmp, "rare", certificate(representative="代表取締役 𠮷田 髙﨑"), key)


def test_text_has_title_number_key_orderer_and_amount_in_reading_order(plain):
    text, cert = plain.text, plain.cert
    positions = [text.index(s) for s in (notice.TITLE, cert["contract_number"], plain.key)]
    assert positions == sorted(positions)
    assert "佐久市" in text and "22,000,000円" in text
    # The key is one unbroken token however the glyphs are spaced on the page.
    assert plain.key in text.split()
    assert "前払金保証" in text and "浅間建設株式会社 御中" in text


def test_the_letter_is_one_a4_page_dated_from_the_certificate_and_the_certificate_follows(plain):
    info = run("pdfinfo", "-isodates", str(plain.path))
    # Page 1 is the letter with the key and the QR code; page 2 the certificate in full (別紙).
    assert "Pages:           2" in info
    assert "595.276 x 841.89 pts (A4)" in info
    letter = "".join(run("pdftotext", "-f", "1", "-l", "1", "-layout", str(plain.path), "-").split())
    assert plain.key in letter and "お問い合わせ先" in letter and "別紙" not in letter
    issued = dt.datetime.strptime(plain.cert["issued_at"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc)
    assert f"CreationDate:    {issued.astimezone(dt.timezone(dt.timedelta(hours=9))):%Y-%m-%dT%H:%M:%S}+09" in info
    year, month, day = (int(p) for p in plain.cert["issue_date"].split("-"))
    assert f"{year}年（令和{year - 2018}年）{month}月{day}日" in plain.text


def test_metadata_names_the_notice_and_surety_but_never_the_key(plain):
    info = run("pdfinfo", str(plain.path))
    assert f"Title:           {notice.TITLE}" in info
    assert f"Author:          {TEST_SURETY_NAME}" in info
    assert plain.key not in info
    # Outside the compressed page stream (info dictionary, comments) the key is only in the
    # two links' addresses (the QR code carries it too): nowhere else in the file.
    import re
    uris = re.findall(rb"/URI \(([^)]*)\)", plain.pdf)
    assert len(uris) == 2 and all(plain.key.encode() in u for u in uris)
    assert plain.pdf.count(plain.key.encode()) == 2 and plain.key.replace("-", "").encode() not in plain.pdf


def test_the_qr_code_scanned_from_the_rendered_page_is_the_verification_link(plain, tmp):
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    run("pdftoppm", "-r", "200", "-png", "-f", "1", "-l", "1", "-singlefile", str(plain.path), str(tmp / "plain"))
    codes = zxingcpp.read_barcodes(Image.open(tmp / "plain.png"))
    assert [(c.format, c.text) for c in codes] == [(zxingcpp.BarcodeFormat.QRCode, plain.url)]
    assert codes[0].ec_level == "M"
    width_mm = (codes[0].position.top_right.x - codes[0].position.top_left.x) / 200 * 25.4
    assert width_mm >= 30
    fragment = parse_qs(urlsplit(plain.url).fragment)
    assert fragment == {"n": [plain.cert["contract_number"]], "k": [plain.key]}
    # The printed address is the page only: the key travels in the QR code, not in print twice.
    assert f"{SITE}/orderer/verify/" in plain.text and "#n=" not in plain.text


def test_the_qr_code_and_the_page_address_are_links_to_the_result(plain):
    # A clerk opens the e-mailed PDF on a PC without a camera: one click opens the result.
    listed = run("pdfinfo", "-url", str(plain.path)).splitlines()[1:]
    links_on = [(line.split()[0], line.split()[-1]) for line in listed if line.strip()]
    assert links_on == [("1", plain.url), ("1", plain.url)]  # the QR code and the address line, page 1
    assert urlsplit(plain.url).query == ""  # the number and key only in the fragment, never sent


def test_rare_kanji_print_from_the_fallback_font(rare, plain):
    assert "代表取締役 𠮷田 髙﨑" in rare.text
    fonts = embedded_fonts(rare.path)
    assert fonts == {"IPAexGothic": "yes", "IPAmjMincho": "yes"}
    # The 46 MB fallback is embedded only when a text needs it.
    assert embedded_fonts(plain.path) == {"IPAexGothic": "yes"}


def test_unprintable_reports_distinct_characters_in_order():
    assert fonts.unprintable("普通の文字") == []
    assert fonts.unprintable("𠮷田 髙﨑") == []
    assert fonts.unprintable("\U000F0000") == ["\U000F0000"]
    assert fonts.unprintable("a\U000F0001b\U000F0000\U000F0001") == ["\U000F0001", "\U000F0000"]


def test_a_value_no_font_can_print_is_refused_naming_field_and_character(key):
    cert = certificate()
    cert["contractor"]["name"] = "浅間\U000F0000建設株式会社"  # private use: validation forbids it today
    with pytest.raises(notice.UnprintableText) as e:
        notice.render(cert, key, links.verify_url(SITE, cert["contract_number"], key), None)
    assert e.value.field == "contractor.name"
    assert e.value.chars == ["\U000F0000"]
    assert "受注者名" in e.value.message and "U+F0000" in e.value.message


def test_markup_in_a_name_is_printed_literally(tmp, key):
    rendered = Rendered(tmp, "markup", certificate(name="<b>&amp;</b>"), key)
    assert "<b>&amp;</b> 様" in rendered.text


def test_without_a_contact_the_notice_points_to_the_surety(tmp, key):
    rendered = Rendered(tmp, "no-contact", certificate(), key, contact=None)
    assert f"発行元の保証会社（{TEST_SURETY_NAME}）までご連絡ください" in "".join(rendered.text.split())
    assert "026-226-7520" not in rendered.text


def test_the_longest_allowed_values_print_in_full_with_the_key_on_page_one(tmp, key):
    project = "市道岩村田1号線道路改良工事" * 14 + "（その2）"
    name = "浅間・佐久・小諸特定建設工事共同企業体" * 5
    body = guarantee_request()
    body["project"]["name"] = project[:200]
    body["contractor"]["name"] = name[:100]
    today = ISSUED_AT.astimezone(dt.timezone(dt.timedelta(hours=9))).date()
    cert = Version("g-long", 1, "test-surety", TEST_SURETY_NAME, parse_terms(body, today), ISSUED_AT).certificate(
        today, orderer=demo_body())
    rendered = Rendered(tmp, "long", cert, key)
    joined = "".join(rendered.text.split())
    assert project[:200] in joined and name[:100] in joined
    assert key in pdf_text(rendered.path, page=1)


def test_rendering_again_gives_identical_bytes_even_in_another_process(plain, rare, tmp):
    again = notice.render(rare.cert, rare.key, rare.url, CONTACT)
    assert again == rare.pdf
    # Another interpreter with another hash seed: nothing may depend on set order or time.
    script = (
        "import json, sys\n"
        "from chalicelib.adapters.pdf import notice_layout as notice\n"
        "args = json.load(sys.stdin)\n"
        "sys.stdout.buffer.write(notice.render(*args))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], input=json.dumps([plain.cert, plain.key, plain.url, CONTACT]).encode(),
        capture_output=True, check=True, cwd=REPO / "api", env={**os.environ, "PYTHONHASHSEED": "12345"},
    ).stdout
    assert out == plain.pdf


def test_importing_the_layouts_reads_no_font_and_loads_no_pdf_library():
    script = (
        "import json, sys\n"
        "opened = []\n"
        "sys.addaudithook(lambda event, args: opened.append(str(args[0])) if event == 'open' else None)\n"
        "import chalicelib.adapters.pdf.notice_layout, chalicelib.adapters.pdf.certificate_layout\n"
        "print(json.dumps({'fonts': [p for p in opened if p.lower().endswith(('.ttf', '.otf', '.ttc'))],\n"
        "                  'modules': sorted(m for m in ('reportlab', 'qrcode', 'PIL') if m in sys.modules)}))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, check=True, text=True,
                         cwd=REPO / "api").stdout
    assert json.loads(out) == {"fonts": [], "modules": []}


def test_fonts_come_from_the_configured_directory_and_a_missing_one_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setenv(fonts.FONT_DIR_ENV, str(tmp_path))
    with pytest.raises(ConfigurationError, match=r"ipaexg\.ttf.*PORTAL_FONT_DIR"):
        fonts.font_path("main")
    (tmp_path / "ipaexg.ttf").symlink_to("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf")
    assert fonts.font_path("main") == tmp_path / "ipaexg.ttf"
    monkeypatch.delenv(fonts.FONT_DIR_ENV)
    assert fonts.font_path("fallback") == Path("/usr/share/fonts/truetype/ipamj/ipamjm.ttf")
