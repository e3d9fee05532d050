/* 電子保証の確認: posts the number and key to the API and shows the certificate.
   Every value from the API goes through textContent: names come from outside. */
(function () {
  "use strict";

  var NETWORK_ERROR = "通信に失敗しました。時間をおいて再度お試しください。";
  var TIMEOUT_MS = 20000;

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

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (submit.disabled) return;
      clearResult();
      clearError();
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
    });

    document.getElementById("verify-again").addEventListener("click", function () {
      form.reset();
      clearResult();
      clearError();
      number.focus();
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
