"""What every API reply is, whoever makes it: the portal's error shape
(`{"error": {"code", "message"}}`), `Cache-Control: no-store` and `nosniff` — also for the
replies Chalice makes itself (405 for a method a route does not have, 415, the 400 for a PDF
asked without `Accept`, its 500) and for requests refused before any route runs (a direct
call that skipped CloudFront). API Gateway's own replies (unknown path, throttling, timeouts)
are shaped by its gateway responses (infra/portal_infra/gateway_responses.py)."""
from __future__ import annotations

import json
import logging

from chalice import Response

from ..domain.errors import Forbidden, Unavailable
from . import client
from .web import COMMON_HEADERS, error_reply, reply

log = logging.getLogger("portal")

DIRECT_CALL = Forbidden("このアドレスへの直接のアクセスは受け付けていません。電子保証ポータルのアドレス"
                        "（CloudFront 経由）からご利用ください。", code="direct_access_refused")

# Chalice's own error codes (its `{"Code", "Message"}` bodies) as the portal's.
FRAMEWORK_ERRORS = {
    "MethodNotAllowedError": ("method_not_allowed", "このアドレスでは、このメソッドは使用できません。"),
    "UnsupportedMediaType": ("unsupported_media_type", "Content-Type は application/json で送信してください。"),
    "BadRequest": ("accept_required", "この API は PDF を返します。Accept: application/pdf を指定してください。"),
    # The same refusal of a binary reply (Chalice names the reply's type in its message) for the CSV files.
    "BadRequest text/csv": ("accept_required", "この API は CSV ファイルを返します。Accept: text/csv を指定してください。"),
    "InternalServerError": ("internal_error", "システムエラーが発生しました。時間をおいて再度お試しください。"),
}
OTHER_ERROR = ("request_refused", "このリクエストは受け付けられませんでした。")


def install(app, origin_secrets, may_skip_origin=None) -> None:
    """origin_secrets(): the values of the origin secret now (None where there is none).
    may_skip_origin(request): True for the one kind of call that goes to API Gateway directly
    (the operator's IAM-signed calls, edge/operator_auth.came_by_iam)."""
    @app.middleware("http")
    def portal_replies(event, get_response):
        if may_skip_origin is not None and may_skip_origin(event):
            return in_portal_shape(get_response(event))
        try:
            came_through_origin = client.from_origin(event.headers, origin_secrets())
        except Exception:  # the secret could not be read: no request is let through unchecked
            log.exception("origin secret unavailable")
            return error_reply(Unavailable(retry_after=5))
        if not came_through_origin:
            return error_reply(DIRECT_CALL)
        return in_portal_shape(get_response(event))


def in_portal_shape(response: Response) -> Response:
    body = response.body
    if response.status_code >= 400 and isinstance(body, dict) and "Code" in body:
        name = body["Code"]
        if name == "BadRequest" and "text/csv" in str(body.get("Message", "")):
            name = "BadRequest text/csv"
        code, message = FRAMEWORK_ERRORS.get(name, OTHER_ERROR)
        extra = {k: v for k, v in response.headers.items() if k.lower() == "allow"}
        return reply(response.status_code, {"error": {"code": code, "message": message}}, extra)
    for name, value in COMMON_HEADERS.items():
        if not any(k.lower() == name.lower() for k in response.headers):
            response.headers[name] = value
    if isinstance(body, dict):  # a view that returned a dict: still JSON, never Chalice's defaults
        response.body = json.dumps(body, ensure_ascii=False)
    return response
