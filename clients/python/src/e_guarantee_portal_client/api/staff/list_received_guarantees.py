from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.list_received_guarantees_response_200 import ListReceivedGuaranteesResponse200
from ...models.list_received_guarantees_state import ListReceivedGuaranteesState
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    department: str | Unset = UNSET,
    state: ListReceivedGuaranteesState | Unset = UNSET,

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
        "url": "/v1/staff/receipts",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | ListReceivedGuaranteesResponse200:
    if response.status_code == 200:
        response_200 = ListReceivedGuaranteesResponse200.from_dict(response.json())



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



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | ListReceivedGuaranteesResponse200]:
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
    state: ListReceivedGuaranteesState | Unset = UNSET,

) -> Response[Error | ListReceivedGuaranteesResponse200]:
    """ 受領台帳 / The orderer's receipts

     サインインした職員の発注者が受領を記録した電子保証の一覧（新しい順）。受領したときの内容と、現在の状態
    （有効 / 変更あり（第N版が発行済み）/ 解約 / 期限満了）、受領した日と部署・氏名・アカウント。

    Args:
        department (str | Unset):
        state (ListReceivedGuaranteesState | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ListReceivedGuaranteesResponse200]
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
    state: ListReceivedGuaranteesState | Unset = UNSET,

) -> Error | ListReceivedGuaranteesResponse200 | None:
    """ 受領台帳 / The orderer's receipts

     サインインした職員の発注者が受領を記録した電子保証の一覧（新しい順）。受領したときの内容と、現在の状態
    （有効 / 変更あり（第N版が発行済み）/ 解約 / 期限満了）、受領した日と部署・氏名・アカウント。

    Args:
        department (str | Unset):
        state (ListReceivedGuaranteesState | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ListReceivedGuaranteesResponse200
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
    state: ListReceivedGuaranteesState | Unset = UNSET,

) -> Response[Error | ListReceivedGuaranteesResponse200]:
    """ 受領台帳 / The orderer's receipts

     サインインした職員の発注者が受領を記録した電子保証の一覧（新しい順）。受領したときの内容と、現在の状態
    （有効 / 変更あり（第N版が発行済み）/ 解約 / 期限満了）、受領した日と部署・氏名・アカウント。

    Args:
        department (str | Unset):
        state (ListReceivedGuaranteesState | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ListReceivedGuaranteesResponse200]
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
    state: ListReceivedGuaranteesState | Unset = UNSET,

) -> Error | ListReceivedGuaranteesResponse200 | None:
    """ 受領台帳 / The orderer's receipts

     サインインした職員の発注者が受領を記録した電子保証の一覧（新しい順）。受領したときの内容と、現在の状態
    （有効 / 変更あり（第N版が発行済み）/ 解約 / 期限満了）、受領した日と部署・氏名・アカウント。

    Args:
        department (str | Unset):
        state (ListReceivedGuaranteesState | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ListReceivedGuaranteesResponse200
     """


    return (await asyncio_detailed(
        client=client,
department=department,
state=state,

    )).parsed
