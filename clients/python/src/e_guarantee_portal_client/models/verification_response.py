from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.amended_history_entry import AmendedHistoryEntry
  from ..models.banner import Banner
  from ..models.certificate import Certificate
  from ..models.certificate_section import CertificateSection
  from ..models.history_row import HistoryRow
  from ..models.issued_history_entry import IssuedHistoryEntry
  from ..models.key_guarantee_state import KeyGuaranteeState
  from ..models.receipt import Receipt





T = TypeVar("T", bound="VerificationResponse")



@_attrs_define
class VerificationResponse:
    """ 照合の結果 / What a key shows. すべてこのキーの版から見たもので、より新しい版の内容は含みません。

        Attributes:
            jws (None | str): このキーの版に対するポータルの署名（JWS compact、ES256）。`GET /.well-known/jwks.json` の公開鍵で検証できます。
                署名機能より前に登録された版では `null` です。
            certificate (Certificate): 電子保証（1つの版の内容。発注者が確認する内容）/ One version of the electronic guarantee, as the orderer
                sees it.
                `status` は保証契約の状態と照合した日（日本時間）で判定します: 解約されていれば `cancelled`、
                より新しい版があれば `superseded`、保証期間の終期を過ぎていれば `expired`、それ以外は `valid`。
            sections (list[CertificateSection]): `certificate` を、お知らせと署名付きの写し（PDF）が印字するとおりの見出しと行にしたもの
                （金額・日付・期間は「1,000,000円」「2026年7月1日 〜 2027年3月31日」の形に書いたもの）。
                画面はこれを並べるだけで、値を自分で書き直しません。値のない行は含みません。
                / The certificate as the PDFs print it: sections of labelled rows, every value written for people.
            as_of (datetime.datetime): 日時（UTC、秒単位）/ A UTC time, whole seconds.
            as_of_label (str): `as_of` を日本時間で人が読む形にしたもの（署名付きの写しの「確認日時」と同じ形）。
                / `as_of` as people read it, in Japan's time.
            guarantee (KeyGuaranteeState): 照合したキーの版と、保証契約全体の状態 / The key's version and the guarantee's state.
            banner (Banner | None): このキーが最新・有効の版なら `null`。そうでなければ、発注者に示す案内。
            history (list[AmendedHistoryEntry | IssuedHistoryEntry]): 新規発行からこのキーの版までの履歴（古い順。`history[i].version` は
                i+1）。後の版の変更は含みません。
            history_rows (list[HistoryRow]): `history` を、署名付きの写しが印字する「変更の履歴」の表の行にしたもの（同じ順）。
                / The history as the copy prints its table: version, date and content written for people.
            receipt (None | Receipt): このキーの版の受領確認。記録がなければ `null`。
     """

    jws: None | str
    certificate: Certificate
    sections: list[CertificateSection]
    as_of: datetime.datetime
    as_of_label: str
    guarantee: KeyGuaranteeState
    banner: Banner | None
    history: list[AmendedHistoryEntry | IssuedHistoryEntry]
    history_rows: list[HistoryRow]
    receipt: None | Receipt





    def to_dict(self) -> dict[str, Any]:
        from ..models.amended_history_entry import AmendedHistoryEntry # noqa: PLC0415
        from ..models.banner import Banner # noqa: PLC0415
        from ..models.certificate import Certificate # noqa: PLC0415
        from ..models.certificate_section import CertificateSection # noqa: PLC0415
        from ..models.history_row import HistoryRow # noqa: PLC0415
        from ..models.issued_history_entry import IssuedHistoryEntry # noqa: PLC0415
        from ..models.key_guarantee_state import KeyGuaranteeState # noqa: PLC0415
        from ..models.receipt import Receipt # noqa: PLC0415
        jws: None | str
        jws = self.jws

        certificate = self.certificate.to_dict()

        sections = []
        for sections_item_data in self.sections:
            sections_item = sections_item_data.to_dict()
            sections.append(sections_item)



        as_of = self.as_of.isoformat()

        as_of_label = self.as_of_label

        guarantee = self.guarantee.to_dict()

        banner: dict[str, Any] | None
        if isinstance(self.banner, Banner):
            banner = self.banner.to_dict()
        else:
            banner = self.banner

        history = []
        for history_item_data in self.history:
            history_item: dict[str, Any]
            if isinstance(history_item_data, IssuedHistoryEntry):
                history_item = history_item_data.to_dict()
            else:
                history_item = history_item_data.to_dict()

            history.append(history_item)



        history_rows = []
        for history_rows_item_data in self.history_rows:
            history_rows_item = history_rows_item_data.to_dict()
            history_rows.append(history_rows_item)



        receipt: dict[str, Any] | None
        if isinstance(self.receipt, Receipt):
            receipt = self.receipt.to_dict()
        else:
            receipt = self.receipt


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "jws": jws,
            "certificate": certificate,
            "sections": sections,
            "as_of": as_of,
            "as_of_label": as_of_label,
            "guarantee": guarantee,
            "banner": banner,
            "history": history,
            "history_rows": history_rows,
            "receipt": receipt,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.amended_history_entry import AmendedHistoryEntry # noqa: PLC0415
        from ..models.banner import Banner # noqa: PLC0415
        from ..models.certificate import Certificate # noqa: PLC0415
        from ..models.certificate_section import CertificateSection # noqa: PLC0415
        from ..models.history_row import HistoryRow # noqa: PLC0415
        from ..models.issued_history_entry import IssuedHistoryEntry # noqa: PLC0415
        from ..models.key_guarantee_state import KeyGuaranteeState # noqa: PLC0415
        from ..models.receipt import Receipt # noqa: PLC0415
        d = dict(src_dict)
        def _parse_jws(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        jws = _parse_jws(d.pop("jws"))


        certificate = Certificate.from_dict(d.pop("certificate"))




        sections = []
        _sections = d.pop("sections")
        for sections_item_data in (_sections):
            sections_item = CertificateSection.from_dict(sections_item_data)



            sections.append(sections_item)


        as_of = datetime.datetime.fromisoformat(d.pop("as_of"))




        as_of_label = d.pop("as_of_label")

        guarantee = KeyGuaranteeState.from_dict(d.pop("guarantee"))




        def _parse_banner(data: object) -> Banner | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                banner_type_1 = Banner.from_dict(data)



                return banner_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Banner | None, data)

        banner = _parse_banner(d.pop("banner"))


        history = []
        _history = d.pop("history")
        for history_item_data in (_history):
            def _parse_history_item(data: object) -> AmendedHistoryEntry | IssuedHistoryEntry:
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_history_entry_type_0 = IssuedHistoryEntry.from_dict(data)



                    return componentsschemas_history_entry_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_history_entry_type_1 = AmendedHistoryEntry.from_dict(data)



                return componentsschemas_history_entry_type_1

            history_item = _parse_history_item(history_item_data)

            history.append(history_item)


        history_rows = []
        _history_rows = d.pop("history_rows")
        for history_rows_item_data in (_history_rows):
            history_rows_item = HistoryRow.from_dict(history_rows_item_data)



            history_rows.append(history_rows_item)


        def _parse_receipt(data: object) -> None | Receipt:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                receipt_type_1 = Receipt.from_dict(data)



                return receipt_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Receipt, data)

        receipt = _parse_receipt(d.pop("receipt"))


        verification_response = cls(
            jws=jws,
            certificate=certificate,
            sections=sections,
            as_of=as_of,
            as_of_label=as_of_label,
            guarantee=guarantee,
            banner=banner,
            history=history,
            history_rows=history_rows,
            receipt=receipt,
        )

        return verification_response

