from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.request_sign_in_code_response_202 import RequestSignInCodeResponse202
from ...models.sign_in_code_request import SignInCodeRequest
from typing import cast



def _get_kwargs(
    *,
    body: SignInCodeRequest,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/staff/sign-in-codes",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | RequestSignInCodeResponse202:
    if response.status_code == 202:
        response_202 = RequestSignInCodeResponse202.from_dict(response.json())



        return response_202

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



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | RequestSignInCodeResponse202]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: SignInCodeRequest,

) -> Response[Error | RequestSignInCodeResponse202]:
    """ 職員のサインイン用の確認コードを送る / Send a staff member a sign-in code

     発注者の職員が、職場のメールアドレスに8桁の確認コードを受け取ります（パスワードはありません）。
    アドレスのドメインが発注者一覧の職員用ドメインであれば確認コードを送り、そうでなければ何もしません。
    どちらの場合も同じ 202 を返します（どのアドレスが職員のものかは分かりません）。
    確認コードは10分間有効で1回だけ使えます。依頼に応じて送るのは1アドレスあたり1時間に5通までで、
    それを超えた依頼では、送ったコードが使える間は新しいメールを送らず（そのコードがそのまま使えます）、
    使えるコードがなくなれば新しいコードを送ります。最も新しいメールのコードだけが使えます。
    同じ接続元からのコードの依頼は1時間に30回までです（超えると 429 `too_many_attempts`）。
    ブラウザーのポータルの画面からだけ呼び出せます（ほかのサイトからの呼び出しは 403 `cross_site_request`）。

    Args:
        body (SignInCodeRequest): 確認コードの送信 / Where to send a sign-in code.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | RequestSignInCodeResponse202]
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
    body: SignInCodeRequest,

) -> Error | RequestSignInCodeResponse202 | None:
    """ 職員のサインイン用の確認コードを送る / Send a staff member a sign-in code

     発注者の職員が、職場のメールアドレスに8桁の確認コードを受け取ります（パスワードはありません）。
    アドレスのドメインが発注者一覧の職員用ドメインであれば確認コードを送り、そうでなければ何もしません。
    どちらの場合も同じ 202 を返します（どのアドレスが職員のものかは分かりません）。
    確認コードは10分間有効で1回だけ使えます。依頼に応じて送るのは1アドレスあたり1時間に5通までで、
    それを超えた依頼では、送ったコードが使える間は新しいメールを送らず（そのコードがそのまま使えます）、
    使えるコードがなくなれば新しいコードを送ります。最も新しいメールのコードだけが使えます。
    同じ接続元からのコードの依頼は1時間に30回までです（超えると 429 `too_many_attempts`）。
    ブラウザーのポータルの画面からだけ呼び出せます（ほかのサイトからの呼び出しは 403 `cross_site_request`）。

    Args:
        body (SignInCodeRequest): 確認コードの送信 / Where to send a sign-in code.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | RequestSignInCodeResponse202
     """


    return sync_detailed(
        client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: SignInCodeRequest,

) -> Response[Error | RequestSignInCodeResponse202]:
    """ 職員のサインイン用の確認コードを送る / Send a staff member a sign-in code

     発注者の職員が、職場のメールアドレスに8桁の確認コードを受け取ります（パスワードはありません）。
    アドレスのドメインが発注者一覧の職員用ドメインであれば確認コードを送り、そうでなければ何もしません。
    どちらの場合も同じ 202 を返します（どのアドレスが職員のものかは分かりません）。
    確認コードは10分間有効で1回だけ使えます。依頼に応じて送るのは1アドレスあたり1時間に5通までで、
    それを超えた依頼では、送ったコードが使える間は新しいメールを送らず（そのコードがそのまま使えます）、
    使えるコードがなくなれば新しいコードを送ります。最も新しいメールのコードだけが使えます。
    同じ接続元からのコードの依頼は1時間に30回までです（超えると 429 `too_many_attempts`）。
    ブラウザーのポータルの画面からだけ呼び出せます（ほかのサイトからの呼び出しは 403 `cross_site_request`）。

    Args:
        body (SignInCodeRequest): 確認コードの送信 / Where to send a sign-in code.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | RequestSignInCodeResponse202]
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
    body: SignInCodeRequest,

) -> Error | RequestSignInCodeResponse202 | None:
    """ 職員のサインイン用の確認コードを送る / Send a staff member a sign-in code

     発注者の職員が、職場のメールアドレスに8桁の確認コードを受け取ります（パスワードはありません）。
    アドレスのドメインが発注者一覧の職員用ドメインであれば確認コードを送り、そうでなければ何もしません。
    どちらの場合も同じ 202 を返します（どのアドレスが職員のものかは分かりません）。
    確認コードは10分間有効で1回だけ使えます。依頼に応じて送るのは1アドレスあたり1時間に5通までで、
    それを超えた依頼では、送ったコードが使える間は新しいメールを送らず（そのコードがそのまま使えます）、
    使えるコードがなくなれば新しいコードを送ります。最も新しいメールのコードだけが使えます。
    同じ接続元からのコードの依頼は1時間に30回までです（超えると 429 `too_many_attempts`）。
    ブラウザーのポータルの画面からだけ呼び出せます（ほかのサイトからの呼び出しは 403 `cross_site_request`）。

    Args:
        body (SignInCodeRequest): 確認コードの送信 / Where to send a sign-in code.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | RequestSignInCodeResponse202
     """


    return (await asyncio_detailed(
        client=client,
body=body,

    )).parsed
