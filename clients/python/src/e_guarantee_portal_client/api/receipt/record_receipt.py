from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.receipt_request import ReceiptRequest
from ...models.receipt_response import ReceiptResponse
from typing import cast



def _get_kwargs(
    *,
    body: ReceiptRequest,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/receipts",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | ReceiptResponse:
    if response.status_code == 200:
        response_200 = ReceiptResponse.from_dict(response.json())



        return response_200

    if response.status_code == 201:
        response_201 = ReceiptResponse.from_dict(response.json())



        return response_201

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



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | ReceiptResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: ReceiptRequest,

) -> Response[Error | ReceiptResponse]:
    """ 電子保証の受領を記録する（発注者の職員） / Record that the orderer received a guarantee (orderer staff)

     発注者が、照合と同じ保証契約番号と認証キーで、電子保証を受け取ったこと（受領確認）を記録します。
    受領の記録は発注者の権限による行為なので、**その保証契約の発注者の職員としてサインイン**していることが必要です
    （`POST /v1/staff/session` の Cookie。なければ 401 `not_signed_in`、ほかの発注者の職員なら 403 `wrong_orderer`）。
    ポータルの画面からだけ呼び出せます（ほかのサイトからは 403 `cross_site_request`）。
    記録すると、受注者（通知先メールアドレスの指定があれば）と保証会社にメールで知らせます。

    - `department` は、発注者一覧にあるその発注者の担当部署のどれかです（`GET /v1/staff/session` の `departments`。
      それ以外は 400 `unknown_department`）。記録にはサインインした職員のアカウントも残ります（照合結果や保証会社には表示しません）。
    - 記録した `department` と `name` は、そのサインインの次の受領のために保持し、`GET /v1/staff/session` の
      `receipt_entries` で返します（サインアウト・セッションの終わりで消えます）。
    - 間違った認証キーの回数は、サインインした職員ごとに数えます（同じ庁舎の別の職員の誤りでは制限されません）。

    - 保証契約番号と認証キーの扱いは照合（`POST /v1/verifications`）と同じです（同じ 400・同じ 404）。
    - 受領は **版ごとに1回** です。その版に記録があれば、新たに記録せず最初の記録を返します（200、`newly_recorded: false`）。
      この場合は版が古くなっていても、解約されていても 200 です。
    - 新たに記録できるのは、解約されていない保証契約の最新版で、保証期間内のものだけです。それ以外は 409 `receipt_not_allowed`。
    - 記録した受領確認は、同じ版の照合結果（`receipt`）と保証会社の照会（`versions[].receipt`）に表示されます。
      備考（`note`）は保証会社の照会にだけ表示されます。

    Args:
        body (ReceiptRequest): 受領確認リクエスト / Receipt request. 保証契約番号と認証キーは照合と同じく、人が入力したままの文字列で送れます。

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ReceiptResponse]
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
    body: ReceiptRequest,

) -> Error | ReceiptResponse | None:
    """ 電子保証の受領を記録する（発注者の職員） / Record that the orderer received a guarantee (orderer staff)

     発注者が、照合と同じ保証契約番号と認証キーで、電子保証を受け取ったこと（受領確認）を記録します。
    受領の記録は発注者の権限による行為なので、**その保証契約の発注者の職員としてサインイン**していることが必要です
    （`POST /v1/staff/session` の Cookie。なければ 401 `not_signed_in`、ほかの発注者の職員なら 403 `wrong_orderer`）。
    ポータルの画面からだけ呼び出せます（ほかのサイトからは 403 `cross_site_request`）。
    記録すると、受注者（通知先メールアドレスの指定があれば）と保証会社にメールで知らせます。

    - `department` は、発注者一覧にあるその発注者の担当部署のどれかです（`GET /v1/staff/session` の `departments`。
      それ以外は 400 `unknown_department`）。記録にはサインインした職員のアカウントも残ります（照合結果や保証会社には表示しません）。
    - 記録した `department` と `name` は、そのサインインの次の受領のために保持し、`GET /v1/staff/session` の
      `receipt_entries` で返します（サインアウト・セッションの終わりで消えます）。
    - 間違った認証キーの回数は、サインインした職員ごとに数えます（同じ庁舎の別の職員の誤りでは制限されません）。

    - 保証契約番号と認証キーの扱いは照合（`POST /v1/verifications`）と同じです（同じ 400・同じ 404）。
    - 受領は **版ごとに1回** です。その版に記録があれば、新たに記録せず最初の記録を返します（200、`newly_recorded: false`）。
      この場合は版が古くなっていても、解約されていても 200 です。
    - 新たに記録できるのは、解約されていない保証契約の最新版で、保証期間内のものだけです。それ以外は 409 `receipt_not_allowed`。
    - 記録した受領確認は、同じ版の照合結果（`receipt`）と保証会社の照会（`versions[].receipt`）に表示されます。
      備考（`note`）は保証会社の照会にだけ表示されます。

    Args:
        body (ReceiptRequest): 受領確認リクエスト / Receipt request. 保証契約番号と認証キーは照合と同じく、人が入力したままの文字列で送れます。

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ReceiptResponse
     """


    return sync_detailed(
        client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: ReceiptRequest,

) -> Response[Error | ReceiptResponse]:
    """ 電子保証の受領を記録する（発注者の職員） / Record that the orderer received a guarantee (orderer staff)

     発注者が、照合と同じ保証契約番号と認証キーで、電子保証を受け取ったこと（受領確認）を記録します。
    受領の記録は発注者の権限による行為なので、**その保証契約の発注者の職員としてサインイン**していることが必要です
    （`POST /v1/staff/session` の Cookie。なければ 401 `not_signed_in`、ほかの発注者の職員なら 403 `wrong_orderer`）。
    ポータルの画面からだけ呼び出せます（ほかのサイトからは 403 `cross_site_request`）。
    記録すると、受注者（通知先メールアドレスの指定があれば）と保証会社にメールで知らせます。

    - `department` は、発注者一覧にあるその発注者の担当部署のどれかです（`GET /v1/staff/session` の `departments`。
      それ以外は 400 `unknown_department`）。記録にはサインインした職員のアカウントも残ります（照合結果や保証会社には表示しません）。
    - 記録した `department` と `name` は、そのサインインの次の受領のために保持し、`GET /v1/staff/session` の
      `receipt_entries` で返します（サインアウト・セッションの終わりで消えます）。
    - 間違った認証キーの回数は、サインインした職員ごとに数えます（同じ庁舎の別の職員の誤りでは制限されません）。

    - 保証契約番号と認証キーの扱いは照合（`POST /v1/verifications`）と同じです（同じ 400・同じ 404）。
    - 受領は **版ごとに1回** です。その版に記録があれば、新たに記録せず最初の記録を返します（200、`newly_recorded: false`）。
      この場合は版が古くなっていても、解約されていても 200 です。
    - 新たに記録できるのは、解約されていない保証契約の最新版で、保証期間内のものだけです。それ以外は 409 `receipt_not_allowed`。
    - 記録した受領確認は、同じ版の照合結果（`receipt`）と保証会社の照会（`versions[].receipt`）に表示されます。
      備考（`note`）は保証会社の照会にだけ表示されます。

    Args:
        body (ReceiptRequest): 受領確認リクエスト / Receipt request. 保証契約番号と認証キーは照合と同じく、人が入力したままの文字列で送れます。

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ReceiptResponse]
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
    body: ReceiptRequest,

) -> Error | ReceiptResponse | None:
    """ 電子保証の受領を記録する（発注者の職員） / Record that the orderer received a guarantee (orderer staff)

     発注者が、照合と同じ保証契約番号と認証キーで、電子保証を受け取ったこと（受領確認）を記録します。
    受領の記録は発注者の権限による行為なので、**その保証契約の発注者の職員としてサインイン**していることが必要です
    （`POST /v1/staff/session` の Cookie。なければ 401 `not_signed_in`、ほかの発注者の職員なら 403 `wrong_orderer`）。
    ポータルの画面からだけ呼び出せます（ほかのサイトからは 403 `cross_site_request`）。
    記録すると、受注者（通知先メールアドレスの指定があれば）と保証会社にメールで知らせます。

    - `department` は、発注者一覧にあるその発注者の担当部署のどれかです（`GET /v1/staff/session` の `departments`。
      それ以外は 400 `unknown_department`）。記録にはサインインした職員のアカウントも残ります（照合結果や保証会社には表示しません）。
    - 記録した `department` と `name` は、そのサインインの次の受領のために保持し、`GET /v1/staff/session` の
      `receipt_entries` で返します（サインアウト・セッションの終わりで消えます）。
    - 間違った認証キーの回数は、サインインした職員ごとに数えます（同じ庁舎の別の職員の誤りでは制限されません）。

    - 保証契約番号と認証キーの扱いは照合（`POST /v1/verifications`）と同じです（同じ 400・同じ 404）。
    - 受領は **版ごとに1回** です。その版に記録があれば、新たに記録せず最初の記録を返します（200、`newly_recorded: false`）。
      この場合は版が古くなっていても、解約されていても 200 です。
    - 新たに記録できるのは、解約されていない保証契約の最新版で、保証期間内のものだけです。それ以外は 409 `receipt_not_allowed`。
    - 記録した受領確認は、同じ版の照合結果（`receipt`）と保証会社の照会（`versions[].receipt`）に表示されます。
      備考（`note`）は保証会社の照会にだけ表示されます。

    Args:
        body (ReceiptRequest): 受領確認リクエスト / Receipt request. 保証契約番号と認証キーは照合と同じく、人が入力したままの文字列で送れます。

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ReceiptResponse
     """


    return (await asyncio_detailed(
        client=client,
body=body,

    )).parsed
