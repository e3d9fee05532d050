"""What can go wrong, in the portal's own words: no HTTP here.

Every failure a caller can cause is one of these exceptions, with a stable machine-readable
``code``, a Japanese ``message`` meant for people and, where it concerns one, the ``field``
(a dotted path into the request, or a header or query name). The HTTP edge
(`edge/errors.py`) alone decides which status each kind of failure is.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a request."""
    code: str
    message: str
    field: str | None = None

    def as_dict(self) -> dict[str, Any]:
        out = {"code": self.code, "message": self.message}
        if self.field:
            out["field"] = self.field
        return out


class PortalError(Exception):
    """A refusal a caller can act on."""

    def __init__(self, code: str, message: str, field: str | None = None):
        super().__init__(code)
        self.code, self.message, self.field = code, message, field

    def __str__(self) -> str:  # never include request data: messages may reach logs
        return f"{type(self).__name__} {self.code}"

    @property
    def problems(self) -> list[Problem]:
        return [Problem(self.code, self.message, self.field)]


class Invalid(PortalError):
    """The request breaks rules: every problem found, the first as the headline."""

    def __init__(self, problems: list[Problem]):
        first = problems[0]
        super().__init__(first.code, first.message, first.field)
        self._problems = list(problems)

    @property
    def problems(self) -> list[Problem]:
        return self._problems


def invalid(code: str, message: str, field: str | None = None) -> Invalid:
    return Invalid([Problem(code, message, field)])


class NotFound(PortalError):
    """Nothing the caller may see is there (never a hint whether it exists for others)."""


class Conflict(PortalError):
    """The request is well-formed but the guarantee's state does not allow it now."""


class Unauthenticated(PortalError):
    """Who is calling is not known. ``challenge`` says how to prove it (WWW-Authenticate)."""

    def __init__(self, code: str = "unauthorized",
                 message: str = "認証情報が無効です。有効な API トークンを Authorization ヘッダーで指定してください。",
                 challenge: str = 'Bearer realm="e-guarantee"'):
        super().__init__(code, message)
        self.challenge = challenge


class Forbidden(PortalError):
    def __init__(self, message: str = "この操作を行う権限がありません。", code: str = "forbidden"):
        super().__init__(code, message)


class Throttled(PortalError):
    """Refused for a while; ``retry_after`` seconds until it may succeed."""

    def __init__(self, code: str, message: str, retry_after: int):
        super().__init__(code, message)
        self.retry_after = retry_after


class Unavailable(PortalError):
    """A service the portal depends on could not answer; the same request may succeed later."""

    def __init__(self, retry_after: int = 2):
        super().__init__("service_unavailable",
                         "ただいま処理が混み合っています。しばらくしてから再度お試しください。")
        self.retry_after = retry_after
