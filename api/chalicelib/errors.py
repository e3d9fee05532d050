"""Errors the portal reports to its callers.

Every failure a caller can cause is a PortalError with a stable machine-readable
``code``, a Japanese ``message`` meant for people, an optional ``field`` (a dotted path
into the request body) and the HTTP status it maps to. The HTTP layer renders them as
``{"error": {"code", "message", "field"?, "details"?}}``.
"""
from __future__ import annotations

from dataclasses import dataclass, field as dc_field


@dataclass
class FieldError:
    code: str
    message: str
    field: str | None = None

    def as_dict(self) -> dict:
        out = {"code": self.code, "message": self.message}
        if self.field:
            out["field"] = self.field
        return out


@dataclass
class PortalError(Exception):
    code: str
    message: str
    status: int = 400
    field: str | None = None
    details: list[FieldError] = dc_field(default_factory=list)
    headers: dict[str, str] = dc_field(default_factory=dict)

    def __str__(self) -> str:  # never include request data: messages may reach logs
        return f"{self.status} {self.code}"

    def as_dict(self) -> dict:
        body = FieldError(self.code, self.message, self.field).as_dict()
        if len(self.details) > 1:
            body["details"] = [d.as_dict() for d in self.details]
        return {"error": body}


def validation_failed(errors: list[FieldError]) -> PortalError:
    """One response for all rule failures: the first as the headline, all in details."""
    first = errors[0]
    return PortalError(first.code, first.message, 400, first.field, list(errors))


def not_found(message: str, code: str = "not_found") -> PortalError:
    return PortalError(code, message, 404)


def conflict(code: str, message: str, field: str | None = None) -> PortalError:
    return PortalError(code, message, 409, field)


def unauthorized() -> PortalError:
    return PortalError(
        "unauthorized",
        "認証情報が無効です。有効な API トークンを Authorization ヘッダーで指定してください。",
        401,
        headers={"WWW-Authenticate": 'Bearer realm="e-guarantee"'},
    )


def forbidden(message: str = "この操作を行う権限がありません。") -> PortalError:
    return PortalError("forbidden", message, 403)


def unavailable(retry_after: int = 2) -> PortalError:
    return PortalError(
        "service_unavailable",
        "ただいま処理が混み合っています。しばらくしてから再度お試しください。",
        503,
        headers={"Retry-After": str(retry_after)},
    )
