/* 発注者の職員のサインイン: a work e-mail address, then the 8-digit code mailed to it. No
   password; the session is an HttpOnly cookie this script never sees. Used where an act
   carries the orderer's authority (recording 受領 on the verification page). */
(function () {
  "use strict";

  var api = window.portalApi; // api.js
  var NETWORK_ERROR = api.NETWORK_ERROR;
  var FULL_WIDTH_DIGITS = /[０-９]/g;

  // The signed-in member of staff ({staff, expires_at}), or null.
  function current() {
    return api.call("GET", "/v1/staff/session").then(function (answer) {
      return answer.ok ? answer.body : null;
    });
  }

  function signOut() {
    return api.call("DELETE", "/v1/staff/session");
  }

  /* Resolves with the session once the person has signed in (at once if they already
     have). ui: {box, emailForm, email, codeForm, code, sent, error} of the page. On a page
     that opens with the sign-in (quiet), the field takes the focus without scrolling to it. */
  function require(ui, quiet) {
    return current().then(function (session) {
      if (session) return offerAdministration(ui, session);
      return new Promise(function (resolve) {
        var address = "";
        ui.error.textContent = "";
        ui.codeForm.hidden = true;
        ui.box.hidden = false;
        ui.email.focus({ preventScroll: !!quiet });

        function fail(input, message) {
          ui.error.textContent = message;
          input.setAttribute("aria-invalid", "true");
          input.focus();
        }

        ui.emailForm.onsubmit = function (event) {
          event.preventDefault();
          address = ui.email.value.trim();
          ui.email.removeAttribute("aria-invalid");
          ui.error.textContent = "";
          if (!address) return fail(ui.email, "職場のメールアドレスを入力してください。");
          api.call("POST", "/v1/staff/sign-in-codes", { email: address }).then(function (answer) {
            if (!answer.ok) return fail(ui.email, api.message(answer));
            ui.sent.textContent = answer.body.message;
            ui.codeForm.hidden = false;
            ui.code.value = "";
            ui.code.focus();
          }, function () { fail(ui.email, NETWORK_ERROR); });
        };

        ui.codeForm.onsubmit = function (event) {
          event.preventDefault();
          // A code read from a phone may be typed in full-width digits or with spaces.
          var code = ui.code.value.replace(FULL_WIDTH_DIGITS, function (d) {
            return String.fromCharCode(d.charCodeAt(0) - 0xFEE0);
          }).replace(/\s/g, "");
          ui.code.removeAttribute("aria-invalid");
          ui.error.textContent = "";
          // How many digits: the domain's (staff.CODE_DIGITS), put in the page by the build.
          var digits = Number(ui.box.dataset.codeDigits);
          if (!new RegExp("^[0-9]{" + digits + "}$").test(code)) {
            return fail(ui.code, "確認コードは、メールに記載の" + digits + "桁の数字で入力してください。");
          }
          api.call("POST", "/v1/staff/session", { email: address, code: code }).then(function (answer) {
            if (!answer.ok) return fail(ui.code, api.message(answer));
            ui.box.hidden = true;
            resolve(offerAdministration(ui, answer.body));
          }, function () { fail(ui.code, NETWORK_ERROR); });
        };
      });
    });
  }

  // The link to 発注者の管理者 beside the signed-in address, for the orderer's administrators.
  function offerAdministration(ui, session) {
    if (ui.adminLink) ui.adminLink.hidden = !session.administrator;
    return session;
  }

  // The sign-in elements of the page (site/overrides/partials/staff-sign-in.html).
  function ui() {
    var byId = function (id) { return document.getElementById(id); };
    return {
      box: byId("staff-sign-in"), emailForm: byId("staff-email-form"), email: byId("staff-email"),
      codeForm: byId("staff-code-form"), code: byId("staff-code"), sent: byId("staff-code-sent"),
      error: byId("staff-error"), signedIn: byId("staff-signed-in"), who: byId("staff-who"),
      signOut: byId("staff-sign-out"), cancel: byId("staff-cancel"), adminLink: byId("staff-admin-link")
    };
  }

  /* The receipt's 担当部署 and 氏名 (partials/receipt-fields.html, on the verify page and
     まとめて確認) for a session: the orderer's departments, and what this sign-in entered with
     its last receipt (session.receipt_entries, kept with the session on the server: never in
     this browser, which several clerks may share). What is typed on the page stays for the same
     account (a re-sign-in after the session ended); another account starts from its own. */
  function fillReceiptFields(session, department, name, remembered) {
    var account = session.staff.email;
    var sameAccount = department.dataset.account === account;
    department.dataset.account = account;
    var typed = sameAccount ? department.value : "";
    if (!sameAccount) name.value = "";
    var entries = session.receipt_entries || {};
    var departments = session.staff.departments || [];
    department.replaceChildren.apply(department, [new Option("選んでください", "")].concat(
      departments.map(function (d) { return new Option(d, d); })));
    var wanted = typed || entries.department || "";
    department.value = departments.indexOf(wanted) >= 0 ? wanted : "";
    var offered = false;
    if (!name.value && entries.name) {
      name.value = entries.name;
      offered = true;
    }
    if (remembered) remembered.hidden = !(offered && department.value === entries.department);
  }

  // After signing out: nothing of this account's entries stays on the page.
  function clearReceiptFields(department, name, remembered) {
    department.value = "";
    delete department.dataset.account;
    name.value = "";
    if (remembered) remembered.hidden = true;
  }

  window.portalStaff = { current: current, require: require, signOut: signOut, ui: ui,
                         fillReceiptFields: fillReceiptFields, clearReceiptFields: clearReceiptFields };
})();
