"""The staff session cookie, and the same-site rule for calls a cookie authorises.

The cookie is HttpOnly (no script reads it), SameSite=Strict (no other site's page sends
it), Secure wherever the site is served over HTTPS, and holds only a random token whose
keyed hash finds the session; it never appears in a URL.
"""
from __future__ import annotations

import datetime as dt
from http.cookies import CookieError, SimpleCookie
from urllib.parse import urlsplit

from ..domain.errors import Forbidden

NAME = "portal_session"


def token_of(request) -> str | None:
    raw = request.headers.get("cookie")
    if not raw:
        return None
    try:
        cookie = SimpleCookie(raw)
    except CookieError:
        return None
    morsel = cookie.get(NAME)
    return morsel.value if morsel and morsel.value else None


def _attributes(max_age: int, site_url: str) -> str:
    secure = "; Secure" if site_url.startswith("https://") else ""
    return f"Path=/; Max-Age={max_age}; HttpOnly; SameSite=Strict{secure}"


def session_cookie(token: str, lasts: dt.timedelta, site_url: str) -> str:
    return f"{NAME}={token}; {_attributes(int(lasts.total_seconds()), site_url)}"


def cleared_cookie(site_url: str) -> str:
    return f"{NAME}=; {_attributes(0, site_url)}"


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def require_same_site(request, site_url: str) -> None:
    """Refuse a state-changing call made by another site's page (CSRF): browsers say where a
    request comes from (Sec-Fetch-Site, Origin); a call that says neither is no browser's."""
    fetch_site = request.headers.get("sec-fetch-site")
    origin = request.headers.get("origin")
    if fetch_site == "same-origin" or (fetch_site is None and origin == _origin(site_url)):
        return
    raise Forbidden("ほかのサイトからの操作は受け付けられません。電子保証ポータルの画面から操作してください。",
                    code="cross_site_request")
