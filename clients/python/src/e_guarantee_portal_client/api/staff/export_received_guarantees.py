from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.export_received_guarantees_state import ExportReceivedGuaranteesState
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    department: str | Unset = UNSET,
    state: ExportReceivedGuaranteesState | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    params["department"] = department

    json_state: str | Unset = UNSET
    if not isinstance(state, Unset):
        json_state = state.value

    params["state"] = json_state


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/staff/receipts.csv",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | str:
    if response.status_code == 200:
        response_200 = response.text
        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())



        return response_400

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



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    department: str | Unset = UNSET,
    state: ExportReceivedGuaranteesState | Unset = UNSET,

) -> Response[Error | str]:
    """ 受領台帳（CSV）/ The orderer's receipts as CSV

     受領台帳を CSV で（UTF-8、BOM 付き、改行 CRLF。Excel でそのまま開けます）。絞り込みは一覧と同じです。
    `=`・`+`・`-`・`@` で始まる値は、表計算ソフトで数式にならないよう先頭に `'` を付けます。

    Args:
        department (str | Unset):
        state (ExportReceivedGuaranteesState | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | str]
     """


    kwargs = _get_kwargs(
        department=department,
state=state,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient | Client,
    department: str | Unset = UNSET,
    state: ExportReceivedGuaranteesState | Unset = UNSET,

) -> Error | str | None:
    """ 受領台帳（CSV）/ The orderer's receipts as CSV

     受領台帳を CSV で（UTF-8、BOM 付き、改行 CRLF。Excel でそのまま開けます）。絞り込みは一覧と同じです。
    `=`・`+`・`-`・`@` で始まる値は、表計算ソフトで数式にならないよう先頭に `'` を付けます。

    Args:
        department (str | Unset):
        state (ExportReceivedGuaranteesState | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | str
     """


    return sync_detailed(
        client=client,
department=department,
state=state,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    department: str | Unset = UNSET,
    state: ExportReceivedGuaranteesState | Unset = UNSET,

) -> Response[Error | str]:
    """ 受領台帳（CSV）/ The orderer's receipts as CSV

     受領台帳を CSV で（UTF-8、BOM 付き、改行 CRLF。Excel でそのまま開けます）。絞り込みは一覧と同じです。
    `=`・`+`・`-`・`@` で始まる値は、表計算ソフトで数式にならないよう先頭に `'` を付けます。

    Args:
        department (str | Unset):
        state (ExportReceivedGuaranteesState | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | str]
     """


    kwargs = _get_kwargs(
        department=department,
state=state,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    department: str | Unset = UNSET,
    state: ExportReceivedGuaranteesState | Unset = UNSET,

) -> Error | str | None:
    """ 受領台帳（CSV）/ The orderer's receipts as CSV

     受領台帳を CSV で（UTF-8、BOM 付き、改行 CRLF。Excel でそのまま開けます）。絞り込みは一覧と同じです。
    `=`・`+`・`-`・`@` で始まる値は、表計算ソフトで数式にならないよう先頭に `'` を付けます。

    Args:
        department (str | Unset):
        state (ExportReceivedGuaranteesState | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | str
     """


    return (await asyncio_detailed(
        client=client,
department=department,
state=state,

    )).parsed
