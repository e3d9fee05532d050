/* 受領台帳: the register of the guarantees this orderer received, for its signed-in staff
   (staff.js signs in). A search, filters and an order (kept in the page's address: a bookmark
   or the back button brings the same list), the 「要対応」 view, pages of 50 rows with さらに表示
   (the API's next_cursor); when a request stops before its page is full (it looks at a bounded
   number of rows) the page says how far it looked (searched_through_label) and asks on by
   itself until the page is full, the end, or 探すのをやめる. A row opens the version received
   without the key, with the receipt. The CSV is joined from its parts (X-Next-Cursor) into one
   file. The orderer's contract list (契約一覧) is uploaded, replaced and removed here.
   Every value is the API's printed form: the page formats nothing but a count. Nothing secret
   is in any URL. */
(function () {
  "use strict";

  var api = window.portalApi; // api.js
  var NETWORK_ERROR = api.NETWORK_ERROR;
  var PAGE = 50; // rows a page (さらに表示 brings the next 50)
  // The filters of the address and the form, by query parameter.
  var FILTERS = ["q", "department", "kind", "state", "received_from", "received_to", "ends_before", "sort"];
  // The page's own address names a filter differently where Material would take it: its search
  // opens over the page when the address holds ?q= (and highlights ?h=).
  var ADDRESS = { q: "search" };
  function addressName(name) { return ADDRESS[name] || name; }
  var DEFAULT_SORT = "received_desc";

  function element(tag, text, className) {
    var el = document.createElement(tag);
    if (text !== undefined && text !== null) el.textContent = text;
    if (className) el.className = className;
    return el;
  }

  function line(text, className) {
    return element("span", text, "portal-ledger-line" + (className ? " " + className : ""));
  }

  function cell(role, lines) {
    var td = element("td");
    td.setAttribute("role", role);
    lines.filter(Boolean).forEach(function (item) {
      td.appendChild(typeof item === "string" ? line(item) : item);
    });
    return td;
  }

  // A count with its thousands marked (1,234): the one value the page writes itself.
  function count(n) {
    return String(Math.max(0, Math.floor(Number(n) || 0))).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  }

  // CSV records in a part (a quoted cell may hold a line break): the number of row ends outside quotes.
  function records(text) {
    var quoted = false;
    var n = 0;
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i);
      if (c === 34) quoted = !quoted;
      else if (c === 10 && !quoted) n++;
    }
    if (text.length && text.charCodeAt(text.length - 1) !== 10) n++;
    return n;
  }

  // The file name the API gives (Content-Disposition: filename*=UTF-8''…).
  function filenameOf(response) {
    var header = response.headers.get("Content-Disposition") || "";
    var star = /filename\*=UTF-8''([^;]+)/i.exec(header);
    if (star) {
      try { return decodeURIComponent(star[1]); } catch (e) { /* the plain name below */ }
    }
    var plain = /filename="([^"]+)"/i.exec(header);
    return plain ? plain[1] : "受領台帳.csv";
  }

  function init() {
    var root = document.querySelector(".portal-ledger");
    if (!root || !window.portalStaff || root.dataset.ready) return;
    root.dataset.ready = "1";
    var byId = function (id) { return document.getElementById(id); };
    var staffUi = window.portalStaff.ui();
    if (staffUi.cancel) staffUi.cancel.remove(); // nothing to go back to: the ledger needs the sign-in
    var loading = byId("ledger-loading");
    var section = byId("ledger");
    var heading = byId("ledger-heading");
    var form = byId("ledger-filters");
    var fields = {};
    FILTERS.forEach(function (name) { fields[name] = form.elements[name]; });
    var tabs = { all: byId("ledger-view-all"), attention: byId("ledger-view-attention") };
    var list = byId("ledger-list");
    var countLine = byId("ledger-count");
    var table = byId("ledger-table");
    var caption = byId("ledger-caption");
    var empty = byId("ledger-empty");
    var more = byId("ledger-more");
    var searching = byId("ledger-searching");
    var searched = byId("ledger-searched");
    var stop = byId("ledger-stop");
    var csvButton = byId("ledger-csv");
    var csvProgress = byId("ledger-csv-progress");
    var detail = byId("ledger-detail");
    var error = byId("ledger-error");
    var status = byId("ledger-status");
    var dialog = byId("ledger-withdraw-dialog");

    var view = "all";
    var nextCursor = null;
    var loads = 0;       // bumped by every new list, so a late answer never lands on another list
    var stopped = false; // 探すのをやめる: no more automatic requests for this list
    var session = null;

    // ---- the address: the filters of the list shown ---------------------------------------

    function readAddress() {
      var params = new URLSearchParams(location.search);
      FILTERS.forEach(function (name) {
        var value = params.get(addressName(name)) || "";
        var f = fields[name];
        if (f.tagName === "SELECT" && value && !Array.prototype.some.call(f.options, function (o) { return o.value === value; })) {
          // Kept until the options come (the kinds are read from the registry), then chosen.
          f.dataset.wanted = value;
          return;
        }
        f.value = value || (name === "sort" ? DEFAULT_SORT : "");
      });
      setView(params.get("view") === "attention" ? "attention" : "all");
    }

    function filterParams() {
      var params = new URLSearchParams();
      FILTERS.forEach(function (name) {
        var value = fields[name].value.trim();
        if (value && !(name === "sort" && value === DEFAULT_SORT)) params.set(name, value);
      });
      if (view === "attention") params.set("view", "attention");
      return params;
    }

    function writeAddress(push) {
      var address = new URLSearchParams();
      filterParams().forEach(function (value, name) { address.set(addressName(name), value); });
      var text = address.toString();
      var url = location.pathname + (text ? "?" + text : "") + location.hash;
      if (url === location.pathname + location.search + location.hash) return;
      if (push) history.pushState(null, "", url);
      else history.replaceState(null, "", url);
    }

    function setView(name) {
      view = name;
      Object.keys(tabs).forEach(function (key) {
        tabs[key].setAttribute("aria-selected", String(key === name));
        tabs[key].tabIndex = key === name ? 0 : -1;
      });
      list.setAttribute("aria-labelledby", tabs[name].id);
      caption.textContent = name === "attention" ? "受領台帳（要対応）" : "受領台帳";
    }

    // ---- sign-in ----------------------------------------------------------------------------

    function signIn() {
      section.hidden = detail.hidden = true;
      byId("contracts").hidden = true;
      staffUi.signedIn.hidden = true;
      loading.hidden = true;
      window.portalStaff.require(staffUi, true).then(function (s) {
        session = s;
        staffUi.who.textContent = s.staff.email + "（" + s.staff.orderer.name + "）";
        staffUi.signedIn.hidden = false;
        var wanted = new URLSearchParams(location.search).get("department") || "";
        fields.department.replaceChildren.apply(fields.department, [new Option("すべて", "")].concat(
          s.staff.departments.map(function (d) { return new Option(d, d); })));
        fields.department.value = s.staff.departments.indexOf(wanted) >= 0 ? wanted : "";
        fillKinds(s.staff.orderer.id);
        section.hidden = false;
        loadContracts();
        load(false, true);
      }, function () { error.textContent = NETWORK_ERROR; });
    }

    // The kinds this orderer takes, with their names, from its public entry in the registry.
    function fillKinds(ordererId) {
      if (fields.kind.options.length > 1) return;
      api.getPublic("/v1/orderers/" + encodeURIComponent(ordererId)).then(function (answer) {
        var body = answer.ok && answer.body;
        var orderer = body && (body.orderer || body);
        if (!orderer || !Array.isArray(orderer.kinds) || !Array.isArray(orderer.kind_labels)) return;
        orderer.kinds.forEach(function (kind, n) {
          fields.kind.appendChild(new Option(orderer.kind_labels[n], kind));
        });
        var wanted = fields.kind.dataset.wanted;
        if (wanted && orderer.kinds.indexOf(wanted) >= 0) {
          fields.kind.value = wanted;
          delete fields.kind.dataset.wanted;
        }
      }, function () { return null; });
    }

    // ---- the list ---------------------------------------------------------------------------

    function path(base, cursor, limit) {
      var params = filterParams();
      if (limit) params.set("limit", String(limit));
      if (cursor) params.set("cursor", cursor);
      var text = params.toString();
      return base + (text ? "?" + text : "");
    }

    /* A new list (append false) or the next rows of this one. ``wanted``: rows still to show
       before this page is full; a reply that stopped at the budget with fewer is asked on. */
    function load(append, focus, wanted) {
      error.textContent = "";
      var forLoad = append ? loads : ++loads;
      var body = table.tBodies[0];
      if (!append) {
        nextCursor = null;
        stopped = false;
        body.textContent = "";
        more.hidden = true;
        searching.hidden = true;
        table.hidden = true;
        empty.hidden = true;
        countLine.textContent = "読み込んでいます…";
      }
      var left = wanted || PAGE;
      more.hidden = true;
      api.call("GET", path("/v1/staff/receipts", append ? nextCursor : null, left)).then(function (answer) {
        if (forLoad !== loads) return;
        if (answer.status === 401) return signIn();
        if (!answer.ok || !answer.body) {
          countLine.textContent = "";
          searching.hidden = true;
          error.textContent = api.message(answer);
          return;
        }
        var reply = answer.body;
        var firstNew = null;
        reply.receipts.forEach(function (r) {
          var tr = row(r);
          firstNew = firstNew || tr;
          body.appendChild(tr);
        });
        nextCursor = reply.next_cursor || null;
        left -= reply.receipts.length;
        var shown = body.rows.length;
        // Stopped at the budget before the page was full: say how far, and ask on by itself.
        var goOn = !!(nextCursor && reply.searched_through_label && left > 0 && !stopped);
        searched.textContent = reply.searched_through_label
          ? reply.searched_through_label + (goOn ? "続けて探しています…" : "") : "";
        searching.hidden = !reply.searched_through_label || !nextCursor;
        stop.hidden = !goOn;
        table.hidden = !shown;
        empty.hidden = !!shown || !!nextCursor;
        countLine.textContent = shown ? count(shown) + "件を表示しています" + (nextCursor ? "（さらにあります）" : "") + "。"
          : (nextCursor ? "" : "");
        more.hidden = !nextCursor || goOn;
        more.textContent = reply.searched_through_label && !goOn && nextCursor ? "続けて探す" : "さらに表示";
        if (goOn) {
          load(true, false, left);
          return;
        }
        if (append && firstNew && !wanted) firstNew.querySelector("th button").focus();
        else if (focus) heading.focus();
      }, function () {
        if (forLoad !== loads) return;
        countLine.textContent = "";
        error.textContent = NETWORK_ERROR;
      });
    }

    function badges(attention) {
      if (!attention || !attention.length) return null;
      var ul = element("ul", undefined, "portal-ledger-badges");
      ul.setAttribute("aria-label", "要対応");
      attention.forEach(function (a) {
        var li = element("li", a.label, "portal-ledger-badge");
        li.dataset.code = a.code;
        ul.appendChild(li);
      });
      return ul;
    }

    function row(r) {
      var tr = element("tr");
      tr.setAttribute("role", "row");
      tr.dataset.state = r.state;
      tr.dataset.receipt = r.guarantee_id + "/" + r.version;
      if (r.attention && r.attention.length) tr.dataset.attention = "1";
      var open = element("button", r.contract_number, "portal-link-button");
      open.type = "button";
      open.setAttribute("aria-label", r.contract_number + "（" + r.version_label + "）の内容を見る");
      open.addEventListener("click", function () { openDetail(r, open); });
      var number = element("th");
      number.setAttribute("role", "rowheader");
      number.scope = "row";
      number.appendChild(open);
      tr.appendChild(number);
      // The issuer beside the kind: sureties', insurers' and banks' guarantees share one list.
      tr.appendChild(cell("cell", [r.kind_label, r.surety_name + "（" + r.issuer_type_label + "）",
                                   line(r.project_name, "portal-ledger-project"),
                                   r.project_number ? "工事番号 " + r.project_number : "",
                                   r.orderer_reference ? "発注者の番号 " + r.orderer_reference : ""]));
      tr.appendChild(cell("cell", [r.contractor]));
      tr.appendChild(cell("cell", [line(r.amount_label, "portal-ledger-nowrap portal-ledger-amount"),
                                   line(r.guarantee_period_label, "portal-ledger-period")]));
      var received = cell("cell", [line(r.version_label, "portal-ledger-nowrap"),
                                   line(r.date_label, "portal-ledger-nowrap"), r.department + " " + r.name]);
      // Until the deadline the server gave (it refuses after it, whatever this clock says).
      if (r.withdrawable_until && Date.now() < Date.parse(r.withdrawable_until)) {
        received.appendChild(withdrawButton(r));
      }
      tr.appendChild(received);
      var now = [line(r.state_label, "portal-ledger-state")];
      if (r.state === "superseded") now.push("新しい「認証キーのお知らせ」を受注者から受け取って確認してください。");
      now.push(badges(r.attention));
      tr.appendChild(cell("cell", now));
      return tr;
    }

    /* Resolves true when the clerk confirms in the page's dialog, false on やめる or Esc. The
       focus goes back to where it was (the row's button) when nothing was done. */
    function confirmIn(box, confirmButton, cancelButton, from, fallbackText) {
      if (!box || typeof box.showModal !== "function") {
        // A browser without <dialog>: its own confirmation, with the same words.
        return Promise.resolve(window.confirm(fallbackText));
      }
      return new Promise(function (resolve) {
        function done(answer) {
          confirmButton.onclick = cancelButton.onclick = box.oncancel = box.onclose = null;
          if (box.open) box.close();
          // After the browser's own focus restoration at close, which may land elsewhere.
          // The list may have been drawn again meanwhile (a filter's answer arriving late): then
          // the same row's button in the list as it is now.
          setTimeout(function () {
            var target = from && !from.isConnected && from.getAttribute("data-receipt")
              ? document.querySelector('button[data-receipt="' + from.getAttribute("data-receipt") + '"]') : from;
            if (!answer && target) target.focus();
            resolve(answer);
          }, 0);
        }
        confirmButton.onclick = function () { done(true); };
        cancelButton.onclick = function () { done(false); };
        box.oncancel = function (event) { event.preventDefault(); done(false); }; // Esc
        box.onclose = function () { done(false); };
        box.showModal();
        cancelButton.focus();
      });
    }

    function confirmWithdrawal(row, from) {
      var text = byId("ledger-withdraw-text");
      text.textContent = "保証契約番号 " + row.contract_number + "（" + row.version_label + "、" + row.date_label + "に" +
        row.department + "で記録）の受領の記録を取り消します。";
      return confirmIn(dialog, byId("ledger-withdraw-confirm"), byId("ledger-withdraw-cancel"), from, text.textContent);
    }

    function withdrawButton(row) {
      var button = element("button", "記録を取り消す", "portal-link-button portal-ledger-withdraw");
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
        load(false, false);
        heading.focus(); // the row and its button are gone: start again from the list's heading
      }, function () { error.textContent = NETWORK_ERROR; });
    }

    // ---- the detail -------------------------------------------------------------------------

    function field(dl, term, value, key) {
      if (!value) return;
      var dt = element("dt", term);
      var dd = element("dd", value);
      if (key) dt.dataset.row = dd.dataset.row = key;
      dl.appendChild(dt);
      dl.appendChild(dd);
    }

    // The receipt as the API prints it (ledger_receipt); before it said so, the row's own words.
    function receiptFields(dl, receipt, row) {
      dl.textContent = "";
      var r = receipt || {};
      field(dl, "受領日時", r.recorded_at_label || row.date_label, "received");
      field(dl, "担当部署", r.department || row.department, "department");
      field(dl, "受領者", r.name || row.name, "name");
      field(dl, "記録したアカウント", r.recorded_by || row.recorded_by, "recorded_by");
      field(dl, "メモ", receipt ? r.note : row.note, "note");
      field(dl, "受付番号", receipt ? r.submission_id : row.submission_id, "submission_id");
      field(dl, "発注者の工事番号・契約番号（電子提出）", receipt ? r.orderer_reference : row.orderer_reference,
            "orderer_reference");
    }

    var openedFrom = null;

    function openDetail(row, from) {
      error.textContent = "";
      api.call("GET", "/v1/staff/receipts/" + encodeURIComponent(row.guarantee_id) + "/" + row.version)
        .then(function (answer) {
          if (answer.status === 401) return signIn();
          if (!answer.ok || !answer.body) {
            error.textContent = api.message(answer);
            return;
          }
          var c = answer.body.certificate;
          var banner = answer.body.banner;
          byId("ledger-detail-banner").hidden = !banner;
          byId("ledger-detail-banner-message").textContent = banner ? banner.message : "";
          byId("ledger-detail-banner-advice").textContent = banner ? banner.advice || "" : "";
          var fieldsList = byId("ledger-detail-fields");
          fieldsList.textContent = "";
          field(fieldsList, "状態", c.status_label + "（受領した" + row.version_label + "）", "state");
          field(fieldsList, "要対応", (row.attention || []).map(function (a) { return a.label; }).join("／"), "attention");
          receiptFields(byId("ledger-receipt"), answer.body.ledger_receipt, row);
          var sections = byId("ledger-detail-sections");
          sections.textContent = "";
          if (window.portalSections) window.portalSections.lay(sections, answer.body.sections || [], null);
          openedFrom = from || null;
          section.hidden = true;
          byId("contracts").hidden = true;
          detail.hidden = false;
          byId("ledger-detail-heading").focus();
        }, function () { error.textContent = NETWORK_ERROR; });
    }

    function closeDetail() {
      detail.hidden = true;
      section.hidden = false;
      byId("contracts").hidden = !contractsKnown;
      if (openedFrom && openedFrom.isConnected) openedFrom.focus();
      else heading.focus();
    }

    // ---- the CSV: its parts joined into one file --------------------------------------------

    var exporting = false;

    function exportCsv() {
      if (exporting) return;
      exporting = true;
      csvButton.disabled = true;
      error.textContent = "";
      csvProgress.textContent = "書き出しています…";
      var parts = [];
      var rows = 0;
      var name = null;
      function part(cursor) {
        return api.fetch("GET", path("/v1/staff/receipts.csv", cursor), undefined, "text/csv").then(function (got) {
          var response = got.response;
          if (response.status === 401) {
            finish();
            signIn();
            return null;
          }
          if (!response.ok) {
            return got.blob.text().then(function (text) {
              var body = null;
              try { body = JSON.parse(text); } catch (e) { body = null; }
              throw { answer: { ok: false, status: response.status, body: body } };
            });
          }
          name = name || filenameOf(response);
          return got.blob.text().then(function (text) {
            // The first part starts with the header row: every other line is a row.
            rows += records(text) - (parts.length ? 0 : 1);
            parts.push(got.blob);
            var next = response.headers.get("X-Next-Cursor");
            csvProgress.textContent = count(Math.max(rows, 0)) + "行を書き出しました…";
            return next ? part(next) : save();
          });
        });
      }
      function save() {
        var file = new Blob(parts, { type: "text/csv;charset=utf-8" });
        var link = element("a");
        link.href = URL.createObjectURL(file);
        link.download = name;
        link.hidden = true;
        document.body.appendChild(link);
        link.click();
        setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
        csvProgress.textContent = count(Math.max(rows, 0)) + "行を書き出しました。ファイル「" + name + "」を保存しました。";
        finish();
      }
      function finish() {
        exporting = false;
        csvButton.disabled = false;
      }
      part(null).then(null, function (failure) {
        finish();
        csvProgress.textContent = "";
        error.textContent = failure && failure.answer ? api.message(failure.answer) : NETWORK_ERROR;
      });
    }

    // ---- 契約一覧との照合 ---------------------------------------------------------------------

    var contracts = byId("contracts");
    var contractsKnown = false; // the API answers for the contract list (the section is shown)
    var contractsSummary = byId("contracts-summary");
    var contractsFile = byId("contracts-file");
    var contractsUpload = byId("contracts-upload");
    var contractsRemove = byId("contracts-remove");
    var contractsErrorMessage = byId("contracts-error-message");
    var contractsErrorLines = byId("contracts-error-lines");

    function contractsError(message, lines) {
      contractsErrorMessage.textContent = message || "";
      contractsErrorLines.textContent = "";
      (lines || []).forEach(function (l) {
        var where = l.line ? l.line + "行目" : "";
        if (l.column) where += (where ? "・" : "") + "「" + l.column + "」";
        contractsErrorLines.appendChild(element("li", (where ? where + "：" : "") + l.message));
      });
    }

    function showContractList(listed) {
      if (listed) {
        contractsSummary.textContent = "契約一覧を登録しています（" + count(listed.contracts) + "件、" +
          listed.uploaded_at_label + "に" + listed.uploaded_by + "が登録）。新しいファイルを登録すると、すべて差し替えます。";
        contractsUpload.textContent = "差し替える";
      } else {
        contractsSummary.textContent = "契約一覧は登録されていません。";
        contractsUpload.textContent = "登録する";
      }
      contractsRemove.hidden = !listed;
    }

    function loadContracts() {
      api.call("GET", "/v1/staff/contract-list").then(function (answer) {
        if (!answer.ok || !answer.body || !("contract_list" in answer.body)) {
          contractsKnown = false; // not offered (yet) by this API: nothing to show
          contracts.hidden = true;
          return;
        }
        contractsKnown = true;
        contracts.hidden = !detail.hidden;
        showContractList(answer.body.contract_list);
      }, function () { contracts.hidden = true; });
    }

    function uploadContracts(event) {
      event.preventDefault();
      contractsError("");
      var file = contractsFile.files && contractsFile.files[0];
      if (!file) {
        contractsError("契約一覧のファイルを選んでください。");
        contractsFile.focus();
        return;
      }
      contractsUpload.disabled = true;
      contractsSummary.textContent = "登録しています…";
      api.call("PUT", "/v1/staff/contract-list", new Blob([file], { type: "text/csv" })).then(function (answer) {
        contractsUpload.disabled = false;
        if (answer.status === 401) return signIn();
        if (!answer.ok || !answer.body) {
          var err = answer.body && answer.body.error;
          var lines = (err && err.lines) || (answer.body && answer.body.lines) || [];
          contractsError(api.message(answer), lines);
          loadContracts();
          return;
        }
        contractsFile.value = "";
        showContractList(answer.body.contract_list);
        load(false, false); // the rows' attention follows the new list
      }, function () {
        contractsUpload.disabled = false;
        contractsError(NETWORK_ERROR);
        loadContracts();
      });
    }

    function removeContracts() {
      confirmIn(byId("contracts-remove-dialog"), byId("contracts-remove-confirm"), byId("contracts-remove-cancel"),
                contractsRemove, byId("contracts-remove-text").textContent).then(function (confirmed) {
        if (!confirmed) return;
        contractsError("");
        api.call("DELETE", "/v1/staff/contract-list").then(function (answer) {
          if (answer.status === 401) return signIn();
          if (!answer.ok) {
            contractsError(api.message(answer));
            return;
          }
          showContractList(null);
          contractsSummary.textContent = "登録した契約一覧を削除しました。";
          contractsUpload.focus();
          load(false, false);
        }, function () { contractsError(NETWORK_ERROR); });
      });
    }

    // ---- wiring -----------------------------------------------------------------------------

    function changed() {
      writeAddress(true);
      load(false, false);
    }

    ["department", "kind", "state", "received_from", "received_to", "ends_before", "sort"].forEach(function (name) {
      fields[name].addEventListener("change", changed);
    });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      changed();
    });
    byId("ledger-clear").addEventListener("click", function () {
      FILTERS.forEach(function (name) { fields[name].value = name === "sort" ? DEFAULT_SORT : ""; });
      changed();
      fields.q.focus();
    });
    Object.keys(tabs).forEach(function (key) {
      tabs[key].addEventListener("click", function () {
        if (view === key) return;
        setView(key);
        changed();
      });
      // Arrow keys move between the two tabs (the tabs pattern).
      tabs[key].addEventListener("keydown", function (e) {
        if (e.key !== "ArrowLeft" && e.key !== "ArrowRight") return;
        e.preventDefault();
        var other = key === "all" ? "attention" : "all";
        tabs[other].focus();
        tabs[other].click();
      });
    });
    more.addEventListener("click", function () {
      stopped = false;
      load(true, false);
    });
    stop.addEventListener("click", function () {
      stopped = true;
      loads++; // the answer on its way is not shown: the list stays as it is, with さらに表示
      stop.hidden = true;
      searched.textContent = searched.textContent.replace("続けて探しています…", "");
      var shown = table.tBodies[0].rows.length;
      countLine.textContent = shown ? count(shown) + "件を表示しています" + (nextCursor ? "（さらにあります）" : "") + "。" : "";
      empty.hidden = true;
      more.textContent = "続けて探す";
      more.hidden = !nextCursor;
      more.focus();
    });
    window.addEventListener("popstate", function () {
      if (!session) return;
      readAddress();
      if (!detail.hidden) closeDetail();
      load(false, false);
    });
    csvButton.addEventListener("click", exportCsv);
    byId("contracts-form").addEventListener("submit", uploadContracts);
    contractsRemove.addEventListener("click", removeContracts);
    byId("ledger-detail-close").addEventListener("click", closeDetail);
    staffUi.signOut.addEventListener("click", function () {
      window.portalStaff.signOut().then(null, function () { return null; }).then(signIn);
    });
    readAddress();
    signIn();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
