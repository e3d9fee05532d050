from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.jwks import Jwks
from typing import cast



def _get_kwargs(
    
) -> dict[str, Any]:
    

    

    

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/.well-known/jwks.json",
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | Jwks:
    if response.status_code == 200:
        response_200 = Jwks.from_dict(response.json())



        return response_200

    if response.status_code == 500:
        response_500 = Error.from_dict(response.json())



        return response_500

    if response.status_code == 503:
        response_503 = Error.from_dict(response.json())



        return response_503

    response_default = Error.from_dict(response.json())



    return response_default



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | Jwks]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,

) -> Response[Error | Jwks]:
    """ 署名の公開鍵（JWKS） / Public keys that sign certificates (JWKS)

     照合結果の `jws` を検証するための公開鍵の一覧（RFC 7517 の JWK Set）です。認証は不要です。
    JWS ヘッダーの `kid` と同じ `kid` の鍵で検証します。`kid` は鍵の RFC 7638 サムプリントです。

    - 鍵を交換すると、新しい鍵がいま署名に使う鍵（`current_kid`）になり、前の鍵は一覧に残ります
      （過去の署名を検証できるように、鍵は一覧から削除しません）。
    - いま署名に使う鍵の `kid` は、一覧の `current_kid` です。各鍵の `status`（`current`・`retired`）は、
      RFC 7517 にない項目のため廃止予定です（`deprecated`。次のメジャーバージョンまでは返します）。
      鍵の読み取りには、RFC 7517 の項目（`kty`・`crv`・`x`・`y`・`kid`・`alg`・`use`）だけを使ってください。
    - JWS ヘッダーの `typ` は `JOSE`（RFC 7515 §4.1.9、JWS Compact Serialization）です。
      それより前の署名は `JWT` ですが、検証の仕方は同じです（`typ` によらず、`kid` の鍵で検証します）。
    - この一覧だけは 5 分間キャッシュしてかまいません（`Cache-Control: public, max-age=300`）。
    - 秘密鍵の情報（`d`）は含みません。

    / The JWK Set of every key that ever signed a certificate; retired keys stay listed.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Jwks]
     """


    kwargs = _get_kwargs(
        
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient | Client,

) -> Error | Jwks | None:
    """ 署名の公開鍵（JWKS） / Public keys that sign certificates (JWKS)

     照合結果の `jws` を検証するための公開鍵の一覧（RFC 7517 の JWK Set）です。認証は不要です。
    JWS ヘッダーの `kid` と同じ `kid` の鍵で検証します。`kid` は鍵の RFC 7638 サムプリントです。

    - 鍵を交換すると、新しい鍵がいま署名に使う鍵（`current_kid`）になり、前の鍵は一覧に残ります
      （過去の署名を検証できるように、鍵は一覧から削除しません）。
    - いま署名に使う鍵の `kid` は、一覧の `current_kid` です。各鍵の `status`（`current`・`retired`）は、
      RFC 7517 にない項目のため廃止予定です（`deprecated`。次のメジャーバージョンまでは返します）。
      鍵の読み取りには、RFC 7517 の項目（`kty`・`crv`・`x`・`y`・`kid`・`alg`・`use`）だけを使ってください。
    - JWS ヘッダーの `typ` は `JOSE`（RFC 7515 §4.1.9、JWS Compact Serialization）です。
      それより前の署名は `JWT` ですが、検証の仕方は同じです（`typ` によらず、`kid` の鍵で検証します）。
    - この一覧だけは 5 分間キャッシュしてかまいません（`Cache-Control: public, max-age=300`）。
    - 秘密鍵の情報（`d`）は含みません。

    / The JWK Set of every key that ever signed a certificate; retired keys stay listed.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | Jwks
     """


    return sync_detailed(
        client=client,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,

) -> Response[Error | Jwks]:
    """ 署名の公開鍵（JWKS） / Public keys that sign certificates (JWKS)

     照合結果の `jws` を検証するための公開鍵の一覧（RFC 7517 の JWK Set）です。認証は不要です。
    JWS ヘッダーの `kid` と同じ `kid` の鍵で検証します。`kid` は鍵の RFC 7638 サムプリントです。

    - 鍵を交換すると、新しい鍵がいま署名に使う鍵（`current_kid`）になり、前の鍵は一覧に残ります
      （過去の署名を検証できるように、鍵は一覧から削除しません）。
    - いま署名に使う鍵の `kid` は、一覧の `current_kid` です。各鍵の `status`（`current`・`retired`）は、
      RFC 7517 にない項目のため廃止予定です（`deprecated`。次のメジャーバージョンまでは返します）。
      鍵の読み取りには、RFC 7517 の項目（`kty`・`crv`・`x`・`y`・`kid`・`alg`・`use`）だけを使ってください。
    - JWS ヘッダーの `typ` は `JOSE`（RFC 7515 §4.1.9、JWS Compact Serialization）です。
      それより前の署名は `JWT` ですが、検証の仕方は同じです（`typ` によらず、`kid` の鍵で検証します）。
    - この一覧だけは 5 分間キャッシュしてかまいません（`Cache-Control: public, max-age=300`）。
    - 秘密鍵の情報（`d`）は含みません。

    / The JWK Set of every key that ever signed a certificate; retired keys stay listed.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Jwks]
     """


    kwargs = _get_kwargs(
        
    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient | Client,

) -> Error | Jwks | None:
    """ 署名の公開鍵（JWKS） / Public keys that sign certificates (JWKS)

     照合結果の `jws` を検証するための公開鍵の一覧（RFC 7517 の JWK Set）です。認証は不要です。
    JWS ヘッダーの `kid` と同じ `kid` の鍵で検証します。`kid` は鍵の RFC 7638 サムプリントです。

    - 鍵を交換すると、新しい鍵がいま署名に使う鍵（`current_kid`）になり、前の鍵は一覧に残ります
      （過去の署名を検証できるように、鍵は一覧から削除しません）。
    - いま署名に使う鍵の `kid` は、一覧の `current_kid` です。各鍵の `status`（`current`・`retired`）は、
      RFC 7517 にない項目のため廃止予定です（`deprecated`。次のメジャーバージョンまでは返します）。
      鍵の読み取りには、RFC 7517 の項目（`kty`・`crv`・`x`・`y`・`kid`・`alg`・`use`）だけを使ってください。
    - JWS ヘッダーの `typ` は `JOSE`（RFC 7515 §4.1.9、JWS Compact Serialization）です。
      それより前の署名は `JWT` ですが、検証の仕方は同じです（`typ` によらず、`kid` の鍵で検証します）。
    - この一覧だけは 5 分間キャッシュしてかまいません（`Cache-Control: public, max-age=300`）。
    - 秘密鍵の情報（`d`）は含みません。

    / The JWK Set of every key that ever signed a certificate; retired keys stay listed.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | Jwks
     """


    return (await asyncio_detailed(
        client=client,

    )).parsed
