"""Webhooks: each event of a surety's guarantees POSTed to an HTTPS endpoint the surety
registered, signed the Standard Webhooks way (www.standardwebhooks.com) — HMAC-SHA256 over
"<webhook-id>.<webhook-timestamp>.<body>" with the endpoint's secret — so a receiver can use
that specification's libraries in any language, or the portal's SDK."""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import ipaddress
import json
import re
import secrets
from urllib.parse import urlsplit
from typing import Any

SECRET_PREFIX = "whsec_"  # noqa: S105 - the mark every secret starts with, not a secret
MAX_PER_SURETY = 5
# After a rotation the old secret signs too, for a day: the receiver switches without a gap.
PREVIOUS_SECRET_VALID = dt.timedelta(hours=24)
# Secrets replaced within that day all keep signing (a rotation whose answer was lost and was
# asked again must not cut off the secret the receiver still has); beyond this many, the oldest stops.
MAX_PREVIOUS_SECRETS = 3
MAX_URL_LENGTH = 2000
# A worker that took an endpoint has this long to deliver to it before another may take it.
WEBHOOK_LEASE = dt.timedelta(minutes=2)
# Names that only mean something inside a network: never a surety's public endpoint.
_LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".localdomain", ".home.arpa")
_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?", re.IGNORECASE)


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def _key(secret: str) -> bytes:
    return base64.b64decode(secret.removeprefix(SECRET_PREFIX))


def signature(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    signed = f"{message_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(_key(secret), signed, hashlib.sha256).digest()).decode()


def headers(message_id: str, at: dt.datetime, body: bytes, signing_secrets: list[str]) -> dict[str, str]:
    """The delivery's headers. Several secrets (during a rotation): one signature each, any may match."""
    timestamp = int(at.timestamp())
    return {
        "Content-Type": "application/json",
        "User-Agent": "e-guarantee-portal-webhooks/1",
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": " ".join(signature(s, message_id, timestamp, body) for s in signing_secrets),
    }


def body(entry: dict[str, Any], cursor: str) -> bytes:
    """A feed entry as sent: the event, its guarantee, its id (the same on every retry and replay:
    receivers drop repeats by it) and the feed cursor just after it (GET /v1/events continues there)."""
    payload = {"event_id": entry["event_id"], "guarantee_id": entry["guarantee_id"], "event": entry["event"],
               "cursor": cursor}
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


_DEFAULT_PORTS = {"https": ":443", "http": ":80"}


def normalized(url: str) -> str:
    """The scheme and host in lower case (they are case-blind) and no default port written out,
    so that one address is one endpoint (``https://h:443/x`` and ``https://h/x`` are one)."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    netloc = parts.netloc if "@" in parts.netloc else parts.netloc.lower()  # with user info: refused anyway
    if scheme in _DEFAULT_PORTS:
        netloc = netloc.removesuffix(_DEFAULT_PORTS[scheme])
    return parts._replace(scheme=scheme, netloc=netloc).geturl()


def url_problem(url: str, local_targets: bool = False) -> str | None:
    """Why an endpoint cannot be registered (an error code), or None. Only HTTPS on port 443 to a
    public name or address: the portal must not be made to reach into a network, nor to knock on
    other ports of public hosts (a database or a mail server on the internet is not a webhook
    receiver). ``local_targets`` (make run, tests) allows http and any port, but only to this
    machine (loopback): the switch exists for a receiver on the developer's own computer."""
    if len(url) > MAX_URL_LENGTH or not url.isascii() or any(c.isspace() or ord(c) < 32 for c in url):
        return "invalid_webhook_url"
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return "invalid_webhook_url"
    if parts.scheme not in (("https", "http") if local_targets else ("https",)):
        return "webhook_url_not_https"
    host = (parts.hostname or "").rstrip(".")
    if not host or parts.username is not None or parts.password is not None or parts.fragment or port == 0:
        return "invalid_webhook_url"
    # A host is written as resolvers and certificates read it: labels of letters, digits and
    # hyphens, or an IP address. "%31%32%37.0.0.1" (percent-encoded) or a zone id ("%25eth0")
    # would be decoded differently by different readers.
    if "%" in parts.netloc or not (_is_ip(host) or all(_LABEL.fullmatch(label) for label in host.split("."))):
        return "invalid_webhook_url"
    if _numeric_ipv4(host):
        return "invalid_webhook_url"
    if local_targets:
        return None if is_loopback_host(host) else "webhook_url_not_local"
    if port not in (None, 443):
        return "webhook_url_port_not_allowed"
    if host == "localhost" or host.endswith(_LOCAL_SUFFIXES) or "." not in host and not _is_ip(host):
        return "webhook_url_not_public"
    if _is_ip(host) and not address_is_public(host):
        return "webhook_url_not_public"
    return None


def is_loopback_host(host: str) -> bool:
    """This machine: localhost (and its subdomains, RFC 6761) or a loopback address."""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    return _is_ip(host) and address_is_loopback(host)


def address_is_loopback(address: str) -> bool:
    return ipaddress.ip_address(address.split("%", 1)[0]).is_loopback


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _numeric_ipv4(host: str) -> bool:
    """127.1, 2130706433, 0x7f000001: forms of an IPv4 address that resolvers accept but that
    are not the dotted four numbers (refused: what they mean is not plain to a reader)."""
    labels = host.split(".")
    return all(label.isdigit() or label.lower().startswith("0x") for label in labels) and not _is_ip(host)


# IPv6 prefixes that carry an IPv4 address (or reach one by translation): judged as never public,
# whatever address is inside — IPv4-compatible, IPv4-translated, NAT64 (well-known and local-use), 6to4, Teredo.
_TUNNELS = tuple(ipaddress.ip_network(n) for n in ("::/96", "::ffff:0:0:0/96", "64:ff9b::/96", "64:ff9b:1::/48", "2002::/16",
                                                    "2001::/32"))


def address_is_public(address: str) -> bool:
    """A globally routable unicast address (not private, loopback, link-local — where cloud
    metadata services live —, shared, reserved or multicast)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        elif any(ip in net for net in _TUNNELS):
            return False
    return ip.is_global and not ip.is_multicast


class DeliveryFailed(Exception):
    """A delivery that did not reach a 2xx answer; ``reason`` is short and holds no secret."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason
