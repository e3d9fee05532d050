/* まとめて確認: many notices at once — PDFs (or images) chosen or dropped, and lines of
   保証契約番号 and 認証キー pasted — checked one by one against the API and listed in a table
   that sorts and saves as CSV. Files are read in the page (scan.js, notice-pdf.js) and never
   sent; only number and key go to the API, in the body, as on the verify page. */
(function () {
  "use strict";

  var api = window.portalApi; // api.js
  var PARALLEL = 4; // checks in flight at once: quick for 100 notices, gentle on the API
  var COLUMNS = [
    ["お知らせ", "source"], ["保証契約番号", "number"], ["種類", "kind"], ["状態", "state"],
    ["保証金額（円）", "amount"], ["前払金額（円）", "advanceAmount"], ["保証期間", "period"],
    ["工事名", "project"], ["受注者", "contractor"], ["確認日時", "checkedAt"]
  ];
  // The verify page's badges (portal.css); any other state keeps the neutral one: an unknown
  // state must never look valid. The summary counts them in this order.
  var STATES = ["valid", "superseded", "cancelled", "expired"];
  var ERROR_SPAN = 6; // 種類 to 受注者: a row that could not be checked has none of them
  // Why a row has no 選ぶ box: the verify page records a receipt only for the latest version
  // of a valid guarantee that has none yet.
  var NOT_SELECTABLE = {
    pending: "確認中です", error: "確認できませんでした", received: "受領を記録済みです",
    superseded: "新しい版があります", cancelled: "解約されています", expired: "保証期間が終わっています"
  };

  function loadScript(src) {
    return window.portalLoadScript(src); // load-script.js
  }

  /* Lines of "number key" (spaces, tabs or commas between), or a notice's link (…#n=…&k=…),
     read here: a link is never shown, saved or sent as it is (its fragment holds the key). */
  function parseLines(text) {
    return String(text || "").split(/\r?\n/).map(function (line, i) {
      return { line: i + 1, text: line.trim() };
    }).filter(function (l) { return l.text; }).map(function (l) {
      var source = l.line + "行目";
      var hash = l.text.indexOf("#");
      if (/^https?:\/\//i.test(l.text)) {
        var params = new URLSearchParams(hash >= 0 ? l.text.slice(hash + 1) : "");
        return params.get("n") && params.get("k") ? { source: source, n: params.get("n"), k: params.get("k") }
          : { source: source, n: "", k: "", stateCode: "error", state: "お知らせのリンクではありません。" };
      }
      var parts = l.text.split(/[\s,，\t]+/);
      return { source: source, n: parts[0], k: parts.slice(1).join("") };
    });
  }

  /* A row of the certificate as the API prints it (its sections), found by its key, never by
     its wording: the page shows the API's words and writes no amount or date itself.
     {label, text}, both empty when the certificate has no such row. */
  function printed(answer, key) {
    var found = null;
    (answer.sections || []).forEach(function (section) {
      section.rows.forEach(function (row) { if (!found && row.key === key) found = row; });
    });
    return found ? { label: found.label, text: found.lines.join(" ") } : { label: "", text: "" };
  }

  /* A moment in Japan, whatever the PC's time zone: the one source of the dates this page
     writes (the 確認日時 in the file and the date in its name). Formatted here, not taken from
     the answer's as_of_label: that is the printed form for people (2024年7月1日 09:30（日本時間）,
     to the minute), which a spreadsheet keeps as text. The file this page builds needs a value
     Excel reads as a date-time and sorts (2024/07/01 09:30:15, to the second: rows checked in the
     same minute stay apart) and a file name that sorts by day (2024-07-01). Both come from as_of,
     the portal's clock; only the hour is moved into Japan's time here. */
  function inJapan(date) {
    var parts = {};
    new Intl.DateTimeFormat("ja-JP", { timeZone: "Asia/Tokyo", year: "numeric", month: "2-digit", day: "2-digit",
                                       hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" })
      .formatToParts(date).forEach(function (p) { parts[p.type] = p.value; });
    return { date: parts.year + "-" + parts.month + "-" + parts.day,
             time: parts.year + "/" + parts.month + "/" + parts.day + " " + parts.hour + ":" + parts.minute + ":" + parts.second };
  }

  function csvField(value) {
    var text = window.portalCsvCell(value); // csv-cell.js: the API's formula guard
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  /* Why a row cannot be chosen, or null when it can. */
  function notSelectable(row) {
    if (row.recordable) return null;
    if (!row.stateCode) return NOT_SELECTABLE.pending;
    if (row.stateCode === "error") return NOT_SELECTABLE.error;
    if (row.receiptLabel) return NOT_SELECTABLE.received;
    return NOT_SELECTABLE[row.stateCode] || NOT_SELECTABLE.error;
  }

  function init() {
    var root = document.querySelector(".portal-batch");
    if (!root || root.dataset.ready) return;
    root.dataset.ready = "1";
    var form = document.getElementById("batch-form");
    var fileInput = document.getElementById("batch-files");
    var chosen = document.getElementById("batch-files-chosen");
    var lines = document.getElementById("batch-lines");
    var error = document.getElementById("batch-error");
    var submit = document.getElementById("batch-submit");
    var result = document.getElementById("batch-result");
    var heading = document.getElementById("batch-heading");
    var progress = document.getElementById("batch-progress");
    var summary = document.getElementById("batch-summary");
    var table = document.getElementById("batch-table");
    var body = table.tBodies[0];
    var all = document.getElementById("batch-all");
    var allLabel = document.getElementById("batch-all-label");
    var files = [];
    var rows = [];
    var sort = { key: null, direction: 1 };

    var scannerLoad = null;
    function scanner() {
      if (window.PortalScan) return Promise.resolve(window.PortalScan);
      if (!scannerLoad) {
        scannerLoad = loadScript(root.dataset.scanSrc).then(function () { return window.PortalScan; });
        scannerLoad.catch(function () { scannerLoad = null; });
      }
      return scannerLoad;
    }

    function setFiles(list) {
      files = Array.prototype.slice.call(list || []);
      chosen.textContent = files.length ? files.length + "件のファイルを選びました。" :
        "選ばれていません（この画面にファイルを重ねて置くこともできます）。";
    }

    fileInput.addEventListener("change", function () { setFiles(fileInput.files); });
    // Dropped anywhere on the page (not opened by the browser in place of it).
    document.addEventListener("dragover", function (event) {
      if (document.contains(root) && event.dataTransfer &&
          Array.prototype.indexOf.call(event.dataTransfer.types, "Files") >= 0) {
        event.preventDefault();
        root.classList.add("portal-dropping");
      }
    });
    document.addEventListener("drop", function (event) {
      root.classList.remove("portal-dropping");
      if (!document.contains(root) || !event.dataTransfer || !event.dataTransfer.files.length) return;
      event.preventDefault();
      setFiles(event.dataTransfer.files);
    });
    document.addEventListener("dragend", function () { root.classList.remove("portal-dropping"); });
    document.addEventListener("dragleave", function (event) {
      if (!event.relatedTarget) root.classList.remove("portal-dropping"); // left the window
    });

    function check(row) {
      return api.call("POST", "/v1/verifications", { contract_number: row.n, auth_key: row.k }).then(function (got) {
        var answer = got.body;
        var c = answer && answer.certificate;
        if (got.ok && c) {
          row.number = c.contract_number;
          row.stateCode = c.status;
          row.statusLabel = c.status_label; // the API's words, as on the verify page's badge
          row.kind = c.kind_label;
          row.amount = c.amount; // a number: sorted, and saved as one a spreadsheet can add up
          row.amountText = printed(answer, "amount").text;
          row.advanceAmount = c.advance && c.advance.amount;
          var advance = printed(answer, "advance_amount"); // 前払金額, or 中間前払金額
          row.advanceLabel = advance.label;
          row.advanceText = advance.text;
          row.period = printed(answer, "guarantee_period").text;
          row.periodStart = c.guarantee_period && c.guarantee_period.start;
          row.project = c.project && c.project.name;
          row.contractor = c.contractor && c.contractor.name;
          var g = answer.guarantee;
          // As on the verify page: the latest version of a valid guarantee, not yet received.
          row.recordable = !answer.receipt && !!g && g.status === "valid" && g.version === g.latest_version;
          row.receiptLabel = answer.receipt ? answer.receipt.label : "";
          row.state = stateText(row);
          // The portal's clock says when it was checked (the PC's may be wrong).
          row.checkedAtDate = new Date(answer.as_of);
          row.checkedAt = inJapan(row.checkedAtDate).time;
        } else {
          row.stateCode = "error";
          row.state = api.message(got);
        }
      }).catch(function () {
        row.stateCode = "error";
        row.state = api.NETWORK_ERROR;
      });
    }

    function fromFile(file) {
      var row = { source: file.name || "ファイル" };
      return scanner().then(function (scan) {
        return scan.linkFromFile(file, { loadScript: loadScript, decoderSrc: root.dataset.decoderSrc,
                                         pdfSrc: root.dataset.pdfSrc });
      }).then(function (link) {
        if (link) {
          row.n = link.n;
          row.k = link.k;
        } else {
          row.stateCode = "error";
          row.state = "お知らせのQRコードを読み取れませんでした。";
        }
        return row;
      }, function () {
        row.stateCode = "error";
        row.state = "ファイルを読み込めませんでした。";
        return row;
      });
    }

    function stateText(row) {
      return [row.statusLabel, row.receiptLabel].filter(Boolean).join("・") +
        (row.recordError ? "（受領を記録できませんでした：" + row.recordError + "）" : "");
    }

    function value(row, key) {
      return key === "number" ? row.number || row.n : row[key];
    }

    // What a column sorts by: the period by its first day, the rest by what the file holds.
    function sortValue(row, key) {
      return key === "period" ? row.periodStart : value(row, key);
    }

    /* The rows in the table's order: as given, or sorted by a column (empty cells last). */
    function sorted() {
      var list = rows.slice();
      if (!sort.key) return list;
      return list.sort(function (a, b) {
        var x = sortValue(a, sort.key), y = sortValue(b, sort.key);
        var xEmpty = x === undefined || x === null || x === "", yEmpty = y === undefined || y === null || y === "";
        if (xEmpty || yEmpty) return xEmpty === yEmpty ? 0 : xEmpty ? 1 : -1;
        return (typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y), "ja")) *
          sort.direction;
      });
    }

    function cell(column, content) {
      var td = document.createElement("td");
      td.dataset.col = column;
      (Array.isArray(content) ? content : [content]).forEach(function (part) {
        if (part) td.append(part);
      });
      return td;
    }

    function line(text, className) {
      var span = document.createElement("span");
      span.className = className;
      span.textContent = text;
      return span;
    }

    /* The state as the verify page shows it: a badge with the state's name (not its colour
       alone), then the receipt, if any; a row that could not be checked says why. */
    function stateCell(row) {
      if (!row.stateCode) return cell("state", "確認中…");
      var td;
      if (row.stateCode === "error") {
        // Across the columns it has no values for: the reason reads on a line or two.
        td = cell("state", row.state);
        td.colSpan = ERROR_SPAN;
      } else {
        var known = STATES.indexOf(row.stateCode) >= 0;
        td = cell("state", [line(row.statusLabel, "portal-badge" + (known ? " portal-badge--" + row.stateCode : "")),
                            row.receiptLabel && line(row.receiptLabel, "portal-batch-note"),
                            row.recordError && line("受領を記録できませんでした：" + row.recordError,
                                                    "portal-batch-note portal-batch-failed")]);
      }
      td.dataset.state = row.stateCode;
      return td;
    }

    function amountCell(row) {
      return cell("amount", [row.amountText && line(row.amountText, "portal-batch-line"),
                             row.advanceText && line(row.advanceLabel + " " + row.advanceText, "portal-batch-note")]);
    }

    /* 「有効 18件・変更済み 2件・解約 1件」: the states in the table, counted. */
    function showSummary() {
      var counts = {}, labels = {}, order = STATES.slice();
      rows.forEach(function (row) {
        if (!row.statusLabel) return;
        if (order.indexOf(row.stateCode) < 0) order.push(row.stateCode);
        counts[row.stateCode] = (counts[row.stateCode] || 0) + 1;
        labels[row.stateCode] = row.statusLabel;
      });
      var parts = order.filter(function (code) { return counts[code]; }).map(function (code) {
        return labels[code] + " " + counts[code] + "件";
      });
      summary.textContent = parts.join("・");
      summary.hidden = !parts.length;
    }

    function render() {
      var list = sorted();
      body.textContent = "";
      list.forEach(function (row) {
        var tr = document.createElement("tr");
        var pick = cell("pick");
        var reason = notSelectable(row);
        if (!reason) {
          var box = document.createElement("input");
          box.type = "checkbox";
          box.checked = !!row.selected;
          box.setAttribute("aria-label", (row.number || row.n) + " を選ぶ");
          box.addEventListener("change", function () { row.selected = box.checked; chosenChanged(); });
          pick.appendChild(box);
        } else {
          pick.appendChild(line(reason, "portal-batch-note"));
        }
        tr.append(pick, cell("source", row.source), cell("number", row.number || row.n || ""));
        if (row.stateCode === "error") {
          tr.append(stateCell(row));
        } else {
          tr.append(cell("kind", row.kind), stateCell(row), amountCell(row), cell("period", row.period),
                    cell("project", row.project), cell("contractor", row.contractor));
        }
        var more = cell("more");
        if (row.stateCode && row.stateCode !== "error") {
          // The key travels in the fragment only: it never reaches a server or a log.
          var a = document.createElement("a");
          a.href = root.dataset.verifyHref + "#n=" + encodeURIComponent(row.n) + "&k=" + encodeURIComponent(row.k);
          a.target = "_blank";
          a.rel = "noopener";
          a.textContent = "詳しく見る";
          more.appendChild(a);
        }
        tr.appendChild(more);
        body.appendChild(tr);
      });
    }

    // ---- 受領をまとめて記録する ----
    var receipt = {
      section: document.getElementById("batch-receipt"),
      start: document.getElementById("batch-receipt-start"),
      form: document.getElementById("batch-receipt-form"),
      department: document.getElementById("batch-receipt-department"),
      name: document.getElementById("batch-receipt-name"),
      remembered: document.getElementById("batch-receipt-remembered"),
      error: document.getElementById("batch-receipt-error"),
      submit: document.getElementById("batch-receipt-submit"),
      status: document.getElementById("batch-receipt-status")
    };
    var staffUi = window.portalStaff && window.portalStaff.ui();

    function picked() {
      return rows.filter(function (r) { return r.recordable && r.selected; });
    }

    function chosenChanged() {
      var count = picked().length;
      var choosable = rows.filter(function (r) { return r.recordable; }).length;
      receipt.start.disabled = count === 0;
      receipt.submit.textContent = count ? "記録する（" + count + "件）" : "記録する";
      // すべて選ぶ: on when every row that can be chosen is, mixed when only some are.
      all.closest("p").hidden = choosable === 0;
      allLabel.textContent = "すべて選ぶ（選べる電子保証 " + choosable + "件）";
      all.checked = choosable > 0 && count === choosable;
      all.indeterminate = count > 0 && count < choosable;
    }

    all.addEventListener("change", function () {
      rows.forEach(function (r) { if (r.recordable) r.selected = all.checked; });
      render();
      chosenChanged();
    });

    if (staffUi) {
      staffUi.cancel.addEventListener("click", function () {
        staffUi.box.hidden = true;
        receipt.start.focus();
      });
      staffUi.signOut.addEventListener("click", function () {
        window.portalStaff.signOut().then(null, function () { return null; }).then(function () {
          staffUi.signedIn.hidden = true;
          window.portalStaff.clearReceiptFields(receipt.department, receipt.name, receipt.remembered);
          receipt.form.hidden = true;
          receipt.start.focus();
        });
      });
    }

    receipt.start.addEventListener("click", function () {
      if (!staffUi) return;
      receipt.error.textContent = "";
      window.portalStaff.require(staffUi).then(function (session) {
        window.portalStaff.fillReceiptFields(session, receipt.department, receipt.name, receipt.remembered);
        staffUi.who.textContent = session.staff.email + "（" + session.staff.orderer.name + "）";
        staffUi.signedIn.hidden = false;
        staffUi.box.hidden = true;
        receipt.form.hidden = false;
        chosenChanged();
        receipt.department.focus();
      }, function () {
        receipt.error.textContent = api.NETWORK_ERROR;
      });
    });

    receipt.form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (receipt.submit.disabled) return;
      var department = receipt.department.value;
      var name = receipt.name.value.replace(/\s+/g, " ").trim();
      var list = picked();
      if (!department || !name || !list.length) {
        receipt.error.textContent = !list.length ? "表の「選ぶ」で、受領を記録する電子保証を選んでください。" :
          !department ? "担当部署を選んでください。" : "氏名を入力してください。";
        (!department ? receipt.department : receipt.name).focus();
        return;
      }
      receipt.error.textContent = "";
      receipt.submit.disabled = true;
      var recorded = 0;
      // One at a time: each is its own record, mail and ledger row.
      list.reduce(function (previous, row) {
        return previous.then(function () {
          return api.call("POST", "/v1/receipts",
                          { contract_number: row.n, auth_key: row.k, department: department, name: name })
            .then(function (got) {
              var answer = got.body;
              row.selected = false;
              if (got.ok && answer && answer.receipt) {
                row.recordable = false;
                row.receiptLabel = answer.receipt.label;
                row.recordError = "";
                recorded += 1;
              } else {
                row.recordError = api.message(got);
              }
              row.state = stateText(row);
            }, function () {
              row.recordError = api.NETWORK_ERROR;
              row.state = stateText(row);
            });
        });
      }, Promise.resolve()).then(function () {
        render();
        chosenChanged();
        receipt.submit.disabled = false;
        receipt.status.textContent = recorded + "件の受領を記録しました" +
          (recorded < list.length ? "（" + (list.length - recorded) + "件は記録できませんでした）" : "") + "。";
      });
    });

    table.querySelectorAll("th[data-key] button").forEach(function (button) {
      button.addEventListener("click", function () {
        var th = button.parentElement;
        var key = th.dataset.key;
        sort.direction = sort.key === key ? -sort.direction : 1;
        sort.key = key;
        table.querySelectorAll("th[data-key]").forEach(function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", sort.direction > 0 ? "ascending" : "descending");
        render();
      });
    });

    document.getElementById("batch-csv").addEventListener("click", function () {
      var out = [COLUMNS.map(function (c) { return csvField(c[0]); }).join(",")];
      sorted().forEach(function (row) { // as the table shows them
        out.push(COLUMNS.map(function (c) { return csvField(value(row, c[1])); }).join(","));
      });
      // UTF-8 with a BOM: Excel on a city hall PC opens it with the kanji intact.
      var blob = new Blob(["\ufeff" + out.join("\r\n") + "\r\n"], { type: "text/csv;charset=utf-8" });
      var a = document.createElement("a");
      a.href = URL.createObjectURL(blob);
      // Dated as its content is: the day in Japan of the latest check, by the portal's clock.
      var latest = rows.reduce(function (last, r) {
        return r.checkedAtDate && !isNaN(r.checkedAtDate) && (!last || r.checkedAtDate > last) ? r.checkedAtDate : last;
      }, null);
      a.download = "まとめて確認" + (latest ? "_" + inJapan(latest).date : "") + ".csv";
      document.body.appendChild(a);
      a.click();
      setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
    });

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (submit.disabled) return;
      error.textContent = "";
      var pasted = parseLines(lines.value);
      if (!files.length && !pasted.length) {
        error.textContent = "お知らせのPDFを選ぶか、保証契約番号と認証キーを入力してください。";
        lines.focus();
        return;
      }
      submit.disabled = true;
      var started = performance.now();
      rows = files.map(function (file) { return { source: file.name || "ファイル", file: file }; }).concat(pasted);
      result.hidden = false;
      render();
      showSummary();
      chosenChanged();
      heading.focus();
      var total = rows.length;
      var pending = rows.slice();
      var done = 0;
      progress.textContent = total + "件を確認しています…";
      // Files are read and checked a few at a time: a hundred flattened PDFs at once would
      // hold a hundred sets of page images in memory.
      function next() {
        var row = pending.shift();
        if (!row) return Promise.resolve();
        var read = row.file ? fromFile(row.file).then(function (found) {
          delete row.file;
          Object.assign(row, found, { source: row.source });
        }) : Promise.resolve();
        return read.then(function () {
          return row.stateCode ? null : check(row);
        }).then(function () {
          done += 1;
          // Told now and then, not for every row: a screen reader would read out each one.
          if (done % 10 === 0) {
            progress.textContent = "確認しています（" + done + "／" + total + "件）…";
            render();
            showSummary();
          }
          return next();
        });
      }
      var workers = [];
      for (var i = 0; i < PARALLEL; i++) workers.push(next());
      Promise.all(workers).then(function () {
        var failed = rows.filter(function (r) { return r.stateCode === "error"; }).length;
        var seconds = ((performance.now() - started) / 1000).toFixed(1);
        root.dataset.seconds = seconds;
        progress.textContent = total + "件を確認しました" + (failed ? "（うち" + failed + "件は確認できませんでした）" : "") +
          "。所要時間 " + seconds + "秒。";
        render();
        showSummary();
        receipt.section.hidden = !rows.some(function (r) { return r.recordable; });
        chosenChanged();
      }).then(function () {
        submit.disabled = false;
      });
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
