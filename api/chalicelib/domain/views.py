"""What a key shows the orderer: the version it opens (never a newer one), the guarantee's
status, a banner when the key is not the current word, the history up to that version,
and the receipt."""
from __future__ import annotations

from typing import Any, cast

import datetime as dt
from dataclasses import dataclass

from . import certificate_text, security_rules
from .instruments import issuer_word
from .formatting import date_ja, iso_utc, time_ja, today_in_japan
from .guarantee import STATUS_LABELS, Version
from .orderers import PublicBody


@dataclass(frozen=True)
class GuaranteeState:
    """A guarantee's live state: its versions, cancellation and receipts as they stand now."""
    guarantee_id: str
    surety_id: str
    contract_number: str
    latest_version: int
    status: str
    history: list[dict[str, Any]]
    cancellation: dict[str, Any] | None
    receipts: dict[str, dict[str, Any]]
    contractor_email: str | None


def status_of(version: Version, state: GuaranteeState, today: dt.date) -> str:
    return version.status_on(today, cancelled=state.status == "cancelled",
                             superseded=version.version < state.latest_version)


def banner(version: Version, state: GuaranteeState, status: str) -> dict[str, Any] | None:
    if status == "cancelled":
        return {"kind": "cancelled",
                "message": f"この保証契約は解約されています（{date_ja(cast(dict[str, Any], state.cancellation)['date'])}）",
                "advice": "解約された保証契約の電子保証は、保証の対象になりません。詳しくは、受注者（"
                          f"{version.terms.contractor.name}）または発行元の{issuer_word(version.terms.kind)}（{version.surety_name}）に"
                          "お問い合わせください。"}
    if status == "superseded":
        latest = state.history[-1]
        return {"kind": "superseded",
                "message": f"この電子保証は変更されています（最新：第{latest['version']}版・{latest['label']} {date_ja(latest['date'])}）",
                "advice": "最新の電子保証は、受注者から新しい「認証キーのお知らせ」を受け取って確認してください。"}
    if status == "expired":
        end = version.terms.guarantee_period.end
        return {"kind": "expired",
                "message": f"この電子保証は保証期間が終了しています（{date_ja(end)}まで）",
                "advice": "保証期間の延長があった場合は、受注者から新しい「認証キーのお知らせ」を受け取って確認してください。"}
    return None


def receipt_view(receipt: dict[str, Any] | None, orderer_name: str, with_note: bool = False) -> dict[str, Any] | None:
    """A version's receipt as shown; the clerk's note is for the surety only, not for every key
    holder, and the staff account that recorded it is the orderer's own record (its 受領台帳).
    The orderer is the version's, named as the registry names it now (``orderer_name``): the
    name stored with the receipt may be older or shorter."""
    if not receipt:
        return None
    date = date_ja(receipt["date"])
    shown = {k: v for k, v in receipt.items() if (with_note or k != "note") and k != "staff"}
    shown["orderer"] = orderer_name
    shown["label"] = f"受領済み（{shown['orderer']} {receipt['department']}、{date}）"
    shown["date_label"] = date  # as the pages write it (受領済み… / すでに記録されていました…)
    return shown


def public_cancellation(cancellation: dict[str, Any] | None) -> dict[str, Any] | None:
    return {"date": cancellation["date"], "reason": cancellation["reason"]} if cancellation else None


def sections_view(certificate: dict[str, Any], cancellation: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """The certificate as the signed copy prints it (certificate_text): a page lays these out
    and formats nothing itself; the keys name the rows for scripts, the labels for people."""
    return [{"key": key, "title": title,
             "rows": [{"key": row_key, "label": label, "lines": lines} for row_key, label, lines in rows]}
            for key, title, rows in certificate_text.keyed_sections(certificate, cancellation=cancellation)]


def for_key(version: Version, state: GuaranteeState, now: dt.datetime, jws: str | None,
            orderer: PublicBody | None) -> dict[str, Any]:
    """What the key shows at `now` (the product's clock): its state is as of then; the orderer
    (the body of the version's orderer_id, from the registry) as named now."""
    today = today_in_japan(now)
    status = status_of(version, state, today)
    certificate = version.certificate(today, status, orderer=orderer)
    cancellation = public_cancellation(state.cancellation)
    history = state.history[: version.version]
    return {
        # The platform's signature over this version as issued (checkable offline with the JWKS).
        "jws": jws,
        "certificate": certificate,
        "sections": sections_view(certificate, cancellation),
        # When the portal looked: the one date a page puts on what it saves (a PC's clock may be wrong).
        "as_of": iso_utc(now),
        "as_of_label": time_ja(now),
        "guarantee": {
            "version": version.version,
            "latest_version": state.latest_version,
            "status": status,
            "status_label": STATUS_LABELS[status],
            "cancellation": cancellation,
        },
        "banner": banner(version, state, status),
        # What the orderer should look at (the rules a version issued before them may break).
        "cautions": security_rules.cautions(version.terms),
        # Up to this version only: an old key must never reveal what changed later.
        "history": history,
        "history_rows": certificate_text.history_rows(history),
        "receipt": receipt_view(state.receipts.get(str(version.version)), orderer_name(version, orderer)),
    }


def orderer_name(version: Version, orderer: PublicBody | None) -> str:
    """The version's orderer as the portal writes it (長野県佐久市), or its id when the registry
    no longer knows the body."""
    return orderer.written_name if orderer is not None else version.terms.orderer_id
