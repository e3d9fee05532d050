"""The staff session cookie, and the same-site rule for calls a cookie authorises.

The cookie is HttpOnly (no script reads it), SameSite=Strict (no other site's page sends
it), Secure wherever the site is served over HTTPS, and holds only a random token whose
keyed hash finds the session; it never appears in a URL.

The same-site rule is applied here, to every route app.py marks `portal_pages_only` (every
route that reads or sets the cookie, and asking for a sign-in code), GET included, before
the route runs: SameSite=Strict already keeps the cookie from other sites' requests, and
this is the second lock, for browsers or cookies that do not keep it.
"""
from __future__ import annotations

import datetime as dt
from http.cookies import CookieError, SimpleCookie
from urllib.parse import urlsplit

from ..domain.errors import Forbidden
from .web import error_reply

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


def _cross_site() -> Forbidden:
    return Forbidden("ほかのサイトからの操作は受け付けられません。電子保証ポータルの画面から操作してください。",
                     code="cross_site_request")


def require_same_site(request, site_url: str) -> None:
    """Refuse a call made by another site's page (CSRF, or reading a signed-in member's data):
    browsers say where a request comes from (Sec-Fetch-Site, Origin).

    A call that changes something must say it comes from the portal: a call that says
    neither is no browser's. A GET may also be a top-level navigation the person started
    themselves (Sec-Fetch-Site: none with Sec-Fetch-Mode: navigate: the address typed, a
    bookmark, a download again) — the CSV link of the ledger page is a same-origin navigation
    — and a GET that says neither comes from a browser too old to send Sec-Fetch-Site on a
    same-origin GET (fetch sends no Origin there) or from no browser: no other site's page."""
    fetch_site = request.headers.get("sec-fetch-site")
    origin = request.headers.get("origin")
    if fetch_site is not None:  # the browser's own judgement of this request against its page
        if fetch_site == "same-origin":
            return
        if request.method == "GET" and fetch_site == "none" and request.headers.get("sec-fetch-mode") == "navigate":
            return
    elif origin == _origin(site_url) or (request.method == "GET" and origin is None):
        return
    raise _cross_site()


def token_from_portal_pages(request, site_url: str) -> str | None:
    """The session token on a route open to anyone (the key routes), only where the call comes
    from the portal's own pages: another site's page must not make a signed-in member's account
    count its wrong keys (limits fall on the client that guesses). Otherwise None, and the
    caller is counted by its address."""
    try:
        require_same_site(request, site_url)
    except Forbidden:
        return None
    return token_of(request)


def portal_pages_only(view):
    """Mark a route whose every call must come from the portal's own pages (see install)."""
    view.portal_pages_only = True
    return view


def install(app, site_url) -> None:
    """Apply the same-site rule to every route marked `portal_pages_only`, in one place,
    before the route reads anything (its body, its cookie). ``site_url``: a function giving
    the site's address, asked at each request (the settings are not read at import)."""
    @app.middleware("http")
    def same_site(event, get_response):
        entry = app.routes.get(event.path, {}).get(event.method)
        if entry is not None and getattr(entry.view_function, "portal_pages_only", False):
            try:
                require_same_site(event, site_url())
            except Forbidden as refused:
                return error_reply(refused)
        return get_response(event)
