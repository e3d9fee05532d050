from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.events_page import EventsPage
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    guarantee_id: str,
    *,
    cursor: str | Unset = UNSET,
    limit: int | Unset = 50,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    params["cursor"] = cursor

    params["limit"] = limit


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/guarantees/{guarantee_id}/events".format(guarantee_id=quote(str(guarantee_id), safe=""),),
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | EventsPage:
    if response.status_code == 200:
        response_200 = EventsPage.from_dict(response.json())



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



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | EventsPage]:
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
    cursor: str | Unset = UNSET,
    limit: int | Unset = 50,

) -> Response[Error | EventsPage]:
    """ 保証契約の履歴（イベントログ） / The guarantee's event log

     発行・変更・解約・照合の試行（成功・キーの誤り）・受領確認の記録を古い順に返します。
    API トークンの `read` 権限が必要です。照合した人の接続元アドレスはハッシュ化した値（`actor.client`）だけで、
    認証キーや API トークンは記録しません。

    件数が多いときはカーソル方式で分けて返します（冒頭の「ページング」を参照）。カーソルはこの保証契約のイベントにだけ使えます。

    処理の順序: 認証（401/403）→ 保証契約の確認（404）→ `limit` の検査 → `cursor` の検査（400）。

    Args:
        guarantee_id (str): 保証契約の ID（`g` + 25 文字）/ Guarantee id.
        cursor (str | Unset): 続きを取得するための不透明なカーソル（署名付き。取得した一覧にだけ使えます）/ An opaque, signed cursor.
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | EventsPage]
     """


    kwargs = _get_kwargs(
        guarantee_id=guarantee_id,
cursor=cursor,
limit=limit,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    guarantee_id: str,
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
    limit: int | Unset = 50,

) -> Error | EventsPage | None:
    """ 保証契約の履歴（イベントログ） / The guarantee's event log

     発行・変更・解約・照合の試行（成功・キーの誤り）・受領確認の記録を古い順に返します。
    API トークンの `read` 権限が必要です。照合した人の接続元アドレスはハッシュ化した値（`actor.client`）だけで、
    認証キーや API トークンは記録しません。

    件数が多いときはカーソル方式で分けて返します（冒頭の「ページング」を参照）。カーソルはこの保証契約のイベントにだけ使えます。

    処理の順序: 認証（401/403）→ 保証契約の確認（404）→ `limit` の検査 → `cursor` の検査（400）。

    Args:
        guarantee_id (str): 保証契約の ID（`g` + 25 文字）/ Guarantee id.
        cursor (str | Unset): 続きを取得するための不透明なカーソル（署名付き。取得した一覧にだけ使えます）/ An opaque, signed cursor.
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | EventsPage
     """


    return sync_detailed(
        guarantee_id=guarantee_id,
client=client,
cursor=cursor,
limit=limit,

    ).parsed

async def asyncio_detailed(
    guarantee_id: str,
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
    limit: int | Unset = 50,

) -> Response[Error | EventsPage]:
    """ 保証契約の履歴（イベントログ） / The guarantee's event log

     発行・変更・解約・照合の試行（成功・キーの誤り）・受領確認の記録を古い順に返します。
    API トークンの `read` 権限が必要です。照合した人の接続元アドレスはハッシュ化した値（`actor.client`）だけで、
    認証キーや API トークンは記録しません。

    件数が多いときはカーソル方式で分けて返します（冒頭の「ページング」を参照）。カーソルはこの保証契約のイベントにだけ使えます。

    処理の順序: 認証（401/403）→ 保証契約の確認（404）→ `limit` の検査 → `cursor` の検査（400）。

    Args:
        guarantee_id (str): 保証契約の ID（`g` + 25 文字）/ Guarantee id.
        cursor (str | Unset): 続きを取得するための不透明なカーソル（署名付き。取得した一覧にだけ使えます）/ An opaque, signed cursor.
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | EventsPage]
     """


    kwargs = _get_kwargs(
        guarantee_id=guarantee_id,
cursor=cursor,
limit=limit,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    guarantee_id: str,
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
    limit: int | Unset = 50,

) -> Error | EventsPage | None:
    """ 保証契約の履歴（イベントログ） / The guarantee's event log

     発行・変更・解約・照合の試行（成功・キーの誤り）・受領確認の記録を古い順に返します。
    API トークンの `read` 権限が必要です。照合した人の接続元アドレスはハッシュ化した値（`actor.client`）だけで、
    認証キーや API トークンは記録しません。

    件数が多いときはカーソル方式で分けて返します（冒頭の「ページング」を参照）。カーソルはこの保証契約のイベントにだけ使えます。

    処理の順序: 認証（401/403）→ 保証契約の確認（404）→ `limit` の検査 → `cursor` の検査（400）。

    Args:
        guarantee_id (str): 保証契約の ID（`g` + 25 文字）/ Guarantee id.
        cursor (str | Unset): 続きを取得するための不透明なカーソル（署名付き。取得した一覧にだけ使えます）/ An opaque, signed cursor.
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | EventsPage
     """


    return (await asyncio_detailed(
        guarantee_id=guarantee_id,
client=client,
cursor=cursor,
limit=limit,

    )).parsed
