/* The guide pages' small behaviours (the orderer and issuer lists are registry.js's). */
(function () {
  "use strict";

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
