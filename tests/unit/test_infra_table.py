"""The table infra/ would create in AWS is the table the local bootstrap creates."""
from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

_ROOT = Path(__file__).resolve().parents[2]
_INFRA = _ROOT / "infra" / "table.py"
# By path, as infra/ reads it: plain data (the package around it loads PynamoDB).
_SCHEMA = _ROOT / "api" / "chalicelib" / "adapters" / "dynamodb" / "schema.py"


def _load(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _infra_table():
    return _load(_INFRA, "infra_table")


table = _load(_SCHEMA, "dynamodb_schema")


def test_cloudformation_table_is_derived_from_the_shared_schema():
    props = _infra_table().cloudformation_properties("e-guarantee-prod", production=True)
    for key, value in table.TABLE.items():
        assert props[key] == value
    assert props["TimeToLiveSpecification"] == {"AttributeName": table.TTL_ATTRIBUTE, "Enabled": True}
    assert props["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True
    assert props["DeletionProtectionEnabled"] is True
    assert _infra_table().cloudformation_properties("e-guarantee-dev", production=False)[
        "DeletionProtectionEnabled"] is False


def test_schema_module_is_plain_data():
    # infra/ and the local scripts load it without the API's dependencies.
    tree = ast.parse(Path(table.__file__).read_text())
    assert not [node for node in ast.walk(tree) if isinstance(node, (ast.Import, ast.ImportFrom))]
