from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.guarantees_page import GuaranteesPage
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    orderer: str | Unset = UNSET,
    contractor: str | Unset = UNSET,
    cursor: str | Unset = UNSET,
    limit: int | Unset = 50,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    params["orderer"] = orderer

    params["contractor"] = contractor

    params["cursor"] = cursor

    params["limit"] = limit


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/guarantees",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | GuaranteesPage:
    if response.status_code == 200:
        response_200 = GuaranteesPage.from_dict(response.json())



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



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | GuaranteesPage]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    orderer: str | Unset = UNSET,
    contractor: str | Unset = UNSET,
    cursor: str | Unset = UNSET,
    limit: int | Unset = 50,

) -> Response[Error | GuaranteesPage]:
    """ 自社の保証契約の一覧（発注者別・受注者別） / List own guarantees by orderer or by contractor

     自社が発行した保証契約を、発注者（`orderer`、地方公共団体コード）ごと、または受注者の法人番号（`contractor`）ごとに、
    新しい順に返します。`orderer` と `contractor` はどちらか一方だけを指定します。API トークンの `read` 権限が必要です。

    - 他社の保証契約は載りません。
    - 受注者別の一覧には、発行時に `contractor.corporate_number`（法人番号）を指定した保証契約だけが載ります。
    - 件数が多いときはカーソル方式で分けて返します（`limit`、`cursor`、`next_cursor`。冒頭の「ページング」を参照）。
      カーソルはこの一覧（同じ `orderer` または同じ `contractor`）にだけ使えます。

    処理の順序: 認証（401/403）→ `orderer`/`contractor` の検査 → `limit` の検査 → `cursor` の検査（いずれも 400）。

    Args:
        orderer (str | Unset): 全国地方公共団体コード（6 桁、末尾は検査数字）/ Local government code.
        contractor (str | Unset):
        cursor (str | Unset): 続きを取得するための不透明なカーソル（署名付き。取得した一覧にだけ使えます）/ An opaque, signed cursor.
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | GuaranteesPage]
     """


    kwargs = _get_kwargs(
        orderer=orderer,
contractor=contractor,
cursor=cursor,
limit=limit,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    orderer: str | Unset = UNSET,
    contractor: str | Unset = UNSET,
    cursor: str | Unset = UNSET,
    limit: int | Unset = 50,

) -> Error | GuaranteesPage | None:
    """ 自社の保証契約の一覧（発注者別・受注者別） / List own guarantees by orderer or by contractor

     自社が発行した保証契約を、発注者（`orderer`、地方公共団体コード）ごと、または受注者の法人番号（`contractor`）ごとに、
    新しい順に返します。`orderer` と `contractor` はどちらか一方だけを指定します。API トークンの `read` 権限が必要です。

    - 他社の保証契約は載りません。
    - 受注者別の一覧には、発行時に `contractor.corporate_number`（法人番号）を指定した保証契約だけが載ります。
    - 件数が多いときはカーソル方式で分けて返します（`limit`、`cursor`、`next_cursor`。冒頭の「ページング」を参照）。
      カーソルはこの一覧（同じ `orderer` または同じ `contractor`）にだけ使えます。

    処理の順序: 認証（401/403）→ `orderer`/`contractor` の検査 → `limit` の検査 → `cursor` の検査（いずれも 400）。

    Args:
        orderer (str | Unset): 全国地方公共団体コード（6 桁、末尾は検査数字）/ Local government code.
        contractor (str | Unset):
        cursor (str | Unset): 続きを取得するための不透明なカーソル（署名付き。取得した一覧にだけ使えます）/ An opaque, signed cursor.
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | GuaranteesPage
     """


    return sync_detailed(
        client=client,
orderer=orderer,
contractor=contractor,
cursor=cursor,
limit=limit,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    orderer: str | Unset = UNSET,
    contractor: str | Unset = UNSET,
    cursor: str | Unset = UNSET,
    limit: int | Unset = 50,

) -> Response[Error | GuaranteesPage]:
    """ 自社の保証契約の一覧（発注者別・受注者別） / List own guarantees by orderer or by contractor

     自社が発行した保証契約を、発注者（`orderer`、地方公共団体コード）ごと、または受注者の法人番号（`contractor`）ごとに、
    新しい順に返します。`orderer` と `contractor` はどちらか一方だけを指定します。API トークンの `read` 権限が必要です。

    - 他社の保証契約は載りません。
    - 受注者別の一覧には、発行時に `contractor.corporate_number`（法人番号）を指定した保証契約だけが載ります。
    - 件数が多いときはカーソル方式で分けて返します（`limit`、`cursor`、`next_cursor`。冒頭の「ページング」を参照）。
      カーソルはこの一覧（同じ `orderer` または同じ `contractor`）にだけ使えます。

    処理の順序: 認証（401/403）→ `orderer`/`contractor` の検査 → `limit` の検査 → `cursor` の検査（いずれも 400）。

    Args:
        orderer (str | Unset): 全国地方公共団体コード（6 桁、末尾は検査数字）/ Local government code.
        contractor (str | Unset):
        cursor (str | Unset): 続きを取得するための不透明なカーソル（署名付き。取得した一覧にだけ使えます）/ An opaque, signed cursor.
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | GuaranteesPage]
     """


    kwargs = _get_kwargs(
        orderer=orderer,
contractor=contractor,
cursor=cursor,
limit=limit,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    orderer: str | Unset = UNSET,
    contractor: str | Unset = UNSET,
    cursor: str | Unset = UNSET,
    limit: int | Unset = 50,

) -> Error | GuaranteesPage | None:
    """ 自社の保証契約の一覧（発注者別・受注者別） / List own guarantees by orderer or by contractor

     自社が発行した保証契約を、発注者（`orderer`、地方公共団体コード）ごと、または受注者の法人番号（`contractor`）ごとに、
    新しい順に返します。`orderer` と `contractor` はどちらか一方だけを指定します。API トークンの `read` 権限が必要です。

    - 他社の保証契約は載りません。
    - 受注者別の一覧には、発行時に `contractor.corporate_number`（法人番号）を指定した保証契約だけが載ります。
    - 件数が多いときはカーソル方式で分けて返します（`limit`、`cursor`、`next_cursor`。冒頭の「ページング」を参照）。
      カーソルはこの一覧（同じ `orderer` または同じ `contractor`）にだけ使えます。

    処理の順序: 認証（401/403）→ `orderer`/`contractor` の検査 → `limit` の検査 → `cursor` の検査（いずれも 400）。

    Args:
        orderer (str | Unset): 全国地方公共団体コード（6 桁、末尾は検査数字）/ Local government code.
        contractor (str | Unset):
        cursor (str | Unset): 続きを取得するための不透明なカーソル（署名付き。取得した一覧にだけ使えます）/ An opaque, signed cursor.
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | GuaranteesPage
     """


    return (await asyncio_detailed(
        client=client,
orderer=orderer,
contractor=contractor,
cursor=cursor,
limit=limit,

    )).parsed
