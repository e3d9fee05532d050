from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.verification_request import VerificationRequest
from ...types import File, FileTypes
from io import BytesIO
from typing import cast



def _get_kwargs(
    *,
    body: VerificationRequest,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/notices",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | File:
    if response.status_code == 200:
        response_200 = File(
             payload = BytesIO(response.content)
        )



        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())



        return response_400

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())



        return response_404

    if response.status_code == 413:
        response_413 = Error.from_dict(response.json())



        return response_413

    if response.status_code == 415:
        response_415 = Error.from_dict(response.json())



        return response_415

    if response.status_code == 429:
        response_429 = Error.from_dict(response.json())



        return response_429

    if response.status_code == 500:
        response_500 = Error.from_dict(response.json())



        return response_500

    if response.status_code == 503:
        response_503 = Error.from_dict(response.json())



        return response_503

    response_default = Error.from_dict(response.json())



    return response_default



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | File]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: VerificationRequest,

) -> Response[Error | File]:
    """ 認証キーのお知らせ（PDF）を作り直す / Render the notice PDF again

     保証契約番号と認証キーを持つ人（保証会社のシステム、受注者）が、「電子保証にかかる「認証キー」のお知らせ」
    （PDF）を取得します。ポータルは認証キーを保存しないため、PDF は毎回この 2 つから作り直します
    （発行時と同じ文書になります）。`Accept: application/pdf` を付けて送ってください。
    照合と同じく、保証契約番号の誤りと認証キーの誤りは同じ 404 で、試行はすべて記録されます。
    お知らせはキーの版のものです（変更前の版のキーなら変更前の内容。その後の変更や解約は印字されません）。

    Args:
        body (VerificationRequest): 照合リクエスト / Verification request.
            どちらも人が入力したままの文字列で送れます（サーバーで正規化）。

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | File]
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
    client: AuthenticatedClient | Client,
    body: VerificationRequest,

) -> Error | File | None:
    """ 認証キーのお知らせ（PDF）を作り直す / Render the notice PDF again

     保証契約番号と認証キーを持つ人（保証会社のシステム、受注者）が、「電子保証にかかる「認証キー」のお知らせ」
    （PDF）を取得します。ポータルは認証キーを保存しないため、PDF は毎回この 2 つから作り直します
    （発行時と同じ文書になります）。`Accept: application/pdf` を付けて送ってください。
    照合と同じく、保証契約番号の誤りと認証キーの誤りは同じ 404 で、試行はすべて記録されます。
    お知らせはキーの版のものです（変更前の版のキーなら変更前の内容。その後の変更や解約は印字されません）。

    Args:
        body (VerificationRequest): 照合リクエスト / Verification request.
            どちらも人が入力したままの文字列で送れます（サーバーで正規化）。

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | File
     """


    return sync_detailed(
        client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: VerificationRequest,

) -> Response[Error | File]:
    """ 認証キーのお知らせ（PDF）を作り直す / Render the notice PDF again

     保証契約番号と認証キーを持つ人（保証会社のシステム、受注者）が、「電子保証にかかる「認証キー」のお知らせ」
    （PDF）を取得します。ポータルは認証キーを保存しないため、PDF は毎回この 2 つから作り直します
    （発行時と同じ文書になります）。`Accept: application/pdf` を付けて送ってください。
    照合と同じく、保証契約番号の誤りと認証キーの誤りは同じ 404 で、試行はすべて記録されます。
    お知らせはキーの版のものです（変更前の版のキーなら変更前の内容。その後の変更や解約は印字されません）。

    Args:
        body (VerificationRequest): 照合リクエスト / Verification request.
            どちらも人が入力したままの文字列で送れます（サーバーで正規化）。

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | File]
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
    client: AuthenticatedClient | Client,
    body: VerificationRequest,

) -> Error | File | None:
    """ 認証キーのお知らせ（PDF）を作り直す / Render the notice PDF again

     保証契約番号と認証キーを持つ人（保証会社のシステム、受注者）が、「電子保証にかかる「認証キー」のお知らせ」
    （PDF）を取得します。ポータルは認証キーを保存しないため、PDF は毎回この 2 つから作り直します
    （発行時と同じ文書になります）。`Accept: application/pdf` を付けて送ってください。
    照合と同じく、保証契約番号の誤りと認証キーの誤りは同じ 404 で、試行はすべて記録されます。
    お知らせはキーの版のものです（変更前の版のキーなら変更前の内容。その後の変更や解約は印字されません）。

    Args:
        body (VerificationRequest): 照合リクエスト / Verification request.
            どちらも人が入力したままの文字列で送れます（サーバーで正規化）。

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | File
     """


    return (await asyncio_detailed(
        client=client,
body=body,

    )).parsed
