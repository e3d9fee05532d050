from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.error import Error
from ...models.issuance_request import IssuanceRequest
from ...models.issuance_response import IssuanceResponse
from typing import cast



def _get_kwargs(
    *,
    body: IssuanceRequest,
    idempotency_key: str,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["Idempotency-Key"] = idempotency_key



    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/guarantees",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | IssuanceResponse:
    if response.status_code == 201:
        response_201 = IssuanceResponse.from_dict(response.json())



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



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | IssuanceResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: IssuanceRequest,
    idempotency_key: str,

) -> Response[Error | IssuanceResponse]:
    """ 電子保証を発行する / Issue an electronic guarantee

     保証会社が電子保証（第1版）を発行し、認証キーを受け取ります。API トークンの `issue` 権限が必要です。

    処理の順序（どのエラーが先に返るか）:
    1. 認証: トークンがない・不正・失効 → 401、`issue` 権限がない → 403
    2. 本文の読み取り: 64 KiB 超 → 413、JSON として不正 → 400 `invalid_json`、
       `IssuanceRequest` のスキーマに合わない → 400（すべての問題を `details` にまとめて返します）
    3. `Idempotency-Key` の検査 → 400 `missing_idempotency_key` / `invalid_idempotency_key`
    4. 同じキーの成功済みレスポンスがあれば、本文が同じなら 201（再送）、異なれば 409 `idempotency_key_reused`
    5. スキーマでは表せない規則の検証（金額と請負代金額、期間の前後、発注者、法人番号の検査数字など）→ 400
    6. 登録 → 201。自社がこの保証契約番号を既に使っていれば 409 `contract_number_taken`
       （保証契約番号は保証会社ごとに一意です。他社の同じ番号は妨げになりません）

    認証キーはこのレスポンスでのみ返されます。URL に含めず、平文で保存しないでください。

    Args:
        idempotency_key (str):
        body (IssuanceRequest): 発行リクエスト / Issuance request. すべての項目を検証し、問題はまとめて 400 で返します。

            JSON Schema で表せない規則（サーバーが検査します）:
            - `orderer_id` の発注者が `GET /v1/orderers` に載っていること（`orderer_not_found`）、
              本日（日本時間）が受付開始日以降で、`kind` を受け付けていること（`orderer_not_accepting`）
            - `amount` ≤ `project.contract_price`（`amount_exceeds_contract_price`）
            - `guarantee_period.end` ≥ `project.period.end`（`guarantee_period_ends_before_works`）
            - `guarantee_period.start` ≤ `project.period.end`（`guarantee_period_starts_after_works`）
            - 各期間の始期 ≤ 終期、長さ 3,660 日以内（`invalid_period` / `period_too_long`）
            - 法人番号のチェックディジット（`invalid_corporate_number`）
            - `kind` が前払金保証・中間前払金保証なら `advance` が必須（`missing_field`）、契約保証なら指定できない（`not_for_kind`）
            - `advance.amount` ≤ `project.contract_price`（`advance_exceeds_contract_price`）
            - `surety_branch` が保証会社の登録済みの取扱支店（`unknown_surety_branch`）
            - 共同企業体では `contractor.representative` に代表構成員（`members`
            の先頭）の名称を含むこと（`jv_representative_mismatch`）、
              構成員の名称が重複しないこと（`duplicate_member`）
            - `guarantee_terms.revision` ≤ 本日（日本時間）（`terms_revision_in_future`）
            - 工事名・工事場所・受注者の名称・所在地・代表者に、お知らせ（PDF）のフォントで印字できない文字がないこと
              （`unprintable_character`）。𠮷・髙・﨑などは印字できます。
            - 金額は JSON の整数表記で送ること。`22000000.0` や `2.2e7` は値が整数でも `invalid_amount` です
              （JSON Schema の `integer` はこれらも整数とみなすため、スキーマだけでは検出できません）。
            - 保証契約番号は正規化（全角→半角、小文字→大文字、空白の除去、各種ダッシュ→`-`）した後に
              `^[0-9A-Z][0-9A-Z-]{2,30}[0-9A-Z]$` を満たすこと（`invalid_contract_number`）。
              自社で発行済みの番号は 409 `contract_number_taken`（他社と同じ番号は使えます）。

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | IssuanceResponse]
     """


    kwargs = _get_kwargs(
        body=body,
idempotency_key=idempotency_key,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    body: IssuanceRequest,
    idempotency_key: str,

) -> Error | IssuanceResponse | None:
    """ 電子保証を発行する / Issue an electronic guarantee

     保証会社が電子保証（第1版）を発行し、認証キーを受け取ります。API トークンの `issue` 権限が必要です。

    処理の順序（どのエラーが先に返るか）:
    1. 認証: トークンがない・不正・失効 → 401、`issue` 権限がない → 403
    2. 本文の読み取り: 64 KiB 超 → 413、JSON として不正 → 400 `invalid_json`、
       `IssuanceRequest` のスキーマに合わない → 400（すべての問題を `details` にまとめて返します）
    3. `Idempotency-Key` の検査 → 400 `missing_idempotency_key` / `invalid_idempotency_key`
    4. 同じキーの成功済みレスポンスがあれば、本文が同じなら 201（再送）、異なれば 409 `idempotency_key_reused`
    5. スキーマでは表せない規則の検証（金額と請負代金額、期間の前後、発注者、法人番号の検査数字など）→ 400
    6. 登録 → 201。自社がこの保証契約番号を既に使っていれば 409 `contract_number_taken`
       （保証契約番号は保証会社ごとに一意です。他社の同じ番号は妨げになりません）

    認証キーはこのレスポンスでのみ返されます。URL に含めず、平文で保存しないでください。

    Args:
        idempotency_key (str):
        body (IssuanceRequest): 発行リクエスト / Issuance request. すべての項目を検証し、問題はまとめて 400 で返します。

            JSON Schema で表せない規則（サーバーが検査します）:
            - `orderer_id` の発注者が `GET /v1/orderers` に載っていること（`orderer_not_found`）、
              本日（日本時間）が受付開始日以降で、`kind` を受け付けていること（`orderer_not_accepting`）
            - `amount` ≤ `project.contract_price`（`amount_exceeds_contract_price`）
            - `guarantee_period.end` ≥ `project.period.end`（`guarantee_period_ends_before_works`）
            - `guarantee_period.start` ≤ `project.period.end`（`guarantee_period_starts_after_works`）
            - 各期間の始期 ≤ 終期、長さ 3,660 日以内（`invalid_period` / `period_too_long`）
            - 法人番号のチェックディジット（`invalid_corporate_number`）
            - `kind` が前払金保証・中間前払金保証なら `advance` が必須（`missing_field`）、契約保証なら指定できない（`not_for_kind`）
            - `advance.amount` ≤ `project.contract_price`（`advance_exceeds_contract_price`）
            - `surety_branch` が保証会社の登録済みの取扱支店（`unknown_surety_branch`）
            - 共同企業体では `contractor.representative` に代表構成員（`members`
            の先頭）の名称を含むこと（`jv_representative_mismatch`）、
              構成員の名称が重複しないこと（`duplicate_member`）
            - `guarantee_terms.revision` ≤ 本日（日本時間）（`terms_revision_in_future`）
            - 工事名・工事場所・受注者の名称・所在地・代表者に、お知らせ（PDF）のフォントで印字できない文字がないこと
              （`unprintable_character`）。𠮷・髙・﨑などは印字できます。
            - 金額は JSON の整数表記で送ること。`22000000.0` や `2.2e7` は値が整数でも `invalid_amount` です
              （JSON Schema の `integer` はこれらも整数とみなすため、スキーマだけでは検出できません）。
            - 保証契約番号は正規化（全角→半角、小文字→大文字、空白の除去、各種ダッシュ→`-`）した後に
              `^[0-9A-Z][0-9A-Z-]{2,30}[0-9A-Z]$` を満たすこと（`invalid_contract_number`）。
              自社で発行済みの番号は 409 `contract_number_taken`（他社と同じ番号は使えます）。

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | IssuanceResponse
     """


    return sync_detailed(
        client=client,
body=body,
idempotency_key=idempotency_key,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: IssuanceRequest,
    idempotency_key: str,

) -> Response[Error | IssuanceResponse]:
    """ 電子保証を発行する / Issue an electronic guarantee

     保証会社が電子保証（第1版）を発行し、認証キーを受け取ります。API トークンの `issue` 権限が必要です。

    処理の順序（どのエラーが先に返るか）:
    1. 認証: トークンがない・不正・失効 → 401、`issue` 権限がない → 403
    2. 本文の読み取り: 64 KiB 超 → 413、JSON として不正 → 400 `invalid_json`、
       `IssuanceRequest` のスキーマに合わない → 400（すべての問題を `details` にまとめて返します）
    3. `Idempotency-Key` の検査 → 400 `missing_idempotency_key` / `invalid_idempotency_key`
    4. 同じキーの成功済みレスポンスがあれば、本文が同じなら 201（再送）、異なれば 409 `idempotency_key_reused`
    5. スキーマでは表せない規則の検証（金額と請負代金額、期間の前後、発注者、法人番号の検査数字など）→ 400
    6. 登録 → 201。自社がこの保証契約番号を既に使っていれば 409 `contract_number_taken`
       （保証契約番号は保証会社ごとに一意です。他社の同じ番号は妨げになりません）

    認証キーはこのレスポンスでのみ返されます。URL に含めず、平文で保存しないでください。

    Args:
        idempotency_key (str):
        body (IssuanceRequest): 発行リクエスト / Issuance request. すべての項目を検証し、問題はまとめて 400 で返します。

            JSON Schema で表せない規則（サーバーが検査します）:
            - `orderer_id` の発注者が `GET /v1/orderers` に載っていること（`orderer_not_found`）、
              本日（日本時間）が受付開始日以降で、`kind` を受け付けていること（`orderer_not_accepting`）
            - `amount` ≤ `project.contract_price`（`amount_exceeds_contract_price`）
            - `guarantee_period.end` ≥ `project.period.end`（`guarantee_period_ends_before_works`）
            - `guarantee_period.start` ≤ `project.period.end`（`guarantee_period_starts_after_works`）
            - 各期間の始期 ≤ 終期、長さ 3,660 日以内（`invalid_period` / `period_too_long`）
            - 法人番号のチェックディジット（`invalid_corporate_number`）
            - `kind` が前払金保証・中間前払金保証なら `advance` が必須（`missing_field`）、契約保証なら指定できない（`not_for_kind`）
            - `advance.amount` ≤ `project.contract_price`（`advance_exceeds_contract_price`）
            - `surety_branch` が保証会社の登録済みの取扱支店（`unknown_surety_branch`）
            - 共同企業体では `contractor.representative` に代表構成員（`members`
            の先頭）の名称を含むこと（`jv_representative_mismatch`）、
              構成員の名称が重複しないこと（`duplicate_member`）
            - `guarantee_terms.revision` ≤ 本日（日本時間）（`terms_revision_in_future`）
            - 工事名・工事場所・受注者の名称・所在地・代表者に、お知らせ（PDF）のフォントで印字できない文字がないこと
              （`unprintable_character`）。𠮷・髙・﨑などは印字できます。
            - 金額は JSON の整数表記で送ること。`22000000.0` や `2.2e7` は値が整数でも `invalid_amount` です
              （JSON Schema の `integer` はこれらも整数とみなすため、スキーマだけでは検出できません）。
            - 保証契約番号は正規化（全角→半角、小文字→大文字、空白の除去、各種ダッシュ→`-`）した後に
              `^[0-9A-Z][0-9A-Z-]{2,30}[0-9A-Z]$` を満たすこと（`invalid_contract_number`）。
              自社で発行済みの番号は 409 `contract_number_taken`（他社と同じ番号は使えます）。

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | IssuanceResponse]
     """


    kwargs = _get_kwargs(
        body=body,
idempotency_key=idempotency_key,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    body: IssuanceRequest,
    idempotency_key: str,

) -> Error | IssuanceResponse | None:
    """ 電子保証を発行する / Issue an electronic guarantee

     保証会社が電子保証（第1版）を発行し、認証キーを受け取ります。API トークンの `issue` 権限が必要です。

    処理の順序（どのエラーが先に返るか）:
    1. 認証: トークンがない・不正・失効 → 401、`issue` 権限がない → 403
    2. 本文の読み取り: 64 KiB 超 → 413、JSON として不正 → 400 `invalid_json`、
       `IssuanceRequest` のスキーマに合わない → 400（すべての問題を `details` にまとめて返します）
    3. `Idempotency-Key` の検査 → 400 `missing_idempotency_key` / `invalid_idempotency_key`
    4. 同じキーの成功済みレスポンスがあれば、本文が同じなら 201（再送）、異なれば 409 `idempotency_key_reused`
    5. スキーマでは表せない規則の検証（金額と請負代金額、期間の前後、発注者、法人番号の検査数字など）→ 400
    6. 登録 → 201。自社がこの保証契約番号を既に使っていれば 409 `contract_number_taken`
       （保証契約番号は保証会社ごとに一意です。他社の同じ番号は妨げになりません）

    認証キーはこのレスポンスでのみ返されます。URL に含めず、平文で保存しないでください。

    Args:
        idempotency_key (str):
        body (IssuanceRequest): 発行リクエスト / Issuance request. すべての項目を検証し、問題はまとめて 400 で返します。

            JSON Schema で表せない規則（サーバーが検査します）:
            - `orderer_id` の発注者が `GET /v1/orderers` に載っていること（`orderer_not_found`）、
              本日（日本時間）が受付開始日以降で、`kind` を受け付けていること（`orderer_not_accepting`）
            - `amount` ≤ `project.contract_price`（`amount_exceeds_contract_price`）
            - `guarantee_period.end` ≥ `project.period.end`（`guarantee_period_ends_before_works`）
            - `guarantee_period.start` ≤ `project.period.end`（`guarantee_period_starts_after_works`）
            - 各期間の始期 ≤ 終期、長さ 3,660 日以内（`invalid_period` / `period_too_long`）
            - 法人番号のチェックディジット（`invalid_corporate_number`）
            - `kind` が前払金保証・中間前払金保証なら `advance` が必須（`missing_field`）、契約保証なら指定できない（`not_for_kind`）
            - `advance.amount` ≤ `project.contract_price`（`advance_exceeds_contract_price`）
            - `surety_branch` が保証会社の登録済みの取扱支店（`unknown_surety_branch`）
            - 共同企業体では `contractor.representative` に代表構成員（`members`
            の先頭）の名称を含むこと（`jv_representative_mismatch`）、
              構成員の名称が重複しないこと（`duplicate_member`）
            - `guarantee_terms.revision` ≤ 本日（日本時間）（`terms_revision_in_future`）
            - 工事名・工事場所・受注者の名称・所在地・代表者に、お知らせ（PDF）のフォントで印字できない文字がないこと
              （`unprintable_character`）。𠮷・髙・﨑などは印字できます。
            - 金額は JSON の整数表記で送ること。`22000000.0` や `2.2e7` は値が整数でも `invalid_amount` です
              （JSON Schema の `integer` はこれらも整数とみなすため、スキーマだけでは検出できません）。
            - 保証契約番号は正規化（全角→半角、小文字→大文字、空白の除去、各種ダッシュ→`-`）した後に
              `^[0-9A-Z][0-9A-Z-]{2,30}[0-9A-Z]$` を満たすこと（`invalid_contract_number`）。
              自社で発行済みの番号は 409 `contract_number_taken`（他社と同じ番号は使えます）。

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | IssuanceResponse
     """


    return (await asyncio_detailed(
        client=client,
body=body,
idempotency_key=idempotency_key,

    )).parsed
