from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.webhook_registration import WebhookRegistration
from ...models.webhook_with_secret import WebhookWithSecret
from typing import cast



def _get_kwargs(
    *,
    body: WebhookRegistration,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/webhooks",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | WebhookWithSecret:
    if response.status_code == 201:
        response_201 = WebhookWithSecret.from_dict(response.json())



        return response_201

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())



        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())



        return response_401

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())



        return response_403

    if response.status_code == 409:
        response_409 = Error.from_dict(response.json())



        return response_409

    if response.status_code == 413:
        response_413 = Error.from_dict(response.json())



        return response_413

    if response.status_code == 415:
        response_415 = Error.from_dict(response.json())



        return response_415

    if response.status_code == 500:
        response_500 = Error.from_dict(response.json())



        return response_500

    if response.status_code == 503:
        response_503 = Error.from_dict(response.json())



        return response_503

    response_default = Error.from_dict(response.json())



    return response_default



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | WebhookWithSecret]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: WebhookRegistration,

) -> Response[Error | WebhookWithSecret]:
    """ Webhook の受信用の URL を登録する / Register a webhook endpoint

     自社の保証契約のイベント（`GET /v1/events` と同じもの）を、起きた順に、登録した HTTPS の URL へ POST で送ります。
    API トークンの `webhooks` 権限が必要です。受信用の URLは1社あたり5件までです。

    応答の `secret`（`whsec_` で始まる）は **この応答でしか表示しません**。受信側で署名の確認に使います。
    送信は [Standard Webhooks](https://www.standardwebhooks.com/) の方式です: ヘッダー `webhook-id`（イベントの ID。
    再送でも同じ）、`webhook-timestamp`（送信時刻の UNIX 秒）、`webhook-signature`（`v1,` に続けて、
    `<webhook-id>.<webhook-timestamp>.<本文>` の HMAC-SHA256 を Base64 で。シークレットは `whsec_` の後ろを Base64 で
    復号したもの）。本文は `WebhookPayload` です。2xx 以外の応答・10 秒以内に応答がない・リダイレクトは失敗とし、
    1, 2, 4 … 分後（最大1時間おき）に同じイベントから再送します（順序を保ち、失敗している間の後のイベントも待ちます）。
    登録した時点より後のイベントから送ります。前のイベントは `POST /v1/webhooks/{webhook_id}/replay` で送れます。

    同じ URL をもう一度登録すると 409 `webhook_exists` です（応答が届かず再送した場合も。シークレットは再発行してください）。

    処理の順序: 認証（401/403）→ 本文の読み取りとスキーマの検証（413/415/400）→ URL の検査（400）→ 登録（201 / 409）。

    Args:
        body (WebhookRegistration): 受信用の URLの登録 / A webhook endpoint to register.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | WebhookWithSecret]
     """


    kwargs = _get_kwargs(
        body=body,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    body: WebhookRegistration,

) -> Error | WebhookWithSecret | None:
    """ Webhook の受信用の URL を登録する / Register a webhook endpoint

     自社の保証契約のイベント（`GET /v1/events` と同じもの）を、起きた順に、登録した HTTPS の URL へ POST で送ります。
    API トークンの `webhooks` 権限が必要です。受信用の URLは1社あたり5件までです。

    応答の `secret`（`whsec_` で始まる）は **この応答でしか表示しません**。受信側で署名の確認に使います。
    送信は [Standard Webhooks](https://www.standardwebhooks.com/) の方式です: ヘッダー `webhook-id`（イベントの ID。
    再送でも同じ）、`webhook-timestamp`（送信時刻の UNIX 秒）、`webhook-signature`（`v1,` に続けて、
    `<webhook-id>.<webhook-timestamp>.<本文>` の HMAC-SHA256 を Base64 で。シークレットは `whsec_` の後ろを Base64 で
    復号したもの）。本文は `WebhookPayload` です。2xx 以外の応答・10 秒以内に応答がない・リダイレクトは失敗とし、
    1, 2, 4 … 分後（最大1時間おき）に同じイベントから再送します（順序を保ち、失敗している間の後のイベントも待ちます）。
    登録した時点より後のイベントから送ります。前のイベントは `POST /v1/webhooks/{webhook_id}/replay` で送れます。

    同じ URL をもう一度登録すると 409 `webhook_exists` です（応答が届かず再送した場合も。シークレットは再発行してください）。

    処理の順序: 認証（401/403）→ 本文の読み取りとスキーマの検証（413/415/400）→ URL の検査（400）→ 登録（201 / 409）。

    Args:
        body (WebhookRegistration): 受信用の URLの登録 / A webhook endpoint to register.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | WebhookWithSecret
     """


    return sync_detailed(
        client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: WebhookRegistration,

) -> Response[Error | WebhookWithSecret]:
    """ Webhook の受信用の URL を登録する / Register a webhook endpoint

     自社の保証契約のイベント（`GET /v1/events` と同じもの）を、起きた順に、登録した HTTPS の URL へ POST で送ります。
    API トークンの `webhooks` 権限が必要です。受信用の URLは1社あたり5件までです。

    応答の `secret`（`whsec_` で始まる）は **この応答でしか表示しません**。受信側で署名の確認に使います。
    送信は [Standard Webhooks](https://www.standardwebhooks.com/) の方式です: ヘッダー `webhook-id`（イベントの ID。
    再送でも同じ）、`webhook-timestamp`（送信時刻の UNIX 秒）、`webhook-signature`（`v1,` に続けて、
    `<webhook-id>.<webhook-timestamp>.<本文>` の HMAC-SHA256 を Base64 で。シークレットは `whsec_` の後ろを Base64 で
    復号したもの）。本文は `WebhookPayload` です。2xx 以外の応答・10 秒以内に応答がない・リダイレクトは失敗とし、
    1, 2, 4 … 分後（最大1時間おき）に同じイベントから再送します（順序を保ち、失敗している間の後のイベントも待ちます）。
    登録した時点より後のイベントから送ります。前のイベントは `POST /v1/webhooks/{webhook_id}/replay` で送れます。

    同じ URL をもう一度登録すると 409 `webhook_exists` です（応答が届かず再送した場合も。シークレットは再発行してください）。

    処理の順序: 認証（401/403）→ 本文の読み取りとスキーマの検証（413/415/400）→ URL の検査（400）→ 登録（201 / 409）。

    Args:
        body (WebhookRegistration): 受信用の URLの登録 / A webhook endpoint to register.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | WebhookWithSecret]
     """


    kwargs = _get_kwargs(
        body=body,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    body: WebhookRegistration,

) -> Error | WebhookWithSecret | None:
    """ Webhook の受信用の URL を登録する / Register a webhook endpoint

     自社の保証契約のイベント（`GET /v1/events` と同じもの）を、起きた順に、登録した HTTPS の URL へ POST で送ります。
    API トークンの `webhooks` 権限が必要です。受信用の URLは1社あたり5件までです。

    応答の `secret`（`whsec_` で始まる）は **この応答でしか表示しません**。受信側で署名の確認に使います。
    送信は [Standard Webhooks](https://www.standardwebhooks.com/) の方式です: ヘッダー `webhook-id`（イベントの ID。
    再送でも同じ）、`webhook-timestamp`（送信時刻の UNIX 秒）、`webhook-signature`（`v1,` に続けて、
    `<webhook-id>.<webhook-timestamp>.<本文>` の HMAC-SHA256 を Base64 で。シークレットは `whsec_` の後ろを Base64 で
    復号したもの）。本文は `WebhookPayload` です。2xx 以外の応答・10 秒以内に応答がない・リダイレクトは失敗とし、
    1, 2, 4 … 分後（最大1時間おき）に同じイベントから再送します（順序を保ち、失敗している間の後のイベントも待ちます）。
    登録した時点より後のイベントから送ります。前のイベントは `POST /v1/webhooks/{webhook_id}/replay` で送れます。

    同じ URL をもう一度登録すると 409 `webhook_exists` です（応答が届かず再送した場合も。シークレットは再発行してください）。

    処理の順序: 認証（401/403）→ 本文の読み取りとスキーマの検証（413/415/400）→ URL の検査（400）→ 登録（201 / 409）。

    Args:
        body (WebhookRegistration): 受信用の URLの登録 / A webhook endpoint to register.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | WebhookWithSecret
     """


    return (await asyncio_detailed(
        client=client,
body=body,

    )).parsed
