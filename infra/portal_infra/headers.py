"""The response headers of the site and of the API: infra/security_headers.json (also served
by the local server, api/devtools/server.py), each part turned into a CloudFront
response-headers policy.

CloudFront takes the well-known security headers in SecurityHeadersConfig and the rest as
custom headers; `policy_config` does that split and `headers_of` reads a policy back into
a header → value dict, so a test can compare it with the local definition: they must be
equal, nothing added or dropped on either side.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

HEADERS_FILE = Path(__file__).resolve().parents[1] / "security_headers.json"

_HSTS = re.compile(r"^max-age=(\d+)((?:; ?includeSubDomains)?)((?:; ?preload)?)$", re.IGNORECASE)

_REFERRER_POLICIES = {"no-referrer", "no-referrer-when-downgrade", "origin", "origin-when-cross-origin",
                      "same-origin", "strict-origin", "strict-origin-when-cross-origin", "unsafe-url"}


def local_headers(part: str = "site", path: Path = HEADERS_FILE) -> dict[str, str]:
    data = json.loads(path.read_text(encoding="utf-8")).get(part)
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise ValueError(f"{path}: expected {part!r} to be an object of header name → string")
    return data


def policy_config(name: str, headers: dict[str, str] | None = None, part: str = "site") -> dict:
    """CloudFormation ResponseHeadersPolicyConfig carrying exactly `headers` (by default the
    file's `part`)."""
    headers = dict(local_headers(part) if headers is None else headers)
    security: dict = {}
    custom: list[dict] = []
    for header, value in headers.items():
        key = header.lower()
        if key == "content-security-policy":
            security["ContentSecurityPolicy"] = {"ContentSecurityPolicy": value, "Override": True}
        elif key == "x-content-type-options":
            if value.lower() != "nosniff":
                raise ValueError("CloudFront can only send X-Content-Type-Options: nosniff")
            security["ContentTypeOptions"] = {"Override": True}
        elif key == "x-frame-options":
            if value.upper() not in ("DENY", "SAMEORIGIN"):
                raise ValueError("X-Frame-Options must be DENY or SAMEORIGIN")
            security["FrameOptions"] = {"FrameOption": value.upper(), "Override": True}
        elif key == "referrer-policy":
            if value not in _REFERRER_POLICIES:
                raise ValueError(f"Referrer-Policy {value!r} is not one CloudFront supports")
            security["ReferrerPolicy"] = {"ReferrerPolicy": value, "Override": True}
        elif key == "strict-transport-security":
            match = _HSTS.match(value)
            if not match:
                raise ValueError(f"Strict-Transport-Security {value!r}: expected max-age=N[; includeSubDomains][; preload]")
            security["StrictTransportSecurity"] = {
                "AccessControlMaxAgeSec": int(match.group(1)), "IncludeSubdomains": bool(match.group(2)),
                "Preload": bool(match.group(3)), "Override": True}
        elif key == "x-xss-protection":
            raise ValueError("X-XSS-Protection is obsolete; leave it out")
        else:
            custom.append({"Header": header, "Value": value, "Override": True})
    config = {"Name": name, "Comment": f"{part} headers from {HEADERS_FILE.name}",
              "SecurityHeadersConfig": security}
    if custom:
        config["CustomHeadersConfig"] = {"Items": custom}
    return config


def headers_of(config: dict) -> dict[str, str]:
    """What a browser receives from a ResponseHeadersPolicyConfig (the inverse of policy_config)."""
    out: dict[str, str] = {}
    security = config.get("SecurityHeadersConfig", {})
    if "ContentSecurityPolicy" in security:
        out["Content-Security-Policy"] = security["ContentSecurityPolicy"]["ContentSecurityPolicy"]
    if "ContentTypeOptions" in security:
        out["X-Content-Type-Options"] = "nosniff"
    if "FrameOptions" in security:
        out["X-Frame-Options"] = security["FrameOptions"]["FrameOption"]
    if "ReferrerPolicy" in security:
        out["Referrer-Policy"] = security["ReferrerPolicy"]["ReferrerPolicy"]
    if "StrictTransportSecurity" in security:
        hsts = security["StrictTransportSecurity"]
        value = f"max-age={hsts['AccessControlMaxAgeSec']}"
        if hsts.get("IncludeSubdomains"):
            value += "; includeSubDomains"
        if hsts.get("Preload"):
            value += "; preload"
        out["Strict-Transport-Security"] = value
    if "XSSProtection" in security:
        raise ValueError("X-XSS-Protection is not part of the site's headers")
    for item in config.get("CustomHeadersConfig", {}).get("Items", []):
        out[item["Header"]] = item["Value"]
    return out
