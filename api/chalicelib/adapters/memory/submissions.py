"""電子提出: each orderer's inbox (受付箱). Entries by 受付番号, the claim of (orderer, guarantee) that
makes a guarantee one entry per inbox, and the departments marked for a day's digest."""
from __future__ import annotations

from collections.abc import Sequence

from ...domain.formatting import iso_utc_precise
from ...domain.submissions import Submission
from ...usecases.ports.records import Cursor, OutboxMail, Record
from .events import put_event
from .outbox import put_mails
from .state import Item, State, Tx, dynamo_key, page, plain, position_of


def _cursor(entry: Item) -> Cursor:
    return dynamo_key(pk=f"SUB#{entry['submission_id']}", sk="SUB", gsi1pk=f"INBOX#{entry['orderer_id']}",
                      gsi1sk=f"{entry['submitted_at']}#{entry['submission_id']}")


def _at_revision(revision: int):
    def holds(item: Item | None) -> bool:
        return item is not None and item["data"]["revision"] == revision
    return holds


class MemorySubmissions:
    def __init__(self, state: State):
        self._s = state

    def get(self, submission_id: str) -> Submission | None:
        with self._s.lock:
            item = self._s.submissions.get(submission_id)
            return Submission.from_record(plain(item["data"])) if item is not None else None

    def of_guarantee(self, orderer_id: str, guarantee_id: str) -> Submission | None:
        with self._s.lock:
            claim = self._s.submission_claims.get((guarantee_id, orderer_id))
            return self.get(claim["submission_id"]) if claim is not None else None

    def submit(self, submission: Submission, replaces: Submission | None, event: Record,
               mails: Sequence[OutboxMail], digest_day: str | None) -> None:
        record = submission.as_record()
        with self._s.lock:
            tx = put_event(Tx(self._s, "submit"), self._s, submission.guarantee_id, event, submission.surety_id)
            if replaces is None:
                tx.put("submission", "submission_claims", (submission.guarantee_id, submission.orderer_id),
                       {"submission_id": submission.submission_id})
                tx.put("entry", "submissions", submission.submission_id, {"data": record})
            else:
                tx.update("submission", "submissions", submission.submission_id, _at_revision(replaces.revision),
                          lambda item: {**item, "data": record})
            put_mails(tx, "mail", mails, submission.guarantee_id, event["at"])
            if digest_day is not None:
                tx.update("digest", "digests", (digest_day, f"{submission.orderer_id}#{submission.department}"),
                          lambda item: True, lambda item: {"orderer_id": submission.orderer_id,
                                                           "department": submission.department,
                                                           "settled": item.get("settled", False)})
            tx.commit()

    def decide(self, submission: Submission, replaces: Submission, event: Record,
               mails: Sequence[OutboxMail]) -> None:
        record = submission.as_record()
        with self._s.lock:
            tx = put_event(Tx(self._s, "decide"), self._s, submission.guarantee_id, event, submission.surety_id)
            tx.update("submission", "submissions", submission.submission_id, _at_revision(replaces.revision),
                      lambda item: {**item, "data": record})
            put_mails(tx, "mail", mails, submission.guarantee_id, event["at"])
            tx.commit()

    def page(self, orderer_id: str, limit: int, start: Cursor | None, *, since: str | None = None,
             until: str | None = None, department: str | None = None, kind: str | None = None,
             state: str | None = None) -> tuple[list[Submission], Cursor | None]:
        with self._s.lock:
            rows = [((e["submitted_at"], e["submission_id"]), e, _cursor(e))
                    for e in (plain(item["data"]) for item in self._s.submissions.values())
                    if e["orderer_id"] == orderer_id
                    and (since is None or e["submitted_at"] >= since) and (until is None or e["submitted_at"] < until)]
        # The engine reads a page of the index, then filters it: a page may come back short.
        read, cursor = page(rows, limit, start, descending=True,
                            start_position=lambda c: tuple(position_of("gsi1sk")(c)[0].rsplit("#", 1)))
        kept = [e for e in read if (department is None or e["department"] == department)
                and (kind is None or e["kind"] == kind) and (state is None or e["state"] == state)]
        return [Submission.from_record(e) for e in kept], cursor

    def digest_marks(self, day: str, limit: int = 100) -> list[tuple[str, str]]:
        with self._s.lock:
            marks = sorted((sk, item) for (d, sk), item in self._s.digests.items() if d == day and not item["settled"])
        return [(item["orderer_id"], item["department"]) for _, item in marks[:limit]]

    def settle_digest(self, day: str, orderer_id: str, department: str, mails: Sequence[OutboxMail]) -> bool:
        with self._s.lock:
            tx = Tx(self._s, "settle_digest")
            tx.update("digest", "digests", (day, f"{orderer_id}#{department}"),
                      lambda item: item is not None and not item["settled"], lambda item: {**item, "settled": True})
            put_mails(tx, "mail", mails, f"digest:{orderer_id}", iso_utc_precise(self._s.now()))
            return tx.committed()
