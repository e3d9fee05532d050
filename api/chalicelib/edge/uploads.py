"""Files sent as a request's body (the contract list, a CSV), as HTTP reads them: the media type
and the size, checked before a use case reads a byte of them.

CSV is among the API's binary types (app.py), so API Gateway hands the function the file's bytes
as they were sent: an office PC saves Shift_JIS, which a REST API would take for UTF-8 text."""
from __future__ import annotations

from chalice.app import Request

from .web import HttpError

CSV = "text/csv"
# Some browsers send a .csv file as octet-stream: taken too, and read the same way.
CSV_MEDIA_TYPES = (CSV, "application/octet-stream")


def csv_file(request: Request, max_bytes: int, what: str) -> bytes:
    """The raw bytes of an uploaded CSV file within max_bytes; ``what`` names it in the messages."""
    media_type = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
    if media_type not in CSV_MEDIA_TYPES:
        raise HttpError(415, "unsupported_media_type", f"{what}は CSV ファイル（Content-Type: text/csv）で送信してください。")
    raw = request.raw_body or b""
    raw = raw.encode("utf-8") if isinstance(raw, str) else raw
    if len(raw) > max_bytes:
        raise HttpError(413, "payload_too_large", f"ファイルが大きすぎます。{max_bytes // (1024 * 1024)}MB までにしてください。")
    return raw
