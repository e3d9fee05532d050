"""Write chalicelib/openapi.json, the JSON form of chalicelib/openapi.yaml that the server
checks request bodies against (edge/request_check.py), so that no YAML is parsed at run time.

    PYTHONPATH=api python -m devtools.openapi_json        (make openapi)

The packaging step runs it too (infra/portal_infra/lambda_package.py), and
tests/unit/test_request_check.py fails when the committed file differs from the YAML.
"""
from __future__ import annotations

import json
from pathlib import Path

CHALICELIB = Path(__file__).resolve().parents[1] / "chalicelib"
YAML_PATH = CHALICELIB / "openapi.yaml"
JSON_PATH = CHALICELIB / "openapi.json"


def as_json(yaml_path: Path = YAML_PATH) -> str:
    import yaml
    document = yaml.load(yaml_path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - safe
    # One line: the file is read by machines (the YAML is the one people edit and review).
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n"


def write(json_path: Path = JSON_PATH, yaml_path: Path = YAML_PATH) -> bool:
    """Write the JSON form if it changed; True when it did."""
    text = as_json(yaml_path)
    if json_path.is_file() and json_path.read_text(encoding="utf-8") == text:
        return False
    json_path.write_text(text, encoding="utf-8")
    return True


if __name__ == "__main__":
    print(f"{JSON_PATH}: {'written' if write() else 'up to date'}")
