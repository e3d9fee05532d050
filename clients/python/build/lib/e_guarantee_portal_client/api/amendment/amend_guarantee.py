from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.amendment_request import AmendmentRequest
from ...models.amendment_response import AmendmentResponse
from ...models.error import Error
from typing import cast



def _get_kwargs(
    guarantee_id: str,
    *,
    body: AmendmentRequest,
    idempotency_key: str,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["Idempotency-Key"] = idempotency_key



    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/guarantees/{guarantee_id}/amendments".format(guarantee_id=quote(str(guarantee_id), safe=""),),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> AmendmentResponse | Error:
    if response.status_code == 201:
        response_201 = AmendmentResponse.from_dict(response.json())



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

    if response.status_code == 500:
        response_500 = Error.from_dict(response.json())



        return response_500

    if response.status_code == 503:
        response_503 = Error.from_dict(response.json())



        return response_503

    response_default = Error.from_dict(response.json())



    return response_default



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[AmendmentResponse | Error]:
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
    body: AmendmentRequest,
    idempotency_key: str,

) -> Response[AmendmentResponse | Error]:
    """ 電子保証を変更する（新しい版を作る） / Amend a guarantee (adds a new version)

     増額・減額・保証期限変更などの変更を、新しい版として登録します。API トークンの `amend` 権限が必要です。
    元の版は変わりません。新しい版には新しい認証キーと「認証キーのお知らせ」があり、このレスポンスでだけ返します。
    受注者はそれを発注者に提出し直します。前の版の認証キーで照合すると「変更済み」と表示されます（その版の内容のまま）。

    **楽観的排他制御**: `base_version` には変更のもとにした版、つまり現在の最新版の番号
    （`GET /v1/guarantees/{guarantee_id}` の `latest_version`）を指定します。
    すでにほかの変更で最新版が進んでいれば 409 `stale_version` で、何も変更しません。最新の内容を取得してからやり直してください。
    新しい版の番号は `base_version + 1` です。
    / Optimistic concurrency: `base_version` must be the latest version; otherwise 409 `stale_version`.

    `changes` には変更する項目だけを書きます（部分指定）。指定しなかった項目は元の版のままです。
    オブジェクト（`guarantee_period`、`project`、`project.period`、`contractor`）も部分指定でき、書いた項目だけが置き換わります。
    変更後の内容全体に発行時と同じ規則を当てはめ、問題の `field` は `changes.` で始まる位置で返します
    （例: `changes.amount`、`changes.project.period.end`）。

    処理の順序（どのエラーが先に返るか）:
    1. 認証: 401、`amend` 権限がない → 403
    2. 本文の読み取り: 413 / 415 / 400 `invalid_json`、`AmendmentRequest` のスキーマに合わない → 400
       （`changes.*` の型・桁数・文字・日付の形式もここで判定します）
    3. `Idempotency-Key` の検査 → 400 `missing_idempotency_key` / `invalid_idempotency_key`
    4. 同じキーの成功済みレスポンスがあれば、同じリクエストなら 201（再送。その後の解約や変更にかかわらず最初の結果）、
       異なれば 409 `idempotency_key_reused`
    5. 保証契約の確認: 存在しない・他社のもの → 404 `guarantee_not_found`
    6. 本文の検証（`base_version`、`reason`、`effective_date`、`note`、`completion_notice_email`、`changes` の項目名）→
    400
    7. 状態の確認: 解約済み → 409 `guarantee_cancelled`、`base_version` が最新版でない → 409 `stale_version`
    8. 変更後の内容の検証（`changes.*`、`no_changes`、`reason_mismatch`、`invalid_effective_date`）→ 400
    9. 登録 → 201。その瞬間にほかの変更・解約が先に登録されたときも 409 `stale_version` / `guarantee_cancelled`

    Args:
        guarantee_id (str): 保証契約の ID（`g` + 25 文字）/ Guarantee id.
        idempotency_key (str):
        body (AmendmentRequest): 変更リクエスト / Amendment request. `changes` に変更後の値を、変更する項目だけ書きます。

            JSON Schema で表せない規則（サーバーが検査します）:
            - `base_version` は現在の最新版の番号であること（違えば 409 `stale_version`）。JSON の整数表記で送ること
              （`1.0` は `invalid_version`）
            - 変更後の内容が元の版と違うこと（`no_changes`）。例えば `changes.project` が空のオブジェクトだけなら変更がありません
            - `reason` と変更内容が合うこと（`reason_mismatch`）: `increase` なら保証金額が増える、`decrease` なら減る、
              `extension` なら保証期間の終期が変わる。`other` には制限がありません
            - `effective_date` が元の版の日付（発行日または前回の変更日）以降であること（`invalid_effective_date`）
            - 変更後の内容全体が発行時の規則を満たすこと（`field` は `changes.` で始まります）:
              `amount_exceeds_contract_price`、`guarantee_period_ends_before_works`、`guarantee_period_s
            tarts_after_works`、
              `guarantee_period_already_ended`、`invalid_period`、`period_too_long`、`invalid_corporate_n
            umber`（チェックディジット）、
              `unprintable_character`、`orderer_not_found` / `orderer_not_accepting`（元の版の発注者について）
            - 金額は JSON の整数表記で送ること（`25000000.0` は `invalid_amount`）

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AmendmentResponse | Error]
     """


    kwargs = _get_kwargs(
        guarantee_id=guarantee_id,
body=body,
idempotency_key=idempotency_key,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    guarantee_id: str,
    *,
    client: AuthenticatedClient,
    body: AmendmentRequest,
    idempotency_key: str,

) -> AmendmentResponse | Error | None:
    """ 電子保証を変更する（新しい版を作る） / Amend a guarantee (adds a new version)

     増額・減額・保証期限変更などの変更を、新しい版として登録します。API トークンの `amend` 権限が必要です。
    元の版は変わりません。新しい版には新しい認証キーと「認証キーのお知らせ」があり、このレスポンスでだけ返します。
    受注者はそれを発注者に提出し直します。前の版の認証キーで照合すると「変更済み」と表示されます（その版の内容のまま）。

    **楽観的排他制御**: `base_version` には変更のもとにした版、つまり現在の最新版の番号
    （`GET /v1/guarantees/{guarantee_id}` の `latest_version`）を指定します。
    すでにほかの変更で最新版が進んでいれば 409 `stale_version` で、何も変更しません。最新の内容を取得してからやり直してください。
    新しい版の番号は `base_version + 1` です。
    / Optimistic concurrency: `base_version` must be the latest version; otherwise 409 `stale_version`.

    `changes` には変更する項目だけを書きます（部分指定）。指定しなかった項目は元の版のままです。
    オブジェクト（`guarantee_period`、`project`、`project.period`、`contractor`）も部分指定でき、書いた項目だけが置き換わります。
    変更後の内容全体に発行時と同じ規則を当てはめ、問題の `field` は `changes.` で始まる位置で返します
    （例: `changes.amount`、`changes.project.period.end`）。

    処理の順序（どのエラーが先に返るか）:
    1. 認証: 401、`amend` 権限がない → 403
    2. 本文の読み取り: 413 / 415 / 400 `invalid_json`、`AmendmentRequest` のスキーマに合わない → 400
       （`changes.*` の型・桁数・文字・日付の形式もここで判定します）
    3. `Idempotency-Key` の検査 → 400 `missing_idempotency_key` / `invalid_idempotency_key`
    4. 同じキーの成功済みレスポンスがあれば、同じリクエストなら 201（再送。その後の解約や変更にかかわらず最初の結果）、
       異なれば 409 `idempotency_key_reused`
    5. 保証契約の確認: 存在しない・他社のもの → 404 `guarantee_not_found`
    6. 本文の検証（`base_version`、`reason`、`effective_date`、`note`、`completion_notice_email`、`changes` の項目名）→
    400
    7. 状態の確認: 解約済み → 409 `guarantee_cancelled`、`base_version` が最新版でない → 409 `stale_version`
    8. 変更後の内容の検証（`changes.*`、`no_changes`、`reason_mismatch`、`invalid_effective_date`）→ 400
    9. 登録 → 201。その瞬間にほかの変更・解約が先に登録されたときも 409 `stale_version` / `guarantee_cancelled`

    Args:
        guarantee_id (str): 保証契約の ID（`g` + 25 文字）/ Guarantee id.
        idempotency_key (str):
        body (AmendmentRequest): 変更リクエスト / Amendment request. `changes` に変更後の値を、変更する項目だけ書きます。

            JSON Schema で表せない規則（サーバーが検査します）:
            - `base_version` は現在の最新版の番号であること（違えば 409 `stale_version`）。JSON の整数表記で送ること
              （`1.0` は `invalid_version`）
            - 変更後の内容が元の版と違うこと（`no_changes`）。例えば `changes.project` が空のオブジェクトだけなら変更がありません
            - `reason` と変更内容が合うこと（`reason_mismatch`）: `increase` なら保証金額が増える、`decrease` なら減る、
              `extension` なら保証期間の終期が変わる。`other` には制限がありません
            - `effective_date` が元の版の日付（発行日または前回の変更日）以降であること（`invalid_effective_date`）
            - 変更後の内容全体が発行時の規則を満たすこと（`field` は `changes.` で始まります）:
              `amount_exceeds_contract_price`、`guarantee_period_ends_before_works`、`guarantee_period_s
            tarts_after_works`、
              `guarantee_period_already_ended`、`invalid_period`、`period_too_long`、`invalid_corporate_n
            umber`（チェックディジット）、
              `unprintable_character`、`orderer_not_found` / `orderer_not_accepting`（元の版の発注者について）
            - 金額は JSON の整数表記で送ること（`25000000.0` は `invalid_amount`）

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AmendmentResponse | Error
     """


    return sync_detailed(
        guarantee_id=guarantee_id,
client=client,
body=body,
idempotency_key=idempotency_key,

    ).parsed

async def asyncio_detailed(
    guarantee_id: str,
    *,
    client: AuthenticatedClient,
    body: AmendmentRequest,
    idempotency_key: str,

) -> Response[AmendmentResponse | Error]:
    """ 電子保証を変更する（新しい版を作る） / Amend a guarantee (adds a new version)

     増額・減額・保証期限変更などの変更を、新しい版として登録します。API トークンの `amend` 権限が必要です。
    元の版は変わりません。新しい版には新しい認証キーと「認証キーのお知らせ」があり、このレスポンスでだけ返します。
    受注者はそれを発注者に提出し直します。前の版の認証キーで照合すると「変更済み」と表示されます（その版の内容のまま）。

    **楽観的排他制御**: `base_version` には変更のもとにした版、つまり現在の最新版の番号
    （`GET /v1/guarantees/{guarantee_id}` の `latest_version`）を指定します。
    すでにほかの変更で最新版が進んでいれば 409 `stale_version` で、何も変更しません。最新の内容を取得してからやり直してください。
    新しい版の番号は `base_version + 1` です。
    / Optimistic concurrency: `base_version` must be the latest version; otherwise 409 `stale_version`.

    `changes` には変更する項目だけを書きます（部分指定）。指定しなかった項目は元の版のままです。
    オブジェクト（`guarantee_period`、`project`、`project.period`、`contractor`）も部分指定でき、書いた項目だけが置き換わります。
    変更後の内容全体に発行時と同じ規則を当てはめ、問題の `field` は `changes.` で始まる位置で返します
    （例: `changes.amount`、`changes.project.period.end`）。

    処理の順序（どのエラーが先に返るか）:
    1. 認証: 401、`amend` 権限がない → 403
    2. 本文の読み取り: 413 / 415 / 400 `invalid_json`、`AmendmentRequest` のスキーマに合わない → 400
       （`changes.*` の型・桁数・文字・日付の形式もここで判定します）
    3. `Idempotency-Key` の検査 → 400 `missing_idempotency_key` / `invalid_idempotency_key`
    4. 同じキーの成功済みレスポンスがあれば、同じリクエストなら 201（再送。その後の解約や変更にかかわらず最初の結果）、
       異なれば 409 `idempotency_key_reused`
    5. 保証契約の確認: 存在しない・他社のもの → 404 `guarantee_not_found`
    6. 本文の検証（`base_version`、`reason`、`effective_date`、`note`、`completion_notice_email`、`changes` の項目名）→
    400
    7. 状態の確認: 解約済み → 409 `guarantee_cancelled`、`base_version` が最新版でない → 409 `stale_version`
    8. 変更後の内容の検証（`changes.*`、`no_changes`、`reason_mismatch`、`invalid_effective_date`）→ 400
    9. 登録 → 201。その瞬間にほかの変更・解約が先に登録されたときも 409 `stale_version` / `guarantee_cancelled`

    Args:
        guarantee_id (str): 保証契約の ID（`g` + 25 文字）/ Guarantee id.
        idempotency_key (str):
        body (AmendmentRequest): 変更リクエスト / Amendment request. `changes` に変更後の値を、変更する項目だけ書きます。

            JSON Schema で表せない規則（サーバーが検査します）:
            - `base_version` は現在の最新版の番号であること（違えば 409 `stale_version`）。JSON の整数表記で送ること
              （`1.0` は `invalid_version`）
            - 変更後の内容が元の版と違うこと（`no_changes`）。例えば `changes.project` が空のオブジェクトだけなら変更がありません
            - `reason` と変更内容が合うこと（`reason_mismatch`）: `increase` なら保証金額が増える、`decrease` なら減る、
              `extension` なら保証期間の終期が変わる。`other` には制限がありません
            - `effective_date` が元の版の日付（発行日または前回の変更日）以降であること（`invalid_effective_date`）
            - 変更後の内容全体が発行時の規則を満たすこと（`field` は `changes.` で始まります）:
              `amount_exceeds_contract_price`、`guarantee_period_ends_before_works`、`guarantee_period_s
            tarts_after_works`、
              `guarantee_period_already_ended`、`invalid_period`、`period_too_long`、`invalid_corporate_n
            umber`（チェックディジット）、
              `unprintable_character`、`orderer_not_found` / `orderer_not_accepting`（元の版の発注者について）
            - 金額は JSON の整数表記で送ること（`25000000.0` は `invalid_amount`）

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AmendmentResponse | Error]
     """


    kwargs = _get_kwargs(
        guarantee_id=guarantee_id,
body=body,
idempotency_key=idempotency_key,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    guarantee_id: str,
    *,
    client: AuthenticatedClient,
    body: AmendmentRequest,
    idempotency_key: str,

) -> AmendmentResponse | Error | None:
    """ 電子保証を変更する（新しい版を作る） / Amend a guarantee (adds a new version)

     増額・減額・保証期限変更などの変更を、新しい版として登録します。API トークンの `amend` 権限が必要です。
    元の版は変わりません。新しい版には新しい認証キーと「認証キーのお知らせ」があり、このレスポンスでだけ返します。
    受注者はそれを発注者に提出し直します。前の版の認証キーで照合すると「変更済み」と表示されます（その版の内容のまま）。

    **楽観的排他制御**: `base_version` には変更のもとにした版、つまり現在の最新版の番号
    （`GET /v1/guarantees/{guarantee_id}` の `latest_version`）を指定します。
    すでにほかの変更で最新版が進んでいれば 409 `stale_version` で、何も変更しません。最新の内容を取得してからやり直してください。
    新しい版の番号は `base_version + 1` です。
    / Optimistic concurrency: `base_version` must be the latest version; otherwise 409 `stale_version`.

    `changes` には変更する項目だけを書きます（部分指定）。指定しなかった項目は元の版のままです。
    オブジェクト（`guarantee_period`、`project`、`project.period`、`contractor`）も部分指定でき、書いた項目だけが置き換わります。
    変更後の内容全体に発行時と同じ規則を当てはめ、問題の `field` は `changes.` で始まる位置で返します
    （例: `changes.amount`、`changes.project.period.end`）。

    処理の順序（どのエラーが先に返るか）:
    1. 認証: 401、`amend` 権限がない → 403
    2. 本文の読み取り: 413 / 415 / 400 `invalid_json`、`AmendmentRequest` のスキーマに合わない → 400
       （`changes.*` の型・桁数・文字・日付の形式もここで判定します）
    3. `Idempotency-Key` の検査 → 400 `missing_idempotency_key` / `invalid_idempotency_key`
    4. 同じキーの成功済みレスポンスがあれば、同じリクエストなら 201（再送。その後の解約や変更にかかわらず最初の結果）、
       異なれば 409 `idempotency_key_reused`
    5. 保証契約の確認: 存在しない・他社のもの → 404 `guarantee_not_found`
    6. 本文の検証（`base_version`、`reason`、`effective_date`、`note`、`completion_notice_email`、`changes` の項目名）→
    400
    7. 状態の確認: 解約済み → 409 `guarantee_cancelled`、`base_version` が最新版でない → 409 `stale_version`
    8. 変更後の内容の検証（`changes.*`、`no_changes`、`reason_mismatch`、`invalid_effective_date`）→ 400
    9. 登録 → 201。その瞬間にほかの変更・解約が先に登録されたときも 409 `stale_version` / `guarantee_cancelled`

    Args:
        guarantee_id (str): 保証契約の ID（`g` + 25 文字）/ Guarantee id.
        idempotency_key (str):
        body (AmendmentRequest): 変更リクエスト / Amendment request. `changes` に変更後の値を、変更する項目だけ書きます。

            JSON Schema で表せない規則（サーバーが検査します）:
            - `base_version` は現在の最新版の番号であること（違えば 409 `stale_version`）。JSON の整数表記で送ること
              （`1.0` は `invalid_version`）
            - 変更後の内容が元の版と違うこと（`no_changes`）。例えば `changes.project` が空のオブジェクトだけなら変更がありません
            - `reason` と変更内容が合うこと（`reason_mismatch`）: `increase` なら保証金額が増える、`decrease` なら減る、
              `extension` なら保証期間の終期が変わる。`other` には制限がありません
            - `effective_date` が元の版の日付（発行日または前回の変更日）以降であること（`invalid_effective_date`）
            - 変更後の内容全体が発行時の規則を満たすこと（`field` は `changes.` で始まります）:
              `amount_exceeds_contract_price`、`guarantee_period_ends_before_works`、`guarantee_period_s
            tarts_after_works`、
              `guarantee_period_already_ended`、`invalid_period`、`period_too_long`、`invalid_corporate_n
            umber`（チェックディジット）、
              `unprintable_character`、`orderer_not_found` / `orderer_not_accepting`（元の版の発注者について）
            - 金額は JSON の整数表記で送ること（`25000000.0` は `invalid_amount`）

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AmendmentResponse | Error
     """


    return (await asyncio_detailed(
        guarantee_id=guarantee_id,
client=client,
body=body,
idempotency_key=idempotency_key,

    )).parsed
