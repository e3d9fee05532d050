/* The guide pages' small behaviours. The orderer list is a complete table without this
   script; the script only adds the prefecture and name filter on top of it. */
(function () {
  "use strict";

  // Full-width letters and digits fold like the portal folds typed input (ＳＡＫＵ = saku).
  function fold(text) {
    return String(text || "").normalize("NFKC").toLowerCase().replace(/\s+/g, "");
  }

  function initOrdererList(root) {
    if (root.dataset.ready) return;
    root.dataset.ready = "1";
    var form = root.querySelector("[data-orderer-filter]");
    var prefecture = root.querySelector("#orderer-prefecture");
    var name = root.querySelector("#orderer-name");
    var count = root.querySelector("[data-orderer-count]");
    var empty = root.querySelector("[data-orderer-empty]");
    var rows = Array.prototype.slice.call(root.querySelectorAll("tbody tr[data-orderer-id]"));
    if (!form || !prefecture || !name) return;

    function apply() {
      var wantedPrefecture = prefecture.value;
      var wantedName = fold(name.value);
      var shown = 0;
      rows.forEach(function (row) {
        var match = (!wantedPrefecture || row.dataset.prefecture === wantedPrefecture) &&
          (!wantedName || fold(row.dataset.name).indexOf(wantedName) !== -1);
        row.hidden = !match;
        if (match) shown += 1;
      });
      // Announced by the status region: a screen reader hears the result without moving.
      count.textContent = shown === rows.length
        ? rows.length + "件の発注者を表示しています。"
        : rows.length + "件中" + shown + "件の発注者を表示しています。";
      empty.hidden = shown !== 0;
    }

    form.addEventListener("submit", function (event) { event.preventDefault(); });
    prefecture.addEventListener("change", apply);
    name.addEventListener("input", apply);
    form.hidden = false;
    apply();
  }

  // Material wraps each code block's copy button in an unnamed <nav>: one more navigation
  // landmark per example, all called "" (axe landmark-unique), listed among the site's
  // menus by a screen reader. A single button is no landmark: role none keeps the button.
  // Material adds them while it mounts the page's content, so they are caught as they come.
  function unlandmarkCodeButtons(root) {
    root.querySelectorAll("nav.md-code__nav:not([role])").forEach(function (nav) {
      nav.setAttribute("role", "none");
    });
  }

  var watching = false;
  function watchCodeButtons() {
    unlandmarkCodeButtons(document);
    if (watching || !("MutationObserver" in window)) return;
    watching = true;
    new MutationObserver(function (records) {
      records.forEach(function (record) {
        record.addedNodes.forEach(function (node) {
          if (node.nodeType !== 1) return;
          if (node.matches("nav.md-code__nav")) node.setAttribute("role", "none");
          else unlandmarkCodeButtons(node);
        });
      });
    }).observe(document.body, { childList: true, subtree: true });
  }

  function init() {
    document.querySelectorAll("[data-orderer-list]").forEach(initOrdererList);
    watchCodeButtons();
  }

  // With Material's instant navigation page scripts do not re-run: document$ fires per page.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
