"""Submissions (ports.storage.Submissions): each orderer's inbox (受付箱). An entry by its 受付番号,
in its orderer's inbox (gsi1) by when it was last submitted; the claim under the guarantee that
makes it one entry per inbox; the departments marked for a day's digest. Every write is one
transaction with its event (the guarantee's log and the surety's feed) and its mails.
"""
from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence

from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action
from pynamodb.models import Model

from ...domain.formatting import iso_utc_precise
from ...domain.submissions import Submission
from ...usecases.ports.records import ConditionFailed, Cursor, OutboxMail, Record
from . import keys
from .engine import Engine, bound, plain, unavailable_on_engine_errors
from .items import event_item, mail_puts
from .models import DigestMarkItem, SubmissionClaimItem, SubmissionItem

# A digest mark is read the morning after its day (a retried sweep a little later): then it can go.
DIGEST_KEPT = dt.timedelta(days=14)


def _submission(item: SubmissionItem) -> Submission:
    return Submission.from_record(plain(item.data.as_dict()))


Update = tuple[str, Model, Sequence[Action], Condition | None]


def entry_update(engine: Engine, submission: Submission, replaces: Submission, *, moved: bool = False) -> Update:
    """The entry rewritten as ``submission``, on the condition that it is still at the revision
    read (``replaces``): a named update of a transaction. ``moved``: submitted again, so its
    place in the inbox moves to the new time. (Also the inbox's 受領, in guarantees.py.)"""
    model = engine.bound(SubmissionItem)
    actions: list[Action] = [SubmissionItem.data.set(submission.as_record())]
    if moved:
        actions.append(SubmissionItem.gsi1sk.set(keys.inbox_sk(submission.submitted_at, submission.submission_id)))
    return ("submission", model(keys.submission_pk(submission.submission_id), keys.SUBMISSION_SK), actions,
            SubmissionItem.data["revision"] == replaces.revision)


class Submissions:
    _Entry = bound(SubmissionItem)
    _Claim = bound(SubmissionClaimItem)
    _Digest = bound(DigestMarkItem)

    def __init__(self, engine: Engine):
        self._engine = engine

    # ---- reads --------------------------------------------------------------------------

    @unavailable_on_engine_errors
    def get(self, submission_id: str) -> Submission | None:
        try:
            item = self._Entry.get(keys.submission_pk(submission_id), keys.SUBMISSION_SK, consistent_read=True)
        except self._Entry.DoesNotExist:
            return None
        return _submission(item)

    @unavailable_on_engine_errors
    def of_guarantee(self, orderer_id: str, guarantee_id: str) -> Submission | None:
        try:
            claim = self._Claim.get(keys.guarantee_pk(guarantee_id), keys.submitted_sk(orderer_id),
                                    consistent_read=True)
        except self._Claim.DoesNotExist:
            return None
        return self.get(claim.submission_id)

    @unavailable_on_engine_errors
    def page(self, orderer_id: str, limit: int, start: Cursor | None, *, since: str | None = None,
             until: str | None = None, department: str | None = None, kind: str | None = None,
             state: str | None = None) -> tuple[list[Submission], Cursor | None]:
        # An entry's index key is "<submitted at>#<受付番号>": a bare time sorts before every entry
        # submitted at that instant, so ">= since" takes them in and "< until" leaves them out.
        bounds: Condition | None = None
        if since is not None and until is not None:
            if since >= until:
                return [], None  # nothing can be between (and DynamoDB refuses such a range)
            bounds = SubmissionItem.gsi1sk.between(since, until)
        elif since is not None:
            bounds = SubmissionItem.gsi1sk >= since
        elif until is not None:
            bounds = SubmissionItem.gsi1sk < until
        wanted = [SubmissionItem.data[name] == value
                  for name, value in (("department", department), ("kind", kind), ("state", state))
                  if value is not None]
        condition = None
        for part in wanted:
            condition = part if condition is None else condition & part
        result = self._Entry.gsi1.query(keys.inbox_pk(orderer_id), bounds, filter_condition=condition,
                                        scan_index_forward=False, limit=limit, last_evaluated_key=start)
        # One request: the engine reads ``limit`` entries of the index, then filters them, so a
        # page may come back short (or empty) with a cursor to go on from.
        found = next(result.page_iter)
        return ([_submission(self._Entry.from_raw_data(raw)) for raw in found.get("Items", [])],
                found.get("LastEvaluatedKey"))

    @unavailable_on_engine_errors
    def digest_marks(self, day: str, limit: int = 100) -> list[tuple[str, str]]:
        # The marks still to settle, by the sparse index: settled marks are out of it, so a sweep's
        # read follows what is left of the day's work (eventually consistent: settle_digest's
        # condition keeps a mark seen again just after it was settled from being sent twice).
        marks = self._Digest.gsi1.query(keys.digest_due_pk(day), limit=limit)
        return [(m.orderer_id, m.department) for m in itertools.islice(marks, limit)]

    # ---- writes -------------------------------------------------------------------------

    @unavailable_on_engine_errors
    def submit(self, submission: Submission, replaces: Submission | None, event: Record,
               mails: Sequence[OutboxMail], digest_day: str | None) -> None:
        """ConditionFailed("submission") when the guarantee has an entry in this inbox already
        (``replaces`` None) or the entry moved on from ``replaces``; ("entry") when the 受付番号
        is taken (a new one is drawn)."""
        e = self._engine
        puts: list[tuple[str, Model]] = [("event", event_item(e, submission.guarantee_id, event, submission.surety_id))]
        updates: list[Update] = []
        if replaces is None:
            puts += [
                ("submission", self._Claim(keys.guarantee_pk(submission.guarantee_id),
                                           keys.submitted_sk(submission.orderer_id),
                                           submission_id=submission.submission_id)),
                ("entry", self._Entry(keys.submission_pk(submission.submission_id), keys.SUBMISSION_SK,
                                      data=submission.as_record(), gsi1pk=keys.inbox_pk(submission.orderer_id),
                                      gsi1sk=keys.inbox_sk(submission.submitted_at, submission.submission_id)))]
        else:
            updates.append(entry_update(e, submission, replaces, moved=True))
        puts += mail_puts(e, "mail", mails, submission.guarantee_id, event["at"])
        if digest_day is not None:
            kept = dt.datetime.combine(dt.date.fromisoformat(digest_day), dt.time(), dt.timezone.utc) + DIGEST_KEPT
            # Marked once or many times a day, the same mark: settled stays as it is.
            updates.append(("digest", self._Digest(keys.digest_pk(digest_day),
                                                   keys.digest_sk(submission.orderer_id, submission.department)),
                            [DigestMarkItem.orderer_id.set(submission.orderer_id),
                             DigestMarkItem.department.set(submission.department),
                             DigestMarkItem.settled.set(DigestMarkItem.settled | False),
                             # In the index of marks to settle until settled (then the settled
                             # mark's own key, out of the index that is read, stays).
                             DigestMarkItem.gsi1pk.set(DigestMarkItem.done_pk | keys.digest_due_pk(digest_day)),
                             DigestMarkItem.gsi1sk.set(keys.digest_sk(submission.orderer_id, submission.department)),
                             DigestMarkItem.expires_at.set(kept)], None))
        e.transact("submit", puts, updates)

    @unavailable_on_engine_errors
    def decide(self, submission: Submission, replaces: Submission, event: Record,
               mails: Sequence[OutboxMail]) -> None:
        """ConditionFailed("submission") when the entry moved on from ``replaces``."""
        e = self._engine
        puts: list[tuple[str, Model]] = [("event", event_item(e, submission.guarantee_id, event, submission.surety_id))]
        puts += mail_puts(e, "mail", mails, submission.guarantee_id, event["at"])
        e.transact("decide", puts, [entry_update(e, submission, replaces)])

    @unavailable_on_engine_errors
    def settle_digest(self, day: str, orderer_id: str, department: str, mails: Sequence[OutboxMail]) -> bool:
        e = self._engine
        puts = mail_puts(e, "mail", mails, f"digest:{orderer_id}", iso_utc_precise(e.now()))
        mark = self._Digest(keys.digest_pk(day), keys.digest_sk(orderer_id, department))
        try:
            e.transact("settle_digest", puts, [("digest", mark, [DigestMarkItem.settled.set(True),
                                                                 DigestMarkItem.done_pk.set(keys.digest_done_pk(day)),
                                                                 DigestMarkItem.gsi1pk.remove(),
                                                                 DigestMarkItem.gsi1sk.remove()],
                                                DigestMarkItem.settled == False)])  # noqa: E712
        except ConditionFailed:
            return False
        return True
