"""Creating the table (tests, `make run`): from schema.TABLE, with its TTL attribute on.
Admin path only: boto3 is imported here, never on a request's path."""
from __future__ import annotations

from . import schema


def ensure_table(table_name: str, region: str, endpoint: str | None) -> bool:
    """Create the table if it does not exist. Returns True if created."""
    import boto3

    client = boto3.client("dynamodb", region_name=region, endpoint_url=endpoint)
    try:
        client.describe_table(TableName=table_name)
        return False
    except client.exceptions.ResourceNotFoundException:
        pass
    client.create_table(TableName=table_name, **schema.TABLE)
    client.get_waiter("table_exists").wait(TableName=table_name, WaiterConfig={"Delay": 1, "MaxAttempts": 120})
    client.update_time_to_live(
        TableName=table_name,
        TimeToLiveSpecification={"Enabled": True, "AttributeName": schema.TTL_ATTRIBUTE},
    )
    return True
