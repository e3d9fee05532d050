"""usecases/ports/services.Documents: the PDFs, by reportlab and pyHanko (adapters/pdf/).

Each is imported on first use: reportlab and pyHanko are heavy, and a cold start that only
verifies never needs them."""
from __future__ import annotations

import datetime as dt
import json


class PdfDocuments:
    def unprintable(self, text: str) -> list[str]:
        from .pdf import fonts
        return fonts.unprintable(text)

    def notice(self, certificate: dict, shown_key: str, url: str, surety_contact: dict | None,
               amendment: dict | None) -> bytes:
        from .pdf import notice_layout
        return notice_layout.render(certificate, shown_key, url, surety_contact, amendment)

    def certificate_copy(self, view: dict, moment: dt.datetime, signer_kid: str, jwks_url: str, jwks: dict,
                         shown: dict) -> bytes:
        from . import signing
        from .jose import canonical_json
        from .pdf import certificate_layout, pades
        from .pdf.certificate_layout import COPY_NAME, JWKS_NAME, JWS_NAME

        holder = signing.current_signer()  # the holder of signer_kid (the use case read it from here)
        pdf = certificate_layout.render(view, moment, signer_kid, jwks_url)
        attachments = {
            JWS_NAME: (view["jws"].encode("ascii"), "application/jose",
                       "発行時の電子保証の内容と電子保証ポータルの署名 (JWS, ES256)"),
            JWKS_NAME: (json.dumps(jwks, ensure_ascii=False, indent=1).encode("utf-8"), "application/jwk-set+json",
                        "作成時点の公開鍵一覧 (JWKS)。参考: 確認には公開されている JWKS を使ってください"),
            COPY_NAME: (canonical_json(shown), "application/json", "この写しに記載した内容 (JSON)"),
        }
        return pades.seal(pdf, attachments, holder, timestamper=pades.timestamper(), moment=moment)
