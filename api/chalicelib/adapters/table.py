"""The one DynamoDB table, defined once.

This module is plain data so that every user can share it without importing an AWS
library: the store (PynamoDB models and `ensure_table`), the local bootstrap, the
tests and `infra/` (CDK) all read `TABLE`.

Single-table design, from the access patterns:

| access pattern                               | key                                                  |
|----------------------------------------------|------------------------------------------------------|
| guarantee by id (head: status, latest ver.)  | pk=GUAR#<id>            sk=HEAD                      |
| a version of a guarantee (immutable)         | pk=GUAR#<id>            sk=VER#<0000n>               |
| a guarantee's event log, in time order       | pk=GUAR#<id>            sk=EVT#<utc iso>#<rand>      |
| a guarantee's live state (status, receipts) | pk=GUAR#<id>            sk=STATE                     |
| 保証契約番号, per surety (claim → id)        | pk=NUM#<number>         sk=SURETY#<surety>           |
| 認証キー hash (verification)                 | pk=KEY#<hmac>           sk=KEY                       |
| surety profile                               | pk=SURETY#<id>          sk=PROFILE                   |
| surety API token (by token id)               | pk=TOKEN#<token id>     sk=TOKEN                      |
| idempotency record                           | pk=IDEM#<surety>#<key>  sk=IDEM        (TTL)         |
| wrong-key counters, per clock hour          | pk=RATE#<scope>#<value> sk=<window>    (TTL)         |
| bursts of wrong keys, for the sweep          | pk=BURST                sk=<window>#<number> (TTL)   |
| guarantees of an orderer, newest first       | GSI1: gsi1pk=ORDERER#<id>                 gsi1sk=<issued iso>#<id> |
| guarantees of a contractor (per surety)      | GSI2: gsi2pk=CONTRACTOR#<surety>#<法人番号> gsi2sk=<issued iso>#<id> |
| a surety's events in time order (its feed)   | GSI2: gsi2pk=FEED#<surety>  gsi2sk=<event iso>#<id>#<tail>      |

A verification is two strongly consistent GetItems: the key item by the key's HMAC alone
(it carries its number, compared in constant time, and a copy of its version's
certificate data), then the guarantee's live state. So 保証契約番号 need only be unique per
surety, and a wrong number, another surety's number and a wrong key cost the same read.
The key itself is never stored, only its HMAC under the server-side pepper.
"""

TTL_ATTRIBUTE = "expires_at"

TABLE = {
    "KeySchema": [
        {"AttributeName": "pk", "KeyType": "HASH"},
        {"AttributeName": "sk", "KeyType": "RANGE"},
    ],
    "AttributeDefinitions": [
        {"AttributeName": "pk", "AttributeType": "S"},
        {"AttributeName": "sk", "AttributeType": "S"},
        {"AttributeName": "gsi1pk", "AttributeType": "S"},
        {"AttributeName": "gsi1sk", "AttributeType": "S"},
        {"AttributeName": "gsi2pk", "AttributeType": "S"},
        {"AttributeName": "gsi2sk", "AttributeType": "S"},
    ],
    "GlobalSecondaryIndexes": [
        {
            "IndexName": "gsi1",
            "KeySchema": [
                {"AttributeName": "gsi1pk", "KeyType": "HASH"},
                {"AttributeName": "gsi1sk", "KeyType": "RANGE"},
            ],
            "Projection": {"ProjectionType": "ALL"},
        },
        {
            "IndexName": "gsi2",
            "KeySchema": [
                {"AttributeName": "gsi2pk", "KeyType": "HASH"},
                {"AttributeName": "gsi2sk", "KeyType": "RANGE"},
            ],
            "Projection": {"ProjectionType": "ALL"},
        },
    ],
    "BillingMode": "PAY_PER_REQUEST",
}
