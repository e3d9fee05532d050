"""How each way a body can fail its schema in openapi.yaml reads: one table, from the schema
and keyword that failed to a stable `code` and a Japanese message naming the field.

A row names a schema of the document (`Date`, `Yen`, ...; the schema that holds the failing
keyword, after $ref) or "*" for any, and a keyword (`required`, `maxLength`, ...). A field
that fails several keywords is reported once, by the first row that matches one of them:
the order of the rows is the order of precedence (a missing value before its type, its
type before its length, the shape of a date before its range).
"""
from __future__ import annotations

from dataclasses import dataclass

from ..domain.guarantee import AMENDMENT_REASONS, CONTRACT_NUMBER_HINT, CORPORATE_NUMBER_MESSAGE, KINDS
from ..domain.validation import CURSOR_HINT, LIMIT_HINT, VERSION_NUMBER, WHOLE_YEN, is_unusable_character, label
from ..domain.errors import Problem
from ..domain.terms_rules import ORDERER_NOT_FOUND

ANY = "*"
# What a JSON Schema `null` failure means: the field is there but empty. Not a keyword of
# the document: a `type` failure on a null value is read as this one.
NULL = "null"
# The operations people fill in on the verification page: their messages ask to 入力 (type)
# a value; the sureties' API asks to 指定 (specify) it.
TYPED_BY_PEOPLE = frozenset({"verifyGuarantee", "recordReceipt", "renderNotice", "createCertificateCopy",
                             "requestSignInCode", "signIn", "changeOrdererSettings",
                             "receiveSubmission", "returnSubmission", "decideSubmissions",
                             "previewSubmission", "createSubmission"})

_MISSING = "{label}を{verb}してください。"
_DATE_SHAPE = "{label}は YYYY-MM-DD 形式の日付で指定してください。"
_CHOICE = "{label}は次のいずれかで指定してください: {choices}。"
# The Japanese name beside each choice, where the domain has one.
_CHOICE_NAMES = {"Kind": KINDS, "AmendmentReason": AMENDMENT_REASONS}
_TYPE_NAMES = {"object": " JSON オブジェクト", "array": "配列", "string": "文字列", "integer": "整数",
               "boolean": " true または false "}

# (schema, keyword, code, message). Messages may use {label}, {field}, {verb}, {limit},
# {choices}, {type}.
ROWS: tuple[tuple[str, str, str, str], ...] = (
    (ANY, "required", "missing_field", _MISSING),
    (ANY, "additionalProperties", "unknown_field", "不明な項目「{name}」が含まれています。"),
    (ANY, NULL, "missing_field", _MISSING),
    ("Yen", "type", "invalid_amount", WHOLE_YEN),
    ("ContractNumberInput", "type", "invalid_contract_number", CONTRACT_NUMBER_HINT),
    ("VersionNumber", "type", "invalid_version", VERSION_NUMBER),
    ("Kind", "type", "invalid_choice", _CHOICE),
    ("AmendmentReason", "type", "invalid_choice", _CHOICE),
    ("Date", "type", "invalid_date", _DATE_SHAPE),
    ("CorporateNumberInput", "type", "invalid_corporate_number", CORPORATE_NUMBER_MESSAGE),
    (ANY, "type", "invalid_type", "{label}は{type}で指定してください。"),
    (ANY, "minLength", "missing_field", _MISSING),
    ("PlainText", "pattern", "missing_field", _MISSING),  # its pattern is "not blank"
    ("AmendmentChanges", "minProperties", "no_changes",
     "変更する内容がありません。changes に変更後の値を指定してください。"),
    (ANY, "not", "invalid_character", "{label}に使用できない制御文字が含まれています。"),
    ("EmailAddress", "maxLength", "invalid_email", "{label}の形式が正しくありません。"),
    ("StaffEmail", "maxLength", "invalid_email", "{label}の形式が正しくありません。"),
    (ANY, "maxLength", "too_long", "{label}は{limit}文字以内で指定してください。"),
    ("Date", "pattern", "invalid_date", _DATE_SHAPE),
    ("Date", "format", "invalid_date", "{label}は存在する日付で指定してください。"),
    ("DateInRange", "pattern", "date_out_of_range",
     "{label}は2000年1月1日から2099年12月31日までの日付で指定してください。"),
    ("OrdererId", "pattern", "orderer_not_found", ORDERER_NOT_FOUND),
    ("LocalGovernmentCode", "pattern", "orderer_not_found",
     "発注者が見つかりません。電子保証に対応している発注者の地方公共団体コードを指定してください。"),
    ("CorporateNumberInput", "pattern", "invalid_corporate_number", CORPORATE_NUMBER_MESSAGE),
    ("EmailAddress", "pattern", "invalid_email", "{label}の形式が正しくありません。"),
    ("StaffEmail", "pattern", "invalid_email", "{label}の形式が正しくありません。"),
    ("TermsUrl", "pattern", "invalid_terms_url",
     "{label}は https:// から始まる、保証約款の全文を公開しているページの URL で指定してください。"),
    ("SignInCode", "pattern", "invalid_code", "確認コードは、メールに記載の8桁の数字で入力してください。"),
    ("BankCode", "pattern", "invalid_bank_code", "{label}は半角数字4桁で指定してください。"),
    ("BranchCode", "pattern", "invalid_branch_code", "{label}は半角数字3桁で指定してください。"),
    ("SuretyBranchId", "pattern", "unknown_surety_branch",
     "{label}は、登録済みの支店の ID（半角英小文字・数字・ハイフン）で指定してください。"),
    ("JvMembers", "minItems", "too_few_members", "共同企業体の構成員は2者以上を指定してください。"),
    ("JvMembers", "maxItems", "too_many_members", "共同企業体の構成員は10者以内で指定してください。"),
    ("OrdererDepartments", "minItems", "too_few_departments", "担当部署を1つ以上入力してください。"),
    ("OrdererDepartments", "maxItems", "too_many_departments", "担当部署は{limit}件までにしてください。"),
    ("NotificationAddresses", "maxItems", "too_many_notification_addresses", "通知先メールアドレスは{limit}件までにしてください。"),
    ("OrdererSettingsChange", "minProperties", "no_changes",
     "変更する内容がありません。担当部署（departments）か通知先メールアドレス（notification_addresses）、"
     "電子提出の設定（inbox）を指定してください。"),
    ("DepartmentMailAddresses", "maxItems", "too_many_addresses", "{label}は{limit}件までにしてください。"),
    ("SubmissionIds", "minItems", "missing_field", "受付番号を1つ以上指定してください。"),
    ("SubmissionIds", "maxItems", "too_many_submissions", "一度に処理できる提出は{limit}件までです。"),
    ("SubmissionIds", "uniqueItems", "duplicate_submission_id", "同じ受付番号が2回以上含まれています。"),
    (ANY, "enum", "invalid_choice", _CHOICE),
    ("Yen", "minimum", "invalid_amount", "{label}は1円以上で指定してください。"),
    ("Yen", "maximum", "invalid_amount", "{label}が大きすぎます（上限 {limit:,}円）。"),
    ("VersionNumber", "minimum", "invalid_version", VERSION_NUMBER),
    ("WebhookUrl", ANY, "invalid_webhook_url", "url は https:// から始まる URL で指定してください。"),
    ("ReplaySince", ANY, "invalid_replay",
     "since は 2026-12-01T09:00:00+09:00 のように、タイムゾーン（+09:00 など）付きの日時で指定してください。"),
    ("WebhookReplayRequest", ANY, "invalid_replay", "since（日時）または cursor のどちらか一方を指定してください。"),
    ("Cursor", ANY, "invalid_cursor",
     "cursor が正しくありません。前のレスポンスの next_cursor（または届いた本文の cursor）をそのまま指定してください。"),
    (ANY, ANY, "invalid_value", "{label}の値が正しくありません。API 仕様（openapi.yaml）の定義に合わせてください。"),
)


@dataclass(frozen=True)
class Failure:
    """One keyword of one schema that a value failed, as the validator reports it."""
    field: str       # where in the body, dotted ("" for the body itself)
    schema: str      # the document's schema holding the keyword
    keyword: str
    value: object    # the failing value
    rule: dict       # the schema holding the keyword, for its limits and choices
    name: str = ""   # required / additionalProperties: the property concerned


def _row(failure: Failure) -> int:
    for index, (schema, keyword, _, _) in enumerate(ROWS):
        if schema in (ANY, failure.schema) and keyword in (ANY, failure.keyword):
            return index
    raise AssertionError("the last row matches everything")


def shown(name: str) -> str:
    # The name comes from the caller: echo a short, printable form only.
    return "".join(ch for ch in name[:40] if not is_unusable_character(ch))


def _choices(failure: Failure) -> str:
    names = _CHOICE_NAMES.get(failure.schema)
    if names:
        return "、".join(f"{key}（{name}）" for key, name in names.items())
    return "、".join(map(str, failure.rule.get("enum", [])))


def _type_name(rule: dict) -> str:
    expected = rule.get("type")
    for name in expected if isinstance(expected, list) else [expected]:
        if name in _TYPE_NAMES:
            return _TYPE_NAMES[name]
    return "正しい型"


def problem(failure: Failure, operation: str) -> Problem:
    _, _, code, message = ROWS[_row(failure)]
    field = failure.field
    if failure.keyword in ("required", "additionalProperties"):
        child = failure.name if failure.keyword == "required" else shown(failure.name)
        field = f"{field}.{child}" if field else child
    if field == "" and failure.keyword == NULL:
        return Problem("invalid_body", "リクエスト本文が空です。JSON オブジェクトを送信してください。", "")
    limits = {"maxLength": "maxLength", "maximum": "maximum", "maxItems": "maxItems"}
    text = message.format(
        label=label(field) if field else "リクエスト本文", field=field, name=shown(failure.name),
        verb="入力" if operation in TYPED_BY_PEOPLE else "指定",
        limit=failure.rule.get(limits.get(failure.keyword, ""), ""),
        choices=_choices(failure) if "{choices}" in message else "", type=_type_name(failure.rule))
    return Problem(code, text, field)


def problems(failures: list[Failure], operation: str) -> list[Problem]:
    """One problem per field, by the row of highest precedence among its failures; fields in
    the order the validator first reported them."""
    best: dict[str | None, tuple[int, Problem]] = {}
    for failure in failures:
        found = problem(failure, operation)
        row = _row(failure)
        if found.field not in best or row < best[found.field][0]:
            best[found.field] = (row, found)
    return [found for _, found in best.values()]


# A query parameter that fails its schema in openapi.yaml (an empty `cursor=` included): the
# code and message, by parameter name. The same name means the same thing in every operation.
QUERY_PROBLEMS: dict[str, tuple[str, str]] = {
    "cursor": ("invalid_cursor", CURSOR_HINT),
    "limit": ("invalid_limit", LIMIT_HINT),
    "orderer": ("invalid_query", "orderer には発注者の全国地方公共団体コード（6 桁の数字）を指定してください。"),
    "contractor": ("invalid_corporate_number", CORPORATE_NUMBER_MESSAGE.format(label="法人番号（contractor）")),
    "state": ("invalid_query", "state は valid・superseded・cancelled・expired のどれかで指定してください。"),
    "department": ("invalid_query", "department には担当部署の名前を指定してください。"),
    "kind": ("invalid_query", "kind には保証の種類（advance_payment など）を指定してください。"),
    "from": ("invalid_query", "from（提出日の始め）は YYYY-MM-DD 形式の存在する日付で指定してください。"),
    "to": ("invalid_query", "to（提出日の終わり）は YYYY-MM-DD 形式の存在する日付で指定してください。"),
    # 受領台帳 (listReceivedGuarantees, exportReceivedGuarantees): domain/ledger_query.py
    "q": ("invalid_query", "検索する言葉は100文字までにしてください。"),
    "received_from": ("invalid_query", "received_from（受領日の始め）は YYYY-MM-DD 形式の存在する日付で指定してください。"),
    "received_to": ("invalid_query", "received_to（受領日の終わり）は YYYY-MM-DD 形式の存在する日付で指定してください。"),
    "ends_before": ("invalid_query", "ends_before（保証期間の終期）は YYYY-MM-DD 形式の存在する日付で指定してください。"),
    "sort": ("invalid_query", "sort は received_desc・received_asc・period_end_asc のどれかで指定してください。"),
    "view": ("invalid_query", "view は all・attention のどちらかで指定してください。"),
}
# Where an operation's parameter of that name takes other values than the list above says.
OPERATION_QUERY_PROBLEMS: dict[tuple[str, str], tuple[str, str]] = {
    ("listSubmissions", "state"): ("invalid_query", "state は pending・received・returned・superseded・cancelled の"
                                                    "どれかで指定してください。"),
}


def query_problem(name: str, operation: str = "") -> Problem:
    code, message = OPERATION_QUERY_PROBLEMS.get((operation, name)) or QUERY_PROBLEMS[name]
    return Problem(code, message, name)
