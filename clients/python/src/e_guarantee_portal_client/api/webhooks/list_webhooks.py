from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.webhook_list import WebhookList
from typing import cast



def _get_kwargs(
    
) -> dict[str, Any]:
    

    

    

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/webhooks",
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | WebhookList:
    if response.status_code == 200:
        response_200 = WebhookList.from_dict(response.json())



        return response_200

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())



        return response_401

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())



        return response_403

    if response.status_code == 500:
        response_500 = Error.from_dict(response.json())



        return response_500

    if response.status_code == 503:
        response_503 = Error.from_dict(response.json())



        return response_503

    response_default = Error.from_dict(response.json())



    return response_default



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | WebhookList]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,

) -> Response[Error | WebhookList]:
    """ 登録した受信用の URLと送信の状況 / The surety's webhook endpoints and how delivery goes

     登録した受信用の URLと、送信の状況（送った件数・最後に届いた日時・続けて失敗している回数と理由・次に送る日時）を返します。
    シークレットは返しません。API トークンの `webhooks` 権限が必要です。

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | WebhookList]
     """


    kwargs = _get_kwargs(
        
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,

) -> Error | WebhookList | None:
    """ 登録した受信用の URLと送信の状況 / The surety's webhook endpoints and how delivery goes

     登録した受信用の URLと、送信の状況（送った件数・最後に届いた日時・続けて失敗している回数と理由・次に送る日時）を返します。
    シークレットは返しません。API トークンの `webhooks` 権限が必要です。

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | WebhookList
     """


    return sync_detailed(
        client=client,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,

) -> Response[Error | WebhookList]:
    """ 登録した受信用の URLと送信の状況 / The surety's webhook endpoints and how delivery goes

     登録した受信用の URLと、送信の状況（送った件数・最後に届いた日時・続けて失敗している回数と理由・次に送る日時）を返します。
    シークレットは返しません。API トークンの `webhooks` 権限が必要です。

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | WebhookList]
     """


    kwargs = _get_kwargs(
        
    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,

) -> Error | WebhookList | None:
    """ 登録した受信用の URLと送信の状況 / The surety's webhook endpoints and how delivery goes

     登録した受信用の URLと、送信の状況（送った件数・最後に届いた日時・続けて失敗している回数と理由・次に送る日時）を返します。
    シークレットは返しません。API トークンの `webhooks` 権限が必要です。

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | WebhookList
     """


    return (await asyncio_detailed(
        client=client,

    )).parsed
