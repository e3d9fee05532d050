"""ContractLists (ports.contract_lists.ContractLists): each orderer's own contract list, in its
own partitions (keys.contract_list_pk / contract_bucket_pk), never among the issuers' items.

A replace: the head first names the generation being written (``pending``: a replace cut off
half-way is cleaned by the next), then the buckets are written (BatchWriteItem, 25 a call),
then the head is switched to them on the condition that it still names them, and the replaced
generation's buckets are deleted by their known keys (no Query, no Scan). Buckets hold their
contracts as one JSON text: a bucket of 8 contracts is about 1–2 KB, one read unit.

Raw calls on the engine's one connection (no model: the items are only ever read by key).
"""
from __future__ import annotations

import json
import secrets
import time
from collections.abc import Iterable, Sequence
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from ...usecases.ports.records import ConditionFailed, Record, StoreUnavailable
from . import keys
from .engine import Engine

_BATCH_WRITE = 25
_BATCH_GET = 100
_RETRIES = 8


def _s(value: str) -> dict[str, str]:
    return {"S": value}


def _n(value: int) -> dict[str, str]:
    return {"N": str(value)}


class ContractLists:
    def __init__(self, engine: Engine):
        self._engine = engine

    # ---- raw calls -------------------------------------------------------------------------

    def _call(self, operation: str, request: dict[str, Any]) -> dict[str, Any]:
        try:
            return self._engine.connection.dispatch(operation, {"TableName": self._engine.table_name, **request})
        except ClientError as e:
            if (e.response.get("Error") or {}).get("Code") == "ConditionalCheckFailedException":
                raise ConditionFailed("contract_list") from None
            raise StoreUnavailable(operation) from e
        except BotoCoreError as e:
            raise StoreUnavailable(operation) from e

    def _head_key(self, orderer_id: str) -> dict[str, Any]:
        return {"pk": _s(keys.contract_list_pk(orderer_id)), "sk": _s(keys.HEAD_SK)}

    def _bucket_key(self, orderer_id: str, generation: str, n: int) -> dict[str, Any]:
        return {"pk": _s(keys.contract_bucket_pk(orderer_id, generation)), "sk": _s(keys.contract_bucket_sk(n))}

    def _write_all(self, requests: list[dict[str, Any]]) -> None:
        """BatchWriteItem in calls of 25, with what the engine left unprocessed sent again."""
        for i in range(0, len(requests), _BATCH_WRITE):
            pending = {self._engine.table_name: requests[i:i + _BATCH_WRITE]}
            for attempt in range(_RETRIES):
                unprocessed = self._engine_batch("BatchWriteItem", {"RequestItems": pending}).get("UnprocessedItems")
                if not unprocessed:
                    break
                pending = unprocessed
                time.sleep(min(0.05 * 2 ** attempt, 1.0))
            else:
                raise StoreUnavailable("BatchWriteItem")

    def _engine_batch(self, operation: str, request: dict[str, Any]) -> dict[str, Any]:
        try:
            return self._engine.connection.dispatch(operation, request)
        except (BotoCoreError, ClientError) as e:
            raise StoreUnavailable(operation) from e

    def _delete_generation(self, orderer_id: str, generation: str, buckets: int) -> None:
        self._write_all([{"DeleteRequest": {"Key": self._bucket_key(orderer_id, generation, n)}}
                         for n in range(buckets)])

    def _raw_head(self, orderer_id: str) -> dict[str, Any] | None:
        return self._call("GetItem", {"Key": self._head_key(orderer_id), "ConsistentRead": True}).get("Item")

    # ---- the port --------------------------------------------------------------------------

    def head(self, orderer_id: str) -> Record | None:
        item = self._raw_head(orderer_id)
        if not item or "generation" not in item:
            return None
        return {"generation": item["generation"]["S"], "buckets": int(item["buckets"]["N"]),
                "contracts": int(item["contracts"]["N"]), "uploaded_at": item["uploaded_at"]["S"],
                "uploaded_by": item["uploaded_by"]["S"]}

    def replace(self, orderer_id: str, summary: Record, buckets: Sequence[Sequence[Record]]) -> Record:
        before = self._raw_head(orderer_id) or {}
        old = (before["generation"]["S"], int(before["buckets"]["N"])) if "generation" in before else None
        left = (before["pending"]["S"], int(before["pending_buckets"]["N"])) if "pending" in before else None
        if left:
            self._delete_generation(orderer_id, *left)
        generation = secrets.token_hex(8)
        # Name the generation being written: a replace that dies half-way leaves nothing unnamed.
        names = {"#g": "generation", "#p": "pending"}
        condition = "#g = :old" if old else "attribute_not_exists(#g)"
        values: dict[str, Any] = {":new": _s(generation), ":n": _n(len(buckets))}
        if old:
            values[":old"] = _s(old[0])
        if left:
            condition += " AND #p = :left"
            values[":left"] = _s(left[0])
        else:
            condition += " AND attribute_not_exists(#p)"
        self._call("UpdateItem", {"Key": self._head_key(orderer_id), "UpdateExpression": "SET #p = :new, pending_buckets = :n",
                                  "ConditionExpression": condition, "ExpressionAttributeNames": names,
                                  "ExpressionAttributeValues": values})
        self._write_all([{"PutRequest": {"Item": {**self._bucket_key(orderer_id, generation, n),
                                                  "contracts": _s(json.dumps(list(bucket), ensure_ascii=False,
                                                                             separators=(",", ":")))}}}
                         for n, bucket in enumerate(buckets)])
        contracts, uploaded_at, uploaded_by = int(summary["contracts"]), str(summary["uploaded_at"]), str(summary["uploaded_by"])
        head: Record = {"generation": generation, "buckets": len(buckets), "contracts": contracts,
                        "uploaded_at": uploaded_at, "uploaded_by": uploaded_by}
        try:
            self._call("PutItem", {"Item": {**self._head_key(orderer_id), "generation": _s(generation),
                                            "buckets": _n(len(buckets)), "contracts": _n(contracts),
                                            "uploaded_at": _s(uploaded_at), "uploaded_by": _s(uploaded_by)},
                                   "ConditionExpression": "#p = :new", "ExpressionAttributeNames": {"#p": "pending"},
                                   "ExpressionAttributeValues": {":new": _s(generation)}})
        except ConditionFailed:
            self._delete_generation(orderer_id, generation, len(buckets))
            raise
        if old:
            self._delete_generation(orderer_id, *old)
        return head

    def remove(self, orderer_id: str) -> bool:
        before = self._raw_head(orderer_id)
        if not before:
            return False
        self._call("DeleteItem", {"Key": self._head_key(orderer_id)})
        for gen, count in ((before.get("generation"), before.get("buckets")),
                           (before.get("pending"), before.get("pending_buckets"))):
            if gen and count:
                self._delete_generation(orderer_id, gen["S"], int(count["N"]))
        return "generation" in before

    def buckets(self, orderer_id: str, generation: str, numbers: Iterable[int]) -> dict[int, list[Record]]:
        wanted = sorted(set(numbers))
        found: dict[int, list[Record]] = {}
        for i in range(0, len(wanted), _BATCH_GET):
            pending: dict[str, Any] = {self._engine.table_name: {
                "Keys": [self._bucket_key(orderer_id, generation, n) for n in wanted[i:i + _BATCH_GET]],
                "ConsistentRead": True, "ProjectionExpression": "sk, contracts"}}
            for attempt in range(_RETRIES):
                reply = self._engine_batch("BatchGetItem", {"RequestItems": pending})
                for item in reply.get("Responses", {}).get(self._engine.table_name, []):
                    found[keys.parse_contract_bucket_sk(item["sk"]["S"])] = json.loads(item["contracts"]["S"])
                pending = reply.get("UnprocessedKeys") or {}
                if not pending:
                    break
                time.sleep(min(0.05 * 2 ** attempt, 1.0))
            else:
                raise StoreUnavailable("BatchGetItem")
        return found
