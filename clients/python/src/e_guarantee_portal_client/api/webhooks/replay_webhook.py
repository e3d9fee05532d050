from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.webhook_replay_request import WebhookReplayRequest
from ...models.webhook_response import WebhookResponse
from typing import cast



def _get_kwargs(
    webhook_id: str,
    *,
    body: WebhookReplayRequest,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/webhooks/{webhook_id}/replay".format(webhook_id=quote(str(webhook_id), safe=""),),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | WebhookResponse:
    if response.status_code == 202:
        response_202 = WebhookResponse.from_dict(response.json())



        return response_202

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())



        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())



        return response_401

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())



        return response_403

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())



        return response_404

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



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | WebhookResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    webhook_id: str,
    *,
    client: AuthenticatedClient,
    body: WebhookReplayRequest,

) -> Response[Error | WebhookResponse]:
    """ イベントを送り直す / Deliver events again from a time or a cursor

     受信側が止まっていた間などのイベントを、指定した時点の後から、起きた順に送り直します。`since`（日時）または
    `cursor`（受け取った本文の `cursor`、または `GET /v1/events` の `next_cursor`）のどちらか一方を指定します。
    送信を待っている場合（失敗が続いている場合）も、次の送信（1分以内）から始めます。すでに受け取ったイベントも
    もう一度届くことがあるので、`webhook-id` で重複を除いてください。API トークンの `webhooks` 権限が必要です。

    処理の順序: 認証（401/403）→ 本文の読み取りとスキーマの検証（413/415/400）→ 受信用の URLの確認（404）→ `since`・`cursor` の検査（400）。

    Args:
        webhook_id (str):
        body (WebhookReplayRequest): 送り直す起点（どちらか一方）/ Where to deliver again from (one of the two).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | WebhookResponse]
     """


    kwargs = _get_kwargs(
        webhook_id=webhook_id,
body=body,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    webhook_id: str,
    *,
    client: AuthenticatedClient,
    body: WebhookReplayRequest,

) -> Error | WebhookResponse | None:
    """ イベントを送り直す / Deliver events again from a time or a cursor

     受信側が止まっていた間などのイベントを、指定した時点の後から、起きた順に送り直します。`since`（日時）または
    `cursor`（受け取った本文の `cursor`、または `GET /v1/events` の `next_cursor`）のどちらか一方を指定します。
    送信を待っている場合（失敗が続いている場合）も、次の送信（1分以内）から始めます。すでに受け取ったイベントも
    もう一度届くことがあるので、`webhook-id` で重複を除いてください。API トークンの `webhooks` 権限が必要です。

    処理の順序: 認証（401/403）→ 本文の読み取りとスキーマの検証（413/415/400）→ 受信用の URLの確認（404）→ `since`・`cursor` の検査（400）。

    Args:
        webhook_id (str):
        body (WebhookReplayRequest): 送り直す起点（どちらか一方）/ Where to deliver again from (one of the two).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | WebhookResponse
     """


    return sync_detailed(
        webhook_id=webhook_id,
client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    webhook_id: str,
    *,
    client: AuthenticatedClient,
    body: WebhookReplayRequest,

) -> Response[Error | WebhookResponse]:
    """ イベントを送り直す / Deliver events again from a time or a cursor

     受信側が止まっていた間などのイベントを、指定した時点の後から、起きた順に送り直します。`since`（日時）または
    `cursor`（受け取った本文の `cursor`、または `GET /v1/events` の `next_cursor`）のどちらか一方を指定します。
    送信を待っている場合（失敗が続いている場合）も、次の送信（1分以内）から始めます。すでに受け取ったイベントも
    もう一度届くことがあるので、`webhook-id` で重複を除いてください。API トークンの `webhooks` 権限が必要です。

    処理の順序: 認証（401/403）→ 本文の読み取りとスキーマの検証（413/415/400）→ 受信用の URLの確認（404）→ `since`・`cursor` の検査（400）。

    Args:
        webhook_id (str):
        body (WebhookReplayRequest): 送り直す起点（どちらか一方）/ Where to deliver again from (one of the two).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | WebhookResponse]
     """


    kwargs = _get_kwargs(
        webhook_id=webhook_id,
body=body,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    webhook_id: str,
    *,
    client: AuthenticatedClient,
    body: WebhookReplayRequest,

) -> Error | WebhookResponse | None:
    """ イベントを送り直す / Deliver events again from a time or a cursor

     受信側が止まっていた間などのイベントを、指定した時点の後から、起きた順に送り直します。`since`（日時）または
    `cursor`（受け取った本文の `cursor`、または `GET /v1/events` の `next_cursor`）のどちらか一方を指定します。
    送信を待っている場合（失敗が続いている場合）も、次の送信（1分以内）から始めます。すでに受け取ったイベントも
    もう一度届くことがあるので、`webhook-id` で重複を除いてください。API トークンの `webhooks` 権限が必要です。

    処理の順序: 認証（401/403）→ 本文の読み取りとスキーマの検証（413/415/400）→ 受信用の URLの確認（404）→ `since`・`cursor` の検査（400）。

    Args:
        webhook_id (str):
        body (WebhookReplayRequest): 送り直す起点（どちらか一方）/ Where to deliver again from (one of the two).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | WebhookResponse
     """


    return (await asyncio_detailed(
        webhook_id=webhook_id,
client=client,
body=body,

    )).parsed
