"""Who sent a request, as far as the limits on wrong keys and sign-in codes are concerned.

On AWS every request should come through CloudFront, which adds the origin secret
(X-Origin-Verify, from Secrets Manager) and the viewer's address (CloudFront-Viewer-Address).
API Gateway's regional endpoint is reachable directly too, where anyone can write both
headers: so the viewer's address is believed only on a request that carries the secret, and
a request without it is refused (replies.py) before any route runs.

IPv6 clients are counted per /64: one household or office gets a /64 (or more), and each
of its 2^64 addresses must not be a new client.
"""
from __future__ import annotations

import hmac
import ipaddress

ORIGIN_HEADER = "x-origin-verify"
VIEWER_HEADER = "cloudfront-viewer-address"
IPV6_PREFIX = 64


def from_origin(headers, values: tuple[str, ...] | None) -> bool:
    """True when the request carries the origin secret (any of its valid `values`), or when no
    origin secret is configured (None: local runs, with no CloudFront to come through)."""
    if values is None:
        return True
    sent = (headers.get(ORIGIN_HEADER) or "").encode("utf-8", "replace")
    # Every value compared, in constant time: the answer's timing says nothing about either.
    matches = [hmac.compare_digest(sent, value.encode("utf-8")) for value in values]
    return any(matches) and bool(sent)


def address(request, origin_secrets: tuple[str, ...] | None) -> str | None:
    """The client's address, as counted: the viewer's address on a request that came through
    CloudFront (with the secret), else the connection's; IPv6 as its /64."""
    raw = None
    if origin_secrets is not None and from_origin(request.headers, origin_secrets):
        viewer = request.headers.get(VIEWER_HEADER)
        if viewer:
            raw = viewer.rsplit(":", 1)[0]  # "ip:port"; IPv6 is written without brackets
    if raw is None:
        identity = (request.context or {}).get("identity") or {}
        raw = identity.get("sourceIp")
    return counted(raw) if raw else None


def counted(raw: str) -> str:
    """An address as one client: IPv4 as is, IPv6 as its /64 network; anything unreadable as
    written (it still counts, against itself)."""
    try:
        ip = ipaddress.ip_address(raw.strip("[]"))
    except ValueError:
        return raw
    if ip.version == 6 and ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/{IPV6_PREFIX}", strict=False))
    return str(ip)
