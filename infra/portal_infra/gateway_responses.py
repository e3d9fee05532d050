"""API Gateway's own replies (an unknown path, its throttling, a timeout, anything else it
refuses) in the portal's error shape with `no-store` and `nosniff`, as SAM GatewayResponses.
The codes and messages are stated once, in api/chalicelib/edge/gateway_replies.json."""
from __future__ import annotations

import json

from . import lambda_package

REPLIES_FILE = lambda_package.API_DIR / "chalicelib" / "edge" / "gateway_replies.json"
HEADERS = {"Cache-Control": "'no-store'", "X-Content-Type-Options": "'nosniff'"}


def replies() -> dict[str, dict]:
    """Each gateway response type with its reply; a reply's ``also_for`` types answer the same."""
    data = json.loads(REPLIES_FILE.read_text(encoding="utf-8"))
    out: dict[str, dict] = {}
    for kind, reply in data.items():
        if not kind.startswith("_"):
            for same in (kind, *reply.get("also_for", ())):
                out[same] = reply
    return out


def for_sam() -> dict:
    out = {}
    for kind, reply in replies().items():
        # ASCII-escaped JSON: a mapping template is Velocity, where only `$` and `#` are special.
        body = json.dumps({"error": {"code": reply["code"], "message": reply["message"]}}, ensure_ascii=True)
        headers = dict(HEADERS)
        if "retry_after" in reply:
            headers["Retry-After"] = f"'{int(reply['retry_after'])}'"
        response = {"ResponseParameters": {"Headers": headers},
                    "ResponseTemplates": {"application/json": body}}
        if "status" in reply:
            response["StatusCode"] = str(reply["status"])
        out[kind] = response
    return out
