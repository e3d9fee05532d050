"""The DynamoDB table as CloudFormation properties, derived from the one schema
(`api/chalicelib/adapters/dynamodb/schema.py`), so the table in AWS cannot drift from the one the local
bootstrap and the tests create. The CDK app (a later issue) passes these to
`aws_dynamodb.CfnTable`.
"""
from __future__ import annotations

import copy
import importlib.util
from pathlib import Path

_SCHEMA_FILE = Path(__file__).resolve().parents[1] / "api" / "chalicelib" / "adapters" / "dynamodb" / "schema.py"


def load_schema():
    # Loaded by path: schema.py is plain data and must not pull in the API's dependencies.
    spec = importlib.util.spec_from_file_location("portal_table_schema", _SCHEMA_FILE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def cloudformation_properties(table_name: str, production: bool) -> dict:
    schema = load_schema()
    props = copy.deepcopy(schema.TABLE)
    props.update({
        "TableName": table_name,
        "TimeToLiveSpecification": {"AttributeName": schema.TTL_ATTRIBUTE, "Enabled": True},
        "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True},
        "SSESpecification": {"SSEEnabled": True},
        "DeletionProtectionEnabled": production,
    })
    return props
