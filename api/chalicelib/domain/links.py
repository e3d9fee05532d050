"""Links into the site that the portal writes: those that carry a 保証契約番号 and 認証キー,
and the 受付箱's, which carries nothing.

A number and key travel in the URL fragment (`#n=…&k=…`), which browsers never send to a server nor
put in a Referer header (OWASP ASVS V14.2.1), so a scanned QR code leaks nothing to logs.
"""
from __future__ import annotations

from urllib.parse import quote

VERIFY_PATH = "/orderer/verify/"


def verify_url(site_url: str, contract_number: str, auth_key_display: str) -> str:
    base = site_url.rstrip("/")
    return f"{base}{VERIFY_PATH}#n={quote(contract_number, safe='-')}&k={quote(auth_key_display, safe='-')}"


# The orderer's 受付箱 (電子提出): a page behind the staff sign-in, so its link carries nothing.
INBOX_PATH = "/orderer/inbox/"


def inbox_url(site_url: str) -> str:
    return f"{site_url.rstrip('/')}{INBOX_PATH}"
