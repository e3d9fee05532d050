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
        "url": "/v1/certificate-copies",
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

    if response.status_code == 409:
        response_409 = Error.from_dict(response.json())



        return response_409

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
    """ 電子保証の写し（署名付き PDF）を作る / A signed PDF copy of what a key shows

     保証契約番号と認証キーで照合した内容（`POST /v1/verifications` と同じ、そのキーの版と現在の状態）を、
    発注者の契約書類に綴じるための「電子保証の写し」（PDF）にします。認証は不要です。`Accept: application/pdf` を付けて送ってください。

    - 写しは閲覧・保管用です。すべてのページに「閲覧用の写し。提出書類には使えません」と印字されます
      （提出は認証キーで行い、印刷物では行いません）。
    - PDF はポータルの署名鍵で署名され（PAdES）、その版の JWS（`certificate.jws`）、作成時点の JWKS（`jwks.json`）、
      写しに記載した内容（`copy.json`）が添付されます。ポータルがなくても後から検証できます。
    - 照合と同じく、保証契約番号の誤りと認証キーの誤りは同じ 404 で、試行はすべて記録されます（`purpose: copy`）。
    - 署名機能より前に登録された版は写しを作れません（409 `copy_unavailable`）。

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
    """ 電子保証の写し（署名付き PDF）を作る / A signed PDF copy of what a key shows

     保証契約番号と認証キーで照合した内容（`POST /v1/verifications` と同じ、そのキーの版と現在の状態）を、
    発注者の契約書類に綴じるための「電子保証の写し」（PDF）にします。認証は不要です。`Accept: application/pdf` を付けて送ってください。

    - 写しは閲覧・保管用です。すべてのページに「閲覧用の写し。提出書類には使えません」と印字されます
      （提出は認証キーで行い、印刷物では行いません）。
    - PDF はポータルの署名鍵で署名され（PAdES）、その版の JWS（`certificate.jws`）、作成時点の JWKS（`jwks.json`）、
      写しに記載した内容（`copy.json`）が添付されます。ポータルがなくても後から検証できます。
    - 照合と同じく、保証契約番号の誤りと認証キーの誤りは同じ 404 で、試行はすべて記録されます（`purpose: copy`）。
    - 署名機能より前に登録された版は写しを作れません（409 `copy_unavailable`）。

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
    """ 電子保証の写し（署名付き PDF）を作る / A signed PDF copy of what a key shows

     保証契約番号と認証キーで照合した内容（`POST /v1/verifications` と同じ、そのキーの版と現在の状態）を、
    発注者の契約書類に綴じるための「電子保証の写し」（PDF）にします。認証は不要です。`Accept: application/pdf` を付けて送ってください。

    - 写しは閲覧・保管用です。すべてのページに「閲覧用の写し。提出書類には使えません」と印字されます
      （提出は認証キーで行い、印刷物では行いません）。
    - PDF はポータルの署名鍵で署名され（PAdES）、その版の JWS（`certificate.jws`）、作成時点の JWKS（`jwks.json`）、
      写しに記載した内容（`copy.json`）が添付されます。ポータルがなくても後から検証できます。
    - 照合と同じく、保証契約番号の誤りと認証キーの誤りは同じ 404 で、試行はすべて記録されます（`purpose: copy`）。
    - 署名機能より前に登録された版は写しを作れません（409 `copy_unavailable`）。

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
    """ 電子保証の写し（署名付き PDF）を作る / A signed PDF copy of what a key shows

     保証契約番号と認証キーで照合した内容（`POST /v1/verifications` と同じ、そのキーの版と現在の状態）を、
    発注者の契約書類に綴じるための「電子保証の写し」（PDF）にします。認証は不要です。`Accept: application/pdf` を付けて送ってください。

    - 写しは閲覧・保管用です。すべてのページに「閲覧用の写し。提出書類には使えません」と印字されます
      （提出は認証キーで行い、印刷物では行いません）。
    - PDF はポータルの署名鍵で署名され（PAdES）、その版の JWS（`certificate.jws`）、作成時点の JWKS（`jwks.json`）、
      写しに記載した内容（`copy.json`）が添付されます。ポータルがなくても後から検証できます。
    - 照合と同じく、保証契約番号の誤りと認証キーの誤りは同じ 404 で、試行はすべて記録されます（`purpose: copy`）。
    - 署名機能より前に登録された版は写しを作れません（409 `copy_unavailable`）。

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
