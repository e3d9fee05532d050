from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.verification_response import VerificationResponse
from typing import cast



def _get_kwargs(
    guarantee_id: str,
    version: str,

) -> dict[str, Any]:
    

    

    

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/staff/receipts/{guarantee_id}/{version}".format(guarantee_id=quote(str(guarantee_id), safe=""),version=quote(str(version), safe=""),),
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | VerificationResponse:
    if response.status_code == 200:
        response_200 = VerificationResponse.from_dict(response.json())



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



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | VerificationResponse]:
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

) -> Response[Error | VerificationResponse]:
    """ 受領した版の電子保証 / The version the orderer received

     受領台帳の行から、受領した版の電子保証を認証キーなしで表示します（受領の記録が提出の証拠です）。
    照合と同じ形で、より新しい版があれば `banner` で知らせますが、その内容は返しません。
    ほかの発注者の受領や、記録のない版は 404 です。

    Args:
        guarantee_id (str): 保証契約の ID（`g` + 25 文字）/ Guarantee id.
        version (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | VerificationResponse]
     """


    kwargs = _get_kwargs(
        guarantee_id=guarantee_id,
version=version,

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

) -> Error | VerificationResponse | None:
    """ 受領した版の電子保証 / The version the orderer received

     受領台帳の行から、受領した版の電子保証を認証キーなしで表示します（受領の記録が提出の証拠です）。
    照合と同じ形で、より新しい版があれば `banner` で知らせますが、その内容は返しません。
    ほかの発注者の受領や、記録のない版は 404 です。

    Args:
        guarantee_id (str): 保証契約の ID（`g` + 25 文字）/ Guarantee id.
        version (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | VerificationResponse
     """


    return sync_detailed(
        guarantee_id=guarantee_id,
version=version,
client=client,

    ).parsed

async def asyncio_detailed(
    guarantee_id: str,
    version: str,
    *,
    client: AuthenticatedClient | Client,

) -> Response[Error | VerificationResponse]:
    """ 受領した版の電子保証 / The version the orderer received

     受領台帳の行から、受領した版の電子保証を認証キーなしで表示します（受領の記録が提出の証拠です）。
    照合と同じ形で、より新しい版があれば `banner` で知らせますが、その内容は返しません。
    ほかの発注者の受領や、記録のない版は 404 です。

    Args:
        guarantee_id (str): 保証契約の ID（`g` + 25 文字）/ Guarantee id.
        version (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | VerificationResponse]
     """


    kwargs = _get_kwargs(
        guarantee_id=guarantee_id,
version=version,

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

) -> Error | VerificationResponse | None:
    """ 受領した版の電子保証 / The version the orderer received

     受領台帳の行から、受領した版の電子保証を認証キーなしで表示します（受領の記録が提出の証拠です）。
    照合と同じ形で、より新しい版があれば `banner` で知らせますが、その内容は返しません。
    ほかの発注者の受領や、記録のない版は 404 です。

    Args:
        guarantee_id (str): 保証契約の ID（`g` + 25 文字）/ Guarantee id.
        version (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | VerificationResponse
     """


    return (await asyncio_detailed(
        guarantee_id=guarantee_id,
version=version,
client=client,

    )).parsed
