/* 電子提出: the contractor reads its notice (notice-input.js: the PDF, the QR code, the link's
   #n=…&k=…, or the number and key typed), sees what it is about to submit and to which orderer
   (POST /v1/submission-previews), chooses the receiving department, adds the orderer's own number
   and a contact, and submits (POST /v1/submissions). The 受付番号 and what happens next end it.
   The number and key stay in this page's memory and in request bodies: never in a URL, never
   stored. Every value the page shows is the API's, through textContent. */
(function () {
  "use strict";

  var api = window.portalApi; // api.js
  var NETWORK_ERROR = api.NETWORK_ERROR;
  var REQUIRED = { department: "提出先の担当部署を選んでください。", name: "担当者名を入力してください。",
                   email: "メールアドレスを入力してください。" };
  // The API's field names (contact.email in a refusal's details) → the page's fields.
  var FIELDS = { "department": "department", "reference": "reference", "contact.name": "name",
                 "contact.email": "email", "contact.phone": "phone", "name": "name", "email": "email",
                 "phone": "phone" };

  // Typed on two lines or pasted with a tab: one line, as the server keeps it.
  function oneLine(text) {
    return text.replace(/[\t\n\v\f\r]+/g, " ").trim();
  }

  function element(tag, text, className) {
    var el = document.createElement(tag);
    if (text !== undefined && text !== null) el.textContent = text;
    if (className) el.className = className;
    return el;
  }

  function init() {
    var root = document.querySelector(".portal-submission");
    if (!root || root.dataset.ready) return;
    root.dataset.ready = "1";
    var byId = function (id) { return document.getElementById(id); };
    var noticeInput = window.portalNoticeInput;

    var start = byId("submission-start");
    var lookup = byId("submission-lookup");
    var number = byId("contract-number");
    var key = byId("auth-key");
    var lookupButton = byId("lookup-submit");
    var error = byId("submission-error");
    var scanStatus = byId("scan-status");
    var scanError = byId("scan-error");
    var preview = byId("submission-preview");
    var previewHeading = byId("submission-preview-heading");
    var refusal = byId("submission-refusal");
    var banner = byId("submission-banner");
    var existing = byId("submission-existing");
    var sectionsBox = byId("submission-sections");
    var form = byId("submission-form");
    var formError = byId("submission-form-error");
    var submitButton = byId("submission-submit");
    var done = byId("submission-done");
    var fields = {
      department: byId("submission-department"), reference: byId("submission-reference"),
      name: byId("submission-name"), email: byId("submission-email"), phone: byId("submission-phone")
    };
    var lookupFields = { contract_number: number, auth_key: key };

    // The number and key of the guarantee on screen, exactly as they were sent, and its orderer:
    // what 提出する submits, even if the fields above were edited since. Memory only.
    var checked = null;
    // Bumped whenever what is shown is cleared, so a late answer never lands on the next notice.
    var shown = 0;

    function clearShown() {
      shown += 1;
      checked = null;
      preview.hidden = done.hidden = true;
      previewHeading.textContent = "提出する電子保証";
      byId("submission-orderer").textContent = "";
      refusal.hidden = banner.hidden = existing.hidden = true;
      refusal.removeAttribute("data-kind");
      banner.removeAttribute("data-kind");
      byId("submission-refusal-guide").hidden = byId("submission-refusal-contact").hidden = true;
      byId("submission-refusal-contact").textContent = "";
      ["submission-refusal-message", "submission-banner-message", "submission-banner-advice",
       "submission-existing-text", "submission-existing-reason"].forEach(function (id) { byId(id).textContent = ""; });
      byId("submission-existing-reason").hidden = true;
      sectionsBox.textContent = "";
      form.hidden = true;
      form.reset();
      submitButton.disabled = false;
      form.removeAttribute("aria-busy");
      start.hidden = false;
    }

    function clearErrors() {
      error.textContent = formError.textContent = "";
      [lookupFields, fields].forEach(function (group) {
        Object.keys(group).forEach(function (name) { group[name].removeAttribute("aria-invalid"); });
      });
    }

    // Only the server blames a field of the number and key (a wrong key names none).
    function showError(problems) {
      error.textContent = problems.map(function (p) { return p.message; }).join("\n");
      problems.forEach(function (p) {
        if (lookupFields[p.field]) lookupFields[p.field].setAttribute("aria-invalid", "true");
      });
      error.focus();
    }

    // ---- the notice → what will be submitted ------------------------------------------

    function look() {
      clearShown();
      clearErrors();
      scanError.textContent = scanStatus.textContent = "";
      var forShown = shown;
      var sent = { contract_number: number.value, auth_key: key.value };
      lookupButton.disabled = true;
      lookup.setAttribute("aria-busy", "true");
      api.call("POST", "/v1/submission-previews", sent).then(function (answer) {
        if (forShown !== shown) return;
        var body = answer.body;
        if (answer.ok && body && body.verification && body.orderer) {
          showPreview(body, sent);
          return;
        }
        showError(api.problems(answer));
      }).catch(function () {
        if (forShown === shown) showError([{ message: NETWORK_ERROR }]);
      }).then(function () {
        if (forShown !== shown) return;
        lookupButton.disabled = false;
        lookup.removeAttribute("aria-busy");
      });
    }

    function showBanner(box, message, advice, kind) {
      box.querySelector(".portal-banner-message").textContent = message || "";
      var adviceLine = box.querySelector(".portal-banner-advice:not([id^='submission-refusal-'])");
      if (adviceLine) adviceLine.textContent = advice || "";
      if (kind) box.dataset.kind = kind;
      box.hidden = !message;
    }

    function showPreview(body, sent) {
      var v = body.verification;
      var status = v.guarantee && v.guarantee.status;
      byId("submission-orderer").textContent = body.orderer.written_name;
      if (body.refusal) {
        showBanner(refusal, body.refusal.message, "", status && status !== "valid" ? status : "");
        // The orderer takes no 電子提出 yet: the e-mail path, as before.
        var notTaken = body.refusal.code === "submissions_not_accepted";
        byId("submission-refusal-guide").hidden = !notTaken;
        // Where to ask the orderer how it takes the notice (its public contact, as the registry shows it).
        var c = notTaken && body.orderer.contact;
        var reach = c ? [c.department, c.phone, c.email].filter(Boolean).join("　") : "";
        byId("submission-refusal-contact").textContent = reach ? "発注者の問い合わせ先：" + reach : "";
        byId("submission-refusal-contact").hidden = !reach;
      } else if (v.banner && v.banner.message) {
        showBanner(banner, v.banner.message, v.banner.advice, v.banner.kind);
      }
      if (body.submission) showExisting(body.submission);
      window.portalSections.lay(sectionsBox, v.sections, null);
      var label = v.certificate && v.certificate.status_label;
      // Not to be submitted (changed, cancelled, received, or an orderer without 電子提出): only its content.
      var title = body.can_submit ? "提出する電子保証" : "電子保証の内容";
      previewHeading.textContent = label ? title + "：" + label : title;
      if (body.can_submit) {
        checked = { contract_number: sent.contract_number, auth_key: sent.auth_key, orderer_id: body.orderer.id };
        fillForm(body.orderer.departments || [], body.submission);
        form.hidden = false;
      }
      // The notice is read: its fields give way to what it holds (別の保証を提出する brings them back).
      start.hidden = true;
      preview.hidden = false;
      previewHeading.focus({ preventScroll: true });
      preview.scrollIntoView({ block: "start" });
    }

    // An entry already in the orderer's inbox for this guarantee: said as such (its number and state).
    function showExisting(s) {
      byId("submission-existing-text").textContent = "この電子保証は、すでに提出済みです（受付番号 " +
        s.submission_id + "、提出日時 " + s.submitted_at_label + "、状態：" + s.state_label + "）。";
      var reason = byId("submission-existing-reason");
      if (s.decision && s.decision.reason) {
        reason.textContent = "差戻しの理由：" + s.decision.reason;
        reason.hidden = false;
      }
      existing.hidden = false;
    }

    // The orderer's departments as its list names them; one only: chosen already. Submitted
    // before (a 差戻し, a newer version): the details given then, to check and send again.
    function fillForm(departments, before) {
      var options = departments.length === 1 ? [] : [new Option("選んでください", "")];
      fields.department.replaceChildren.apply(fields.department, options.concat(departments.map(function (d) {
        return new Option(d, d);
      })));
      if (before) {
        if (departments.indexOf(before.department) >= 0) fields.department.value = before.department;
        fields.reference.value = before.reference || "";
        var contact = before.contact || {};
        fields.name.value = contact.name || "";
        fields.email.value = contact.email || "";
        fields.phone.value = contact.phone || "";
      }
    }

    // ---- 提出する → the 受付番号 --------------------------------------------------------

    function submitNow() {
      if (submitButton.disabled || !checked) return;
      clearErrors();
      var values = {};
      Object.keys(fields).forEach(function (name) { values[name] = oneLine(fields[name].value); });
      var missing = Object.keys(REQUIRED).filter(function (name) { return !values[name]; });
      if (missing.length) {
        formError.textContent = missing.map(function (name) { return REQUIRED[name]; }).join("\n");
        missing.forEach(function (name) { fields[name].setAttribute("aria-invalid", "true"); });
        fields[missing[0]].focus();
        return;
      }
      var contact = { name: values.name, email: values.email };
      if (values.phone) contact.phone = values.phone;
      var payload = { contract_number: checked.contract_number, auth_key: checked.auth_key,
                      orderer_id: checked.orderer_id, department: values.department, contact: contact };
      if (values.reference) payload.reference = values.reference;
      var forShown = shown;
      submitButton.disabled = true;
      form.setAttribute("aria-busy", "true");
      api.call("POST", "/v1/submissions", payload).then(function (answer) {
        if (forShown !== shown) return;
        var body = answer.body;
        if (answer.ok && body && body.submission) {
          showDone(body.submission, body.newly_submitted !== false);
          return;
        }
        var problems = api.problems(answer);
        formError.textContent = problems.map(function (p) { return p.message; }).join("\n");
        var first = null;
        problems.forEach(function (p) {
          var input = fields[FIELDS[p.field]];
          if (!input) return;
          input.setAttribute("aria-invalid", "true");
          first = first || input;
        });
        // Not possible any more (changed, cancelled or received meanwhile): a retry cannot succeed.
        if (answer.status === 409 && problems[0].message !== NETWORK_ERROR) form.hidden = true;
        if (first) first.focus();
        else if (form.hidden) showError(problems);
      }).catch(function () {
        if (forShown === shown) formError.textContent = NETWORK_ERROR;
      }).then(function () {
        if (forShown !== shown) return;
        submitButton.disabled = false;
        form.removeAttribute("aria-busy");
      });
    }

    function field(list, term, value) {
      if (!value) return;
      list.append(element("dt", term), element("dd", value));
    }

    function showDone(s, newly) {
      var mailTo = (s.contact && s.contact.email) || "";
      clearShown(); // the key leaves the page's memory with the preview,
      lookup.reset(); // and its fields
      start.hidden = true;
      byId("submission-done-heading").textContent = newly ? "提出しました" : "すでに提出済みです";
      byId("submission-number").textContent = s.submission_id;
      byId("submission-done-already").hidden = newly;
      var list = byId("submission-done-fields");
      list.textContent = "";
      field(list, "提出先", s.orderer_name);
      field(list, "担当部署", s.department);
      field(list, "保証契約番号", s.contract_number + (s.version_label ? "（" + s.version_label + "）" : ""));
      field(list, "保証の種類", s.kind_label);
      field(list, "工事名", s.project_name);
      field(list, "発注者の工事番号・契約番号", s.reference);
      field(list, "提出日時", s.submitted_at_label);
      field(list, "状態", s.state_label);
      byId("submission-done-mail").textContent = newly
        ? "受付のお知らせを " + mailTo + " にメールでお送りしました。"
        : "受付のお知らせは、最初に提出したときにメールでお送りしています。";
      done.hidden = false;
      byId("submission-done-heading").focus({ preventScroll: true });
      done.scrollIntoView({ block: "start" });
    }

    // ---- wiring -----------------------------------------------------------------------

    function lookLink(link) {
      number.value = link.n;
      key.value = link.k;
      look();
    }

    function again() {
      lookup.reset();
      clearShown();
      clearErrors();
      number.focus();
    }

    lookup.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!lookupButton.disabled) look();
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      submitNow();
    });
    byId("submission-again").addEventListener("click", again);
    byId("submission-next").addEventListener("click", again);
    noticeInput.wire(root, lookLink);

    // The notice's link (#n=…&k=…): the key leaves the address bar before anything else happens.
    function openLink(hash) {
      var link = noticeInput.linkFromFragment(hash);
      if (link.n === null && link.k === null) return false;
      history.replaceState(null, "", location.pathname + location.search);
      noticeInput.stop();
      if (link.n && link.k) lookLink(link);
      else again();
      return true;
    }
    noticeInput.onFragment(root, openLink);
    if (!openLink(location.hash)) number.focus({ preventScroll: true });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
