from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.list_orderers_response_200 import ListOrderersResponse200
from typing import cast



def _get_kwargs(
    
) -> dict[str, Any]:
    

    

    

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/orderers",
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | ListOrderersResponse200:
    if response.status_code == 200:
        response_200 = ListOrderersResponse200.from_dict(response.json())



        return response_200

    if response.status_code == 500:
        response_500 = Error.from_dict(response.json())



        return response_500

    response_default = Error.from_dict(response.json())



    return response_default



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | ListOrderersResponse200]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,

) -> Response[Error | ListOrderersResponse200]:
    """ 電子保証に対応している発注者の一覧 / Orderers that accept electronic guarantees

     電子保証を受け付けている発注者（地方公共団体）と、受付開始日・受け付ける保証の種類。認証は不要です。
    発行時の `orderer_id` はこの一覧の `id` です。

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ListOrderersResponse200]
     """


    kwargs = _get_kwargs(
        
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient | Client,

) -> Error | ListOrderersResponse200 | None:
    """ 電子保証に対応している発注者の一覧 / Orderers that accept electronic guarantees

     電子保証を受け付けている発注者（地方公共団体）と、受付開始日・受け付ける保証の種類。認証は不要です。
    発行時の `orderer_id` はこの一覧の `id` です。

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ListOrderersResponse200
     """


    return sync_detailed(
        client=client,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,

) -> Response[Error | ListOrderersResponse200]:
    """ 電子保証に対応している発注者の一覧 / Orderers that accept electronic guarantees

     電子保証を受け付けている発注者（地方公共団体）と、受付開始日・受け付ける保証の種類。認証は不要です。
    発行時の `orderer_id` はこの一覧の `id` です。

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ListOrderersResponse200]
     """


    kwargs = _get_kwargs(
        
    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient | Client,

) -> Error | ListOrderersResponse200 | None:
    """ 電子保証に対応している発注者の一覧 / Orderers that accept electronic guarantees

     電子保証を受け付けている発注者（地方公共団体）と、受付開始日・受け付ける保証の種類。認証は不要です。
    発行時の `orderer_id` はこの一覧の `id` です。

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ListOrderersResponse200
     """


    return (await asyncio_detailed(
        client=client,

    )).parsed
