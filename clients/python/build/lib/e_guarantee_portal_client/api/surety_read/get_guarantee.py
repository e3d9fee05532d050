from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.surety_guarantee import SuretyGuarantee
from typing import cast



def _get_kwargs(
    guarantee_id: str,

) -> dict[str, Any]:
    

    

    

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/guarantees/{guarantee_id}".format(guarantee_id=quote(str(guarantee_id), safe=""),),
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | SuretyGuarantee:
    if response.status_code == 200:
        response_200 = SuretyGuarantee.from_dict(response.json())



        return response_200

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())



        return response_401

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())



        return response_403

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())



        return response_404

    if response.status_code == 500:
        response_500 = Error.from_dict(response.json())



        return response_500

    if response.status_code == 503:
        response_503 = Error.from_dict(response.json())



        return response_503

    response_default = Error.from_dict(response.json())



    return response_default



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | SuretyGuarantee]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    guarantee_id: str,
    *,
    client: AuthenticatedClient,

) -> Response[Error | SuretyGuarantee]:
    """ 自社の保証契約を取得する（全版） / Get one of the surety's guarantees, every version

     保証契約の現在の状態、変更の履歴、すべての版の内容（各版の変更内容と受領確認を含む）を返します。
    API トークンの `read` 権限が必要です。変更（`base_version`）の前に、ここで `latest_version` を確認してください。

    - 他社の保証契約、存在しない ID、形式の違う ID は、どれも同じ 404 `guarantee_not_found` です。
    - 認証キーは含みません（ポータルは保存していません）。

    Args:
        guarantee_id (str): 保証契約の ID（`g` + 25 文字）/ Guarantee id.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | SuretyGuarantee]
     """


    kwargs = _get_kwargs(
        guarantee_id=guarantee_id,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    guarantee_id: str,
    *,
    client: AuthenticatedClient,

) -> Error | SuretyGuarantee | None:
    """ 自社の保証契約を取得する（全版） / Get one of the surety's guarantees, every version

     保証契約の現在の状態、変更の履歴、すべての版の内容（各版の変更内容と受領確認を含む）を返します。
    API トークンの `read` 権限が必要です。変更（`base_version`）の前に、ここで `latest_version` を確認してください。

    - 他社の保証契約、存在しない ID、形式の違う ID は、どれも同じ 404 `guarantee_not_found` です。
    - 認証キーは含みません（ポータルは保存していません）。

    Args:
        guarantee_id (str): 保証契約の ID（`g` + 25 文字）/ Guarantee id.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | SuretyGuarantee
     """


    return sync_detailed(
        guarantee_id=guarantee_id,
client=client,

    ).parsed

async def asyncio_detailed(
    guarantee_id: str,
    *,
    client: AuthenticatedClient,

) -> Response[Error | SuretyGuarantee]:
    """ 自社の保証契約を取得する（全版） / Get one of the surety's guarantees, every version

     保証契約の現在の状態、変更の履歴、すべての版の内容（各版の変更内容と受領確認を含む）を返します。
    API トークンの `read` 権限が必要です。変更（`base_version`）の前に、ここで `latest_version` を確認してください。

    - 他社の保証契約、存在しない ID、形式の違う ID は、どれも同じ 404 `guarantee_not_found` です。
    - 認証キーは含みません（ポータルは保存していません）。

    Args:
        guarantee_id (str): 保証契約の ID（`g` + 25 文字）/ Guarantee id.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | SuretyGuarantee]
     """


    kwargs = _get_kwargs(
        guarantee_id=guarantee_id,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    guarantee_id: str,
    *,
    client: AuthenticatedClient,

) -> Error | SuretyGuarantee | None:
    """ 自社の保証契約を取得する（全版） / Get one of the surety's guarantees, every version

     保証契約の現在の状態、変更の履歴、すべての版の内容（各版の変更内容と受領確認を含む）を返します。
    API トークンの `read` 権限が必要です。変更（`base_version`）の前に、ここで `latest_version` を確認してください。

    - 他社の保証契約、存在しない ID、形式の違う ID は、どれも同じ 404 `guarantee_not_found` です。
    - 認証キーは含みません（ポータルは保存していません）。

    Args:
        guarantee_id (str): 保証契約の ID（`g` + 25 文字）/ Guarantee id.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | SuretyGuarantee
     """


    return (await asyncio_detailed(
        guarantee_id=guarantee_id,
client=client,

    )).parsed
