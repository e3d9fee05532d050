"""The notice 電子保証にかかる「認証キー」のお知らせ: the one-page A4 PDF the contractor
downloads and e-mails to the orderer in place of a paper certificate. This module only lays
the letter out: the addressee's 御中/様 is the domain's rule (domain/addressing.py), the fonts
are in fonts.py, the page primitives in drawing.py, the key row and the QR code in key_and_qr.py.

reportlab and qrcode (which pull in Pillow) are imported inside the functions: this module
is imported by the API on every cold start, and only issuance ever draws a notice.
A character no font has is refused with UnprintableText rather than printed as a box or
left out.
"""
from __future__ import annotations

import datetime as dt
import functools
import io
from collections.abc import Callable
from typing import Literal, overload

from ...domain import addressing, certificate_text
from ...domain.instruments import INSTRUMENTS
from ...domain.formatting import date_ja, date_ja_with_era, parse_iso_utc, period_ja, yen_ja
from ...domain.validation import label
from . import fonts
from .drawing import ACCENT, CONTENT_W, INK, MARGIN, MM, MUTED, PAGE_H, PAGE_W, Page, ruled_table
from .key_and_qr import draw_key, draw_qr, qr_matrix

TITLE = "電子保証にかかる「認証キー」のお知らせ"


# Fields of the notice that are not fields of an issuance request (those use validation.label).
_LABELS = {
    "surety.name": "保証会社名",
    "surety_contact.department": "保証会社の問い合わせ先（部署）",
    "surety_contact.phone": "保証会社の問い合わせ先（電話番号）",
    "surety_contact.email": "保証会社の問い合わせ先（メールアドレス）",
    "surety_contact.hours": "保証会社の問い合わせ先（受付時間）",
}


class UnprintableText(ValueError):
    """A value on the notice has characters no notice font can print."""

    code = "unprintable_character"

    def __init__(self, field: str, chars: list[str]):
        self.field = field
        self.chars = chars
        shown = "、".join(f"「{ch}」(U+{ord(ch):04X})" for ch in chars)
        self.message = (f"{_LABELS.get(field) or label(field)}に、認証キーのお知らせ（PDF）に印字できない文字があります: {shown}。"
                        "常用の字体に置き換えるか、保証会社にご相談ください。")
        super().__init__(self.message)


# ---------------------------------------------------------------------------------------
# Formatting

def _period(p: dict) -> str:
    return period_ja(p["start"], p["end"])


def _pdf_date(certificate: dict) -> str:
    """The issue moment as a PDF date, so rendering again later gives the same bytes."""
    issued = certificate.get("issued_at")
    if issued:
        local = parse_iso_utc(issued).astimezone(dt.timezone(dt.timedelta(hours=9)))
        return local.strftime("D:%Y%m%d%H%M%S+09'00'")
    return dt.date.fromisoformat(certificate["issue_date"]).strftime("D:%Y%m%d000000+09'00'")


def _values(certificate: dict, surety_contact: dict | None) -> dict[str, str]:
    """Every value from outside that the notice prints, by field path (for error messages)."""
    c = certificate
    values = {
        "surety.name": c["surety"]["name"],
        "contractor.name": c["contractor"]["name"],
        "contractor.representative": c["contractor"].get("representative", ""),
        "kind": c["kind_label"],
        "contract_number": c["contract_number"],
        "orderer_id": certificate_text.orderer_name(c["orderer"]),
        "project.name": c["project"]["name"],
    }
    # Every other line the notice prints, named by its row (e.g. 預託金融機関).
    for _, rows in certificate_text.sections(c):
        for row_label, lines in rows:
            for n, line in enumerate(lines):
                values.setdefault(row_label if n == 0 else f"{row_label}（{n + 1}行目）", line)
    for key in ("department", "phone", "email", "hours"):
        if surety_contact and surety_contact.get(key):
            values[f"surety_contact.{key}"] = str(surety_contact[key])
    return values


# Value sizes of the essentials table, largest first: a long 工事名 (up to 200 characters)
# or 受注者名 first shrinks the table; only if one page still cannot hold everything does
# the notice flow onto a second page (never happens with names of ordinary length).
_TABLE_SIZES = (10.5, 9.5, 8.5)
_DETAIL_SIZE = 8.5  # the details after the letter: everything the certificate says, compact
_BLOCK_GAP = 6 * MM


def title(version: int) -> str:
    """The first version's title as it always was; a later one says which version it is."""
    return TITLE if version == 1 else f"{TITLE}（第{version}版）"


def render(certificate: dict, auth_key: str, verify_url: str, surety_contact: dict | None,
           amendment: dict | None = None) -> bytes:
    """The notice as PDF bytes. Same inputs, same bytes (the dates come from the certificate).
    ``amendment`` (a later version's reason, 変更日 and changes) makes it the notice of a 変更.

    Raises UnprintableText if a value has a character no notice font has, and
    ConfigurationError if a font file is missing."""
    values = _values(certificate, surety_contact)
    for field, text in values.items():
        bad = fonts.unprintable(text)
        if bad:
            raise UnprintableText(field, bad)
    notice = _Notice(certificate, auth_key, verify_url, surety_contact or {}, values, amendment)
    for table_size in _TABLE_SIZES:
        pdf = notice.compose(table_size, one_page=True)
        if pdf is not None:
            return pdf
    return notice.compose(_TABLE_SIZES[0], one_page=False)


class _Notice:
    """The page as a column of blocks; each block draws from a top y and returns its bottom y."""

    def __init__(self, certificate: dict, auth_key: str, verify_url: str, contact: dict, values: dict[str, str],
                 amendment: dict | None):
        self.cert = certificate
        self.amendment = amendment
        self.title = title(certificate["version"])
        self.key = auth_key
        self.url = verify_url
        self.contact = contact
        self.v = values
        self.orderer = values["orderer_id"]
        self.matrix = qr_matrix(verify_url)
        self.instrument = INSTRUMENTS[certificate["kind"]]
        self.own_words = self.instrument.own_words  # a 保証事業会社's notices keep their words

    @staticmethod
    def _canvas(buffer):
        from reportlab.lib.pagesizes import A4
        from reportlab.pdfgen.canvas import Canvas

        # initialFontName: reportlab would otherwise reference Helvetica, unembedded and unused.
        # PDF 1.5 for the /ActualText span of the key.
        return Canvas(buffer, pagesize=A4, invariant=1, pageCompression=1, lang="ja-JP", pdfVersion=(1, 5),
                      initialFontName=fonts.MAIN)

    @overload
    def compose(self, table_size: float, one_page: Literal[True]) -> bytes | None: ...
    @overload
    def compose(self, table_size: float, one_page: Literal[False]) -> bytes: ...

    def compose(self, table_size: float, one_page: bool) -> bytes | None:
        """The PDF, or None if one_page and the letter does not fit on one page.

        The letter (title, summary, key, instructions, contact) comes first, as it always was;
        the certificate in full follows from a new page, as an annex (別紙)."""
        self.table_size = table_size
        letter: list[Callable[[Page, float], float]] = [
            self.head, self.table, self.key_box, self.instructions, self.caution, self.inquiries]
        amendment = self.amendment
        annex = [functools.partial(self.changes, amendment=amendment)] if amendment else []
        # The contact is the letter's footer (inquiries), not repeated in the annex.
        annex += [functools.partial(self.details, heading=heading, rows=rows, first=(n == 0))
                  for n, (heading, rows) in enumerate(certificate_text.sections(self.cert, with_contact=False))]
        blocks = letter + annex
        # Measure on a scratch canvas, then place: a block that does not fit starts a page.
        scratch = Page(self._canvas(io.BytesIO()), measuring=True)
        top = PAGE_H - MARGIN
        heights = [top - block(scratch, top) for block in blocks]
        pages: list[list[int]] = [[]]
        y = top
        for i, h in enumerate(heights):
            if pages[-1] and (y - h < MARGIN or i == len(letter)):
                if one_page and i < len(letter):
                    return None
                pages.append([])
                y = top - 12 * MM  # room for the continuation header
            pages[-1].append(i)
            y -= h + _BLOCK_GAP

        buffer = io.BytesIO()
        c = self._canvas(buffer)
        pdf_date = _pdf_date(self.cert)
        c.setDateFormatter(lambda *_: pdf_date)
        c.setTitle(self.title)
        c.setAuthor(self.v["surety.name"])
        c.setSubject(f"保証契約番号 {self.v['contract_number']}")  # never the key: metadata travels widely
        c.setCreator("電子保証ポータル")
        page = Page(c)
        for n, indices in enumerate(pages, start=1):
            y = top
            if n > 1:
                page.text(MARGIN, y - 9, f"{self.title}（続き）　保証契約番号 {self.v['contract_number']}", 9,
                          color=MUTED)
                y -= 12 * MM
            for i in indices:
                if blocks[i] == self.inquiries:
                    # The contact sits on the bottom margin of the letter's last page, like a letter's footer.
                    self.inquiries(page, MARGIN + heights[i])
                else:
                    y = blocks[i](page, y) - _BLOCK_GAP
            if len(pages) > 1:
                page.text(PAGE_W / 2, MARGIN / 2, f"{n} / {len(pages)}", 8, align="center", color=MUTED)
            c.showPage()
        c.save()
        return buffer.getvalue()

    def head(self, page: Page, y: float) -> float:
        """Letter head as in any Japanese business letter: date top right, addressee left,
        sender right under the addressee; then title, lead and 記."""
        right = PAGE_W - MARGIN
        page.text(right, y - 10, date_ja_with_era(dt.date.fromisoformat(self.cert["issue_date"])), 10.5, align="right")
        addressee = addressing.addressee(self.v["contractor.name"], self.cert["contractor"].get("corporate_number"))
        width = CONTENT_W * 0.7
        size = 13 if len(page.wrap(addressee, 13, width)) <= 2 else 10.5
        y -= 30
        for line in page.wrap(addressee, size, width):
            page.text(MARGIN, y, line, size)
            y -= size * 1.4
        page.rule(MARGIN, y + size * 1.4 - 5, MARGIN + width, y + size * 1.4 - 5, 0.6, INK)
        y -= 6
        for line in page.wrap(self.v["surety.name"], 11, CONTENT_W * 0.5):
            page.text(right, y, line, 11, align="right")
            y -= 15
        branch = self.cert.get("guarantor_branch")
        if branch:  # a bank's guarantee is given by a branch (保証する支店)
            for line in page.wrap(self.v["保証する支店"], 10, CONTENT_W * 0.5):
                page.text(right, y, line, 10, align="right", color=MUTED)
                y -= 15
        if self.contact.get("department"):
            page.text(right, y, self.v["surety_contact.department"], 10, align="right", color=MUTED)
            y -= 15
        y -= 20
        for line in page.wrap(self.title, 17, CONTENT_W):
            page.text(PAGE_W / 2, y, line, 17, align="center", bold=True)
            y -= 24
        y -= 4
        for lead in self.leads():
            y = page.paragraph(MARGIN, y, lead, 10.5, CONTENT_W)
        y -= 4
        page.text(PAGE_W / 2, y, "記", 10.5, align="center")
        return y - 4

    def leads(self) -> list[str]:
        i = self.instrument
        paper, what = (i.document_title, i.label) if self.own_words else ("保証証書", "保証契約")
        submit = f"発注者（{self.orderer}）へは、紙の{paper}に代えて、本書に記載の「認証キー」をご提出ください。"
        if not self.amendment:
            return [f"下記の{what}について、電子保証を発行いたしました。", submit]
        when = date_ja(self.amendment["effective_date"])
        return [f"下記の{what}について、{when}付けの変更により、電子保証を変更いたしました（第{self.cert['version']}版）。",
                "本書の認証キーは、これまでの版の認証キーに代わるものです。これまでの「認証キーのお知らせ」は提出しないでください。",
                submit]

    def changes(self, page: Page, y: float, amendment: dict) -> float:
        """変更の内容: what this version changed, before → after, as the page's history says it."""
        rows = [("変更日", [date_ja(amendment["effective_date"])])]
        rows += [(change["label"], [f"{change['before']} → {change['after']}"])
                 for change in amendment.get("changes") or []]
        page.heading(MARGIN, y - 11, f"変更の内容（第{self.cert['version']}版）")
        return ruled_table(page, rows, y - 17, min(self.table_size, _DETAIL_SIZE))

    def details(self, page: Page, y: float, heading: str, rows: list[tuple[str, list[str]]],
                first: bool = False) -> float:
        """The certificate in full, section by section, as the verification page shows it."""
        if first:
            page.text(MARGIN, y - 12, "別紙　電子保証の内容", 12, bold=True)
            y -= 22
        page.heading(MARGIN, y - 11, heading)
        return ruled_table(page, rows, y - 17, min(self.table_size, _DETAIL_SIZE))

    def table(self, page: Page, y: float) -> float:
        v, i = self.v, self.instrument
        representative = v["contractor.representative"]
        number = [v["contract_number"]]
        if i.number_label != "保証契約番号":
            # The orderer's form asks for 保証契約番号: say which number that is.
            number.append(f"確認ページでは、この{i.number_label}を「保証契約番号」として入力します。")
        return ruled_table(page, [
            ("保証の種類", [v["kind"]]),
            (i.number_label, number),
            (i.amount_label, [yen_ja(self.cert["amount"])]),
            (i.period_label, [_period(self.cert["guarantee_period"])]),
            (i.orderer_label, [self.orderer]),
            ("工事名", [v["project.name"]]),
            (i.contractor_title, [v["contractor.name"]] + ([representative] if representative else [])),
        ], y, self.table_size)

    def key_box(self, page: Page, y: float) -> float:
        """認証キー: the one thing on the page that matters most."""
        c = page.c
        box_h = 25 * MM
        c.setStrokeColorRGB(*ACCENT)
        c.setLineWidth(1.2)
        c.roundRect(MARGIN, y - box_h, CONTENT_W, box_h, 3, stroke=1, fill=0)
        page.text(MARGIN + 4 * MM, y - 6 * MM, "認証キー", 10.5, color=ACCENT, bold=True)
        draw_key(page, self.key, PAGE_W / 2, y - 14.5 * MM, 17)
        page.text(PAGE_W / 2, y - box_h + 3.6 * MM,
                  "数字（0〜9）と英大文字の28文字です。英字の I・L・O・U は使いません（0 はゼロ、1 はイチ）。"
                  "ハイフンは省略できます。", 7.8, align="center", color=MUTED)
        return y - box_h

    def instructions(self, page: Page, y: float) -> float:
        """What each side does with the notice, with the QR code on the right."""
        y -= 1.5 * MM
        right = PAGE_W - MARGIN
        module = 32 * MM / (len(self.matrix) - 8)  # the symbol 32 mm wide, its quiet zone outside
        qr_size = module * len(self.matrix)
        text_w = CONTENT_W - qr_size - 6 * MM
        qr_top = y + 4 * module
        draw_qr(page, self.matrix, right - qr_size, qr_top, module)
        # Clickable too: a clerk who opens the PDF on a PC without a camera clicks the code.
        _link(page, self.url, right - qr_size, qr_top - qr_size, right, qr_top)
        for i, caption in enumerate(("発注者の確認ページ", "（番号・キー入力済み）")):
            page.text(right - qr_size / 2, qr_top - qr_size - (1.5 + 3.5 * i) * MM, caption, 7.8,
                      align="center", color=MUTED)
        y -= 10.5
        page.heading(MARGIN, y, "受注者の方へ")
        y -= 16
        y = _bullets(page, y, text_w, [
            f"本書（PDF）を電子メールに添付し、他の必要書類と合わせて発注者（{self.orderer}）へお送りください。",
            "電子保証の画面を印刷したものやスクリーンショットは、提出書類として受け付けられません。",
        ])
        y -= 6
        page.heading(MARGIN, y, "発注者の方へ")
        y -= 16
        y = _bullets(page, y, text_w, [
            "右のQRコードを読み取る（パソコンではクリックする）か、下記の確認ページを開いて保証契約番号と"
            "認証キーを入力すると、電子保証の内容を確認できます。",
        ])
        above = y + 9.5
        # The page only in print (the fragment holds the key); the link goes to the result.
        y = _bullets(page, y, text_w, [f"確認ページ: {self.url.split('#', 1)[0]}"])
        _link(page, self.url, MARGIN, y + 2, MARGIN + text_w, above)
        return min(y + 6, qr_top - qr_size - 7 * MM)

    def caution(self, page: Page, y: float) -> float:
        lines = [line for p in (
            "認証キーはパスワードと同じく大切なものです。本書は提出先の発注者にだけお送りください。",
            "QRコードにも認証キーが含まれています。本書を掲示したり、第三者に渡したりしないでください。",
        ) for line in page.wrap(p, 9, CONTENT_W - 24 * MM)]
        height = 10 + len(lines) * 14
        page.c.setFillColorRGB(0.99, 0.96, 0.90)
        page.c.roundRect(MARGIN, y - height, CONTENT_W, height, 2, stroke=0, fill=1)
        page.text(MARGIN + 3 * MM, y - 14, "取扱注意", 9, color=(0.55, 0.27, 0.05), bold=True)
        for i, line in enumerate(lines):
            page.text(MARGIN + 20 * MM, y - 14 - 14 * i, line, 9)
        return y - height

    def inquiries(self, page: Page, y: float) -> float:
        """The contact for questions: the surety's desk if given, else the surety itself."""
        v, contact = self.v, self.contact
        name = v["surety.name"] + (f"　{v['surety_contact.department']}" if contact.get("department") else "")
        lines: list[str] = []
        if contact.get("phone") or contact.get("email"):
            lines.append(name)
            if contact.get("phone"):
                hours = f"（{v['surety_contact.hours']}）" if contact.get("hours") else ""
                lines.append(f"電話 {v['surety_contact.phone']}{hours}")
            if contact.get("email"):
                lines.append(f"電子メール {v['surety_contact.email']}")
        else:
            issuer = "発行元" if self.own_words else "発行元の保証会社"
            lines.append(f"本書の内容についてのお問い合わせは、{issuer}（{name}）までご連絡ください。")
        wrapped = [w for line in lines for w in page.wrap(line, 9, CONTENT_W - 30 * MM)]
        page.rule(MARGIN, y, PAGE_W - MARGIN, y, 0.5)
        y -= 13
        page.text(MARGIN, y, "お問い合わせ先", 9, color=ACCENT, bold=True)
        for line in wrapped:
            page.text(MARGIN + 30 * MM, y, line, 9)
            y -= 13.5
        return y + 13.5 - 4


def _link(page: Page, url: str, x0: float, y0: float, x1: float, y1: float) -> None:
    """A link annotation (URI action) over a rectangle, without a visible border."""
    if not page.measuring:
        page.c.linkURL(url, (x0, y0, x1, y1), relative=0, thickness=0)


def _bullets(page: Page, y: float, width: float, items: list[str], size: float = 9.5) -> float:
    for item in items:
        page.text(MARGIN + 2, y, "・", size)
        for line in page.wrap(item, size, width - 12):
            page.text(MARGIN + 12, y, line, size)
            y -= size * 1.55
        y -= 2
    return y
