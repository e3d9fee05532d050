"""The table in AWS is the table the local bootstrap creates (api/chalicelib/adapters/dynamodb/schema.py)."""
from __future__ import annotations

import pytest
from aws_cdk.assertions import Match

from chalicelib.adapters.dynamodb import schema as table_schema
from infra_support import STAGES, main_stack, resources_of_type


@pytest.mark.parametrize("stage", STAGES)
def test_keys_indexes_and_billing_are_the_shared_schema(templates, assertions, stage):
    [table] = resources_of_type(templates[main_stack(stage)], "AWS::DynamoDB::Table").values()
    props = table["Properties"]
    for key, value in table_schema.TABLE.items():  # KeySchema, AttributeDefinitions, GSIs, BillingMode
        assert props[key] == value, key
    assertions[main_stack(stage)].has_resource_properties("AWS::DynamoDB::Table", {
        "TableName": f"e-guarantee-{stage}",
        "BillingMode": "PAY_PER_REQUEST",
        "TimeToLiveSpecification": {"AttributeName": table_schema.TTL_ATTRIBUTE, "Enabled": True},
        "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True},
        "SSESpecification": {"SSEEnabled": True},
        "GlobalSecondaryIndexes": Match.array_with([Match.object_like({"IndexName": "gsi1"})]),
    })


def test_only_prod_is_protected_from_deletion(templates):
    [prod] = resources_of_type(templates[main_stack("prod")], "AWS::DynamoDB::Table").values()
    [dev] = resources_of_type(templates[main_stack("dev")], "AWS::DynamoDB::Table").values()
    assert prod["Properties"]["DeletionProtectionEnabled"] is True
    assert prod["DeletionPolicy"] == prod["UpdateReplacePolicy"] == "Retain"
    assert dev["Properties"]["DeletionProtectionEnabled"] is False
    assert dev["DeletionPolicy"] == "Delete"
