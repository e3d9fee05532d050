"""Locust scenario of `make load` (devtools/load.py starts the stack and runs this headless).

Each user goes through one guarantee's life every `pace_s` seconds (constant_pacing), so the
paths' rates are devtools/load_plan.py's: the surety issues it, the contractor fetches the
notice again by key, the orderer verifies it three times, and 受領 is either recorded at the
verification page or sent by 電子提出 and taken from the 受付箱; the clerk opens the 受領台帳's
first page. Every request names its operation in the header X-Load-Operation, by which the
load server counts DynamoDB's units per operation (never a header the product reads).

The settings come from the file LOAD_SETUP (JSON written by devtools/load.py): the portal's
URL, the surety token, one staff cookie per user, the origin secret (every request comes as
through CloudFront, with a viewer address per guarantee's life), the plan's numbers.
"""
from __future__ import annotations

import itertools
import json
import os
import random
import uuid
from pathlib import Path

from locust import HttpUser, constant_pacing, task

SETUP = json.loads(Path(os.environ["LOAD_SETUP"]).read_text(encoding="utf-8"))
_cookies = itertools.cycle(SETUP["staff_cookies"])
_seeds = itertools.count(SETUP.get("seed", 30))
_lives = itertools.count()
HEADER = "X-Load-Operation"
SITE = SETUP["site_url"]


class GuaranteeLife(HttpUser):
    host = SITE
    wait_time = constant_pacing(SETUP["pace_s"])

    def on_start(self) -> None:
        self.cookie = next(_cookies)
        # Which guarantees go by 電子提出: a seeded draw, not a secret (noqa: not for security).
        self.random = random.Random(next(_seeds))  # noqa: S311
        # As CloudFront forwards every request: its secret, and the viewer's address (set per life).
        self.client.headers["X-Origin-Verify"] = SETUP["origin_secret"]

    def _post(self, operation: str, path: str, body: dict, headers: dict | None = None,
              expect: tuple[int, ...] = (200, 201)):
        with self.client.post("/api" + path, data=json.dumps(body, ensure_ascii=False).encode("utf-8"),
                              headers={"Content-Type": "application/json", HEADER: operation, **(headers or {})},
                              name=operation, catch_response=True) as response:
            if response.status_code not in expect:
                response.failure(f"{response.status_code}: {response.text[:200]}")
                return None
            response.success()
            return response.json() if "json" in response.headers.get("Content-Type", "") else {}

    def _staff(self) -> dict:
        return {"Cookie": self.cookie, "Origin": SITE}

    @task
    def one_guarantee(self) -> None:
        # Each guarantee's contractor and orderer from an address of their own, in the range kept
        # for benchmarks (198.18.0.0/15, RFC 2544): 11 users play hundreds of contractors in an hour.
        n = next(_lives)
        self.client.headers["CloudFront-Viewer-Address"] = f"198.18.{(n >> 8) & 255}.{n & 255}:443"
        body = dict(SETUP["guarantee_template"])
        body["contract_number"] = f"LOAD-{uuid.uuid4().hex[:12].upper()}"
        issued = self._post("issuance", "/v1/guarantees", body, {
            "Authorization": f"Bearer {SETUP['surety_token']}", "Idempotency-Key": str(uuid.uuid4())})
        if issued is None:
            return
        number, key = issued["guarantee"]["contract_number"], issued["auth_key"]
        by_key = {"contract_number": number, "auth_key": key}
        with self.client.post("/api/v1/notices", data=json.dumps(by_key).encode("utf-8"),
                              headers={"Content-Type": "application/json", HEADER: "notice"},
                              name="notice", catch_response=True) as response:
            if response.status_code == 200 and response.content.startswith(b"%PDF"):
                response.success()
            else:
                response.failure(f"{response.status_code}: not a PDF")
        for _ in range(SETUP["verifications_per_guarantee"]):
            self._post("verification", "/v1/verifications", by_key)
        department = SETUP["department"]
        if self.random.random() < SETUP["submitted_share"]:
            submitted = self._post("submission", "/v1/submissions", {
                **by_key, "orderer_id": body["orderer_id"], "department": department,
                "reference": "負荷-001", "contact": SETUP["submission_contact"]})
            if submitted is None:
                return
            submission_id = submitted["submission"]["submission_id"]
            self._post("inbox_receipt", f"/v1/staff/submissions/{submission_id}/receipt",
                       {"department": department, "name": "負荷 太郎"}, self._staff())
        else:
            self._post("receipt", "/v1/receipts", {**by_key, "department": department, "name": "負荷 太郎",
                                                   "note": "負荷試験"}, self._staff())
        for _ in range(SETUP["ledger_pages_per_receipt"]):
            with self.client.get("/api/v1/staff/receipts?limit=50", headers={**self._staff(), HEADER: "ledger_page"},
                                 name="ledger_page", catch_response=True) as response:
                if response.status_code == 200 and "receipts" in response.json():
                    response.success()
                else:
                    response.failure(f"{response.status_code}: {response.text[:200]}")
