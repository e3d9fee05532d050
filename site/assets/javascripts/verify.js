/* 電子保証の確認: posts the number and key to the API and shows the certificate.
   Every value from the API goes through textContent: names come from outside.
   A link from the notice's QR code (#n=…&k=…) fills the form and verifies at once;
   the camera / image scanner (scan.js) is loaded only when the user asks for it. */
(function () {
  "use strict";

  var NETWORK_ERROR = "通信に失敗しました。時間をおいて再度お試しください。";
  var SCANNER_LOAD_ERROR = "読み取りの準備ができませんでした。通信状況をご確認のうえ、もう一度お試しください。";
  var TIMEOUT_MS = 20000;

  // The scanner of the page now shown; stopped whenever the user leaves it.
  var activeScanner = null;
  // Bumped on every stop, so a scanner still loading when the user left never starts the camera.
  var generation = 0;

  function stopScanning() {
    generation += 1;
    if (activeScanner) activeScanner.stop();
  }

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.async = true;
      script.onload = resolve;
      script.onerror = function () {
        script.remove(); // a later try must insert a fresh element
        reject(new Error("could not load " + src));
      };
      document.head.appendChild(script);
    });
  }

  // The link format of the notice's QR code: #n=<保証契約番号>&k=<認証キー>.
  function linkFromFragment(hash) {
    var params = new URLSearchParams(String(hash || "").replace(/^#/, ""));
    return { n: params.get("n"), k: params.get("k") };
  }

  // "2024-07-01" -> "2024年7月1日"; parsed as text so no time zone can shift the day.
  function formatDate(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || "");
    return m ? m[1] + "年" + Number(m[2]) + "月" + Number(m[3]) + "日" : "";
  }

  function formatPeriod(period) {
    return period ? formatDate(period.start) + " 〜 " + formatDate(period.end) : "";
  }

  function formatYen(value) {
    return typeof value === "number" ? value.toLocaleString("ja-JP") + "円" : "";
  }

  function ordererLabel(o) {
    if (!o) return "";
    // Municipality names repeat across prefectures (府中市), so show which one.
    return o.prefecture && o.prefecture !== o.name ? o.name + "（" + o.prefecture + "）" : o.name || "";
  }

  function fieldsOf(c) {
    var project = c.project || {};
    var contractor = c.contractor || {};
    return {
      status: c.status_label,
      kind: c.kind_label,
      contract_number: c.contract_number,
      amount: formatYen(c.amount),
      guarantee_period: formatPeriod(c.guarantee_period),
      surety: (c.surety || {}).name,
      issue_date: formatDate(c.issue_date),
      orderer: ordererLabel(c.orderer),
      project_name: project.name,
      project_location: project.location,
      project_period: formatPeriod(project.period),
      contract_price: formatYen(project.contract_price),
      contractor_name: contractor.name,
      contractor_address: contractor.address,
      contractor_representative: contractor.representative
    };
  }

  function init() {
    var form = document.getElementById("verify-form");
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "1";

    var apiMeta = document.querySelector('meta[name="portal-api-base"]');
    var apiBase = (apiMeta ? apiMeta.content : "/api").replace(/\/+$/, "");
    var number = document.getElementById("contract-number");
    var key = document.getElementById("auth-key");
    var submit = document.getElementById("verify-submit");
    var error = document.getElementById("verify-error");
    var result = document.getElementById("verify-result");
    var heading = document.getElementById("verify-result-heading");
    var inputs = { contract_number: number, auth_key: key };
    var root = form.closest(".portal-verify");
    var scanStatus = document.getElementById("scan-status");
    var scanError = document.getElementById("scan-error");
    var scanner = null; // promise of this page's scanner, once asked for

    function clearResult() {
      result.hidden = true;
      result.querySelectorAll("[data-field]").forEach(function (el) { el.textContent = ""; });
    }

    function clearError() {
      error.textContent = "";
      [number, key].forEach(function (input) { input.removeAttribute("aria-invalid"); });
    }

    // problems: [{message, field?}]. Only the server decides which field to blame;
    // a not-found answer names none, so a guesser cannot tell which half was right.
    function showError(problems) {
      error.textContent = problems.map(function (p) { return p.message; }).join("\n");
      problems.forEach(function (p) {
        if (inputs[p.field]) inputs[p.field].setAttribute("aria-invalid", "true");
      });
      error.focus();
    }

    function showCertificate(c) {
      var values = fieldsOf(c);
      result.querySelectorAll("[data-field]").forEach(function (el) {
        el.textContent = values[el.dataset.field] || "";
      });
      var badge = result.querySelector('[data-field="status"]');
      badge.classList.toggle("portal-badge--valid", c.status === "valid");
      badge.dataset.status = c.status || "";
      result.hidden = false;
      heading.focus();
    }

    function handleResponse(response) {
      return response.json().catch(function () { return null; }).then(function (body) {
        if (response.ok && body && body.certificate) {
          showCertificate(body.certificate);
          return;
        }
        var err = body && body.error;
        if (response.status < 500 && err && err.message) {
          // With both fields wrong the server lists every problem in details.
          showError(Array.isArray(err.details) && err.details.length ? err.details : [err]);
        } else {
          showError([{ message: NETWORK_ERROR }]);
        }
      });
    }

    function verify() {
      if (submit.disabled) return;
      clearResult();
      clearError();
      // A message about an earlier scan would be read as being about this check.
      if (scanError && scanStatus) scanError.textContent = scanStatus.textContent = "";
      submit.disabled = true;
      form.setAttribute("aria-busy", "true");
      var controller = "AbortController" in window ? new AbortController() : null;
      var timer = controller && setTimeout(function () { controller.abort(); }, TIMEOUT_MS);
      // The key goes in the body only: URLs end up in logs and Referer headers.
      fetch(apiBase + "/v1/verifications", {
        method: "POST",
        headers: { "Content-Type": "application/json", "Accept": "application/json" },
        body: JSON.stringify({ contract_number: number.value, auth_key: key.value }),
        credentials: "same-origin",
        cache: "no-store",
        signal: controller ? controller.signal : undefined
      })
        .then(handleResponse)
        .catch(function () { showError([{ message: NETWORK_ERROR }]); })
        .then(function () {
          clearTimeout(timer);
          submit.disabled = false;
          form.removeAttribute("aria-busy");
        });
    }

    function verifyLink(link) {
      if (submit.disabled) return; // one verification at a time, as for the button
      number.value = link.n;
      key.value = link.k;
      verify();
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      verify();
    });

    function withScanner(action) {
      var asked = generation;
      if (!scanner) {
        // Instant navigation keeps the window: scan.js may be there from an earlier visit.
        var loaded = window.PortalScan ? Promise.resolve() : loadScript(root.dataset.scanSrc);
        scanner = loaded.then(function () {
          if (!window.PortalScan) throw new Error("scan.js did not register");
          return window.PortalScan.create(root, {
            decoderSrc: root.dataset.decoderSrc,
            loadScript: loadScript,
            onLink: verifyLink
          });
        });
        scanner.catch(function () { scanner = null; });
      }
      scanner.then(function (s) {
        activeScanner = s;
        if (asked === generation) action(s);
      }, function () {
        scanError.textContent = SCANNER_LOAD_ERROR;
      });
    }

    if (root && root.dataset.scanSrc) {
      document.getElementById("scan-start").addEventListener("click", function () {
        withScanner(function (s) { s.startCamera(); });
      });
      var fileInput = document.getElementById("scan-file");
      fileInput.addEventListener("change", function () {
        var file = fileInput.files && fileInput.files[0];
        fileInput.value = ""; // choosing the same file again must fire change again
        if (file) withScanner(function (s) { s.readImage(file); });
      });
    }

    document.getElementById("verify-again").addEventListener("click", function () {
      form.reset();
      clearResult();
      clearError();
      number.focus();
    });

    // Opened from the notice's QR code. The fragment leaves the address bar (and so
    // history, bookmarks and shared screenshots) before anything else happens.
    var link = linkFromFragment(location.hash);
    if (link.n !== null || link.k !== null) {
      history.replaceState(null, "", location.pathname + location.search);
      if (link.n && link.k) verifyLink(link);
    }
  }

  // Leaving the page must never leave the camera on: full navigation or bfcache
  // (pagehide), another tab or app (hidden), Material's instant navigation (location$,
  // and document$ when the new page arrives; document$ replays the current page once).
  window.addEventListener("pagehide", stopScanning);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") stopScanning();
  });
  if (window.location$ && typeof window.location$.subscribe === "function") {
    window.location$.subscribe(stopScanning);
  }

  function onDocument() {
    stopScanning();
    activeScanner = null;
    init();
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(onDocument);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onDocument);
  } else {
    onDocument();
  }
})();
