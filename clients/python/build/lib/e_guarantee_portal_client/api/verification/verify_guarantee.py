from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.verification_request import VerificationRequest
from ...models.verification_response import VerificationResponse
from typing import cast



def _get_kwargs(
    *,
    body: VerificationRequest,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/verifications",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | VerificationResponse:
    if response.status_code == 200:
        response_200 = VerificationResponse.from_dict(response.json())



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



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | VerificationResponse]:
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

) -> Response[Error | VerificationResponse]:
    """ 電子保証を照合する / Verify an electronic guarantee

     発注者が「認証キーのお知らせ」に記載された保証契約番号と認証キーで電子保証の内容を確認します。認証は不要です。

    - 保証契約番号・認証キーは人が入力したままで送れます。全角英数字、小文字、空白、各種のハイフン・長音記号は
      サーバーで正規化します。認証キーでは `I`・`L` を `1`、`O` を `0` と読み替えます。
    - 保証契約番号の誤りと認証キーの誤りは、どちらも同じ 404 です（どちらが誤りかは返しません）。
    - 認証キーは URL に含めず、必ずこの本文で送ってください。
    - 認証キーはその **版** を開きます。`certificate` はその版の内容で、新しい版があってもその内容は返しません
      （`history` もその版まで）。新しい版がある・解約された・保証期間が終わったときは `banner` で知らせます。
      / A key shows its own version only; `banner` says when it is no longer the current word.

    Args:
        body (VerificationRequest): 照合リクエスト / Verification request.
            どちらも人が入力したままの文字列で送れます（サーバーで正規化）。

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | VerificationResponse]
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

) -> Error | VerificationResponse | None:
    """ 電子保証を照合する / Verify an electronic guarantee

     発注者が「認証キーのお知らせ」に記載された保証契約番号と認証キーで電子保証の内容を確認します。認証は不要です。

    - 保証契約番号・認証キーは人が入力したままで送れます。全角英数字、小文字、空白、各種のハイフン・長音記号は
      サーバーで正規化します。認証キーでは `I`・`L` を `1`、`O` を `0` と読み替えます。
    - 保証契約番号の誤りと認証キーの誤りは、どちらも同じ 404 です（どちらが誤りかは返しません）。
    - 認証キーは URL に含めず、必ずこの本文で送ってください。
    - 認証キーはその **版** を開きます。`certificate` はその版の内容で、新しい版があってもその内容は返しません
      （`history` もその版まで）。新しい版がある・解約された・保証期間が終わったときは `banner` で知らせます。
      / A key shows its own version only; `banner` says when it is no longer the current word.

    Args:
        body (VerificationRequest): 照合リクエスト / Verification request.
            どちらも人が入力したままの文字列で送れます（サーバーで正規化）。

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | VerificationResponse
     """


    return sync_detailed(
        client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: VerificationRequest,

) -> Response[Error | VerificationResponse]:
    """ 電子保証を照合する / Verify an electronic guarantee

     発注者が「認証キーのお知らせ」に記載された保証契約番号と認証キーで電子保証の内容を確認します。認証は不要です。

    - 保証契約番号・認証キーは人が入力したままで送れます。全角英数字、小文字、空白、各種のハイフン・長音記号は
      サーバーで正規化します。認証キーでは `I`・`L` を `1`、`O` を `0` と読み替えます。
    - 保証契約番号の誤りと認証キーの誤りは、どちらも同じ 404 です（どちらが誤りかは返しません）。
    - 認証キーは URL に含めず、必ずこの本文で送ってください。
    - 認証キーはその **版** を開きます。`certificate` はその版の内容で、新しい版があってもその内容は返しません
      （`history` もその版まで）。新しい版がある・解約された・保証期間が終わったときは `banner` で知らせます。
      / A key shows its own version only; `banner` says when it is no longer the current word.

    Args:
        body (VerificationRequest): 照合リクエスト / Verification request.
            どちらも人が入力したままの文字列で送れます（サーバーで正規化）。

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | VerificationResponse]
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

) -> Error | VerificationResponse | None:
    """ 電子保証を照合する / Verify an electronic guarantee

     発注者が「認証キーのお知らせ」に記載された保証契約番号と認証キーで電子保証の内容を確認します。認証は不要です。

    - 保証契約番号・認証キーは人が入力したままで送れます。全角英数字、小文字、空白、各種のハイフン・長音記号は
      サーバーで正規化します。認証キーでは `I`・`L` を `1`、`O` を `0` と読み替えます。
    - 保証契約番号の誤りと認証キーの誤りは、どちらも同じ 404 です（どちらが誤りかは返しません）。
    - 認証キーは URL に含めず、必ずこの本文で送ってください。
    - 認証キーはその **版** を開きます。`certificate` はその版の内容で、新しい版があってもその内容は返しません
      （`history` もその版まで）。新しい版がある・解約された・保証期間が終わったときは `banner` で知らせます。
      / A key shows its own version only; `banner` says when it is no longer the current word.

    Args:
        body (VerificationRequest): 照合リクエスト / Verification request.
            どちらも人が入力したままの文字列で送れます（サーバーで正規化）。

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | VerificationResponse
     """


    return (await asyncio_detailed(
        client=client,
body=body,

    )).parsed
