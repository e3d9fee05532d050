/* まとめて確認: many notices at once — PDFs (or images) chosen or dropped, and lines of
   保証契約番号 and 認証キー pasted — checked one by one against the API and listed in a table
   that sorts and saves as CSV. Files are read in the page (scan.js, notice-pdf.js) and never
   sent; only number and key go to the API, in the body, as on the verify page. */
(function () {
  "use strict";

  var PARALLEL = 4; // checks in flight at once: quick for 100 notices, gentle on the API
  var COLUMNS = [
    ["お知らせ", "source"], ["保証契約番号", "number"], ["状態", "state"], ["保証金額（円）", "amount"],
    ["工事名", "project"], ["受注者", "contractor"], ["確認日時", "checkedAt"]
  ];

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

  /* POST a JSON body on this site (number and key in the body, never the URL); resolves with
     the response and its JSON (null when it has none), rejects only when nothing came back. */
  function postJson(url, payload) {
    return fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify(payload),
      credentials: "same-origin",
      cache: "no-store"
    }).then(function (response) {
      return response.json().catch(function () { return null; }).then(function (answer) {
        return { response: response, answer: answer };
      });
    });
  }

  function yen(value) {
    return typeof value === "number" ? value.toLocaleString("ja-JP") : "";
  }

  function csvField(value) {
    var text = String(value === undefined || value === null ? "" : value);
    // A leading = + - @ would be a formula in a spreadsheet: kept as text.
    if (/^[=+\-@\t\r]/.test(text)) text = "'" + text;
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  function init() {
    var root = document.querySelector(".portal-batch");
    if (!root || root.dataset.ready) return;
    root.dataset.ready = "1";
    var apiBase = (document.querySelector('meta[name="portal-api-base"]') || {}).content || "/api";
    var form = document.getElementById("batch-form");
    var fileInput = document.getElementById("batch-files");
    var chosen = document.getElementById("batch-files-chosen");
    var lines = document.getElementById("batch-lines");
    var error = document.getElementById("batch-error");
    var submit = document.getElementById("batch-submit");
    var result = document.getElementById("batch-result");
    var heading = document.getElementById("batch-heading");
    var progress = document.getElementById("batch-progress");
    var table = document.getElementById("batch-table");
    var body = table.tBodies[0];
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
      return postJson(apiBase + "/v1/verifications", { contract_number: row.n, auth_key: row.k }).then(function (got) {
        var response = got.response, answer = got.answer;
        var c = answer && answer.certificate;
        if (response.ok && c) {
          row.number = c.contract_number;
          row.stateCode = c.status;
          row.statusLabel = c.status_label; // the API's words, as on the verify page's badge
          row.state = c.status_label;
          row.amount = c.amount;
          row.project = c.project && c.project.name;
          row.contractor = c.contractor && c.contractor.name;
          var g = answer.guarantee;
          // As on the verify page: the latest version of a valid guarantee, not yet received.
          row.recordable = !answer.receipt && !!g && g.status === "valid" && g.version === g.latest_version;
          if (answer.receipt) row.state += "・" + answer.receipt.label;
          var date = new Date(response.headers.get("Date") || Date.now());
          row.checkedAt = (isNaN(date.getTime()) ? new Date() : date).toLocaleString("ja-JP", { timeZone: "Asia/Tokyo" });
        } else {
          row.stateCode = "error";
          row.state = (answer && answer.error && answer.error.message) ||
            "確認できませんでした。時間をおいて、もう一度お試しください。";
        }
      }).catch(function () {
        row.stateCode = "error";
        row.state = "通信に失敗しました。時間をおいて、もう一度お試しください。";
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

    function value(row, key) {
      return key === "number" ? row.number || row.n : row[key];
    }

    /* The rows in the table's order: as given, or sorted by a column (empty cells last). */
    function sorted() {
      var list = rows.slice();
      if (!sort.key) return list;
      return list.sort(function (a, b) {
        var x = value(a, sort.key), y = value(b, sort.key);
        var xEmpty = x === undefined || x === null || x === "", yEmpty = y === undefined || y === null || y === "";
        if (xEmpty || yEmpty) return xEmpty === yEmpty ? 0 : xEmpty ? 1 : -1;
        return (typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y), "ja")) *
          sort.direction;
      });
    }

    function render() {
      var list = sorted();
      body.textContent = "";
      list.forEach(function (row) {
        var tr = document.createElement("tr");
        var pick = document.createElement("td");
        if (row.recordable) {
          var box = document.createElement("input");
          box.type = "checkbox";
          box.checked = !!row.selected;
          box.setAttribute("aria-label", (row.number || row.n) + " を選ぶ");
          box.addEventListener("change", function () { row.selected = box.checked; chosenChanged(); });
          pick.appendChild(box);
        }
        tr.appendChild(pick);
        [row.source, row.number || row.n || "", row.state || "確認中…", yen(row.amount), row.project || "",
         row.contractor || ""].forEach(function (value, i) {
          var td = document.createElement("td");
          td.textContent = value;
          if (i === 2 && row.stateCode) td.dataset.state = row.stateCode === "error" ? "error" : row.stateCode;
          tr.appendChild(td);
        });
        var more = document.createElement("td");
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
      receipt.start.disabled = count === 0;
      receipt.submit.textContent = count ? "記録する（" + count + "件）" : "記録する";
    }

    if (staffUi) {
      staffUi.cancel.addEventListener("click", function () {
        staffUi.box.hidden = true;
        receipt.start.focus();
      });
      staffUi.signOut.addEventListener("click", function () {
        window.portalStaff.signOut(apiBase).then(null, function () { return null; }).then(function () {
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
      window.portalStaff.require(apiBase, staffUi).then(function (session) {
        window.portalStaff.fillReceiptFields(session, receipt.department, receipt.name, receipt.remembered);
        staffUi.who.textContent = session.staff.email + "（" + session.staff.orderer.name + "）";
        staffUi.signedIn.hidden = false;
        staffUi.box.hidden = true;
        receipt.form.hidden = false;
        chosenChanged();
        receipt.department.focus();
      }, function () {
        receipt.error.textContent = "通信に失敗しました。時間をおいて再度お試しください。";
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
          return postJson(apiBase + "/v1/receipts",
                          { contract_number: row.n, auth_key: row.k, department: department, name: name })
            .then(function (got) {
              var answer = got.answer;
              row.selected = false;
              if (got.response.ok && answer && answer.receipt) {
                row.recordable = false;
                row.state = row.statusLabel + "・" + answer.receipt.label;
                recorded += 1;
              } else {
                row.state = (row.state || "") + "（受領を記録できませんでした：" +
                  ((answer && answer.error && answer.error.message) || "通信に失敗しました。") + "）";
              }
            }, function () {
            row.state = (row.state || "") + "（受領を記録できませんでした：通信に失敗しました。）";
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
      a.download = "まとめて確認_" + new Date().toISOString().slice(0, 10) + ".csv";
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
