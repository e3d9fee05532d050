/* 受付箱: what contractors submitted to this orderer (電子提出), for its signed-in staff
   (staff.js signs in). Newest first, filtered by department, kind, state and day; an entry opens
   the submitted version as a verification shows it, without the key; 受領 or 差戻し of one entry
   or of those chosen, after a confirmation that asks who records it. Every label (state, kind,
   amount, times, versions) is the API's: the page formats no value and states no rule of its own. */
(function () {
  "use strict";

  var api = window.portalApi; // api.js
  var NETWORK_ERROR = api.NETWORK_ERROR;
  // Entries per page: a screen or two; さらに表示 brings the next ones (the API's next_cursor).
  var PAGE = 20;
  var REQUIRED = { department: "担当部署を選んでください。", name: "氏名を入力してください。",
                   reason: "差戻しの理由を入力してください。" };
  var OUTCOMES = { received: "受領を記録しました。", returned: "差し戻しました。",
                   unchanged: "すでに処理されていたため、変更していません。" };
  var ACTIONS = {
    receive: { title: "受領を記録しますか", confirm: "受領を記録する",
               notice: "記録すると、受注者と発行元（保証会社・損害保険会社・銀行等）に電子メールでお知らせします。" },
    "return": { title: "差し戻しますか", confirm: "差し戻す",
                notice: "差し戻すと、受注者に理由を電子メールでお知らせします。受注者がもう一度提出すると、受付箱に改めて届きます。" }
  };

  function element(tag, text, className) {
    var el = document.createElement(tag);
    if (text !== undefined && text !== null) el.textContent = text;
    if (className) el.className = className;
    return el;
  }

  function lines(tag, role, texts) {
    var el = element(tag);
    el.setAttribute("role", role);
    texts.filter(Boolean).forEach(function (text) {
      el.appendChild(typeof text === "string" ? element("span", text, "portal-ledger-line") : text);
    });
    return el;
  }

  // A memo or a name typed on two lines becomes one (the server keeps one line); a reason keeps its lines.
  function oneLine(text) {
    return text.replace(/[\t\n\v\f\r]+/g, " ").trim();
  }

  function init() {
    var root = document.querySelector(".portal-inbox");
    if (!root || !window.portalStaff || root.dataset.ready) return;
    root.dataset.ready = "1";
    var byId = function (id) { return document.getElementById(id); };
    var staffUi = window.portalStaff.ui();
    if (staffUi.cancel) staffUi.cancel.remove(); // nothing to go back to: the inbox needs the sign-in
    var loading = byId("inbox-loading");
    var section = byId("inbox");
    var heading = byId("inbox-heading");
    var filters = { department: byId("inbox-department"), kind: byId("inbox-kind"), state: byId("inbox-state"),
                    from: byId("inbox-from"), to: byId("inbox-to") };
    var table = byId("inbox-table");
    var empty = byId("inbox-empty");
    var count = byId("inbox-count");
    var status = byId("inbox-status");
    var more = byId("inbox-more");
    var all = byId("inbox-all");
    var selectedText = byId("inbox-selected");
    var bulkReceive = byId("inbox-bulk-receive");
    var bulkReturn = byId("inbox-bulk-return");
    var entryBox = byId("inbox-entry");
    var entryStatus = byId("inbox-entry-status");
    var error = byId("inbox-error");
    var dialog = byId("inbox-dialog");
    var decision = {
      form: byId("inbox-dialog-form"), department: byId("inbox-decision-department"),
      name: byId("inbox-decision-name"), remembered: byId("inbox-decision-remembered"),
      reasonField: byId("inbox-reason-field"), reason: byId("inbox-reason"), error: byId("inbox-dialog-error"),
      confirm: byId("inbox-dialog-confirm"), cancel: byId("inbox-dialog-cancel")
    };

    var session = null;
    var entries = {};     // submission_id → the InboxEntry as last read
    var selected = {};    // submission_id → true
    var nextCursor = null;
    var opened = null;    // the entry on screen (its submission_id)
    var loads = 0;        // bumped by every new list, so a late page never lands on another filter's list

    // ---- sign-in and the filters --------------------------------------------------------

    function signIn() {
      section.hidden = entryBox.hidden = true;
      staffUi.signedIn.hidden = true;
      loading.hidden = true;
      window.portalStaff.require(staffUi, true).then(function (s) {
        session = s;
        staffUi.who.textContent = s.staff.email + "（" + s.staff.orderer.name + "）";
        staffUi.signedIn.hidden = false;
        var kept = filters.department.value;
        filters.department.replaceChildren.apply(filters.department, [new Option("すべて", "")].concat(
          s.staff.departments.map(function (d) { return new Option(d, d); })));
        if (s.staff.departments.indexOf(kept) >= 0) filters.department.value = kept;
        fillKinds(s.staff.orderer.id);
        section.hidden = false;
        load(false, true);
      }, function () { error.textContent = NETWORK_ERROR; });
    }

    // The kinds this orderer takes, with their names, from its public entry in the registry.
    function fillKinds(ordererId) {
      if (filters.kind.options.length > 1) return;
      api.getPublic("/v1/orderers/" + encodeURIComponent(ordererId)).then(function (answer) {
        var body = answer.ok && answer.body;
        var orderer = body && (body.orderer || body);
        if (!orderer || !Array.isArray(orderer.kinds) || !Array.isArray(orderer.kind_labels)) return;
        orderer.kinds.forEach(function (kind, n) {
          filters.kind.appendChild(new Option(orderer.kind_labels[n], kind));
        });
      }, function () { return null; });
    }

    function query(cursor) {
      var params = new URLSearchParams();
      Object.keys(filters).forEach(function (name) {
        if (filters[name].value) params.set(name, filters[name].value);
      });
      params.set("limit", String(PAGE));
      if (cursor) params.set("cursor", cursor);
      var text = params.toString();
      return text ? "?" + text : "";
    }

    // ---- the list -------------------------------------------------------------------------

    function load(append, focus) {
      error.textContent = "";
      var forLoad = append ? loads : ++loads;
      // A new list (other filters) is on its way: the shown list's cursor belongs to the old
      // filters, so さらに表示 waits for the new list rather than asking for the old one's next page.
      if (!append) {
        nextCursor = null;
        more.hidden = true;
      }
      api.call("GET", "/v1/staff/submissions" + query(append ? nextCursor : null)).then(function (answer) {
        if (forLoad !== loads) return;
        if (answer.status === 401) return signIn();
        if (!answer.ok || !answer.body) {
          error.textContent = api.message(answer);
          return;
        }
        var body = table.tBodies[0];
        if (!append) {
          body.textContent = "";
          entries = {};
          selected = {};
          status.textContent = "";
        }
        var firstNew = null;
        answer.body.submissions.forEach(function (entry) {
          var tr = row(entry);
          firstNew = firstNew || tr;
          body.appendChild(tr);
        });
        nextCursor = answer.body.next_cursor || null;
        more.hidden = !nextCursor;
        var shown = body.rows.length;
        table.hidden = !shown;
        byId("inbox-bulk").hidden = !shown;
        empty.hidden = !!shown;
        count.textContent = shown ? shown + "件を表示しています" + (nextCursor ? "（さらにあります）" : "") + "。" : "";
        updateSelection();
        if (append && firstNew) firstNew.querySelector("th button").focus();
        else if (focus) heading.focus();
      }, function () {
        if (forLoad === loads) error.textContent = NETWORK_ERROR;
      });
    }

    function row(entry) {
      entries[entry.submission_id] = entry;
      var tr = element("tr");
      tr.setAttribute("role", "row");
      tr.dataset.submission = entry.submission_id;
      tr.dataset.state = entry.state;

      var pick = element("td");
      pick.setAttribute("role", "cell");
      var box = element("input");
      box.type = "checkbox";
      box.id = "inbox-pick-" + entry.submission_id;
      box.checked = !!selected[entry.submission_id];
      box.addEventListener("change", function () {
        if (box.checked) selected[entry.submission_id] = true;
        else delete selected[entry.submission_id];
        updateSelection();
      });
      var boxLabel = element("label", "受付番号 " + entry.submission_id + " を選ぶ", "portal-visually-hidden");
      boxLabel.htmlFor = box.id;
      pick.append(box, boxLabel);
      tr.appendChild(pick);

      var open = element("button", entry.submission_id, "portal-link-button portal-inbox-number");
      open.type = "button";
      open.setAttribute("aria-label", "受付番号 " + entry.submission_id + "（" + entry.contract_number + "）の内容を見る");
      open.addEventListener("click", function () { openEntry(entry.submission_id, open); });
      var number = lines("th", "rowheader", [open, entry.submitted_at_label, entry.resubmitted ? "再提出" : ""]);
      number.scope = "row";
      tr.appendChild(number);
      tr.appendChild(lines("td", "cell", [entry.kind_label, entry.contract_number + "（" + entry.version_label + "）",
                                          entry.project_name, entry.amount_label,
                                          entry.reference ? "工事番号・契約番号 " + entry.reference : ""]));
      tr.appendChild(lines("td", "cell", [entry.contractor, entry.contact && entry.contact.name]));
      var department = lines("td", "cell", [entry.department]);
      department.dataset.col = "department";
      tr.appendChild(department);
      var state = lines("td", "cell", [entry.state_label]);
      state.dataset.col = "state";
      tr.appendChild(state);
      return tr;
    }

    function pickedIds() {
      return Object.keys(selected).filter(function (id) { return entries[id]; });
    }

    function updateSelection() {
      var boxes = table.tBodies[0].querySelectorAll('input[type="checkbox"]');
      var picked = pickedIds().length;
      all.checked = !!boxes.length && picked === boxes.length;
      all.indeterminate = picked > 0 && picked < boxes.length;
      selectedText.textContent = picked ? picked + "件を選んでいます。" : "";
      bulkReceive.disabled = bulkReturn.disabled = !picked;
    }

    all.addEventListener("change", function () {
      Array.prototype.forEach.call(table.tBodies[0].querySelectorAll('input[type="checkbox"]'), function (box) {
        box.checked = all.checked;
        var id = box.closest("tr").dataset.submission;
        if (all.checked) selected[id] = true;
        else delete selected[id];
      });
      updateSelection();
    });

    // ---- one entry --------------------------------------------------------------------------

    function field(list, term, texts) {
      texts = texts.filter(Boolean);
      if (!texts.length) return;
      var value = element("dd");
      if (texts.length === 1) value.textContent = texts[0];
      else texts.forEach(function (t) { value.appendChild(element("span", t, "portal-cert-line")); });
      list.append(element("dt", term), value);
    }

    function decisionLines(entry) {
      var d = entry.decision;
      if (!d) return [];
      var who = [d.at_label, d.department, d.name].filter(Boolean).join(" ");
      return [who ? "（" + who + "）" : "", d.reason ? "差戻しの理由：" + d.reason : ""];
    }

    var openedFrom = null; // the list's button that opened the entry: the focus goes back to it

    function openEntry(id, from) {
      error.textContent = "";
      entryStatus.textContent = "";
      openedFrom = from || null;
      api.call("GET", "/v1/staff/submissions/" + encodeURIComponent(id)).then(function (answer) {
        if (answer.status === 401) return signIn();
        if (!answer.ok || !answer.body) {
          error.textContent = api.message(answer);
          error.focus();
          return;
        }
        showEntry(answer.body.submission, answer.body.verification);
        section.hidden = true;
        entryBox.hidden = false;
        byId("inbox-entry-heading").focus();
      }, function () { error.textContent = NETWORK_ERROR; });
    }

    function showEntry(entry, verification) {
      opened = entry.submission_id;
      entries[entry.submission_id] = entry;
      var list = byId("inbox-entry-fields");
      list.textContent = "";
      field(list, "受付番号", [entry.submission_id]);
      field(list, "提出日時", [entry.submitted_at_label, entry.resubmitted ? "再提出" : ""]);
      field(list, "提出された版", [entry.version_label]);
      field(list, "提出先", [entry.department]);
      field(list, "工事番号・契約番号", [entry.reference]);
      var c = entry.contact || {};
      field(list, "連絡先", [c.name, c.email, c.phone]);
      // A receipt says itself in full (受領済み（長野県佐久市 契約検査課、2026年12月7日）).
      var received = entry.state === "received" && entry.receipt && entry.receipt.label;
      field(list, "状態", received ? [entry.receipt.label] : [entry.state_label].concat(decisionLines(entry)));
      if (verification) {
        // As the verification page says it: whether the guarantee is in force now, and when the
        // portal looked (the API's words), then what the orderer should look at (cautions).
        field(list, "電子保証の状態", [verification.guarantee && verification.guarantee.status_label]);
        field(list, "確認した日時", [verification.as_of_label]);
        field(list, "ご確認ください", (verification.cautions || []).map(function (c) { return c.message; }));
        var banner = verification.banner;
        byId("inbox-entry-banner").hidden = !(banner && banner.message);
        byId("inbox-entry-banner").dataset.kind = (banner && banner.kind) || "";
        byId("inbox-entry-banner-message").textContent = banner ? banner.message : "";
        byId("inbox-entry-banner-advice").textContent = banner ? banner.advice || "" : "";
        var sections = byId("inbox-entry-sections");
        sections.textContent = "";
        window.portalSections.lay(sections, verification.sections, null);
      }
      // Only an entry waiting for the orderer is decided here; the server says the rest (409).
      var open = entry.state === "pending";
      byId("inbox-entry-receive").hidden = byId("inbox-entry-return").hidden = !open;
    }

    function refreshEntry(id, said) {
      api.call("GET", "/v1/staff/submissions/" + encodeURIComponent(id)).then(function (answer) {
        if (!answer.ok || !answer.body || opened !== id) return;
        showEntry(answer.body.submission, answer.body.verification);
        redraw(answer.body.submission, "refused", said);
      }, function () { return null; });
    }

    function closeEntry() {
      entryBox.hidden = true;
      section.hidden = false;
      opened = null;
      var target = openedFrom && openedFrom.isConnected ? openedFrom : heading;
      target.focus();
    }

    // ---- the confirmation ---------------------------------------------------------------------

    /* Resolves with {department, name, reason?} once the clerk confirms, null on やめる or Esc (the
       focus back where it was). ids: the entries the action is for. */
    function confirmDecision(action, ids, from) {
      var words = ACTIONS[action];
      var many = ids.length > 1;
      byId("inbox-dialog-title").textContent = many ? ids.length + "件を" + (action === "receive" ? "受領しますか" : "差し戻しますか")
                                                    : words.title;
      byId("inbox-dialog-text").textContent = action === "receive"
        ? "次の電子保証の受領を記録します。" : "次の電子保証を差し戻します。";
      var list = byId("inbox-dialog-list");
      list.textContent = "";
      ids.forEach(function (id) {
        var e = entries[id];
        list.appendChild(element("li", "受付番号 " + id + "（" + [e.contract_number, e.kind_label, e.contractor].join("、") + "）"));
      });
      byId("inbox-dialog-notice").textContent = words.notice;
      decision.confirm.textContent = words.confirm;
      decision.reasonField.hidden = action !== "return";
      decision.reason.value = "";
      decision.error.textContent = "";
      [decision.department, decision.name, decision.reason].forEach(function (el) { el.removeAttribute("aria-invalid"); });
      window.portalStaff.fillReceiptFields(session, decision.department, decision.name, decision.remembered);
      if (typeof dialog.showModal !== "function") return Promise.resolve(null);
      return new Promise(function (resolve) {
        function done(answer) {
          decision.form.onsubmit = decision.cancel.onclick = dialog.oncancel = dialog.onclose = null;
          if (dialog.open) dialog.close();
          setTimeout(function () {
            if (!answer && from && from.isConnected) from.focus();
            resolve(answer);
          }, 0);
        }
        decision.form.onsubmit = function (event) {
          event.preventDefault();
          var values = { department: oneLine(decision.department.value), name: oneLine(decision.name.value) };
          if (action === "return") values.reason = decision.reason.value.trim();
          var missing = Object.keys(values).filter(function (k) { return !values[k]; });
          if (missing.length) {
            decision.error.textContent = missing.map(function (k) { return REQUIRED[k]; }).join("\n");
            missing.forEach(function (k) { decision[k].setAttribute("aria-invalid", "true"); });
            decision[missing[0]].focus();
            return;
          }
          done(values);
        };
        decision.cancel.onclick = function () { done(null); };
        dialog.oncancel = function (event) { event.preventDefault(); done(null); }; // Esc
        dialog.onclose = function () { done(null); };
        dialog.showModal();
        (decision.department.value ? (action === "return" ? decision.reason : decision.name) : decision.department).focus();
      });
    }

    // ---- 受領 / 差戻し ---------------------------------------------------------------------------

    function refused(answer) {
      if (answer.status === 401) {
        signIn();
        return true;
      }
      return false;
    }

    // The list's row of an entry, drawn again from what the server now says, with what happened.
    function redraw(entry, outcome, message) {
      var old = table.tBodies[0].querySelector('tr[data-submission="' + entry.submission_id + '"]');
      var tr = row(entry);
      if (outcome) {
        tr.dataset.outcome = outcome;
        var state = tr.querySelector('[data-col="state"]');
        state.appendChild(element("span", message, "portal-ledger-line portal-inbox-outcome"));
      }
      if (old) old.replaceWith(tr);
    }

    function decideOne(action) {
      var entry = entries[opened];
      if (!entry) return;
      var button = byId(action === "receive" ? "inbox-entry-receive" : "inbox-entry-return");
      confirmDecision(action, [entry.submission_id], button).then(function (values) {
        if (!values) return;
        error.textContent = entryStatus.textContent = "";
        var path = "/v1/staff/submissions/" + encodeURIComponent(entry.submission_id) +
                   (action === "receive" ? "/receipt" : "/return");
        api.call("POST", path, values).then(function (answer) {
          if (refused(answer)) return;
          var body = answer.body;
          if (!answer.ok || !body || !body.submission) {
            var said = api.message(answer);
            // Decided meanwhile by someone else (or no longer possible): the entry as it is now, then why.
            if (answer.status === 409) refreshEntry(entry.submission_id, said);
            error.textContent = said;
            error.focus();
            return;
          }
          showEntry(body.submission, null);
          var outcome = action === "receive" ? "received" : "returned";
          redraw(body.submission, outcome, OUTCOMES[outcome]);
          entryStatus.textContent = action === "receive"
            ? "受領を記録しました。受注者と発行元（保証会社・損害保険会社・銀行等）に電子メールでお知らせします。"
            : "差し戻しました。受注者に、差戻しの理由を電子メールでお知らせします。";
          byId("inbox-entry-heading").focus();
        }, function () {
          error.textContent = NETWORK_ERROR;
          error.focus();
        });
      });
    }

    function decideMany(action, from) {
      var ids = pickedIds();
      if (!ids.length) return;
      confirmDecision(action, ids, from).then(function (values) {
        if (!values) return;
        error.textContent = status.textContent = "";
        var payload = { action: action, submission_ids: ids, department: values.department, name: values.name };
        if (values.reason) payload.reason = values.reason;
        api.call("POST", "/v1/staff/submission-decisions", payload).then(function (answer) {
          if (refused(answer)) return;
          if (!answer.ok || !answer.body || !Array.isArray(answer.body.results)) {
            error.textContent = api.message(answer);
            error.focus();
            return;
          }
          var done = 0;
          var notDone = 0;
          answer.body.results.forEach(function (r) {
            var entry = r.submission || entries[r.submission_id];
            if (!entry) return;
            if (r.outcome === "received" || r.outcome === "returned") done += 1;
            else if (r.outcome === "refused") notDone += 1;
            var message = r.outcome === "refused" ? (r.error && r.error.message) || NETWORK_ERROR : OUTCOMES[r.outcome];
            delete selected[r.submission_id]; // decided (or said why not): no longer chosen
            redraw(entry, r.outcome, message);
          });
          updateSelection();
          var said = [(action === "receive" ? done + "件の受領を記録しました。" : done + "件を差し戻しました。")];
          if (notDone) said.push(notDone + "件は" + (action === "receive" ? "記録" : "差し戻し") + "できませんでした（理由は各行の状態の欄にあります）。");
          status.textContent = said.join("");
          status.tabIndex = -1;
          status.focus();
        }, function () {
          error.textContent = NETWORK_ERROR;
          error.focus();
        });
      });
    }

    // ---- wiring ---------------------------------------------------------------------------------

    Object.keys(filters).forEach(function (name) {
      filters[name].addEventListener("change", function () { load(false, false); });
    });
    byId("inbox-filters").addEventListener("submit", function (event) { event.preventDefault(); });
    more.addEventListener("click", function () { load(true, false); });
    // New submissions arrive while the page is open: the list again, as the filters say.
    byId("inbox-refresh").addEventListener("click", function () { load(false, false); });
    bulkReceive.addEventListener("click", function () { decideMany("receive", bulkReceive); });
    bulkReturn.addEventListener("click", function () { decideMany("return", bulkReturn); });
    byId("inbox-entry-receive").addEventListener("click", function () { decideOne("receive"); });
    byId("inbox-entry-return").addEventListener("click", function () { decideOne("return"); });
    byId("inbox-entry-close").addEventListener("click", closeEntry);
    staffUi.signOut.addEventListener("click", function () {
      window.portalStaff.signOut().then(null, function () { return null; }).then(function () {
        window.portalStaff.clearReceiptFields(decision.department, decision.name, decision.remembered);
        signIn();
      });
    });
    signIn();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
