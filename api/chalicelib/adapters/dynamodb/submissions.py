"""電子提出: each orderer's inbox (受付箱) in the table. Placeholder of the contract: the store
part of issue 29 writes it (keys in keys.py, held to the memory fake by tests/contract)."""
from __future__ import annotations

from collections.abc import Sequence

from ...domain.submissions import Submission
from ...usecases.ports.records import Cursor, OutboxMail, Record
from .engine import Engine


class Submissions:
    def __init__(self, engine: Engine):
        self._engine = engine

    def get(self, submission_id: str) -> Submission | None:
        raise NotImplementedError

    def of_guarantee(self, orderer_id: str, guarantee_id: str) -> Submission | None:
        raise NotImplementedError

    def submit(self, submission: Submission, replaces: Submission | None, event: Record,
               mails: Sequence[OutboxMail], digest_day: str | None) -> None:
        raise NotImplementedError

    def decide(self, submission: Submission, replaces: Submission, event: Record,
               mails: Sequence[OutboxMail]) -> None:
        raise NotImplementedError

    def page(self, orderer_id: str, limit: int, start: Cursor | None, *, since: str | None = None,
             until: str | None = None, department: str | None = None, kind: str | None = None,
             state: str | None = None) -> tuple[list[Submission], Cursor | None]:
        raise NotImplementedError

    def digest_marks(self, day: str, limit: int = 100) -> list[tuple[str, str]]:
        raise NotImplementedError

    def settle_digest(self, day: str, orderer_id: str, department: str, mails: Sequence[OutboxMail]) -> bool:
        raise NotImplementedError
