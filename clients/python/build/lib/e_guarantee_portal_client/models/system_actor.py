from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.system_actor_job import SystemActorJob
from typing import Literal, cast






T = TypeVar("T", bound="SystemActor")



@_attrs_define
class SystemActor:
    """ ポータルが日次の処理で記録したもの / Recorded by the portal's daily job.

        Attributes:
            kind (Literal['system']):
            job (SystemActorJob):
     """

    kind: Literal['system']
    job: SystemActorJob





    def to_dict(self) -> dict[str, Any]:
        kind = self.kind

        job = self.job.value


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "kind": kind,
            "job": job,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = cast(Literal['system'] , d.pop("kind"))
        if kind != 'system':
            raise ValueError(f"kind must match const 'system', got '{kind}'")

        job = SystemActorJob(d.pop("job"))




        system_actor = cls(
            kind=kind,
            job=job,
        )

        return system_actor

