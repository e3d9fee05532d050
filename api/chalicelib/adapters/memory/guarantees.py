"""Guarantees: live state, head, versions, keys, number claims, idempotent answers; the
writes of issuance, amendment, cancellation and receipts, each all or nothing."""
from __future__ import annotations

import datetime as dt
import hmac
from collections.abc import Sequence

from ...domain.guarantee import Version
from ...domain.submissions import Submission
from ...domain.views import GuaranteeState
from ...usecases.ports.records import (
    ConditionFailed, Cursor, GuaranteeHead, IdempotentResult, KeyMatch, NewGuarantee, NewVersion, OutboxMail, Record,
    SignedVersion,
)
from .events import put_event
from .expiries import put_expiry
from .outbox import put_mails
from .state import Item, State, Tx, dynamo_key, expiry, page, plain, position_of, ttl


def _idempotency(result: IdempotentResult, created_at: str) -> Item:
    return {"fingerprint": result.fingerprint, "status_code": result.status_code,
            "sealed_body": bytes(result.sealed_body), "guarantee_id": result.guarantee_id,
            "created_at": created_at, "expires_at": ttl(result.expires_at)}


def _signed(record: Record) -> SignedVersion:
    return SignedVersion(Version.from_record(record), record.get("jws"))


def _state(guarantee_id: str, item: Item) -> GuaranteeState:
    return GuaranteeState(
        guarantee_id=guarantee_id, surety_id=item["surety_id"], contract_number=item["contract_number"],
        latest_version=int(item["latest_version"]), status=item["status"], history=plain(item["history"]),
        cancellation=plain(item["cancellation"]), receipts=plain(item["receipts"]),
        contractor_email=item["contractor_email"])


def _head(guarantee_id: str, item: Item) -> GuaranteeHead:
    return GuaranteeHead(guarantee_id, item["surety_id"], item["contract_number"], int(item["latest_version"]),
                         item["status"], item["created_at"])


def _ledger_sk(guarantee_id: str, version: int) -> str:
    return f"{guarantee_id}#{version:04d}"


def _still(version: int):
    """The condition of a write on the state: at ``version`` and active."""
    return lambda item: item is not None and item["latest_version"] == version and item["status"] == "active"


class MemoryGuarantees:
    def __init__(self, state: State):
        self._s = state

    # ---- writes ------------------------------------------------------------------------

    def create(self, new: NewGuarantee, result: IdempotentResult, mail: OutboxMail | None = None) -> None:
        sort_key = f"{new.issued_at}#{new.guarantee_id}"
        with self._s.lock:
            tx = Tx(self._s, "create_guarantee")
            tx.put("idempotency", "idempotency", (result.surety_id, result.key), _idempotency(result, new.issued_at))
            tx.put("contract_number", "numbers", (new.contract_number, new.surety_id), new.guarantee_id)
            tx.put("state", "states", new.guarantee_id, {
                "surety_id": new.surety_id, "contract_number": new.contract_number, "latest_version": 1,
                "status": "active", "history": [new.history_entry], "cancellation": None, "receipts": {},
                "contractor_email": new.contractor_email})
            tx.put("head", "heads", new.guarantee_id, {
                "surety_id": new.surety_id, "contract_number": new.contract_number, "latest_version": 1,
                "status": "active", "created_at": new.issued_at,
                # Scoped by surety: a surety lists only its own guarantees.
                "orderer": f"ORDERER#{new.surety_id}#{new.orderer_id}", "orderer_sk": sort_key,
                "contractor": f"CONTRACTOR#{new.surety_id}#{new.corporate_number}" if new.corporate_number else None,
                "contractor_sk": sort_key if new.corporate_number else None})
            tx.put("version", "versions", (new.guarantee_id, 1), new.version_record)
            tx.put("key", "keys", new.key_hash, {
                "guarantee_id": new.guarantee_id, "contract_number": new.contract_number, "version": 1,
                "data": new.version_record, "created_at": new.issued_at})
            put_event(tx, self._s, new.guarantee_id, new.event, new.surety_id)
            put_expiry(tx, new.guarantee_id, 1, new.surety_id, new.version_record)
            put_mails(tx, "mail", [mail] if mail is not None else [], new.guarantee_id, new.event["at"])
            tx.commit()

    def add_version(self, new: NewVersion, result: IdempotentResult, mail: OutboxMail | None = None,
                    notices: Sequence[OutboxMail] = ()) -> None:
        number = new.base_version + 1
        at = new.event["at"]

        def amended(item: Item) -> Item:
            item.update(latest_version=number, history=item["history"] + [plain(new.history_entry)])
            if new.contractor_email:
                item["contractor_email"] = new.contractor_email
            return item

        def moved(item: Item) -> Item:
            # The contractor index follows the amendment (and its time).
            contractor = f"CONTRACTOR#{new.surety_id}#{new.corporate_number}" if new.corporate_number else None
            return {**item, "latest_version": number, "contractor": contractor,
                    "contractor_sk": f"{new.created_at}#{new.guarantee_id}" if new.corporate_number else None}
        with self._s.lock:
            tx = Tx(self._s, "add_version")
            tx.put("idempotency", "idempotency", (result.surety_id, result.key), _idempotency(result, at))
            tx.put("version", "versions", (new.guarantee_id, number), new.version_record)
            tx.put("key", "keys", new.key_hash, {
                "guarantee_id": new.guarantee_id, "contract_number": new.contract_number, "version": number,
                "data": new.version_record, "created_at": at})
            put_event(tx, self._s, new.guarantee_id, new.event, new.surety_id)
            put_expiry(tx, new.guarantee_id, number, new.surety_id, new.version_record)
            put_mails(tx, "mail", [mail] if mail is not None else [], new.guarantee_id, at)
            put_mails(tx, "notice", notices, new.guarantee_id, at)
            # Optimistic concurrency: the caller named the version it amends.
            tx.update("state", "states", new.guarantee_id, _still(new.base_version), amended)
            tx.update("head", "heads", new.guarantee_id,
                      lambda item: item is not None and item["latest_version"] == new.base_version, moved)
            tx.commit()

    def cancel(self, guarantee_id: str, surety_id: str, cancellation: Record, event: Record,
               notices: Sequence[OutboxMail] = ()) -> None:
        def active(item: Item | None) -> bool:
            return item is not None and item["status"] == "active"
        with self._s.lock:
            tx = put_event(Tx(self._s, "cancel_guarantee"), self._s, guarantee_id, event, surety_id)
            put_mails(tx, "notice", notices, guarantee_id, event["at"])
            tx.update("state", "states", guarantee_id, active,
                      lambda item: {**item, "status": "cancelled", "cancellation": plain(cancellation)})
            tx.update("head", "heads", guarantee_id, active, lambda item: {**item, "status": "cancelled"})
            tx.commit()

    def record_receipt(self, guarantee_id: str, surety_id: str, version: int, receipt: Record,
                       event: Record, mails: Sequence[OutboxMail], ledger: tuple[str, Record],
                       submission: tuple[Submission, Submission] | None = None) -> None:
        orderer_id, entry = ledger
        slot = str(version)

        def open_slot(item: Item | None) -> bool:
            return item is not None and _still(version)(item) and slot not in item["receipts"]

        def recorded(item: Item) -> Item:
            return {**item, "receipts": {**item["receipts"], slot: plain(receipt)}}
        with self._s.lock:
            tx = put_event(Tx(self._s, "record_receipt"), self._s, guarantee_id, event, surety_id)
            tx.put("ledger", "ledger", (orderer_id, _ledger_sk(guarantee_id, version)), {"data": entry})
            put_mails(tx, "mail", mails, guarantee_id, event["at"])
            tx.update("state", "states", guarantee_id, open_slot, recorded)
            if submission is not None:
                read, received = submission
                record = received.as_record()
                tx.update("submission", "submissions", received.submission_id,
                          lambda item: item is not None and item["data"]["revision"] == read.revision,
                          lambda item: {**item, "data": record})
            tx.commit()

    def withdraw_receipt(self, guarantee_id: str, surety_id: str, version: int, orderer_id: str,
                         recorded_at: str, event: Record, mails: Sequence[OutboxMail]) -> None:
        slot = str(version)

        def that_receipt(item: Item | None) -> bool:
            return item is not None and (item["receipts"].get(slot) or {}).get("recorded_at") == recorded_at

        def withdrawn(item: Item) -> Item:
            return {**item, "receipts": {k: v for k, v in item["receipts"].items() if k != slot}}
        with self._s.lock:
            tx = put_event(Tx(self._s, "withdraw_receipt"), self._s, guarantee_id, event, surety_id)
            put_mails(tx, "mail", mails, guarantee_id, event["at"])
            tx.update("state", "states", guarantee_id, that_receipt, withdrawn)
            tx.delete("ledger", (orderer_id, _ledger_sk(guarantee_id, version)))
            if not tx.committed():
                raise ConditionFailed("state")

    # ---- reads -------------------------------------------------------------------------

    def idempotent_result(self, surety_id: str, key: str, now: dt.datetime) -> IdempotentResult | None:
        with self._s.lock:
            item = self._s.idempotency.get((surety_id, key))
            if item is None:
                return None
            expires_at = expiry(item["expires_at"])
            # The engine deletes expired items lazily: an expired answer is gone.
            if expires_at <= now:
                return None
            return IdempotentResult(surety_id, key, item["fingerprint"], int(item["status_code"]),
                                    bytes(item["sealed_body"]), item["guarantee_id"], expires_at)

    def get_state(self, guarantee_id: str) -> GuaranteeState | None:
        with self._s.lock:
            item = self._s.states.get(guarantee_id)
            return _state(guarantee_id, item) if item is not None else None

    def get_states(self, guarantee_ids: Sequence[str]) -> dict[str, GuaranteeState]:
        with self._s.lock:
            return {g: _state(g, self._s.states[g]) for g in dict.fromkeys(guarantee_ids) if g in self._s.states}

    def get_version(self, guarantee_id: str, version: int) -> SignedVersion | None:
        with self._s.lock:
            record = self._s.versions.get((guarantee_id, version))
            return _signed(plain(record)) if record is not None else None

    def get_versions(self, wanted: Sequence[tuple[str, int]]) -> dict[tuple[str, int], SignedVersion]:
        with self._s.lock:
            found = {key: plain(self._s.versions[key]) for key in dict.fromkeys(wanted) if key in self._s.versions}
        return {key: _signed(record) for key, record in found.items()}

    def list_versions(self, guarantee_id: str) -> list[SignedVersion]:
        with self._s.lock:
            found = sorted((n, plain(r)) for (g, n), r in self._s.versions.items() if g == guarantee_id)
        return [_signed(record) for _, record in found]

    def find_by_key(self, contract_number: str, key_hash: str) -> KeyMatch | None:
        with self._s.lock:
            item = plain(self._s.keys.get(key_hash))
        if item is None:
            return None
        if not hmac.compare_digest(item["contract_number"].encode("utf-8"), contract_number.encode("utf-8")):
            return None
        return KeyMatch(item["guarantee_id"], _signed(item["data"]))

    def read_for_key(self, contract_number: str, key_hash: str) -> tuple[KeyMatch, GuaranteeState] | None:
        match = self.find_by_key(contract_number, key_hash)
        if match is None:
            return None
        state = self.get_state(match.guarantee_id)
        return (match, state) if state is not None else None

    def find_guarantee_id(self, surety_id: str, contract_number: str) -> str | None:
        with self._s.lock:
            return self._s.numbers.get((contract_number, surety_id))

    def guarantees_numbered(self, contract_number: str) -> list[tuple[str, str]]:
        with self._s.lock:
            # In the engine's order: by "SURETY#<surety id>".
            return sorted((s, g) for (n, s), g in self._s.numbers.items() if n == contract_number)

    def get_head(self, guarantee_id: str) -> GuaranteeHead | None:
        with self._s.lock:
            item = self._s.heads.get(guarantee_id)
            return _head(guarantee_id, item) if item is not None else None

    def _heads(self, index: str, partition: str, limit: int,
               start: Cursor | None) -> tuple[list[GuaranteeHead], Cursor | None]:
        names = {"orderer": ("gsi1pk", "gsi1sk"), "contractor": ("gsi2pk", "gsi2sk")}[index]
        with self._s.lock:
            rows = [((item[f"{index}_sk"], f"GUAR#{g}", "HEAD"), _head(g, item),
                     dynamo_key(pk=f"GUAR#{g}", sk="HEAD", **{names[0]: partition, names[1]: item[f"{index}_sk"]}))
                    for g, item in self._s.heads.items() if item.get(index) == partition]
        return page(rows, limit, start, descending=True, start_position=position_of(names[1], "pk", "sk"))

    def heads_by_orderer(self, surety_id: str, orderer_id: str, limit: int,
                         start: Cursor | None) -> tuple[list[GuaranteeHead], Cursor | None]:
        return self._heads("orderer", f"ORDERER#{surety_id}#{orderer_id}", limit, start)

    def heads_by_contractor(self, surety_id: str, corporate_number: str, limit: int,
                            start: Cursor | None) -> tuple[list[GuaranteeHead], Cursor | None]:
        return self._heads("contractor", f"CONTRACTOR#{surety_id}#{corporate_number}", limit, start)

