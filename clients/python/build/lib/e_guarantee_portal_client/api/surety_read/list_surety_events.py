from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.event_feed_page import EventFeedPage
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
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
        "url": "/v1/events",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | EventFeedPage:
    if response.status_code == 200:
        response_200 = EventFeedPage.from_dict(response.json())



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



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | EventFeedPage]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
    limit: int | Unset = 50,

) -> Response[Error | EventFeedPage]:
    """ 自社の電子保証のイベント（フィード） / Every event of the surety's guarantees (a feed)

     自社が発行したすべての保証契約のイベント（発行・変更・解約・期間の終了・照合・誤った認証キーの集中（`lockout`）・受領の記録と取消）を、
    起きた順に返します。API トークンの `read` 権限が必要です。ほかの保証会社の電子保証のイベントは含まれません。
    認証キーや API トークンは含みません（照合した人の接続元はハッシュ化した値だけです）。

    **続きから読む**: 応答の `next_cursor` を保存し、次の呼び出しの `cursor` に指定すると、その続きから返します。
    最後まで読んだときも `next_cursor` は返るので、それを保存しておけば、後で新しいイベントだけを受け取れます
    （`more` が `false` なら、いまある分はすべて返しています。少し時間をおいて同じカーソルで呼び出してください）。
    記録してから30秒以内のイベントは、順序を確定させるため次の呼び出しで返します（イベントは記録した順に並びます）。

    処理の順序: 認証（401/403）→ `limit` の検査 → `cursor` の検査（400）。

    Args:
        cursor (str | Unset): 続きを取得するための不透明なカーソル（署名付き。取得した一覧にだけ使えます）/ An opaque, signed cursor.
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | EventFeedPage]
     """


    kwargs = _get_kwargs(
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
    cursor: str | Unset = UNSET,
    limit: int | Unset = 50,

) -> Error | EventFeedPage | None:
    """ 自社の電子保証のイベント（フィード） / Every event of the surety's guarantees (a feed)

     自社が発行したすべての保証契約のイベント（発行・変更・解約・期間の終了・照合・誤った認証キーの集中（`lockout`）・受領の記録と取消）を、
    起きた順に返します。API トークンの `read` 権限が必要です。ほかの保証会社の電子保証のイベントは含まれません。
    認証キーや API トークンは含みません（照合した人の接続元はハッシュ化した値だけです）。

    **続きから読む**: 応答の `next_cursor` を保存し、次の呼び出しの `cursor` に指定すると、その続きから返します。
    最後まで読んだときも `next_cursor` は返るので、それを保存しておけば、後で新しいイベントだけを受け取れます
    （`more` が `false` なら、いまある分はすべて返しています。少し時間をおいて同じカーソルで呼び出してください）。
    記録してから30秒以内のイベントは、順序を確定させるため次の呼び出しで返します（イベントは記録した順に並びます）。

    処理の順序: 認証（401/403）→ `limit` の検査 → `cursor` の検査（400）。

    Args:
        cursor (str | Unset): 続きを取得するための不透明なカーソル（署名付き。取得した一覧にだけ使えます）/ An opaque, signed cursor.
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | EventFeedPage
     """


    return sync_detailed(
        client=client,
cursor=cursor,
limit=limit,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
    limit: int | Unset = 50,

) -> Response[Error | EventFeedPage]:
    """ 自社の電子保証のイベント（フィード） / Every event of the surety's guarantees (a feed)

     自社が発行したすべての保証契約のイベント（発行・変更・解約・期間の終了・照合・誤った認証キーの集中（`lockout`）・受領の記録と取消）を、
    起きた順に返します。API トークンの `read` 権限が必要です。ほかの保証会社の電子保証のイベントは含まれません。
    認証キーや API トークンは含みません（照合した人の接続元はハッシュ化した値だけです）。

    **続きから読む**: 応答の `next_cursor` を保存し、次の呼び出しの `cursor` に指定すると、その続きから返します。
    最後まで読んだときも `next_cursor` は返るので、それを保存しておけば、後で新しいイベントだけを受け取れます
    （`more` が `false` なら、いまある分はすべて返しています。少し時間をおいて同じカーソルで呼び出してください）。
    記録してから30秒以内のイベントは、順序を確定させるため次の呼び出しで返します（イベントは記録した順に並びます）。

    処理の順序: 認証（401/403）→ `limit` の検査 → `cursor` の検査（400）。

    Args:
        cursor (str | Unset): 続きを取得するための不透明なカーソル（署名付き。取得した一覧にだけ使えます）/ An opaque, signed cursor.
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | EventFeedPage]
     """


    kwargs = _get_kwargs(
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
    cursor: str | Unset = UNSET,
    limit: int | Unset = 50,

) -> Error | EventFeedPage | None:
    """ 自社の電子保証のイベント（フィード） / Every event of the surety's guarantees (a feed)

     自社が発行したすべての保証契約のイベント（発行・変更・解約・期間の終了・照合・誤った認証キーの集中（`lockout`）・受領の記録と取消）を、
    起きた順に返します。API トークンの `read` 権限が必要です。ほかの保証会社の電子保証のイベントは含まれません。
    認証キーや API トークンは含みません（照合した人の接続元はハッシュ化した値だけです）。

    **続きから読む**: 応答の `next_cursor` を保存し、次の呼び出しの `cursor` に指定すると、その続きから返します。
    最後まで読んだときも `next_cursor` は返るので、それを保存しておけば、後で新しいイベントだけを受け取れます
    （`more` が `false` なら、いまある分はすべて返しています。少し時間をおいて同じカーソルで呼び出してください）。
    記録してから30秒以内のイベントは、順序を確定させるため次の呼び出しで返します（イベントは記録した順に並びます）。

    処理の順序: 認証（401/403）→ `limit` の検査 → `cursor` の検査（400）。

    Args:
        cursor (str | Unset): 続きを取得するための不透明なカーソル（署名付き。取得した一覧にだけ使えます）/ An opaque, signed cursor.
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | EventFeedPage
     """


    return (await asyncio_detailed(
        client=client,
cursor=cursor,
limit=limit,

    )).parsed
