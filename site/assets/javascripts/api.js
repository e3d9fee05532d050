/* portalApi: the one way a page of this site talks to the portal's API — same origin, never
   cached (public reference data aside: getPublic), a timeout, and one wording when nothing
   usable came back. Numbers, keys and codes go in request bodies only: URLs end up in logs
   and Referer headers.

   portalApi.call(method, path, payload) -> Promise of {ok, status, body, response}
     (payload: JSON, or a Blob sent as it is with its type; body: the JSON answer, or null); rejects only when no answer came (offline, timeout).
   portalApi.getPublic(path) -> the same for a GET of public reference data (the orderer and
     issuer lists): the browser may reuse an answer the API marked cacheable (max-age).
   portalApi.fetch(method, path, payload, accept) -> Promise of {response, blob}, for an answer
     that is not JSON (the signed copy's PDF): its body read whole within the same timeout.
   portalApi.problems(answer) -> [{message, field?}]: what the answer says for people.
   portalApi.message(answer) -> its first message. */
(function () {
  "use strict";

  var TIMEOUT_MS = 20000;
  var NETWORK_ERROR = "通信に失敗しました。時間をおいて再度お試しください。";

  // Where the API is: the page's meta (site/overrides/main.html), the same origin's /api by default.
  function base() {
    var meta = document.querySelector('meta[name="portal-api-base"]');
    return ((meta && meta.content) || "/api").replace(/\/+$/, "");
  }

  // The timer runs until `settled` is called: over the body too, for JSON answers.
  function send(method, path, payload, accept, cache) {
    var controller = "AbortController" in window ? new AbortController() : null;
    var timer = controller && setTimeout(function () { controller.abort(); }, TIMEOUT_MS);
    var init = { method: method, headers: { "Accept": accept || "application/json" }, credentials: "same-origin",
                 cache: cache || "no-store", signal: controller ? controller.signal : undefined };
    if (payload instanceof Blob) { // a file sent as it is (the contract list's CSV), with its type
      init.headers["Content-Type"] = payload.type || "application/octet-stream";
      init.body = payload;
    } else if (payload !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(payload);
    }
    function settled() { clearTimeout(timer); }
    function aborted() { return !!(controller && controller.signal.aborted); }
    return fetch(base() + path, init).then(function (response) {
      return { response: response, settled: settled, aborted: aborted };
    }, function (err) {
      settled();
      throw err;
    });
  }

  function call(method, path, payload, cache) {
    return send(method, path, payload, undefined, cache).then(function (sent) {
      var response = sent.response;
      // A body that is not JSON is no answer of the portal's (null); a body cut by the timeout
      // is no answer at all.
      return response.json().catch(function (err) {
        if (sent.aborted()) throw err;
        return null;
      }).then(function (body) {
        sent.settled();
        return { ok: response.ok, status: response.status, body: body, response: response };
      }, function (err) {
        sent.settled();
        throw err;
      });
    });
  }

  function getPublic(path) {
    return call("GET", path, undefined, "default");
  }

  function fetchResponse(method, path, payload, accept) {
    return send(method, path, payload, accept).then(function (sent) {
      return sent.response.blob().then(function (blob) {
        sent.settled();
        return { response: sent.response, blob: blob };
      }, function (err) {
        sent.settled();
        throw err;
      });
    });
  }

  // Every problem the portal listed (with two wrong fields it lists both in details), or, for
  // an answer that is not the portal's (a gateway's or proxy's page), the network message.
  function problems(answer) {
    var err = answer && answer.body && answer.body.error;
    if (!err || typeof err.message !== "string" || !err.message) return [{ message: NETWORK_ERROR }];
    return Array.isArray(err.details) && err.details.length ? err.details : [err];
  }

  function message(answer) {
    return problems(answer)[0].message;
  }

  window.portalApi = { base: base, call: call, getPublic: getPublic, fetch: fetchResponse, problems: problems,
                       message: message,
                       NETWORK_ERROR: NETWORK_ERROR, TIMEOUT_MS: TIMEOUT_MS };
})();
