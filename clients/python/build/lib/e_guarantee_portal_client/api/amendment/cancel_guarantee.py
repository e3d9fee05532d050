from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.cancellation_request import CancellationRequest
from ...models.error import Error
from ...models.surety_guarantee import SuretyGuarantee
from typing import cast



def _get_kwargs(
    guarantee_id: str,
    *,
    body: CancellationRequest,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/guarantees/{guarantee_id}/cancellation".format(guarantee_id=quote(str(guarantee_id), safe=""),),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | SuretyGuarantee:
    if response.status_code == 200:
        response_200 = SuretyGuarantee.from_dict(response.json())



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

    if response.status_code == 409:
        response_409 = Error.from_dict(response.json())



        return response_409

    if response.status_code == 413:
        response_413 = Error.from_dict(response.json())



        return response_413

    if response.status_code == 415:
        response_415 = Error.from_dict(response.json())



        return response_415

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
    body: CancellationRequest,

) -> Response[Error | SuretyGuarantee]:
    """ 保証契約を解約する / Cancel a guarantee

     保証契約を解約します（すべての版に及び、取り消せません）。API トークンの `cancel` 権限が必要です。
    解約後は、どの版の認証キーで照合しても状態が `cancelled`（解約）で、解約日を示す `banner` が表示されます。
    変更（409 `guarantee_cancelled`）や受領確認（409 `receipt_not_allowed`）はできなくなります。

    `Idempotency-Key` は使いません。応答を受け取れずに再送して 409 `already_cancelled` が返ったときは、
    `GET /v1/guarantees/{guarantee_id}` で解約されていること（`cancellation`）を確認してください。

    処理の順序: 認証（401/403）→ 本文の読み取りとスキーマの検証（413/415/400）→ 保証契約の確認（404）→ 解約日と発行日の確認（400）→ 解約（200 / 409）。

    Args:
        guarantee_id (str): 保証契約の ID（`g` + 25 文字）/ Guarantee id.
        body (CancellationRequest): 解約リクエスト / Cancellation request.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | SuretyGuarantee]
     """


    kwargs = _get_kwargs(
        guarantee_id=guarantee_id,
body=body,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    guarantee_id: str,
    *,
    client: AuthenticatedClient,
    body: CancellationRequest,

) -> Error | SuretyGuarantee | None:
    """ 保証契約を解約する / Cancel a guarantee

     保証契約を解約します（すべての版に及び、取り消せません）。API トークンの `cancel` 権限が必要です。
    解約後は、どの版の認証キーで照合しても状態が `cancelled`（解約）で、解約日を示す `banner` が表示されます。
    変更（409 `guarantee_cancelled`）や受領確認（409 `receipt_not_allowed`）はできなくなります。

    `Idempotency-Key` は使いません。応答を受け取れずに再送して 409 `already_cancelled` が返ったときは、
    `GET /v1/guarantees/{guarantee_id}` で解約されていること（`cancellation`）を確認してください。

    処理の順序: 認証（401/403）→ 本文の読み取りとスキーマの検証（413/415/400）→ 保証契約の確認（404）→ 解約日と発行日の確認（400）→ 解約（200 / 409）。

    Args:
        guarantee_id (str): 保証契約の ID（`g` + 25 文字）/ Guarantee id.
        body (CancellationRequest): 解約リクエスト / Cancellation request.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | SuretyGuarantee
     """


    return sync_detailed(
        guarantee_id=guarantee_id,
client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    guarantee_id: str,
    *,
    client: AuthenticatedClient,
    body: CancellationRequest,

) -> Response[Error | SuretyGuarantee]:
    """ 保証契約を解約する / Cancel a guarantee

     保証契約を解約します（すべての版に及び、取り消せません）。API トークンの `cancel` 権限が必要です。
    解約後は、どの版の認証キーで照合しても状態が `cancelled`（解約）で、解約日を示す `banner` が表示されます。
    変更（409 `guarantee_cancelled`）や受領確認（409 `receipt_not_allowed`）はできなくなります。

    `Idempotency-Key` は使いません。応答を受け取れずに再送して 409 `already_cancelled` が返ったときは、
    `GET /v1/guarantees/{guarantee_id}` で解約されていること（`cancellation`）を確認してください。

    処理の順序: 認証（401/403）→ 本文の読み取りとスキーマの検証（413/415/400）→ 保証契約の確認（404）→ 解約日と発行日の確認（400）→ 解約（200 / 409）。

    Args:
        guarantee_id (str): 保証契約の ID（`g` + 25 文字）/ Guarantee id.
        body (CancellationRequest): 解約リクエスト / Cancellation request.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | SuretyGuarantee]
     """


    kwargs = _get_kwargs(
        guarantee_id=guarantee_id,
body=body,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    guarantee_id: str,
    *,
    client: AuthenticatedClient,
    body: CancellationRequest,

) -> Error | SuretyGuarantee | None:
    """ 保証契約を解約する / Cancel a guarantee

     保証契約を解約します（すべての版に及び、取り消せません）。API トークンの `cancel` 権限が必要です。
    解約後は、どの版の認証キーで照合しても状態が `cancelled`（解約）で、解約日を示す `banner` が表示されます。
    変更（409 `guarantee_cancelled`）や受領確認（409 `receipt_not_allowed`）はできなくなります。

    `Idempotency-Key` は使いません。応答を受け取れずに再送して 409 `already_cancelled` が返ったときは、
    `GET /v1/guarantees/{guarantee_id}` で解約されていること（`cancellation`）を確認してください。

    処理の順序: 認証（401/403）→ 本文の読み取りとスキーマの検証（413/415/400）→ 保証契約の確認（404）→ 解約日と発行日の確認（400）→ 解約（200 / 409）。

    Args:
        guarantee_id (str): 保証契約の ID（`g` + 25 文字）/ Guarantee id.
        body (CancellationRequest): 解約リクエスト / Cancellation request.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | SuretyGuarantee
     """


    return (await asyncio_detailed(
        guarantee_id=guarantee_id,
client=client,
body=body,

    )).parsed
