/* 署名検証: checks in the browser that the certificate shown is exactly what the platform
   signed (a JWS, ES256, over RFC 8785 JSON), with WebCrypto and the public keys (JWKS).
   A page or proxy that altered the data cannot produce a matching signature. */
(function () {
  "use strict";

  function b64urlToBytes(text) {
    var b64 = text.replace(/-/g, "+").replace(/_/g, "/");
    while (b64.length % 4) b64 += "=";
    var raw = atob(b64);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  function utf8(bytes) {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  }

  // Field-by-field equality; the status is left out: it is decided when checked, not when signed.
  function sameContent(signed, shown) {
    function strip(c) {
      var copy = JSON.parse(JSON.stringify(c));
      delete copy.status;
      delete copy.status_label;
      return copy;
    }
    function canonical(v) {
      if (Array.isArray(v)) return "[" + v.map(canonical).join(",") + "]";
      if (v && typeof v === "object") {
        return "{" + Object.keys(v).sort().map(function (k) { return JSON.stringify(k) + ":" + canonical(v[k]); }).join(",") + "}";
      }
      return JSON.stringify(v);
    }
    return canonical(strip(signed)) === canonical(strip(shown));
  }

  var jwks = null;

  function fetchJwks() {
    if (!jwks) {
      jwks = window.portalApi.call("GET", "/.well-known/jwks.json").then(function (answer) {
        if (!answer.ok || !answer.body) throw new Error("jwks " + answer.status);
        return answer.body;
      });
      jwks.catch(function () { jwks = null; }); // a later check asks again
    }
    return jwks;
  }

  // Resolves {ok: true, kid} or {ok: false, reason}; never rejects.
  function check(jws, shownCertificate) {
    if (!jws || !window.crypto || !crypto.subtle) {
      return Promise.resolve({ ok: false, reason: jws ? "unsupported" : "missing" });
    }
    var parts = jws.split(".");
    var header, payload;
    try {
      header = JSON.parse(utf8(b64urlToBytes(parts[0])));
      payload = JSON.parse(utf8(b64urlToBytes(parts[1])));
    } catch (e) {
      return Promise.resolve({ ok: false, reason: "malformed" });
    }
    if (parts.length !== 3 || header.alg !== "ES256") return Promise.resolve({ ok: false, reason: "malformed" });
    return fetchJwks().then(function (jwks) {
      var jwk = (jwks.keys || []).filter(function (k) { return k.kid === header.kid; })[0];
      if (!jwk) return { ok: false, reason: "unknown-key" };
      return crypto.subtle.importKey("jwk", { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y, ext: true },
        { name: "ECDSA", namedCurve: "P-256" }, false, ["verify"])
        .then(function (key) {
          var input = new TextEncoder().encode(parts[0] + "." + parts[1]);
          return crypto.subtle.verify({ name: "ECDSA", hash: "SHA-256" }, key, b64urlToBytes(parts[2]), input);
        })
        .then(function (valid) {
          if (!valid) return { ok: false, reason: "bad-signature" };
          if (!sameContent(payload.certificate || {}, shownCertificate)) return { ok: false, reason: "mismatch" };
          return { ok: true, kid: header.kid };
        });
    }).catch(function () { return { ok: false, reason: "unavailable" }; });
  }

  window.portalSignature = { check: check };
})();
