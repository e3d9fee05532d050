from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.withdraw_receipt_response_200 import WithdrawReceiptResponse200
from ...models.withdrawal_request import WithdrawalRequest
from typing import cast



def _get_kwargs(
    guarantee_id: str,
    version: str,
    *,
    body: WithdrawalRequest,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/staff/receipts/{guarantee_id}/{version}/withdrawal".format(guarantee_id=quote(str(guarantee_id), safe=""),version=quote(str(version), safe=""),),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | WithdrawReceiptResponse200:
    if response.status_code == 200:
        response_200 = WithdrawReceiptResponse200.from_dict(response.json())



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



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | WithdrawReceiptResponse200]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    guarantee_id: str,
    version: str,
    *,
    client: AuthenticatedClient | Client,
    body: WithdrawalRequest,

) -> Response[Error | WithdrawReceiptResponse200]:
    """ 誤って記録した受領を取り消す / Withdraw a receipt recorded by mistake

     受領を記録した職員（その担当部署）が、記録から24時間以内に限り、その受領を取り消します（サインインが必要）。
    取り消しはイベント（`receipt_withdrawn`）として残り、受注者と保証会社にメールで知らせます。取り消した後は、もう一度受領を記録できます。

    Args:
        guarantee_id (str): 保証契約の ID（`g` + 25 文字）/ Guarantee id.
        version (str):
        body (WithdrawalRequest): 受領の取り消し / Withdrawing a receipt.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | WithdrawReceiptResponse200]
     """


    kwargs = _get_kwargs(
        guarantee_id=guarantee_id,
version=version,
body=body,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    guarantee_id: str,
    version: str,
    *,
    client: AuthenticatedClient | Client,
    body: WithdrawalRequest,

) -> Error | WithdrawReceiptResponse200 | None:
    """ 誤って記録した受領を取り消す / Withdraw a receipt recorded by mistake

     受領を記録した職員（その担当部署）が、記録から24時間以内に限り、その受領を取り消します（サインインが必要）。
    取り消しはイベント（`receipt_withdrawn`）として残り、受注者と保証会社にメールで知らせます。取り消した後は、もう一度受領を記録できます。

    Args:
        guarantee_id (str): 保証契約の ID（`g` + 25 文字）/ Guarantee id.
        version (str):
        body (WithdrawalRequest): 受領の取り消し / Withdrawing a receipt.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | WithdrawReceiptResponse200
     """


    return sync_detailed(
        guarantee_id=guarantee_id,
version=version,
client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    guarantee_id: str,
    version: str,
    *,
    client: AuthenticatedClient | Client,
    body: WithdrawalRequest,

) -> Response[Error | WithdrawReceiptResponse200]:
    """ 誤って記録した受領を取り消す / Withdraw a receipt recorded by mistake

     受領を記録した職員（その担当部署）が、記録から24時間以内に限り、その受領を取り消します（サインインが必要）。
    取り消しはイベント（`receipt_withdrawn`）として残り、受注者と保証会社にメールで知らせます。取り消した後は、もう一度受領を記録できます。

    Args:
        guarantee_id (str): 保証契約の ID（`g` + 25 文字）/ Guarantee id.
        version (str):
        body (WithdrawalRequest): 受領の取り消し / Withdrawing a receipt.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | WithdrawReceiptResponse200]
     """


    kwargs = _get_kwargs(
        guarantee_id=guarantee_id,
version=version,
body=body,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    guarantee_id: str,
    version: str,
    *,
    client: AuthenticatedClient | Client,
    body: WithdrawalRequest,

) -> Error | WithdrawReceiptResponse200 | None:
    """ 誤って記録した受領を取り消す / Withdraw a receipt recorded by mistake

     受領を記録した職員（その担当部署）が、記録から24時間以内に限り、その受領を取り消します（サインインが必要）。
    取り消しはイベント（`receipt_withdrawn`）として残り、受注者と保証会社にメールで知らせます。取り消した後は、もう一度受領を記録できます。

    Args:
        guarantee_id (str): 保証契約の ID（`g` + 25 文字）/ Guarantee id.
        version (str):
        body (WithdrawalRequest): 受領の取り消し / Withdrawing a receipt.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | WithdrawReceiptResponse200
     """


    return (await asyncio_detailed(
        guarantee_id=guarantee_id,
version=version,
client=client,
body=body,

    )).parsed
