/* 電子保証の確認: posts the number and key to the API and shows the certificate, its
   state (banner, history) and the orderer's 受領確認.
   The page lays out the API's words and writes no amount, date or name itself: the
   certificate's sections and rows as the PDFs print them (domain/certificate_text.py), the
   history's rows, the time of the check. Every value goes through textContent: names come from outside.
   A link from the notice's QR code (#n=…&k=…) fills the form and verifies at once;
   the camera / image scanner (scan.js) is loaded only when the user asks for it. */
(function () {
  "use strict";

  var api = window.portalApi; // api.js
  var NETWORK_ERROR = api.NETWORK_ERROR;
  var PDF_TYPE = "application/pdf";
  var RECEIPT_REQUIRED = { department: "担当部署を選んでください。", name: "氏名を入力してください。" };
  // Anything else keeps the neutral badge: an unknown state must never look valid.
  var STATUS_BADGES = { valid: "portal-badge--valid", superseded: "portal-badge--superseded",
                        cancelled: "portal-badge--cancelled", expired: "portal-badge--expired" };

  // The notice read from its link, PDF, image or QR code (notice-input.js, shared with 電子提出).
  var noticeInput = window.portalNoticeInput;

  // The printed text of a row (its lines on one line), found by its key: never by its wording.
  function rowText(sections, key) {
    var found = "";
    (sections || []).forEach(function (section) {
      (section.rows || []).forEach(function (row) { if (!found && row.key === key) found = row.lines.join(" "); });
    });
    return found;
  }

  // The receipt is one line of text (the server refuses control characters): a memo typed
  // on two lines of the textarea, or a pasted tab, becomes a space. 全角スペース stays.
  function oneLine(text) {
    return text.replace(/[\t\n\v\f\r]+/g, " ").trim();
  }

  // Content-Disposition: attachment; filename="ascii"; filename*=UTF-8''<percent-encoded>
  function downloadName(disposition) {
    var m = /filename\*=UTF-8''([^;]+)/i.exec(disposition || "");
    try {
      if (m) return decodeURIComponent(m[1]);
    } catch (e) { /* a malformed name: use the plain one */ }
    return "電子保証の写し.pdf";
  }

  function saveFile(blob, name) {
    var url = URL.createObjectURL(blob);
    var a = document.createElement("a");
    a.href = url;
    a.download = name;
    a.hidden = true;
    document.body.appendChild(a);
    a.click();
    a.remove();
    // Some browsers read the blob after click() returns.
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  }

  function init() {
    var form = document.getElementById("verify-form");
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "1";

    var number = document.getElementById("contract-number");
    var key = document.getElementById("auth-key");
    var submit = document.getElementById("verify-submit");
    var error = document.getElementById("verify-error");
    var result = document.getElementById("verify-result");
    var heading = document.getElementById("verify-result-heading");
    var banner = document.getElementById("verify-banner");
    var cautions = document.getElementById("verify-cautions");
    var cautionList = document.getElementById("verify-cautions-list");
    var historyTable = document.getElementById("verify-history");
    var noContact = document.getElementById("verify-no-contact");
    var shownSections = []; // the sections of the certificate on screen
    var receipt = {
      section: document.getElementById("receipt"),
      done: document.getElementById("receipt-done"),
      label: document.getElementById("receipt-label"),
      recorder: document.getElementById("receipt-recorder"),
      already: document.getElementById("receipt-already"),
      open: document.getElementById("receipt-open"),
      start: document.getElementById("receipt-start"),
      form: document.getElementById("receipt-form"),
      department: document.getElementById("receipt-department"),
      name: document.getElementById("receipt-name"),
      remembered: document.getElementById("receipt-remembered"),
      note: document.getElementById("receipt-note"),
      submit: document.getElementById("receipt-submit"),
      error: document.getElementById("receipt-error"),
      cancel: document.getElementById("receipt-cancel")
    };
    // The staff sign-in inside the receipt section (staff.js draws nothing itself).
    var staffUi = window.portalStaff.ui();
    var copy = {
      section: document.getElementById("copy"),
      button: document.getElementById("copy-download"),
      status: document.getElementById("copy-status"),
      error: document.getElementById("copy-error")
    };
    var inputs = {
      contract_number: number, auth_key: key,
      department: receipt.department, name: receipt.name, note: receipt.note
    };
    // The number and key of the certificate on screen, exactly as they were sent: a receipt
    // is for what the clerk saw, even if the fields were edited since. Memory only.
    var checked = null;
    // Bumped whenever the result is cleared, so a late receipt answer for an earlier
    // check never lands on the next one.
    var shown = 0;
    var root = form.closest(".portal-verify");
    var scanStatus = document.getElementById("scan-status");
    var scanError = document.getElementById("scan-error");

    function clearResult() {
      shown += 1;
      checked = null;
      result.hidden = true;
      heading.textContent = "確認結果";
      result.removeAttribute("data-status");
      result.querySelectorAll("[data-printed]").forEach(function (el) { el.remove(); });
      result.querySelectorAll("[data-section-title]").forEach(function (el) { el.textContent = ""; });
      result.querySelectorAll("[data-field]").forEach(function (el) { el.textContent = ""; });
      noContact.hidden = true;
      shownSections = [];
      banner.hidden = true;
      banner.removeAttribute("data-kind");
      document.getElementById("verify-banner-message").textContent = "";
      document.getElementById("verify-banner-advice").textContent = "";
      cautions.hidden = true;
      cautionList.textContent = "";
      historyTable.hidden = true;
      historyTable.tBodies[0].textContent = "";
      receipt.section.hidden = receipt.done.hidden = receipt.open.hidden = receipt.already.hidden = true;
      receipt.label.textContent = receipt.recorder.textContent = receipt.already.textContent = "";
      closeReceiptForm();
      receipt.form.reset();
      staffUi.box.hidden = staffUi.signedIn.hidden = true;
      copy.section.hidden = true;
      copy.status.textContent = copy.error.textContent = "";
      copy.button.disabled = false;
    }

    function clearError() {
      error.textContent = "";
      receipt.error.textContent = "";
      Object.keys(inputs).forEach(function (name) { inputs[name].removeAttribute("aria-invalid"); });
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

    // The sections in the page's places for them (a heading and a list each); one the page has
    // no place for goes last, before the contact line (sections.js).
    function showSections(sections) {
      window.portalSections.lay(result, sections, noContact);
    }

    // What a row links to, from the certificate's own values (never built from printed text).
    function showLinks(c) {
      var terms = c.guarantee_terms;
      showTermsLink(terms && terms.url);
      var contact = (c.surety || {}).contact || {};
      linkRow("contact_phone", contact.phone && "tel:" + contact.phone.replace(/[^0-9+]/g, ""));
      linkRow("contact_email", contact.email && "mailto:" + contact.email);
      // No contact in the certificate: the surety itself is who to ask.
      var surety = rowText(shownSections, "surety");
      if (!result.querySelector('dd[data-row="contact_department"], dd[data-row="contact_phone"], dd[data-row="contact_email"]') && surety) {
        noContact.querySelector('[data-field="surety"]').textContent = surety;
        noContact.hidden = false;
      }
    }

    function linkRow(key, href) {
      var value = result.querySelector('dd[data-row="' + key + '"]');
      if (!value || !href) return;
      var link = document.createElement("a");
      link.href = href;
      link.append.apply(link, Array.prototype.slice.call(value.childNodes));
      value.replaceChildren(link);
    }

    function showCertificate(body) {
      var c = body.certificate;
      shownSections = body.sections || [];
      showSections(shownSections);
      showLinks(c);
      var badge = result.querySelector('[data-field="status"]');
      badge.textContent = c.status_label || "";
      Object.keys(STATUS_BADGES).forEach(function (status) {
        badge.classList.toggle(STATUS_BADGES[status], c.status === status);
      });
      badge.dataset.status = c.status || "";
      result.dataset.status = c.status || "";
    }

    // The 保証約款 by name, as a link to the full text where the surety published it (the
    // URL comes with the terms from the API; https only, as the API admits: never javascript:).
    // A new tab: this result cannot be opened again without the key.
    function showTermsLink(url) {
      var value = result.querySelector('dd[data-row="guarantee_terms"]');
      if (!value || typeof url !== "string" || !/^https:\/\//.test(url)) return;
      var link = document.createElement("a");
      link.href = url;
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      link.textContent = value.textContent;
      var where = document.createElement("span");
      where.className = "portal-hint portal-terms-where";
      where.textContent = "全文（発行元のウェブサイト・新しいタブで開きます）";
      value.replaceChildren(link, where);
    }

    /* The points the portal asks the orderer to look at (the API words them; none: no block). */
    function showCautions(list) {
      (list || []).forEach(function (c) {
        var item = document.createElement("li");
        item.textContent = c.message;
        item.dataset.code = c.code;
        cautionList.appendChild(item);
      });
      cautions.hidden = !cautionList.children.length;
    }

    function showBanner(b) {
      if (!b || !b.message) return;
      document.getElementById("verify-banner-message").textContent = b.message;
      document.getElementById("verify-banner-advice").textContent = b.advice || "";
      banner.dataset.kind = b.kind || "";
      banner.hidden = false;
    }

    function cell(tag, role, text) {
      var el = document.createElement(tag);
      el.setAttribute("role", role);
      if (text !== undefined) el.textContent = text;
      return el;
    }

    // The history as the copy prints it (history_rows). A guarantee never changed has one row
    // that says nothing the certificate does not.
    function showHistory(entries) {
      if (!Array.isArray(entries) || entries.length < 2) return;
      var body = historyTable.tBodies[0];
      entries.forEach(function (entry) {
        var row = cell("tr", "row");
        var version = cell("th", "rowheader", entry.version);
        version.scope = "row";
        var changes = cell("td", "cell");
        changes.className = "portal-history-changes";
        if (entry.changes && entry.changes.length) {
          var list = document.createElement("ul");
          entry.changes.forEach(function (change) {
            // 保証金額：20,000,000円 → 25,000,000円, each value kept whole where the line allows.
            var item = document.createElement("li");
            var before = document.createElement("span");
            var after = document.createElement("span");
            before.textContent = change.before;
            after.textContent = change.after;
            item.append(change.label + "：", before, " → ", after);
            list.appendChild(item);
          });
          changes.appendChild(list);
        }
        row.append(version, cell("td", "cell", entry.date), cell("td", "cell", entry.content), changes);
        body.appendChild(row);
      });
      historyTable.hidden = false;
    }

    function showReceipt(r, newlyRecorded) {
      receipt.label.textContent = r.label || "";
      receipt.recorder.textContent = r.name ? "記録者：" + r.name : "";
      // Someone else pressed first: say so, or the clerk would think their own entry was kept.
      if (newlyRecorded === false) {
        var who = [r.department, r.name].filter(Boolean).join(" ");
        receipt.already.textContent = "この保証の受領は、すでに記録されていました（" +
          [r.date_label, who ? who + "さん" : ""].filter(Boolean).join("、") +
          "）。今回入力した内容は記録していません。";
        receipt.already.hidden = false;
      }
      closeReceiptForm();
      receipt.open.hidden = true;
      receipt.done.hidden = false;
      receipt.section.hidden = false;
    }

    // Only the latest version of a valid guarantee can be received; the server says so too (409).
    function canRecord(g) {
      return !!g && g.status === "valid" && typeof g.version === "number" && g.version === g.latest_version;
    }

    var TAKE_NO_DECISION = "この画面の内容で判断せず、発行元（保証会社・損害保険会社・銀行等）にお問い合わせください。";
    var SIGNATURE_FAILURES = {
      "mismatch": "表示された内容は、電子保証ポータルが発行時に電子署名した内容と一致しません。" + TAKE_NO_DECISION,
      "bad-signature": "電子署名が正しくありません。" + TAKE_NO_DECISION,
      "unknown-key": "電子署名の鍵を確認できません。" + TAKE_NO_DECISION,
      "malformed": "電子署名の形式が正しくありません。" + TAKE_NO_DECISION
    };

    // The signature line: green when the shown data is exactly what was signed, red otherwise.
    // It never hides the data: the clerk sees both the content and the warning. Plain words
    // first; the technical detail (method, key) behind a disclosure.
    function showSignature(jws, certificate, signedOn) {
      var line = document.getElementById("verify-signature");
      if (!line || !window.portalSignature) return;
      line.hidden = false;
      line.dataset.state = "pending";
      line.textContent = "電子署名を確認しています…";
      window.portalSignature.check(jws, certificate).then(function (outcome) {
        if (outcome.ok) {
          line.dataset.state = "valid";
          line.textContent = "";
          var said = document.createElement("span");
          said.textContent = "内容は発行時から改ざんされていません（電子保証ポータルの電子署名を確認しました）。";
          var more = document.createElement("details");
          var summary = document.createElement("summary");
          summary.textContent = "技術的な情報";
          var detail = document.createElement("span");
          // The signed certificate equals the one shown, so its 発行日 is the row printed for it.
          detail.textContent = "署名の方式 JWS（ES256）、署名日 " + signedOn +
            "、鍵 ID " + outcome.kid.slice(0, 12) + "…（公開鍵は /api/.well-known/jwks.json）";
          more.append(summary, detail);
          line.append(said, more);
        } else if (SIGNATURE_FAILURES[outcome.reason]) {
          line.dataset.state = "invalid";
          line.textContent = SIGNATURE_FAILURES[outcome.reason];
        } else {
          line.dataset.state = "unchecked";
          line.textContent = "この環境では電子署名を確認できませんでした（表示内容はポータルの照合結果です）。";
        }
      });
    }

    function showResult(body, sent) {
      showCertificate(body);
      // When the portal checked, by its clock (as_of: the PC's may be wrong), as the copy prints it.
      var when = body.as_of_label || "";
      document.getElementById("verify-checked-at").textContent = "確認日時：" + when;
      document.getElementById("verify-print-footer").textContent =
        "電子保証ポータル " + location.origin + location.pathname + "　確認日時：" + when;
      showSignature(body.jws, body.certificate, rowText(shownSections, "issue_date"));
      showBanner(body.banner);
      showCautions(body.cautions);
      var g = body.guarantee;
      showHistory(body.history_rows);
      checked = sent;
      if (body.receipt) {
        showReceipt(body.receipt);
      } else if (canRecord(g)) {
        receipt.open.hidden = false;
        receipt.section.hidden = false;
      }
      copy.section.hidden = false;
      result.hidden = false;
      // The state in the heading that takes the focus: announced first, and on screen with
      // the first facts under it (scrolled to the top, below the sticky header).
      var label = body.certificate && body.certificate.status_label;
      heading.textContent = label ? "確認結果：" + label : "確認結果";
      heading.focus({ preventScroll: true });
      result.scrollIntoView({ block: "start" });
    }

    // The signed copy of what the key shows now, made by the server for the number and
    // key on screen (in the body, never in a URL), saved under the name the server gives.
    function saveCopy() {
      if (copy.button.disabled || !checked) return;
      var forCheck = shown;
      copy.button.disabled = true;
      copy.error.textContent = "";
      copy.status.textContent = "署名付きの写しを作成しています…";
      api.fetch("POST", "/v1/certificate-copies", checked, PDF_TYPE)
        .then(function (answer) {
          var response = answer.response;
          var type = (response.headers.get("Content-Type") || "").split(";")[0].trim();
          if (response.ok && type === PDF_TYPE) {
            var name = downloadName(response.headers.get("Content-Disposition"));
            if (forCheck !== shown) return;
            saveFile(answer.blob, name);
            copy.status.textContent = "「" + name + "」をダウンロードしました。";
            return;
          }
          return answer.blob.text().then(JSON.parse).catch(function () { return null; }).then(function (body) {
            if (forCheck !== shown) return;
            copy.status.textContent = "";
            copy.error.textContent = api.message({ status: response.status, body: body });
          });
        })
        .catch(function () {
          if (forCheck !== shown) return;
          copy.status.textContent = "";
          copy.error.textContent = NETWORK_ERROR;
        })
        .then(function () {
          if (forCheck === shown) copy.button.disabled = false;
        });
    }

    // The departments of the signed-in person's orderer, as its list names them, and the
    // entries of this sign-in's last receipt (staff.js).
    function showStaff(session) {
      window.portalStaff.fillReceiptFields(session, receipt.department, receipt.name, receipt.remembered);
      staffUi.who.textContent = session.staff.email + "（" + session.staff.orderer.name + "）";
      staffUi.signedIn.hidden = false;
    }

    // Recording 受領 carries the orderer's authority: the form opens for its signed-in staff.
    function openReceiptForm() {
      receipt.open.hidden = true;
      var forCheck = shown;
      window.portalStaff.require(staffUi).then(function (session) {
        if (forCheck !== shown) return;
        showStaff(session);
        receipt.form.hidden = false;
        receipt.department.focus();
      }, function () {
        if (forCheck !== shown) return;
        receipt.open.hidden = false;
        showError([{ message: NETWORK_ERROR }]);
      });
    }

    function signOut() {
      window.portalStaff.signOut().then(null, function () { return null; }).then(function () {
        staffUi.signedIn.hidden = true;
        window.portalStaff.clearReceiptFields(receipt.department, receipt.name, receipt.remembered);
        closeReceiptForm();
        receipt.open.hidden = false;
        receipt.start.focus();
      });
    }

    function closeReceiptForm() {
      staffUi.box.hidden = true;
      receipt.form.hidden = true;
      receipt.submit.disabled = false;
      receipt.form.removeAttribute("aria-busy");
    }

    function handleAnswer(answer, sent, forCheck) {
      if (forCheck !== shown) return; // a newer check has started meanwhile
      if (answer.ok && answer.body && answer.body.certificate) {
        showResult(answer.body, sent);
        return;
      }
      showError(api.problems(answer));
    }

    // Starts a new check of what the fields hold. The result on screen is cleared first, and
    // an answer to an earlier check still on its way is dropped when it comes: the newest
    // check (a second notice link opened meanwhile) is the one shown.
    function verify() {
      clearResult();
      clearError();
      // A message about an earlier scan would be read as being about this check.
      if (scanError && scanStatus) scanError.textContent = scanStatus.textContent = "";
      var forCheck = shown;
      submit.disabled = true;
      form.setAttribute("aria-busy", "true");
      var sent = { contract_number: number.value, auth_key: key.value };
      api.call("POST", "/v1/verifications", sent)
        .then(function (answer) { handleAnswer(answer, sent, forCheck); })
        .catch(function () {
          if (forCheck === shown) showError([{ message: NETWORK_ERROR }]);
        })
        .then(function () {
          if (forCheck !== shown) return;
          submit.disabled = false;
          form.removeAttribute("aria-busy");
        });
    }

    function recordReceipt() {
      if (receipt.submit.disabled || !checked) return;
      clearError();
      var values = {
        department: oneLine(receipt.department.value),
        name: oneLine(receipt.name.value),
        note: oneLine(receipt.note.value)
      };
      var missing = Object.keys(RECEIPT_REQUIRED).filter(function (field) { return !values[field]; });
      if (missing.length) {
        receipt.error.textContent = missing.map(function (field) { return RECEIPT_REQUIRED[field]; }).join("\n");
        missing.forEach(function (field) { inputs[field].setAttribute("aria-invalid", "true"); });
        inputs[missing[0]].focus();
        return;
      }
      var payload = {
        contract_number: checked.contract_number, auth_key: checked.auth_key,
        department: values.department, name: values.name
      };
      if (values.note) payload.note = values.note;
      var forCheck = shown;
      receipt.submit.disabled = true;
      receipt.form.setAttribute("aria-busy", "true");
      api.call("POST", "/v1/receipts", payload)
        .then(function (answer) {
          var body = answer.body;
          if (forCheck !== shown) return;
          if (answer.ok && body && body.receipt) {
            showReceipt(body.receipt, body.newly_recorded);
            receipt.done.focus();
            return;
          }
          var problems = api.problems(answer);
          if (answer.status === 401) {
            // The session ended (idle or at day's end): sign in again, the entries stay.
            staffUi.signedIn.hidden = true;
            receipt.form.hidden = true;
            showError(problems);
            openReceiptForm();
            return;
          }
          // Not allowed any more (changed or cancelled meanwhile): a retry cannot succeed.
          if (answer.status === 409 && problems[0].message !== NETWORK_ERROR) receipt.section.hidden = true;
          showError(problems);
        })
        .catch(function () {
          if (forCheck === shown) showError([{ message: NETWORK_ERROR }]);
        })
        .then(function () {
          receipt.submit.disabled = false;
          receipt.form.removeAttribute("aria-busy");
        });
    }

    function verifyLink(link) {
      number.value = link.n;
      key.value = link.k;
      verify();
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!submit.disabled) verify(); // one press, one check
    });

    noticeInput.wire(root, verifyLink);

    receipt.start.addEventListener("click", openReceiptForm);
    staffUi.signOut.addEventListener("click", signOut);
    copy.button.addEventListener("click", saveCopy);
    [receipt.cancel, staffUi.cancel].forEach(function (button) {
      button.addEventListener("click", function () {
        clearError();
        closeReceiptForm();
        receipt.open.hidden = false;
        receipt.start.focus();
      });
    });
    receipt.form.addEventListener("submit", function (event) {
      event.preventDefault();
      recordReceipt();
    });

    document.getElementById("verify-print").addEventListener("click", function () { window.print(); });

    document.getElementById("verify-again").addEventListener("click", function () {
      form.reset();
      clearResult();
      clearError();
      number.focus();
    });

    // Opened from the notice's QR code, on arrival or later in the same tab (hashchange).
    // The fragment leaves the address bar (and so history, bookmarks and shared
    // screenshots) before anything else happens. A new link is a new check: nothing of the
    // guarantee shown before stays, even when the new link is incomplete.
    // Returns false for a fragment that is no notice link (an in-page anchor).
    function openLink(hash) {
      var link = noticeInput.linkFromFragment(hash);
      if (link.n === null && link.k === null) return false;
      history.replaceState(null, "", location.pathname + location.search);
      noticeInput.stop();
      if (link.n && link.k) {
        verifyLink(link);
      } else {
        form.reset();
        clearResult();
        clearError();
        number.focus();
      }
      return true;
    }

    noticeInput.onFragment(form, openLink);

    if (!openLink(location.hash)) {
      // Typing starts in the first field (no 25 presses of Tab through the site's menus).
      number.focus({ preventScroll: true });
    }
  }

  // notice-input.js stops the camera when the page is left (and before a new page is wired).
  function onDocument() {
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
