from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.sign_in_request import SignInRequest
from ...models.staff_session import StaffSession
from typing import cast



def _get_kwargs(
    *,
    body: SignInRequest,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/staff/session",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | StaffSession:
    if response.status_code == 201:
        response_201 = StaffSession.from_dict(response.json())



        return response_201

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())



        return response_400

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())



        return response_403

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



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | StaffSession]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: SignInRequest,

) -> Response[Error | StaffSession]:
    """ 確認コードでサインインする / Sign in with the code

     メールで届いた確認コードでサインインします。成功すると、セッションを保持する Cookie（`portal_session`。
    HttpOnly・SameSite=Strict、HTTPS では Secure）を設定します。セッションは操作がないまま30分、
    またはサインインから8時間で終わります。
    誤ったコードは、同じ接続元から1時間に20回、同じ接続元と同じアドレスでは1時間に5回までです
    （超えると、その接続元からのコードは、正しいものも含めて確かめずに 429 `too_many_attempts`）。
    ほかの接続元の誤りは、その接続元だけを制限します。ただし、すべての接続元からの誤りが一つのコードに100回に達すると、
    そのコードは新しいコードに置き換わり、新しいコードをそのアドレスにメールで送ります（1時間に10通まで。それを超えると、
    新しいコードを送れるようになるまで、最長10分間はそのアドレスでサインインできないことがあります）。

    Args:
        body (SignInRequest): サインイン / Sign in with the code.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | StaffSession]
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
    body: SignInRequest,

) -> Error | StaffSession | None:
    """ 確認コードでサインインする / Sign in with the code

     メールで届いた確認コードでサインインします。成功すると、セッションを保持する Cookie（`portal_session`。
    HttpOnly・SameSite=Strict、HTTPS では Secure）を設定します。セッションは操作がないまま30分、
    またはサインインから8時間で終わります。
    誤ったコードは、同じ接続元から1時間に20回、同じ接続元と同じアドレスでは1時間に5回までです
    （超えると、その接続元からのコードは、正しいものも含めて確かめずに 429 `too_many_attempts`）。
    ほかの接続元の誤りは、その接続元だけを制限します。ただし、すべての接続元からの誤りが一つのコードに100回に達すると、
    そのコードは新しいコードに置き換わり、新しいコードをそのアドレスにメールで送ります（1時間に10通まで。それを超えると、
    新しいコードを送れるようになるまで、最長10分間はそのアドレスでサインインできないことがあります）。

    Args:
        body (SignInRequest): サインイン / Sign in with the code.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | StaffSession
     """


    return sync_detailed(
        client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: SignInRequest,

) -> Response[Error | StaffSession]:
    """ 確認コードでサインインする / Sign in with the code

     メールで届いた確認コードでサインインします。成功すると、セッションを保持する Cookie（`portal_session`。
    HttpOnly・SameSite=Strict、HTTPS では Secure）を設定します。セッションは操作がないまま30分、
    またはサインインから8時間で終わります。
    誤ったコードは、同じ接続元から1時間に20回、同じ接続元と同じアドレスでは1時間に5回までです
    （超えると、その接続元からのコードは、正しいものも含めて確かめずに 429 `too_many_attempts`）。
    ほかの接続元の誤りは、その接続元だけを制限します。ただし、すべての接続元からの誤りが一つのコードに100回に達すると、
    そのコードは新しいコードに置き換わり、新しいコードをそのアドレスにメールで送ります（1時間に10通まで。それを超えると、
    新しいコードを送れるようになるまで、最長10分間はそのアドレスでサインインできないことがあります）。

    Args:
        body (SignInRequest): サインイン / Sign in with the code.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | StaffSession]
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
    body: SignInRequest,

) -> Error | StaffSession | None:
    """ 確認コードでサインインする / Sign in with the code

     メールで届いた確認コードでサインインします。成功すると、セッションを保持する Cookie（`portal_session`。
    HttpOnly・SameSite=Strict、HTTPS では Secure）を設定します。セッションは操作がないまま30分、
    またはサインインから8時間で終わります。
    誤ったコードは、同じ接続元から1時間に20回、同じ接続元と同じアドレスでは1時間に5回までです
    （超えると、その接続元からのコードは、正しいものも含めて確かめずに 429 `too_many_attempts`）。
    ほかの接続元の誤りは、その接続元だけを制限します。ただし、すべての接続元からの誤りが一つのコードに100回に達すると、
    そのコードは新しいコードに置き換わり、新しいコードをそのアドレスにメールで送ります（1時間に10通まで。それを超えると、
    新しいコードを送れるようになるまで、最長10分間はそのアドレスでサインインできないことがあります）。

    Args:
        body (SignInRequest): サインイン / Sign in with the code.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | StaffSession
     """


    return (await asyncio_detailed(
        client=client,
body=body,

    )).parsed
