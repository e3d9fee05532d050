"""A surety's webhook endpoints: register (the secret is shown once), list, rotate the
secret, replay from a time or a feed cursor, remove. Delivery is deliver_webhooks.py."""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from typing import Any

from ..domain import webhooks
from ..domain.errors import Conflict, NotFound, invalid
from ..domain.formatting import iso_utc_precise
from ..domain.sureties import Caller
from .common import feed, paging, webhook_secrets
from .common.dependencies import get as deps
from .ports.records import ConditionFailed, Webhook

_WEBHOOK_ID_LENGTH = 16  # hex digits after "wh_"


def _webhook_id(surety_id: str, url: str) -> str:
    # From the address (keyed): registering the same address twice, or again after a lost
    # answer, meets the first registration instead of making a second sender.
    mac = hmac.new(deps().hashes.subkey("webhook-id"), f"{surety_id}\n{url}".encode(), hashlib.sha256)
    return "wh_" + mac.hexdigest()[:_WEBHOOK_ID_LENGTH]


def _own(caller: Caller, webhook_id: str) -> Webhook:
    """The caller's endpoint; another surety's id is answered like an unknown one."""
    hook = deps().store.webhooks.get(caller.surety.id, webhook_id) if _valid_id(webhook_id) else None
    if hook is None:
        raise NotFound("webhook_not_found", "この受信用の URL（Webhook）は登録されていません。")
    return hook


def _valid_id(webhook_id: str) -> bool:
    digits = webhook_id.removeprefix("wh_")
    return webhook_id.startswith("wh_") and len(digits) == _WEBHOOK_ID_LENGTH and \
        all(c in "0123456789abcdef" for c in digits)


def _current(caller: Caller, webhook_id: str, now: dt.datetime) -> dict[str, Any]:
    """The endpoint as it is after a change (removed meanwhile by a request of the same surety: 404)."""
    return _view(_own(caller, webhook_id), now)


def _view(hook: Webhook, now: dt.datetime) -> dict[str, Any]:
    failing = hook.failures > 0
    previous_valid = hook.previous_until is not None and hook.previous_until > iso_utc_precise(now)
    return {
        "webhook_id": hook.webhook_id,
        "url": hook.url,
        "description": hook.description,
        "created_at": hook.created_at,
        "previous_secret_valid_until": hook.previous_until if previous_valid else None,
        "delivery": {
            "delivered": hook.delivered,
            "last_success_at": hook.last_success_at,
            "failures": hook.failures,
            "last_error": hook.last_error if failing else None,
            "last_failure_at": hook.last_failure_at if failing else None,
            "next_attempt_at": hook.next_attempt_at if failing else None,
        },
    }


def register(caller: Caller, body: dict[str, Any]) -> dict[str, Any]:
    d = deps()
    url = webhooks.normalized(body["url"])
    problem = webhooks.url_problem(url, d.settings.webhook_local_targets)
    if problem == "webhook_url_not_https":
        raise invalid("webhook_url_not_https", "受信用の URL は https:// で始まるものにしてください。", "url")
    if problem == "webhook_url_not_public":
        raise invalid("webhook_url_not_public", "受信用の URL には、インターネットから接続できるホスト名または IP アドレスを指定してください"
                               "（社内のアドレスや localhost は指定できません）。", "url")
    if problem == "webhook_url_port_not_allowed":
        raise invalid("webhook_url_port_not_allowed", "受信用の URL のポート番号は指定しないでください（送信先は https の 443 番だけです）。",
                      "url")
    if problem == "webhook_url_not_local":
        raise invalid("webhook_url_not_local", "この環境（ローカル）では、このコンピューター（127.0.0.1・localhost）の受信用の URL"
                      "だけを登録できます。", "url")
    if problem:
        raise invalid("invalid_webhook_url", "受信用の URL が正しくありません（ユーザー名・パスワード・# 以降・% による符号化は、ホスト名に含めないでください）。", "url")
    surety_id = caller.surety.id
    webhook_id = _webhook_id(surety_id, url)
    existing = d.store.webhooks.of(surety_id)
    if any(h.webhook_id == webhook_id for h in existing):
        raise Conflict("webhook_exists", f"この URL は登録済みです（{webhook_id}）。シークレットが分からなくなったときは、"
                                         "シークレットを再発行してください。")
    if len(existing) >= webhooks.MAX_PER_SURETY:
        raise Conflict("too_many_webhooks", f"受信用の URL は1社あたり{webhooks.MAX_PER_SURETY}件までです。"
                                            "使っていない受信用の URL を削除してから登録してください。")
    secret = webhooks.new_secret()
    now = d.clock.now()
    try:
        d.store.webhooks.put(surety_id, webhook_id, url, body.get("description"),
                             webhook_secrets.seal(surety_id, webhook_id, secret), now)
    except ConditionFailed:
        raise Conflict("webhook_exists", f"この URL は登録済みです（{webhook_id}）。シークレットが分からなくなったときは、"
                                         "シークレットを再発行してください。") from None
    return {"webhook": _current(caller, webhook_id, now), "secret": secret}


def listing(caller: Caller) -> dict[str, Any]:
    d = deps()
    now = d.clock.now()
    return {"webhooks": [_view(h, now) for h in d.store.webhooks.of(caller.surety.id)]}


def rotate_secret(caller: Caller, webhook_id: str) -> dict[str, Any]:
    hook = _own(caller, webhook_id)
    secret, now = webhooks.new_secret(), deps().clock.now()
    until = now + webhooks.PREVIOUS_SECRET_VALID
    still_signing = [(old, ends) for old, ends in webhook_secrets.unseal_previous(hook.surety_id, webhook_id,
                                                                                   hook.sealed_previous)
                     if ends > iso_utc_precise(now)]
    replaced = webhook_secrets.unseal(hook.surety_id, webhook_id, hook.sealed_secret)
    previous = (still_signing + [(replaced, iso_utc_precise(until))])[-webhooks.MAX_PREVIOUS_SECRETS:]
    if not deps().store.webhooks.rotate_secret(hook.surety_id, webhook_id, hook.sealed_secret,
                                               webhook_secrets.seal(hook.surety_id, webhook_id, secret),
                                               webhook_secrets.seal_previous(hook.surety_id, webhook_id, previous),
                                               until):
        # Another rotation (or a removal) came first: this secret was never stored, so it is not shown.
        raise Conflict("webhook_busy", "同じ受信用の URL への別の操作と重なりました。一覧を確かめてから、もう一度お試しください。")
    return {"webhook": _current(caller, webhook_id, now), "secret": secret}


def replay(caller: Caller, webhook_id: str, body: dict[str, Any]) -> dict[str, Any]:
    """From a time (every event after it) or from a cursor (a delivery's or the feed's)."""
    hook = _own(caller, webhook_id)
    store = deps().store
    now = deps().clock.now()
    if ("since" in body) == ("cursor" in body):
        raise invalid("invalid_replay", "since（日時）または cursor のどちらか一方を指定してください。", "since")
    if "since" in body:
        since = _moment(body["since"])
        if since > now:
            raise invalid("invalid_replay", "since には現在より前の日時を指定してください。", "since")
        store.webhooks.rewind(hook.surety_id, webhook_id, iso_utc_precise(since), None, now)
    else:
        store.webhooks.rewind(hook.surety_id, webhook_id, None,
                              paging.decode(body["cursor"], feed.cursor_scope(hook.surety_id)), now)
    return {"webhook": _current(caller, webhook_id, now)}


# The portal holds no event from before this: an earlier `since` means "from the start".
_EARLIEST = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def _moment(text: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(text.upper())  # RFC 3339 allows a lower-case t and z
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise invalid("invalid_replay", "since は 2026-12-01T09:00:00+09:00 のようにタイムゾーン（+09:00 など）を付けて指定してください。",
                      "since")
    if moment.year < _EARLIEST.year:
        return _EARLIEST  # (and no arithmetic near year 1, where a time zone would overflow)
    return moment


def remove(caller: Caller, webhook_id: str) -> dict[str, Any]:
    hook = _own(caller, webhook_id)
    deps().store.webhooks.delete(hook.surety_id, webhook_id)
    return {"deleted": True}
