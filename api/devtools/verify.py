"""Offline check of an 電子保証: a compact JWS, or a signed PDF copy (電子保証の写し), against
a JWKS file. Nothing is fetched: the JWKS given on the command line is the only trust anchor
(no CA, no OCSP, no CRL), so the check still works when the portal is gone.

    PYTHONPATH=api python -m devtools.verify FILE --jwks JWKS.json

Exit status 0 only when every check holds; 1 when any fails; 2 for a usage error.

For a PDF: the signature must be intact and cover the document (nothing changed after
signing), its signing key must be a key of the JWKS, the attached JWS must verify against
the JWKS, and what the JWS says must equal what the copy says (its copy.json and, when
poppler's pdftotext is installed, the printed contract number and amount).
"""
from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import logging
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

# The checker needs no portal, database or key: only the formats (no AWS library is imported).
from chalicelib.adapters import certificates, jose
from chalicelib.adapters.pdf import certificate_layout
from chalicelib.domain.instruments import INSTRUMENTS

# Fields of the certificate that legitimately differ between the JWS (status at issuance)
# and the copy (status when it was made).
_STATUS_FIELDS = ("status", "status_label")


@dataclass
class Report:
    lines: list[str] = field(default_factory=list)
    failed: bool = False

    def check(self, ok: bool | None, ja: str, en: str) -> bool | None:
        self.lines.append(f"[{'OK' if ok else 'NG'}] {ja} / {en}")
        self.failed |= not ok
        return ok

    def note(self, ja: str, en: str = "") -> None:
        self.lines.append(f"     {ja}" + (f" / {en}" if en else ""))

    def skip(self, ja: str, en: str) -> None:
        self.lines.append(f"[--] {ja} / {en}")


# ---- JWS ------------------------------------------------------------------------------------

def _jws_header(jws: str) -> dict:
    try:
        return json.loads(jose.b64url_decode(jws.split(".")[0]))
    except (ValueError, IndexError):
        return {}


def check_jws(jws: str, jwks: dict, report: Report, what: str = "JWS", what_en: str = "JWS") -> dict | None:
    """The signed document if the JWS verifies against the JWKS."""
    kid = _jws_header(jws).get("kid", "?")
    try:
        document = jose.verify(jws, jwks)
    except jose.InvalidSignature as e:
        reason = {"unknown key": ("署名した鍵が JWKS にありません", "the signing key is not in the JWKS"),
                  "signature does not match": ("署名が内容と一致しません（改ざんされています）",
                                               "the signature does not match the content (tampered)"),
                  }.get(str(e), ("JWS の形式が正しくありません", f"malformed JWS ({e})"))
        report.check(False, f"{what} の署名: {reason[0]}（kid {kid}）", f"{what_en} signature: {reason[1]} (kid {kid})")
        return None
    if document.get("platform") != jose.PLATFORM_ID or document.get("type") != "e-guarantee-certificate":
        report.check(False, f"{what} は電子保証の証明書ではありません", f"{what_en} is not an e-guarantee certificate")
        return None
    report.check(True, f"{what} の署名は JWKS の鍵で正しく検証できました（kid {kid}）",
                 f"{what_en} signature verifies with a JWKS key (kid {kid})")
    return document


def _labels(certificate: dict) -> dict[str, str]:
    """The instrument's own words for its parts (instruments.py); a kind this checker does
    not know (a newer portal's) is shown with the 前払金保証's words."""
    i = INSTRUMENTS.get(certificate.get("kind", "")) or INSTRUMENTS["advance_payment"]
    return {"number": i.number_label, "amount": i.amount_label, "period": i.period_label,
            "orderer": i.orderer_label, "contractor": i.contractor_title, "issuer": i.issuer_title}


def _essentials(certificate: dict) -> list[tuple[str, str]]:
    c = certificate
    period = c.get("guarantee_period") or {}
    orderer = c.get("orderer") or {}
    words = _labels(c)
    branch = c.get("guarantor_branch") or {}
    rows = [
        (f"{words['number']} / contract number", c.get("contract_number", "")),
        ("保証の種類 / kind", c.get("kind_label", c.get("kind", ""))),
        (f"{words['amount']} / amount", f"{c['amount']:,}円" if isinstance(c.get("amount"), int) else ""),
        (f"{words['period']} / period", f"{period.get('start', '')} 〜 {period.get('end', '')}"),
        (f"{words['orderer']} / orderer", f"{orderer.get('prefecture', '')}{orderer.get('name', '')}"),
        ("工事名 / project", (c.get("project") or {}).get("name", "")),
        (f"{words['contractor']} / contractor", (c.get("contractor") or {}).get("name", "")),
        (f"{words['issuer']} / issuer" if words["issuer"] != "保証会社" else "保証会社 / surety",
         (c.get("surety") or {}).get("name", "")),
    ]
    if branch:
        rows.append(("保証する支店 / branch", " ".join(v for v in (branch.get("name"), branch.get("representative")) if v)))
    if c.get("riders"):
        rows.append(("特約 / riders", "、".join(c["riders"])))
    return rows + [
        ("発行日 / issued", c.get("issue_date", "")),
        ("版 / version", f"第{c.get('version')}版"),
    ]


def print_certificate(document: dict, out, status_now: dict | None = None, trusted: bool = True) -> None:
    print("", file=out)
    if trusted:
        print("署名された電子保証の内容 / What the JWS certifies:", file=out)
    else:
        print("参考: JWS の内容（検証に失敗したため、信頼できません）/ "
              "For reference only: the JWS content (the check failed: do not rely on it):", file=out)
    for label, value in _essentials(document["certificate"]):
        print(f"  {label}: {value}", file=out)
    print(f"  署名時の状態 / status when signed: {document['certificate'].get('status_label', '')} "
          f"({document.get('status_at_signing')}), {document.get('issued_at')}", file=out)
    if status_now:
        print(f"  写し作成時の状態 / status when the copy was made: {status_now['status_label']} "
              f"({status_now['status']}), 第{status_now['version']}版 / 最新 第{status_now['latest_version']}版", file=out)


# ---- PDF ------------------------------------------------------------------------------------

def _jwk_for_certificate(certificate, jwks: dict) -> dict | None:
    """The JWKS key equal to the certificate's public key (compared by RFC 7638 thumbprint)."""
    try:
        kid = certificates.kid_of(certificate)
    except Exception:  # noqa: BLE001 - not an EC P-256 key: cannot be one of ours
        return None
    for jwk in jwks.get("keys", []):
        try:
            if jose.jwk_thumbprint(jwk) == kid:
                return jwk
        except KeyError:
            continue
    return None


def _attachments(pdf: bytes) -> dict[str, bytes]:
    """Embedded files by name, from a document (flat or nested /EmbeddedFiles name tree)."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    found: dict[str, bytes] = {}

    def walk(node, depth=0):
        if depth > 8:
            return
        if "/Names" in node:
            names = node["/Names"]
            for i in range(0, len(names) - 1, 2):
                spec = names[i + 1]
                stream = spec["/EF"].get("/UF") or spec["/EF"]["/F"]
                found[str(names[i])] = stream.get_object().data
        for kid in node.get("/Kids", []):
            walk(kid, depth + 1)

    try:
        walk(reader.root["/Names"]["/EmbeddedFiles"])
    except KeyError:
        pass
    return found


def _strip_status(certificate: dict) -> dict:
    """What must be equal in the JWS and the copy: all but the status, and the orderer by its id
    (the copy names it as the registry does when the copy is made: a body renamed since, for a
    merger or a new 市制, keeps its id)."""
    kept = {k: v for k, v in certificate.items() if k not in _STATUS_FIELDS}
    if isinstance(kept.get("orderer"), dict):
        kept["orderer"] = {"id": kept["orderer"].get("id")}
    return kept


def _orderer_label(certificate: dict) -> str:
    o = certificate.get("orderer") or {}
    name, prefecture = str(o.get("name", "")), str(o.get("prefecture", ""))
    return name if not prefecture or name.startswith(prefecture) else prefecture + name


def _printed_text(pdf: bytes) -> str | None:
    tool = shutil.which("pdftotext")
    if tool is None:
        return None
    result = subprocess.run([tool, "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=False)
    return result.stdout.decode("utf-8", "replace") if result.returncode == 0 else None


def check_pdf(pdf: bytes, jwks: dict, report: Report) -> tuple[dict | None, dict | None]:
    """(signed JWS document, copy.json) of a signed copy; fills the report."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import KeyUsageConstraints, validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        signatures = reader.embedded_signatures
    except Exception as e:  # noqa: BLE001 - any parse failure is a failed check, never a traceback
        report.check(False, f"PDF を読み取れません（{type(e).__name__}）", f"cannot parse the PDF ({e})")
        return None, None
    if not signatures:
        report.check(False, "PDF に電子署名がありません", "the PDF has no signature")
        return None, None
    signature = signatures[0]  # the portal's: the first one made
    try:
        signer_cert = signature.signer_cert
    except Exception as e:  # noqa: BLE001
        report.check(False, "署名データを読み取れません", f"cannot read the signature ({e})")
        return None, None

    jwk = _jwk_for_certificate(signer_cert, jwks)
    report.check(jwk is not None,
                 f"PDF に署名した鍵が JWKS にあります（kid {jwk['kid']}）" if jwk else "PDF に署名した鍵が JWKS にありません",
                 "the PDF signing key is in the JWKS" if jwk else "the PDF signing key is not in the JWKS")

    # The JWKS decides trust, so the certificate whose key it lists is the trust root; its
    # validity period is judged at the signing time it states, since retired keys stay in
    # the JWKS exactly so that old copies keep checking. No fetching: offline by design.
    moment = signature.self_reported_timestamp or dt.datetime.now(dt.timezone.utc)
    context = ValidationContext(trust_roots=[signer_cert] if jwk else [], allow_fetching=False,
                                revocation_mode="soft-fail", moment=moment)
    try:
        status = validate_pdf_signature(
            signature, context,
            key_usage_settings=KeyUsageConstraints(key_usage={"digital_signature", "non_repudiation"}))
    except Exception as e:  # noqa: BLE001
        report.check(False, "PDF の署名を検証できません", f"the PDF signature cannot be validated ({type(e).__name__}: {e})")
        return None, None
    report.check(status.intact and status.valid,
                 "PDF の署名は内容と一致します（署名後の改ざんなし）" if status.intact and status.valid
                 else "PDF の署名が内容と一致しません（改ざんされています）",
                 "the PDF signature matches the signed bytes" if status.intact and status.valid
                 else "the PDF signature does not match the signed bytes (tampered)")
    unchanged = status.coverage == SignatureCoverageLevel.ENTIRE_FILE or (
        status.docmdp_ok and status.modification_level in (ModificationLevel.NONE, ModificationLevel.LTA_UPDATES))
    report.check(unchanged,
                 "署名の後に変更（追記）はありません" if unchanged else "署名の後に PDF が変更されています",
                 "nothing was appended after signing" if unchanged
                 else f"the PDF was changed after signing ({cast(SignatureCoverageLevel, status.coverage).name}, {status.modification_level})")
    if jwk and status.intact and status.valid:
        report.check(status.trusted, "署名証明書は JWKS の鍵のものとして有効です" if status.trusted
                     else "署名証明書を JWKS の鍵のものとして確認できません",
                     "the signing certificate is valid for the JWKS key" if status.trusted
                     else "the signing certificate cannot be validated for the JWKS key")
    when = status.signer_reported_dt
    if status.timestamp_validity is not None:
        ts = status.timestamp_validity
        report.note(f"タイムスタンプ {ts.timestamp.isoformat()}（{'一致' if ts.intact and ts.valid else '不一致'}、"
                    "TSA の信頼性は確認していません）",
                    f"time-stamp {ts.timestamp.isoformat()} ({'intact' if ts.intact and ts.valid else 'NOT intact'}; "
                    "TSA not checked against a trust list)")
        report.check(ts.intact and ts.valid, "タイムスタンプは署名と一致します", "the time-stamp matches the signature")
    elif when:
        report.note(f"署名日時（署名者の申告）{when.isoformat()}", f"signing time as stated by the signer {when.isoformat()}")

    # Attachments from the signed revision only: whatever a later revision adds is not signed.
    start, length = signature.byte_range[2], signature.byte_range[3]
    files = _attachments(pdf[: start + length])
    jws = files.get(certificate_layout.JWS_NAME)
    if jws is None:
        report.check(False, f"添付ファイル {certificate_layout.JWS_NAME} がありません", f"no {certificate_layout.JWS_NAME} attached")
        return None, None
    name = certificate_layout.JWS_NAME
    document = check_jws(jws.decode("ascii", "replace").strip(), jwks, report,
                         f"添付の JWS（{name}）", f"attached JWS ({name})")
    raw_copy = files.get(certificate_layout.COPY_NAME)
    try:
        shown = json.loads(raw_copy) if raw_copy is not None else None
    except ValueError:
        shown = None
    if not isinstance(shown, dict) or shown.get("type") != certificate_layout.COPY_TYPE:
        report.check(False, f"添付ファイル {certificate_layout.COPY_NAME}（写しの記載内容）がありません",
                     f"no readable {certificate_layout.COPY_NAME} attached")
        return document, None
    if document is None:
        return None, shown

    signed, copied = document["certificate"], shown.get("certificate") or {}
    words = _labels(signed)
    for key, ja, en, shown_as in (("contract_number", words["number"], "contract number", str),
                                  ("amount", words["amount"], "amount", lambda v: f"{v:,}円" if isinstance(v, int) else str(v))):
        equal = signed.get(key) == copied.get(key)
        report.check(equal,
                     f"{ja}が JWS と写しで一致します（{shown_as(signed.get(key))}）" if equal
                     else f"{ja}が JWS（{shown_as(signed.get(key))}）と写し（{shown_as(copied.get(key))}）で異なります",
                     f"the {en} is the same in the JWS and the copy" if equal
                     else f"the {en} differs between the JWS and the copy")
    stripped_signed, stripped_copied = _strip_status(signed), _strip_status(copied)
    same = (stripped_signed == stripped_copied
            and (shown.get("guarantee") or {}).get("version") == document.get("version"))
    different = sorted(k for k in set(stripped_signed) | set(stripped_copied)
                       if stripped_signed.get(k) != stripped_copied.get(k))
    report.check(same, "JWS の内容と写しの記載内容（状態以外のすべての項目・版）が一致します" if same
                 else f"JWS と写しの記載内容が異なります: {', '.join(different) or 'version'}",
                 "every field of the JWS equals the copy (except the status)" if same
                 else "the JWS and the copy differ")
    if same and _orderer_label(signed) != _orderer_label(copied):
        report.note(f"発注者の名称が、署名時の「{_orderer_label(signed)}」から「{_orderer_label(copied)}」に変わっています（同じ発注者 ID）",
                    "the orderer was renamed since signing (same id)")

    text = _printed_text(pdf)
    if text is None:
        report.skip("印字内容の照合は省略（pdftotext がありません）", "printed text not compared (no pdftotext)")
    else:
        flat = "".join(text.split())
        printed = signed.get("contract_number", "") in flat and f"{signed.get('amount', 0):,}円" in flat
        printed_fields = f"{words['number']}・{words['amount']}"
        report.check(printed, f"印字された{printed_fields}が JWS と一致します" if printed
                     else f"印字された{printed_fields}が JWS と一致しません",
                     "the printed contract number and amount match the JWS" if printed
                     else "the printed contract number or amount does not match the JWS")
    return document, shown


# ---- command line ---------------------------------------------------------------------------

def run(path: Path, jwks_path: Path, out=sys.stdout) -> int:
    try:
        jwks = json.loads(jwks_path.read_text(encoding="utf-8"))
        if not isinstance(jwks, dict) or not isinstance(jwks.get("keys"), list):
            raise ValueError("no keys")
    except (OSError, ValueError) as e:
        print(f"JWKS を読み取れません / cannot read the JWKS: {jwks_path} ({e})", file=out)
        return 2
    try:
        data = path.read_bytes()
    except OSError as e:
        print(f"ファイルを読み取れません / cannot read the file: {path} ({e})", file=out)
        return 2

    report = Report()
    status_now = None
    if data.lstrip()[:5] == b"%PDF-":
        kind = "PDF（電子保証の写し）/ PDF copy"
        document, shown = check_pdf(data, jwks, report)
        status_now = (shown or {}).get("guarantee") if document else None
    else:
        kind = "JWS"
        document = check_jws(data.decode("ascii", "replace").strip(), jwks, report)

    print(f"ファイル / file: {path}  [{kind}]", file=out)
    print(f"JWKS: {jwks_path}（{len(jwks['keys'])} 鍵 / keys）", file=out)
    print("", file=out)
    for line in report.lines:
        print(line, file=out)
    if document is not None:
        print_certificate(document, out, status_now, trusted=not report.failed)
    print("", file=out)
    if report.failed or document is None:
        print("結果: 無効 — 改ざん、または JWKS にない鍵による署名です。この内容を信頼しないでください。", file=out)
        print("RESULT: INVALID — tampered, or signed by a key not in the JWKS. Do not rely on this content.", file=out)
        return 1
    print("結果: 有効 — 改ざんはなく、署名は JWKS の鍵で確認できました。", file=out)
    print("RESULT: VALID — not tampered with; the signatures verify with keys in the JWKS.", file=out)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m devtools.verify",
        description="電子保証（JWS または署名付き PDF の写し）を JWKS だけでオフライン確認します。 "
                    "Check an e-guarantee JWS or signed PDF copy offline against a JWKS file.")
    parser.add_argument("file", type=Path, help="compact JWS (text) or PDF")
    parser.add_argument("--jwks", type=Path, required=True, help="JWKS file (the portal's /.well-known/jwks.json)")
    args = parser.parse_args(argv)
    # pyHanko logs every failed path build with a traceback; the report already says what failed.
    for name in ("pyhanko", "pyhanko_certvalidator"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    return run(args.file, args.jwks)


if __name__ == "__main__":
    sys.exit(main())
