/* まとめて確認: many notices at once — PDFs (or images) chosen or dropped, and lines of
   保証契約番号 and 認証キー pasted — checked one by one against the API and listed in a table
   that sorts and saves as CSV. Files are read in the page (scan.js, notice-pdf.js) and never
   sent; only number and key go to the API, in the body, as on the verify page. */
(function () {
  "use strict";

  var PARALLEL = 4; // checks in flight at once: quick for 100 notices, gentle on the API
  var STATES = { valid: "有効", superseded: "変更あり", cancelled: "解約", expired: "期限満了" };
  var COLUMNS = [
    ["お知らせ", "source"], ["保証契約番号", "number"], ["状態", "state"], ["保証金額（円）", "amount"],
    ["工事名", "project"], ["受注者", "contractor"], ["確認日時", "checkedAt"]
  ];

  function loadScript(src) {
    return window.portalLoadScript(src); // load-script.js
  }

  /* Lines of "number key" (spaces, tabs or commas between); a line with one word is a link. */
  function parseLines(text) {
    return String(text || "").split(/\r?\n/).map(function (line, i) {
      return { line: i + 1, text: line.trim() };
    }).filter(function (l) { return l.text; }).map(function (l) {
      var parts = l.text.split(/[\s,，\t]+/);
      if (parts.length === 1 && window.PortalScan) {
        var link = window.PortalScan.acceptedLink(parts[0]);
        if (link) return { source: l.line + "行目", n: link.n, k: link.k };
      }
      return { source: l.line + "行目", n: parts[0], k: parts.slice(1).join("") };
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

    function scanner() {
      if (window.PortalScan) return Promise.resolve(window.PortalScan);
      return loadScript(root.dataset.scanSrc).then(function () { return window.PortalScan; });
    }

    function setFiles(list) {
      files = Array.prototype.slice.call(list || []);
      chosen.textContent = files.length ? files.length + "件のファイルを選びました。" :
        "選ばれていません（この画面にファイルを重ねて置くこともできます）。";
    }

    fileInput.addEventListener("change", function () { setFiles(fileInput.files); });
    root.addEventListener("dragover", function (event) {
      if (event.dataTransfer && Array.prototype.indexOf.call(event.dataTransfer.types, "Files") >= 0) {
        event.preventDefault();
        root.classList.add("portal-dropping");
      }
    });
    root.addEventListener("dragleave", function () { root.classList.remove("portal-dropping"); });
    root.addEventListener("drop", function (event) {
      root.classList.remove("portal-dropping");
      if (!event.dataTransfer || !event.dataTransfer.files.length) return;
      event.preventDefault();
      setFiles(event.dataTransfer.files);
    });

    function check(row) {
      return fetch(apiBase + "/v1/verifications", {
        method: "POST",
        headers: { "Content-Type": "application/json", "Accept": "application/json" },
        body: JSON.stringify({ contract_number: row.n, auth_key: row.k }),
        credentials: "same-origin",
        cache: "no-store"
      }).then(function (response) {
        return response.json().catch(function () { return null; }).then(function (answer) {
          var c = answer && answer.certificate;
          if (response.ok && c) {
            row.number = c.contract_number;
            row.stateCode = c.status;
            row.state = STATES[c.status] || c.status_label || c.status;
            row.amount = c.amount;
            row.project = c.project && c.project.name;
            row.contractor = c.contractor && c.contractor.name;
            row.checkedAt = new Date(response.headers.get("Date") || Date.now()).toLocaleString("ja-JP",
              { timeZone: "Asia/Tokyo" });
          } else {
            row.stateCode = "error";
            row.state = (answer && answer.error && answer.error.message) ||
              "確認できませんでした。時間をおいて、もう一度お試しください。";
          }
        });
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

    function render() {
      var list = rows.slice();
      if (sort.key) {
        list.sort(function (a, b) {
          var x = a[sort.key], y = b[sort.key];
          if (x === undefined || x === null) return 1;
          if (y === undefined || y === null) return -1;
          return (typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y), "ja")) *
            sort.direction;
        });
      }
      body.textContent = "";
      list.forEach(function (row) {
        var tr = document.createElement("tr");
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
      rows.forEach(function (row) {
        out.push(COLUMNS.map(function (c) {
          return csvField(c[1] === "number" ? row.number || row.n : row[c[1]]);
        }).join(","));
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
      rows = [];
      result.hidden = false;
      progress.textContent = "読み取っています…";
      Promise.all(files.map(fromFile)).then(function (fromFiles) {
        rows = fromFiles.concat(pasted);
        render();
        heading.focus();
        var pending = rows.filter(function (r) { return !r.stateCode; });
        var done = 0;
        function next() {
          var row = pending.shift();
          if (!row) return Promise.resolve();
          return check(row).then(function () {
            done += 1;
            progress.textContent = "確認しています（" + done + "／" + (done + pending.length) + "件）…";
            render();
            return next();
          });
        }
        var workers = [];
        for (var i = 0; i < PARALLEL; i++) workers.push(next());
        return Promise.all(workers);
      }).then(function () {
        var failed = rows.filter(function (r) { return r.stateCode === "error"; }).length;
        var seconds = ((performance.now() - started) / 1000).toFixed(1);
        root.dataset.seconds = seconds;
        progress.textContent = rows.length + "件を確認しました" + (failed ? "（うち" + failed + "件は確認できませんでした）" : "") +
          "。所要時間 " + seconds + "秒。";
        render();
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
