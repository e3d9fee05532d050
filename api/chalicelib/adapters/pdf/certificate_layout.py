"""The layout of 電子保証の写し (the signed PDF copy of what a number and key show): A4,
the copy mark on every page, the certificate, its status and history, and how to check
the signature. reportlab is imported inside: only a copy request needs it."""
from __future__ import annotations

import datetime as dt
import io

from ...domain import certificate_text, signed_documents
from ...domain.instruments import INSTRUMENTS, ISSUER_TYPES
from ...domain.formatting import JST, time_ja
from ..jose import kid_of
from . import fonts
from .drawing import ACCENT, CONTENT_W, INK, MARGIN, MM, MUTED, PAGE_H, PAGE_W, RULE, SHADE, Page, ruled_table

MARK = "閲覧用の写し。提出書類には使えません"
TITLE = "電子保証の写し"
# What a copy carries besides the page, for a checker (devtools.verify) to compare.
JWS_NAME = "certificate.jws"
JWKS_NAME = "jwks.json"
COPY_NAME = "copy.json"
COPY_TYPE = signed_documents.COPY_TYPE  # stated once, in the domain (the use case writes copy.json)


_WARN = (0.70, 0.09, 0.09)  # the copy mark, and a cancellation: red means "do not rely on this"
_WARN_SHADE = (0.99, 0.93, 0.93)
_AMBER = (0.60, 0.33, 0.02)
_AMBER_SHADE = (0.99, 0.96, 0.90)
_OK = (0.10, 0.42, 0.22)
_STATUS_COLOURS = {"valid": _OK, "superseded": _AMBER, "expired": _AMBER, "cancelled": _WARN}
_SUBSTITUTE = "〓"  # the printers' mark for a character that cannot be set


def render(view: dict, moment: dt.datetime, signer_kid: str, jwks_url: str) -> bytes:
    """The unsigned copy (A4, one page for ordinary guarantees, more when the history is long).
    Same view and moment, same bytes."""
    fonts.font("main")  # registered before the canvas names it as its initial font
    return _Copy(view, moment, signer_kid, jwks_url).compose()


class _Copy:
    def __init__(self, view: dict, moment: dt.datetime, signer_kid: str, jwks_url: str):
        self.view = view
        self.cert = view["certificate"]
        self.moment = moment.astimezone(JST)
        self.signer_kid = signer_kid
        self.jwks_url = jwks_url
        self.jws_kid = kid_of(view["jws"])
        self.substituted = False
        self.page_start = True
        self.instrument = INSTRUMENTS[self.cert["kind"]]
        # The three kinds of a 保証事業会社 keep the copy they always had; the others print their paper's title.
        self.own_words = self.instrument.own_words
        self.issuer = ISSUER_TYPES[self.instrument.issuer_type] if self.own_words else "保証会社"
        self.number = f"{self.instrument.number_label} {self.cert['contract_number']}"

    # Values come from the issuance request (checked printable then) and from reference data;
    # a character no font has is marked rather than crashing the layout or vanishing.
    def clean(self, text: str | None) -> str:
        text = text or ""
        bad = set(fonts.unprintable(text))
        if not bad:
            return text
        self.substituted = True
        return "".join(_SUBSTITUTE if ch in bad else ch for ch in text)

    def _canvas(self, buffer):
        from reportlab.lib.pagesizes import A4
        from reportlab.pdfgen.canvas import Canvas
        return Canvas(buffer, pagesize=A4, invariant=1, pageCompression=1, lang="ja-JP", pdfVersion=(1, 7),
                      initialFontName=fonts.MAIN)

    # Page geometry: the mark band on top of every page, a footer line at the bottom.
    def _top(self) -> float:
        return PAGE_H - MARGIN - 18 * MM

    def _bottom(self) -> float:
        return MARGIN + 6 * MM

    def blocks(self):
        history = self.view.get("history") or []
        # In short runs, so that a long history fills the page it starts on before flowing on.
        chunks = [history[i:i + 4] for i in range(0, len(history), 4)] or [[]]
        return ([self.head, self.state, self.guarantee_table, self.project_table, self.contractor_table,
                 self.surety_table]
                + [lambda page, y, c=c, first=(i == 0): self.history(page, y, c, first) for i, c in enumerate(chunks)]
                + [self.how_to_check])

    def compose(self) -> bytes:
        blocks = self.blocks()
        scratch = Page(self._canvas(io.BytesIO()), measuring=True)
        heights = [self._top() - block(scratch, self._top()) for block in blocks]
        pages: list[list[int]] = [[]]
        y = self._top()
        gap = 3 * MM
        for i, h in enumerate(heights):
            if pages[-1] and y - h < self._bottom():
                pages.append([])
                y = self._top()
            pages[-1].append(i)
            y -= h + gap

        buffer = io.BytesIO()
        c = self._canvas(buffer)
        pdf_date = self.moment.strftime("D:%Y%m%d%H%M%S+09'00'")
        c.setDateFormatter(lambda *_: pdf_date)
        c.setTitle(f"{self.instrument.document_title}の写し（閲覧用） {self.number}" if self.own_words
                   else f"{TITLE}（閲覧用） {self.number}")
        c.setAuthor("電子保証ポータル")
        c.setSubject(f"{MARK}。{self.number} 第{self.cert['version']}版")
        c.setCreator("電子保証ポータル")
        page = Page(c)
        for number, indices in enumerate(pages, start=1):
            self.watermark(page)
            self.mark_band(page)
            y = self._top()
            for i in indices:
                self.page_start = i == indices[0]
                y = blocks[i](page, y) - gap
            self.footer(page, number, len(pages))
            c.showPage()
        c.save()
        return buffer.getvalue()

    # -- every page

    def watermark(self, page) -> None:
        c = page.c
        c.saveState()
        c.setFillAlpha(0.07)
        c.translate(PAGE_W / 2, PAGE_H / 2)
        c.rotate(36)
        page.text(0, 10, "閲覧用の写し", 78, align="center", color=_WARN)
        page.text(0, -50, "提出書類には使えません", 36, align="center", color=_WARN)
        c.restoreState()

    def mark_band(self, page) -> None:
        c = page.c
        top = PAGE_H - MARGIN
        height = 15 * MM
        c.setFillColorRGB(*_WARN_SHADE)
        c.setStrokeColorRGB(*_WARN)
        c.setLineWidth(1.4)
        c.roundRect(MARGIN, top - height, CONTENT_W, height, 3, stroke=1, fill=1)
        page.text(PAGE_W / 2, top - 7 * MM, MARK, 15, align="center", color=_WARN, bold=True)
        page.text(PAGE_W / 2, top - 12 * MM,
                  "発注者への提出は「認証キーのお知らせ」の保証契約番号と認証キーで行います。"
                  "この写しは契約書類の綴り込み用です。", 8.5, align="center")

    def footer(self, page, number: int, total: int) -> None:
        y = MARGIN
        page.rule(MARGIN, y + 4 * MM, PAGE_W - MARGIN, y + 4 * MM, 0.4)
        page.text(MARGIN, y, f"{TITLE}（閲覧用）　{self.number}　"
                                f"第{self.cert['version']}版　{self.moment_text()} 作成", 7.5, color=MUTED)
        page.text(PAGE_W - MARGIN, y, f"{number} / {total}", 7.5, align="right", color=MUTED)

    def moment_text(self) -> str:
        return time_ja(self.moment)

    # -- blocks: each draws from a top y and returns its bottom y

    def head(self, page, y: float) -> float:
        y -= 19
        if not self.own_words:
            page.text(PAGE_W / 2, y, TITLE, 19, align="center", bold=True)
            return y - 3
        page.text(PAGE_W / 2, y, self.instrument.document_title, 19, align="center", bold=True)
        y -= 15
        page.text(PAGE_W / 2, y, f"（{TITLE}）", 10.5, align="center", color=MUTED)
        return y - 3

    def state(self, page, y: float) -> float:
        """Status at download time, version, and the banner: what decides how to read the rest."""
        c = page.c
        g = self.view["guarantee"]
        colour = _STATUS_COLOURS.get(g["status"], ACCENT)
        label = f"状態：{g['status_label']}"
        size = 12
        width = page.width(label, size) + 8 * MM
        c.setFillColorRGB(*colour)
        c.roundRect(MARGIN, y - 9 * MM, width, 9 * MM, 2.5, stroke=0, fill=1)
        page.text(MARGIN + 4 * MM, y - 6.2 * MM, label, size, color=(1, 1, 1), bold=True)
        version = f"第{g['version']}版" + ("（最新）" if g["version"] == g["latest_version"]
                                          else f"（最新は第{g['latest_version']}版）")
        page.text(MARGIN + width + 5 * MM, y - 6.2 * MM, version, 11)
        page.text(PAGE_W - MARGIN, y - 6.2 * MM, f"確認日時 {self.moment_text()}", 9,
                  align="right", color=MUTED)
        y -= 9 * MM
        receipt = self.view.get("receipt")
        y = page.paragraph(MARGIN + 1, y - 14, "受領確認：" + self.clean(
            receipt["label"] if receipt else "この版の受領は、作成時点では記録されていません。"), 9.5, CONTENT_W) + 9.5 * 1.55 - 3
        banner = self.view.get("banner")
        if banner:
            y -= 3 * MM
            shade = _WARN_SHADE if banner["kind"] == "cancelled" else _AMBER_SHADE
            ink = _WARN if banner["kind"] == "cancelled" else _AMBER
            lines = page.wrap(self.clean(banner["message"]), 10.5, CONTENT_W - 8 * MM)
            advice = (page.wrap(self.clean(banner["advice"]), 9, CONTENT_W - 8 * MM)
                      if banner.get("advice") else [])
            height = 4 * MM + len(lines) * 15 + len(advice) * 13.5 + 1.5 * MM
            c.setFillColorRGB(*shade)
            c.roundRect(MARGIN, y - height, CONTENT_W, height, 2, stroke=0, fill=1)
            c.setFillColorRGB(*ink)
            c.rect(MARGIN, y - height, 2.2, height, stroke=0, fill=1)
            line_y = y - 4 * MM - 6
            for line in lines:
                page.text(MARGIN + 4 * MM, line_y, line, 10.5, color=ink, bold=True)
                line_y -= 15
            for line in advice:
                page.text(MARGIN + 4 * MM, line_y, line, 9)
                line_y -= 13.5
            y -= height
        return y

    def _section(self, page, y: float, heading: str, rows: list[tuple[str, list[str]]]) -> float:
        page.heading(MARGIN, y - 11, heading)
        return ruled_table(page, [(k, [self.clean(v) for v in vs if v] or ["—"]) for k, vs in rows], y - 17, 9.5)

    def guarantee_table(self, page, y: float) -> float:
        rows = certificate_text.guarantee_rows(self.cert)
        cancellation = self.view["guarantee"].get("cancellation")
        if cancellation:
            _, label, lines = certificate_text.cancellation_row(cancellation)
            rows.insert(0, (label, lines))
        return self._section(page, y, "保証の内容", rows)

    def project_table(self, page, y: float) -> float:
        return self._section(page, y, "工事の内容", certificate_text.project_rows(self.cert))

    def contractor_table(self, page, y: float) -> float:
        return self._section(page, y, self.instrument.contractor_title, certificate_text.contractor_rows(self.cert))

    def surety_table(self, page, y: float) -> float:
        return self._section(page, y, self.instrument.issuer_title, certificate_text.surety_rows(self.cert))

    def history(self, page, y: float, entries: list[dict], first: bool) -> float:
        """変更の履歴 up to this version, as on the verification page (版・日付・内容・変更点)."""
        c = page.c
        size, leading, pad = 8.8, 8.8 * 1.45, 1.5 * MM
        widths = [16 * MM, 30 * MM, 32 * MM]
        widths.append(CONTENT_W - sum(widths))
        # A run that continues the table on the same page needs no heading of its own
        # (measured with one: the scratch page cannot know where a block will land).
        headed = first or self.page_start or page.measuring
        if headed:
            y -= 11
            page.heading(MARGIN, y, "変更の履歴" if first else "変更の履歴（続き）")
            y -= 6
        else:
            y += 3 * MM - 0.4  # the previous run's bottom rule is this run's top
        if not entries:
            return page.paragraph(MARGIN + 2, y - 12, "履歴はありません。", 9, CONTENT_W, color=MUTED) + 6
        rows = [["版", "日付", "内容", "変更点"]] if headed else []
        for e in certificate_text.history_rows(entries):
            changes = "\n".join(self.clean(f"{ch['label']}：{ch['before']} → {ch['after']}")
                                for ch in e["changes"]) or "—"
            rows.append([e["version"], e["date"], self.clean(e["content"]), changes])
        top = y
        x_edges = [MARGIN]
        for w in widths:
            x_edges.append(x_edges[-1] + w)
        for r, row in enumerate(rows):
            cells = [[line for part in text.split("\n") for line in page.wrap(part, size, w - 2 * pad)]
                     for text, w in zip(row, widths)]
            height = 2 * pad + size + (max(map(len, cells)) - 1) * leading
            header = headed and r == 0
            if header:
                c.setFillColorRGB(*SHADE)
                c.rect(MARGIN, y - height, CONTENT_W, height, stroke=0, fill=1)
            for x, lines in zip(x_edges, cells):
                baseline = y - pad - size * 0.88
                for line in lines:
                    page.text(x + pad, baseline, line, size, color=ACCENT if header else INK)
                    baseline -= leading
            y -= height
            page.rule(MARGIN, y, PAGE_W - MARGIN, y, 0.4)
        for x in x_edges[1:-1]:
            page.rule(x, top, x, y, 0.4)
        c.setStrokeColorRGB(*INK)
        c.setLineWidth(0.8)
        c.rect(MARGIN, y, CONTENT_W, top - y, stroke=1, fill=0)
        return y

    def how_to_check(self, page, y: float) -> float:
        """What the signature means, in plain words a records clerk can read; the technical way
        to check it offline in small print, for whoever is asked to."""
        c = page.c
        width = CONTENT_W - 7 * MM
        kids = f"署名鍵ID（kid）：{self.signer_kid}"
        if self.jws_kid != self.signer_kid:
            kids = f"PDF署名の鍵ID（kid）：{self.signer_kid}　JWS署名の鍵ID（kid）：{self.jws_kid}"
        paragraphs = [
            ("この写しは、電子保証ポータルが作成し、電子署名をしたものです。PDF を開くソフト（Adobe Acrobat Reader など）の"
             "署名の表示で、作成後に書き換えられていないことを確認できます。記載の内容は、"
             f"{self.issuer}が発行した時に電子保証ポータルが署名した内容と照らし合わせてあります。その後の変更・解約は、電子保証ポータルの確認ページでご確認ください。",
             INK, 8.5),
            (f"技術的な情報：PDF の電子署名（PAdES）と、発行時の内容への署名（添付の {JWS_NAME}、JWS・ES256）を含みます。"
             f"添付の {COPY_NAME} は本書の記載内容、{JWKS_NAME} は作成時点の公開鍵一覧です。公開鍵一覧（{self.jwks_url}）"
             "だけで、インターネットに接続せずに ① PDF の署名 ② JWS の署名 ③ JWS の内容と本書の一致 を確かめられます"
             "（確認ツール：python -m devtools.verify <この PDF> --jwks <JWKS ファイル>）。" + kids,
             MUTED, 6.8),
        ]
        if self.substituted:
            paragraphs.append((f"「{_SUBSTITUTE}」は、この写しの文字セットにない文字です。正しい文字は添付の JWS に含まれています。",
                               _WARN, 8.5))
        lines = [(line, colour, size) for text, colour, size in paragraphs for line in page.wrap(text, size, width)]
        height = 3 + 7 * MM + sum(size * 1.36 for _, _, size in lines)
        c.setStrokeColorRGB(*RULE)
        c.setLineWidth(0.6)
        c.roundRect(MARGIN, y - height, CONTENT_W, height, 2, stroke=1, fill=0)
        page.text(MARGIN + 3.5 * MM, y - 5.5 * MM, "電子署名について", 9.5, color=ACCENT, bold=True)
        line_y = y - 5.5 * MM - 13
        for line, colour, size in lines:
            page.text(MARGIN + 3.5 * MM, line_y, line, size, color=colour)
            line_y -= size * 1.36
        return y - height
