"""From the e-mailed notice PDF to the result with no typing, in real Chromium: the link in
the PDF, the PDF chosen on the page, the PDF a mail gateway flattened to page images, and a
notice made before the PDF had links. The file is read in the page and never sent."""
from __future__ import annotations

import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from chalicelib.adapters.pdf import notice_layout
from chalicelib.domain import links
from support import accessible, demo_body, notice_pdf

pytestmark = pytest.mark.e2e


def page_images(pdf: Path, out: Path, dpi: int = 150) -> list[Path]:
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(out / "page")], check=True)
    return sorted(out.glob("page-*.png"))


def flattened_to_jpeg(pdf: Path, tmp: Path) -> Path:
    """What a 無害化 gateway sends on: each page a JPEG picture, no text, no links."""
    from PIL import Image
    pages = [Image.open(p).convert("RGB") for p in page_images(pdf, tmp)]
    out = tmp / "flattened-jpeg.pdf"
    pages[0].save(out, save_all=True, append_images=pages[1:], resolution=150)
    return out


def flattened_to_flate(pdf: Path, tmp: Path) -> Path:
    """The same with raw pixels compressed by Flate (and ASCII85), as other gateways write."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas
    out = tmp / "flattened-flate.pdf"
    canvas = Canvas(str(out), pagesize=A4)
    for path in page_images(pdf, tmp, dpi=120):
        canvas.drawImage(ImageReader(str(path)), 0, 0, *A4)
        canvas.showPage()
    canvas.save()
    return out


def links_in(pdf: Path) -> list[str]:
    """The link annotations a PDF viewer finds (poppler's pdfinfo -url: a header line, then one per link)."""
    listed = subprocess.run(["pdfinfo", "-url", str(pdf)], capture_output=True, text=True, check=True).stdout
    return [line.split()[-1] for line in listed.splitlines()[1:] if line.strip()]


def assert_opened(page, issued):
    expect(page.locator('#verify-result [data-field="contract_number"]')).to_have_text(
        issued["guarantee"]["contract_number"])
    expect(page.locator('#verify-result [data-field="status"]')).to_have_text("有効")
    expect(page.locator("#verify-error")).to_be_empty()


def choose(page, portal_url, path: Path):
    sent = []
    page.on("request", lambda r: sent.append((r.method, r.url, r.post_data_buffer or b"")))
    page.goto(f"{portal_url}/orderer/verify/")
    page.get_by_label("PDF・画像から読み取る").set_input_files(str(path))
    return sent


def assert_file_never_sent(sent, pdf: bytes):
    for method, url, body in sent:
        assert b"%PDF" not in body and len(body) < 2000, (method, url)  # only number and key went out


def test_the_link_in_the_notice_opens_the_result_without_typing(page, api, portal_url, issue_guarantee, tmp_path):
    issued = issue_guarantee()
    pdf = tmp_path / "notice.pdf"
    pdf.write_bytes(notice_pdf(api, issued))
    listed = subprocess.run(["pdfinfo", "-url", str(pdf)], capture_output=True, text=True, check=True).stdout
    url = listed.splitlines()[1].split()[-1]  # what a click in any PDF viewer opens
    link = urlsplit(url)
    assert link.query == "" and "k=" in link.fragment
    page.goto(f"{portal_url}{link.path}#{link.fragment}")  # this test's server, the notice's path and fragment
    assert_opened(page, issued)
    assert "#" not in page.url  # the key left the address bar at once


def test_the_notice_pdf_chosen_on_the_page_opens_the_result(page, api, portal_url, issue_guarantee, tmp_path):
    issued = issue_guarantee()
    pdf = tmp_path / "認証キーのお知らせ.pdf"
    pdf.write_bytes(notice_pdf(api, issued))
    sent = choose(page, portal_url, pdf)
    assert_opened(page, issued)
    accessible(page, "verify-from-pdf")
    assert_file_never_sent(sent, pdf.read_bytes())


@pytest.mark.parametrize("flatten", [flattened_to_jpeg, flattened_to_flate])
def test_a_notice_flattened_to_images_by_a_mail_gateway_still_opens(page, api, portal_url, issue_guarantee,
                                                                     tmp_path, flatten):
    issued = issue_guarantee()
    original = tmp_path / "notice.pdf"
    original.write_bytes(notice_pdf(api, issued))
    flat = flatten(original, tmp_path)
    text = subprocess.run(["pdftotext", str(flat), "-"], capture_output=True, text=True, check=True).stdout
    # No text, no links left. Asked of poppler, not of the bytes: ASCII85 image data may hold "/URI" by chance.
    assert text.strip() == "" and links_in(flat) == []
    sent = choose(page, portal_url, flat)
    assert_opened(page, issued)
    assert_file_never_sent(sent, flat.read_bytes())


def test_a_notice_made_before_the_pdf_had_links_opens_from_its_drawn_qr_code(
        page, portal_url, issue_guarantee, tmp_path, monkeypatch):
    from chalicelib.adapters import keyed_hash
    from chalicelib.domain import authkey
    from support import current_store
    issued = issue_guarantee()
    number, key = issued["guarantee"]["contract_number"], issued["auth_key"]
    match = current_store().guarantees.find_by_key(number, keyed_hash.auth_key(authkey.parse(key)))
    version = match.signed.version
    monkeypatch.setattr(notice_layout, "_link", lambda *args: None)  # as notices were drawn before
    url = links.verify_url(portal_url, number, key)
    pdf = tmp_path / "old-notice.pdf"
    pdf.write_bytes(notice_layout.render(version.certificate(version.issue_date, orderer=demo_body()), key, url, None))
    assert links_in(pdf) == []
    choose(page, portal_url, pdf)
    assert_opened(page, issued)


def pdf_with_link_in_object_stream(url: str) -> bytes:
    """A page whose only trace of the notice is its link, packed (compressed) into an object
    stream as PDF 1.5 tools re-save files: no text, no QR code drawn."""
    from io import BytesIO

    from pyhanko.pdf_utils import generic, writer
    from pyhanko.pdf_utils.generic import pdf_name, pdf_string

    def numbers(*values):
        return generic.ArrayObject([generic.NumberObject(v) for v in values])
    w = writer.PdfFileWriter(stream_xrefs=True)
    annot = w.add_object(generic.DictionaryObject({
        pdf_name("/Type"): pdf_name("/Annot"), pdf_name("/Subtype"): pdf_name("/Link"),
        pdf_name("/Rect"): numbers(50, 700, 300, 720), pdf_name("/Border"): numbers(0, 0, 0),
        pdf_name("/A"): generic.DictionaryObject({pdf_name("/S"): pdf_name("/URI"), pdf_name("/URI"): pdf_string(url)}),
    }), obj_stream=w.prepare_object_stream())
    w.insert_page(generic.DictionaryObject({pdf_name("/Type"): pdf_name("/Page"),
                                            pdf_name("/MediaBox"): numbers(0, 0, 595, 842),
                                            pdf_name("/Annots"): generic.ArrayObject([annot])}))
    out = BytesIO()
    w.write(out)
    return out.getvalue()


def test_a_link_packed_into_a_compressed_object_stream_opens(page, api, portal_url, issue_guarantee, tmp_path):
    issued = issue_guarantee()
    notice = tmp_path / "notice.pdf"
    notice.write_bytes(notice_pdf(api, issued))
    url = subprocess.run(["pdfinfo", "-url", str(notice)], capture_output=True, text=True,
                         check=True).stdout.splitlines()[1].split()[-1]
    resaved = tmp_path / "resaved.pdf"
    resaved.write_bytes(pdf_with_link_in_object_stream(url))
    assert b"/URI" not in resaved.read_bytes() and b"/ObjStm" in resaved.read_bytes()
    listed = subprocess.run(["pdfinfo", "-url", str(resaved)], capture_output=True, text=True, check=True).stdout
    assert url in listed  # a PDF viewer still finds the link
    choose(page, portal_url, resaved)
    assert_opened(page, issued)


def test_a_pdf_that_is_not_a_notice_says_so(page, portal_url, tmp_path):
    from reportlab.pdfgen.canvas import Canvas
    other = tmp_path / "invoice.pdf"
    canvas = Canvas(str(other))
    canvas.drawString(72, 720, "Invoice 2026-001")
    canvas.save()
    choose(page, portal_url, other)
    expect(page.locator("#scan-error")).to_contain_text("このPDFから認証キーのお知らせのQRコードを読み取れませんでした")
    expect(page.locator("#verify-result")).to_be_hidden()
    accessible(page, "verify-pdf-not-a-notice")
    page.set_viewport_size({"width": 1280, "height": 900})
    accessible(page, "verify-pdf-not-a-notice-1280")
