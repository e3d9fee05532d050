/* 受領台帳: the guarantees this orderer received, for its signed-in staff (staff.js signs in).
   Each row says what was received and where the guarantee stands now; a row opens the
   version received without the key. Nothing secret is in any URL. */
(function () {
  "use strict";

  var api = window.portalApi; // api.js
  var NETWORK_ERROR = api.NETWORK_ERROR;
  // The rows of the certificate the detail shows, by key, in the API's words (its sections).
  var DETAIL_ROWS = ["kind", "contract_number", "amount", "guarantee_period", "orderer", "project_name",
                     "contractor_name", "surety", "issue_date"];
  // The rows come with their printed forms (*_label) and, when this account may take a receipt
  // back, until when (withdrawable_until): the page formats no value and states no rule of its own.

  function element(tag, text, className) {
    var el = document.createElement(tag);
    if (text !== undefined) el.textContent = text;
    if (className) el.className = className;
    return el;
  }

  function cell(role, lines) {
    var td = element("td");
    td.setAttribute("role", role);
    lines.filter(Boolean).forEach(function (line, i) {
      td.appendChild(typeof line === "string" ? element(i ? "span" : "span", line, "portal-ledger-line") : line);
    });
    return td;
  }

  function init() {
    var root = document.querySelector(".portal-ledger");
    if (!root || !window.portalStaff) return;
    var apiBase = api.base(); // the CSV is a link: the browser downloads it itself
    var staffUi = window.portalStaff.ui();
    if (staffUi.cancel) staffUi.cancel.remove(); // nothing to go back to: the ledger needs the sign-in
    var loading = document.getElementById("ledger-loading");
    var section = document.getElementById("ledger");
    var heading = document.getElementById("ledger-heading");
    var department = document.getElementById("ledger-department");
    var state = document.getElementById("ledger-state");
    var csv = document.getElementById("ledger-csv");
    var count = document.getElementById("ledger-count");
    var table = document.getElementById("ledger-table");
    var empty = document.getElementById("ledger-empty");
    var detail = document.getElementById("ledger-detail");
    var error = document.getElementById("ledger-error");
    var status = document.getElementById("ledger-status");
    var dialog = document.getElementById("ledger-withdraw-dialog");

    function query() {
      var params = new URLSearchParams();
      if (department.value) params.set("department", department.value);
      if (state.value) params.set("state", state.value);
      var text = params.toString();
      return text ? "?" + text : "";
    }

    function signIn() {
      section.hidden = detail.hidden = true;
      staffUi.signedIn.hidden = true;
      loading.hidden = true;
      window.portalStaff.require(staffUi, true).then(function (session) {
        staffUi.who.textContent = session.staff.email + "（" + session.staff.orderer.name + "）";
        staffUi.signedIn.hidden = false;
        var options = [new Option("すべて", "")].concat(session.staff.departments.map(function (d) {
          return new Option(d, d);
        }));
        department.replaceChildren.apply(department, options);
        section.hidden = false;
        load(true);
      }, function () { error.textContent = NETWORK_ERROR; });
    }

    function load(focus) {
      error.textContent = "";
      csv.href = apiBase + "/v1/staff/receipts.csv" + query();
      api.call("GET", "/v1/staff/receipts" + query()).then(function (answer) {
        if (answer.status === 401) return signIn();
        if (!answer.ok) {
          error.textContent = api.message(answer);
          return;
        }
        show(answer.body.receipts);
        if (focus) heading.focus();
      }, function () { error.textContent = NETWORK_ERROR; });
    }

    function show(rows) {
      var body = table.tBodies[0];
      body.textContent = "";
      rows.forEach(function (r) {
        var tr = element("tr");
        tr.setAttribute("role", "row");
        tr.dataset.state = r.state;
        var open = element("button", r.contract_number, "portal-link-button");
        open.type = "button";
        open.setAttribute("aria-label", r.contract_number + "（" + r.version_label + "）の内容を見る");
        open.addEventListener("click", function () { openDetail(r); });
        var number = element("th");
        number.setAttribute("role", "rowheader");
        number.scope = "row";
        number.appendChild(open);
        tr.appendChild(number);
        // The issuer beside the kind: sureties', insurers' and banks' guarantees share one list.
        tr.appendChild(cell("cell", [r.kind_label, r.surety_name + "（" + r.issuer_type_label + "）", r.project_name,
                                     r.project_number ? "工事番号 " + r.project_number : ""]));
        tr.appendChild(cell("cell", [r.contractor]));
        tr.appendChild(cell("cell", [r.amount_label, r.guarantee_period_label]));
        var received = cell("cell", [r.version_label, r.date_label, r.department + " " + r.name]);
        // Until the deadline the server gave (it refuses after it, whatever this clock says).
        if (r.withdrawable_until && Date.now() < Date.parse(r.withdrawable_until)) {
          received.appendChild(withdrawButton(r));
        }
        tr.appendChild(received);
        var now = [r.state_label];
        if (r.state === "superseded") now.push("新しい「認証キーのお知らせ」を受注者から受け取って確認してください。");
        tr.appendChild(cell("cell", now));
        body.appendChild(tr);
      });
      table.hidden = !rows.length;
      empty.hidden = !!rows.length;
      // With no row, the empty message says it; "0件" would say nothing more.
      count.textContent = rows.length ? rows.length + "件" : "";
    }

    /* Resolves true when the clerk confirms in the page's dialog, false on やめる or Esc. The
       focus goes back to where it was (the row's button) when nothing was taken back. */
    function confirmWithdrawal(row, from) {
      document.getElementById("ledger-withdraw-text").textContent =
        "保証契約番号 " + row.contract_number + "（" + row.version_label + "、" + row.date_label + "に" +
        row.department + "で記録）の受領の記録を取り消します。";
      if (!dialog || typeof dialog.showModal !== "function") {
        // A browser without <dialog>: its own confirmation, with the same words.
        return Promise.resolve(window.confirm(document.getElementById("ledger-withdraw-text").textContent));
      }
      return new Promise(function (resolve) {
        var confirmButton = document.getElementById("ledger-withdraw-confirm");
        var cancelButton = document.getElementById("ledger-withdraw-cancel");
        function done(answer) {
          confirmButton.onclick = cancelButton.onclick = dialog.oncancel = dialog.onclose = null;
          if (dialog.open) dialog.close();
          // After the browser's own focus restoration at close, which may land elsewhere.
          // The list may have been drawn again meanwhile (a filter's answer arriving late): then
          // the same row's button in the list as it is now.
          setTimeout(function () {
            var target = from && !from.isConnected
              ? document.querySelector('button[data-receipt="' + from.getAttribute("data-receipt") + '"]') : from;
            if (!answer && target) target.focus();
            resolve(answer);
          }, 0);
        }
        confirmButton.onclick = function () { done(true); };
        cancelButton.onclick = function () { done(false); };
        dialog.oncancel = function (event) { event.preventDefault(); done(false); }; // Esc
        dialog.onclose = function () { done(false); };
        dialog.showModal();
        cancelButton.focus();
      });
    }

    function withdrawButton(row) {
      var button = element("button", "記録を取り消す", "portal-link-button");
      button.type = "button";
      button.setAttribute("aria-label", row.contract_number + "（" + row.version_label + "）の受領の記録を取り消す");
      button.setAttribute("data-receipt", row.guarantee_id + "/" + row.version); // ids of [0-9a-z] and a number
      button.addEventListener("click", function () {
        confirmWithdrawal(row, button).then(function (confirmed) {
          if (confirmed) withdraw(row);
        });
      });
      return button;
    }

    function withdraw(row) {
      error.textContent = "";
      status.textContent = "";
      api.call("POST", "/v1/staff/receipts/" + encodeURIComponent(row.guarantee_id) + "/" + row.version + "/withdrawal",
               { department: row.department }).then(function (answer) {
        if (answer.status === 401) return signIn();
        if (!answer.ok) {
          error.textContent = api.message(answer);
          return;
        }
        status.textContent = "保証契約番号 " + row.contract_number + "（" + row.version_label +
          "）の受領の記録を取り消しました。受注者と発行元（保証会社・損害保険会社・銀行等）に、電子メールでお知らせします。";
        load(false);
        heading.focus(); // the row and its button are gone: start again from the list's heading
      }, function () { error.textContent = NETWORK_ERROR; });
    }

    function field(list, term, value) {
      if (!value) return;
      list.appendChild(element("dt", term));
      list.appendChild(element("dd", value));
    }

    function openDetail(row) {
      error.textContent = "";
      api.call("GET", "/v1/staff/receipts/" + encodeURIComponent(row.guarantee_id) + "/" + row.version)
        .then(function (answer) {
          if (answer.status === 401) return signIn();
          if (!answer.ok) {
            error.textContent = api.message(answer);
            return;
          }
          var c = answer.body.certificate;
          var banner = answer.body.banner;
          document.getElementById("ledger-detail-banner").hidden = !banner;
          document.getElementById("ledger-detail-banner-message").textContent = banner ? banner.message : "";
          document.getElementById("ledger-detail-banner-advice").textContent = banner ? banner.advice || "" : "";
          var list = document.getElementById("ledger-detail-fields");
          list.textContent = "";
          field(list, "状態", c.status_label + "（受領した" + row.version_label + "）");
          var printed = {};
          (answer.body.sections || []).forEach(function (s) {
            s.rows.forEach(function (r) { printed[r.key] = r; });
          });
          DETAIL_ROWS.forEach(function (key) {
            if (printed[key]) field(list, printed[key].label, printed[key].lines.join(" "));
          });
          section.hidden = true;
          detail.hidden = false;
          document.getElementById("ledger-detail-heading").focus();
        }, function () { error.textContent = NETWORK_ERROR; });
    }

    department.addEventListener("change", function () { load(false); });
    state.addEventListener("change", function () { load(false); });
    document.getElementById("ledger-filters").addEventListener("submit", function (e) { e.preventDefault(); });
    document.getElementById("ledger-detail-close").addEventListener("click", function () {
      detail.hidden = true;
      section.hidden = false;
      heading.focus();
    });
    staffUi.signOut.addEventListener("click", function () {
      window.portalStaff.signOut().then(null, function () { return null; }).then(signIn);
    });
    signIn();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
