from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.amendment import Amendment
  from ..models.certificate import Certificate
  from ..models.surety_receipt import SuretyReceipt





T = TypeVar("T", bound="GuaranteeVersion")



@_attrs_define
class GuaranteeVersion:
    """ 1つの版 / One version.

        Attributes:
            version (int): 版の番号（1 が新規発行、n+1 が第 n 回変更）/ Version number (1 = as issued).
            label (str): 新規（第1版）または第 n 回変更
            certificate (Certificate): 電子保証（1つの版の内容。発注者が確認する内容）/ One version of the electronic guarantee, as the orderer
                sees it.
                `status` は保証契約の状態と照合した日（日本時間）で判定します: 解約されていれば `cancelled`、
                より新しい版があれば `superseded`、保証期間の終期を過ぎていれば `expired`、それ以外は `valid`。
            amendment (Amendment | None): 第1版は `null`。変更による版は変更の内容。
            receipt (None | SuretyReceipt): この版の受領確認（備考を含む）。記録がなければ `null`。
     """

    version: int
    label: str
    certificate: Certificate
    amendment: Amendment | None
    receipt: None | SuretyReceipt





    def to_dict(self) -> dict[str, Any]:
        from ..models.amendment import Amendment # noqa: PLC0415
        from ..models.certificate import Certificate # noqa: PLC0415
        from ..models.surety_receipt import SuretyReceipt # noqa: PLC0415
        version = self.version

        label = self.label

        certificate = self.certificate.to_dict()

        amendment: dict[str, Any] | None
        if isinstance(self.amendment, Amendment):
            amendment = self.amendment.to_dict()
        else:
            amendment = self.amendment

        receipt: dict[str, Any] | None
        if isinstance(self.receipt, SuretyReceipt):
            receipt = self.receipt.to_dict()
        else:
            receipt = self.receipt


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "version": version,
            "label": label,
            "certificate": certificate,
            "amendment": amendment,
            "receipt": receipt,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.amendment import Amendment # noqa: PLC0415
        from ..models.certificate import Certificate # noqa: PLC0415
        from ..models.surety_receipt import SuretyReceipt # noqa: PLC0415
        d = dict(src_dict)
        version = d.pop("version")

        label = d.pop("label")

        certificate = Certificate.from_dict(d.pop("certificate"))




        def _parse_amendment(data: object) -> Amendment | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                amendment_type_1 = Amendment.from_dict(data)



                return amendment_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Amendment | None, data)

        amendment = _parse_amendment(d.pop("amendment"))


        def _parse_receipt(data: object) -> None | SuretyReceipt:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                receipt_type_1 = SuretyReceipt.from_dict(data)



                return receipt_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SuretyReceipt, data)

        receipt = _parse_receipt(d.pop("receipt"))


        guarantee_version = cls(
            version=version,
            label=label,
            certificate=certificate,
            amendment=amendment,
            receipt=receipt,
        )

        return guarantee_version

