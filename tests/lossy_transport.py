"""An httpx transport whose first answer is lost: the request reaches the portal, its answer
never comes back (then the network heals) — how the SDK's retries are tested."""
from __future__ import annotations

import httpx


class LosesTheFirstAnswer(httpx.BaseTransport):
    def __init__(self):
        self.real, self.calls = httpx.HTTPTransport(), 0

    def handle_request(self, req):
        self.calls += 1
        answer = self.real.handle_request(req)
        if self.calls == 1:
            answer.read()
            raise httpx.ReadTimeout("the answer was lost", request=req)
        return answer
