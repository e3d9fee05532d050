"""The 電子提出 and 受付箱 pages write no label of their own for what the API labels (states, kinds,
amounts, times, versions: InboxEntry's and ContractorSubmission's *_label), and keep the key out
of every URL they request (it goes in request bodies, as on the verification page)."""
from __future__ import annotations

import re

from support import REPO

SCRIPTS = REPO / "site" / "assets" / "javascripts"


def code_of(name: str) -> str:
    code = (SCRIPTS / name).read_text(encoding="utf-8")
    return re.sub(r"/\*.*?\*/|//[^\n]*", "", code, flags=re.S)  # comments may name what is not done


def test_the_inbox_and_submission_pages_format_no_amount_date_state_or_version():
    for name in ("inbox.js", "submission.js"):
        code = code_of(name)
        for formatting in ("toLocaleString", "Intl.", "円", "年", "月", '"第', '+ "版', '"版" +', "未確認", "受領済み\"",
                           "変更あり", "前払金", "契約保証", "submitted_at)", ".version +", "getHours"):
            assert formatting not in code, (name, formatting)


def test_the_key_goes_in_bodies_never_in_a_requested_path():
    for name in ("inbox.js", "submission.js"):
        for path in re.findall(r'api\.(?:call|getPublic)\(\s*"[A-Z]+"?,?\s*([^,)]*)', code_of(name)):
            assert "auth_key" not in path and "key.value" not in path, (name, path)
