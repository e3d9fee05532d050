"""Guarantees (ports.storage.Guarantees): issuance, amendments, cancellation and receipts, each
one transaction; versions, live state, keys, numbers, heads and idempotent answers."""
from __future__ import annotations

import datetime as dt
import hmac
from collections.abc import Sequence
from typing import TYPE_CHECKING

from pynamodb.exceptions import TransactWriteError
from pynamodb.models import Model

from ...domain.guarantee import Version
from ...domain.submissions import Submission
from ...domain.views import GuaranteeState
from ...usecases.ports.records import (ConditionFailed, Cursor, GuaranteeHead, IdempotentResult, KeyMatch, NewGuarantee,
                                       NewVersion, OutboxMail, Record, SignedVersion)
from . import keys
from .engine import CANCELLED, Engine, bound, error_code, plain, unavailable_on_engine_errors
from .items import event_item, expiry_item, idempotency_item, ledger_index_keys, mail_item, mail_puts
from .models import (GuaranteeVersionItem, HeadItem, IdempotencyItem, Item, KeyItem, LedgerItem, NumberClaimItem,
                     StateItem)

if TYPE_CHECKING:
    from .submissions import Update


def _state(item: StateItem) -> GuaranteeState:
    return GuaranteeState(
        guarantee_id=keys.parse_guarantee_pk(item.pk), surety_id=item.surety_id,
        contract_number=item.contract_number, latest_version=int(item.latest_version or 1),
        status=item.status or "active", history=[plain(h) for h in (item.history or [])],
        cancellation=item.cancellation.as_dict() if item.cancellation else None,
        receipts=item.receipts.as_dict() if item.receipts else {}, contractor_email=item.contractor_email)


def signed(record: Record) -> SignedVersion:
    return SignedVersion(Version.from_record(record), record.get("jws"))


def _head(item: HeadItem) -> GuaranteeHead:
    return GuaranteeHead(guarantee_id=keys.parse_guarantee_pk(item.pk), surety_id=item.surety_id,
                         contract_number=item.contract_number, latest_version=int(item.latest_version),
                         status=item.status, created_at=item.created_at)


class Guarantees:
    _State = bound(StateItem)
    _Head = bound(HeadItem)
    _Version = bound(GuaranteeVersionItem)
    _Key = bound(KeyItem)
    _Claim = bound(NumberClaimItem)
    _Idem = bound(IdempotencyItem)
    _Ledger = bound(LedgerItem)

    def __init__(self, engine: Engine):
        self._engine = engine

    # ---- writes -------------------------------------------------------------------------

    @unavailable_on_engine_errors
    def create(self, new: NewGuarantee, result: IdempotentResult, mail: OutboxMail | None = None) -> None:
        """Raises ConditionFailed("idempotency") when the idempotency key was used meanwhile (a
        concurrent retry), ConditionFailed("contract_number") when this surety has used the
        保証契約番号 already (another surety's guarantee with the same number is no obstacle)."""
        e = self._engine
        gpk = keys.guarantee_pk(new.guarantee_id)
        sort_key = keys.listing_sk(new.issued_at, new.guarantee_id)
        puts: list[tuple[str, Model]] = [
            ("idempotency", idempotency_item(e, result, new.issued_at)),
            ("contract_number", self._Claim(keys.number_pk(new.contract_number), keys.surety_sk(new.surety_id),
                                            guarantee_id=new.guarantee_id)),
            ("state", self._State(
                gpk, keys.STATE_SK, surety_id=new.surety_id, contract_number=new.contract_number, latest_version=1,
                status="active", history=[new.history_entry], receipts={},
                contractor_email=new.contractor_email)),
            ("head", self._Head(
                gpk, keys.HEAD_SK, surety_id=new.surety_id, contract_number=new.contract_number,
                latest_version=1, status="active", created_at=new.issued_at,
                gsi1pk=keys.orderer_index_pk(new.surety_id, new.orderer_id), gsi1sk=sort_key,
                gsi2pk=keys.contractor_index_pk(new.surety_id, new.corporate_number) if new.corporate_number else None,
                gsi2sk=sort_key if new.corporate_number else None)),
            ("version", self._Version(gpk, keys.version_sk(1), data=new.version_record)),
            ("key", self._Key(keys.key_pk(new.key_hash), keys.KEY_SK, guarantee_id=new.guarantee_id,
                              contract_number=new.contract_number, version=1,
                              data=new.version_record, created_at=new.issued_at)),
            ("event", event_item(e, new.guarantee_id, new.event, new.surety_id)),
            ("expiry", expiry_item(e, new.guarantee_id, 1, new.surety_id, new.version_record)),
        ]
        if mail is not None:
            puts.append(("mail", mail_item(e, mail, new.guarantee_id, new.event["at"])))
        # Until `devtools.manage data migrate` has run, a number of this surety may still be claimed
        # the way it was before December 2026 (NUM#<number> CLAIM); it is taken all the same.
        old_claim = ("contract_number", self._State, keys.number_pk(new.contract_number), keys.OLD_CLAIM_SK,
                     StateItem.pk.does_not_exist() | (StateItem.surety_id != new.surety_id))
        e.transact("create_guarantee", puts, checks=[old_claim])

    @unavailable_on_engine_errors
    def add_version(self, new: NewVersion, result: IdempotentResult, mail: OutboxMail | None = None,
                    notices: Sequence[OutboxMail] = ()) -> None:
        """Write an amendment as a new version, if the guarantee is still at ``base_version`` and
        active. ConditionFailed("state") otherwise, ("idempotency") on a concurrent retry."""
        e = self._engine
        gpk = keys.guarantee_pk(new.guarantee_id)
        number = new.base_version + 1
        at = new.event["at"]
        puts: list[tuple[str, Model]] = [
            ("idempotency", idempotency_item(e, result, at)),
            ("version", self._Version(gpk, keys.version_sk(number), data=new.version_record)),
            ("key", self._Key(keys.key_pk(new.key_hash), keys.KEY_SK, guarantee_id=new.guarantee_id,
                              contract_number=new.contract_number, version=number, data=new.version_record,
                              created_at=at)),
            ("event", event_item(e, new.guarantee_id, new.event, new.surety_id)),
            ("expiry", expiry_item(e, new.guarantee_id, number, new.surety_id, new.version_record)),
        ]
        if mail is not None:
            puts.append(("mail", mail_item(e, mail, new.guarantee_id, at)))
        puts += mail_puts(e, "notice", notices, new.guarantee_id, at)
        state_actions = [StateItem.latest_version.set(number),
                         StateItem.history.set(StateItem.history.append([new.history_entry]))]
        if new.contractor_email:
            state_actions.append(StateItem.contractor_email.set(new.contractor_email))
        if new.corporate_number:
            contractor = [HeadItem.gsi2pk.set(keys.contractor_index_pk(new.surety_id, new.corporate_number)),
                          HeadItem.gsi2sk.set(keys.listing_sk(new.created_at, new.guarantee_id))]
        else:
            contractor = [HeadItem.gsi2pk.remove(), HeadItem.gsi2sk.remove()]
        updates = [
            # Optimistic concurrency: the caller named the version it amends.
            ("state", self._State(gpk, keys.STATE_SK), state_actions,
             (StateItem.latest_version == new.base_version) & (StateItem.status == "active")),
            ("head", self._Head(gpk, keys.HEAD_SK), [HeadItem.latest_version.set(number)] + contractor,
             HeadItem.latest_version == new.base_version),
        ]
        e.transact("add_version", puts, updates)

    @unavailable_on_engine_errors
    def cancel(self, guarantee_id: str, surety_id: str, cancellation: Record, event: Record,
               notices: Sequence[OutboxMail] = ()) -> None:
        """Raises ConditionFailed("state") when the guarantee is already cancelled."""
        gpk = keys.guarantee_pk(guarantee_id)
        updates = [
            ("state", self._State(gpk, keys.STATE_SK),
             [StateItem.status.set("cancelled"), StateItem.cancellation.set(cancellation)],
             StateItem.status == "active"),
            ("head", self._Head(gpk, keys.HEAD_SK), [HeadItem.status.set("cancelled")], HeadItem.status == "active"),
        ]
        puts: list[tuple[str, Model]] = [("event", event_item(self._engine, guarantee_id, event, surety_id))]
        puts += mail_puts(self._engine, "notice", notices, guarantee_id, event["at"])
        self._engine.transact("cancel_guarantee", puts, updates)

    @unavailable_on_engine_errors
    def record_receipt(self, guarantee_id: str, surety_id: str, version: int, receipt: Record,
                       event: Record, mails: Sequence[OutboxMail], ledger: tuple[str, Record],
                       submission: tuple[Submission, Submission] | None = None) -> None:
        """Once per version, on the latest version of an active guarantee; ConditionFailed("state")
        otherwise. ``ledger`` is (orderer id, row of its 受領台帳), written in the same transaction;
        so is the inbox's entry received (``submission``: as read, as received), on the condition
        that it is still at the revision read: ConditionFailed("submission") (after "state")."""
        slot = StateItem.receipts[str(version)]
        orderer_id, entry = ledger
        puts: list[tuple[str, Model]] = [
            ("event", event_item(self._engine, guarantee_id, event, surety_id)),
            ("ledger", self._Ledger(keys.ledger_pk(orderer_id), keys.guarantee_version_sk(guarantee_id, version),
                                    data=entry, **ledger_index_keys(orderer_id, entry)))]
        puts += mail_puts(self._engine, "mail", mails, guarantee_id, event["at"])
        updates: list[Update] = [
            ("state", self._State(keys.guarantee_pk(guarantee_id), keys.STATE_SK), [slot.set(receipt)],
             slot.does_not_exist() & (StateItem.latest_version == version) & (StateItem.status == "active"))]
        if submission is not None:
            from .submissions import entry_update  # only the inbox's receipts load the inbox's code
            read, received = submission
            updates.append(entry_update(self._engine, received, read))
        self._engine.transact("record_receipt", puts, updates)

    @unavailable_on_engine_errors
    def withdraw_receipt(self, guarantee_id: str, surety_id: str, version: int, orderer_id: str,
                         recorded_at: str, event: Record, mails: Sequence[OutboxMail]) -> None:
        """Remove the receipt (the one recorded at ``recorded_at``) and its ledger row, together;
        ConditionFailed("state") if it is no longer there."""
        slot = StateItem.receipts[str(version)]
        puts: list[tuple[str, Model]] = [("event", event_item(self._engine, guarantee_id, event, surety_id))]
        puts += mail_puts(self._engine, "mail", mails, guarantee_id, event["at"])
        try:
            with self._engine.transaction() as tx:
                for _, item in puts:
                    tx.save(item, condition=Item.pk.does_not_exist())
                tx.update(self._State(keys.guarantee_pk(guarantee_id), keys.STATE_SK), actions=[slot.remove()],
                          condition=slot["recorded_at"] == recorded_at)
                tx.delete(self._Ledger(keys.ledger_pk(orderer_id), keys.guarantee_version_sk(guarantee_id, version)))
        except TransactWriteError as e:
            if error_code(e) == CANCELLED:
                raise ConditionFailed("state") from e
            raise

    # ---- reads --------------------------------------------------------------------------

    @unavailable_on_engine_errors
    def idempotent_result(self, surety_id: str, key: str, now: dt.datetime) -> IdempotentResult | None:
        try:
            item = self._Idem.get(keys.idempotency_pk(surety_id, key), keys.IDEM_SK, consistent_read=True)
        except self._Idem.DoesNotExist:
            return None
        # DynamoDB deletes expired items lazily: treat an expired record as gone.
        if item.expires_at <= now:
            return None
        return IdempotentResult(surety_id, key, item.fingerprint, int(item.status_code),
                                bytes(item.sealed_body), item.guarantee_id, item.expires_at)

    def get_state(self, guarantee_id: str) -> GuaranteeState | None:
        raw = self._engine.get_raw("get_state", keys.guarantee_pk(guarantee_id), keys.STATE_SK)
        return _state(self._State.from_raw_data(raw)) if raw is not None else None

    @unavailable_on_engine_errors
    def get_states(self, guarantee_ids: Sequence[str]) -> dict[str, GuaranteeState]:
        """The live state of several guarantees, by id (batched reads)."""
        wanted = [(keys.guarantee_pk(g), keys.STATE_SK) for g in dict.fromkeys(guarantee_ids)]
        return {keys.parse_guarantee_pk(item.pk): _state(item) for item in self._State.batch_get(wanted)}

    @unavailable_on_engine_errors
    def get_version(self, guarantee_id: str, version: int) -> SignedVersion | None:
        try:
            item = self._Version.get(keys.guarantee_pk(guarantee_id), keys.version_sk(version), consistent_read=True)
        except self._Version.DoesNotExist:
            return None
        return signed(plain(item.data))

    @unavailable_on_engine_errors
    def get_versions(self, wanted: Sequence[tuple[str, int]]) -> dict[tuple[str, int], SignedVersion]:
        """BatchGetItem, 100 keys a call (PynamoDB splits the keys and asks again for the unprocessed
        ones); strongly consistent, as get_version: a row's version is never missed for lag."""
        item_keys = [(keys.guarantee_pk(g), keys.version_sk(v)) for g, v in dict.fromkeys((g, int(v)) for g, v in wanted)]
        found: dict[tuple[str, int], SignedVersion] = {}
        for item in self._Version.batch_get(item_keys, consistent_read=True):
            one = signed(plain(item.data))
            found[(one.version.guarantee_id, one.version.version)] = one
        return found

    @unavailable_on_engine_errors
    def list_versions(self, guarantee_id: str) -> list[SignedVersion]:
        return [signed(plain(item.data.as_dict())) for item in self._Version.query(
            keys.guarantee_pk(guarantee_id), GuaranteeVersionItem.sk.startswith(keys.VERSION_PREFIX),
            consistent_read=True)]

    def find_by_key(self, contract_number: str, key_hash: str) -> KeyMatch | None:
        """Found by the key's hash alone: the same single read whether the number exists,
        belongs to another surety or not."""
        raw = self._engine.get_raw("find_by_key", keys.key_pk(key_hash), keys.KEY_SK)
        if raw is None:
            return None
        item = self._Key.from_raw_data(raw)
        if not hmac.compare_digest(item.contract_number.encode("utf-8"), contract_number.encode("utf-8")):
            return None
        return KeyMatch(item.guarantee_id, signed(plain(item.data.as_dict())))

    def read_for_key(self, contract_number: str, key_hash: str) -> tuple[KeyMatch, GuaranteeState] | None:
        """Strongly consistent. (Wrong keys are counted afterwards, by count_wrong_key: a right
        key never waits on a counter.)"""
        match = self.find_by_key(contract_number, key_hash)
        if match is None:
            return None
        state = self.get_state(match.guarantee_id)
        return (match, state) if state is not None else None

    @unavailable_on_engine_errors
    def find_guarantee_id(self, surety_id: str, contract_number: str) -> str | None:
        try:
            return self._Claim.get(keys.number_pk(contract_number), keys.surety_sk(surety_id),
                                   consistent_read=True).guarantee_id
        except self._Claim.DoesNotExist:
            return None

    @unavailable_on_engine_errors
    def guarantees_numbered(self, contract_number: str) -> list[tuple[str, str]]:
        return [(keys.parse_surety_sk(item.sk), item.guarantee_id) for item in self._Claim.query(
            keys.number_pk(contract_number), NumberClaimItem.sk.startswith(keys.SURETY_PREFIX), consistent_read=True)]

    @unavailable_on_engine_errors
    def get_head(self, guarantee_id: str) -> GuaranteeHead | None:
        try:
            return _head(self._Head.get(keys.guarantee_pk(guarantee_id), keys.HEAD_SK, consistent_read=True))
        except self._Head.DoesNotExist:
            return None

    def heads_by_orderer(self, surety_id: str, orderer_id: str, limit: int,
                         start: Cursor | None) -> tuple[list[GuaranteeHead], Cursor | None]:
        return self._heads(self._Head.gsi1, keys.orderer_index_pk(surety_id, orderer_id), limit, start)

    def heads_by_contractor(self, surety_id: str, corporate_number: str, limit: int,
                            start: Cursor | None) -> tuple[list[GuaranteeHead], Cursor | None]:
        return self._heads(self._Head.gsi2, keys.contractor_index_pk(surety_id, corporate_number), limit, start)

    @unavailable_on_engine_errors
    def _heads(self, index, partition: str, limit: int, start: Cursor | None) -> tuple[list[GuaranteeHead], Cursor | None]:
        """Newest first; with the key to continue from."""
        result = index.query(partition, scan_index_forward=False, limit=limit, last_evaluated_key=start)
        heads = [_head(h) for h in result]
        return heads, result.last_evaluated_key
