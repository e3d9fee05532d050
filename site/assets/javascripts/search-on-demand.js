/* Material fetches the whole search index (over 100 KB) while every page loads, although
   most visitors — a clerk opening a notice's link — never search. This holds that one
   request back until someone goes to search (focuses or opens the search box, or presses
   Material's search keys), so a page weighs what it shows. Loaded before Material's bundle.
   Search then starts in a fraction of a second; nothing else is changed. A page opened from
   a search result (?h=…) loads it at once: Material highlights the terms with it. */
(function () {
  "use strict";
  var release;
  var wanted = new Promise(function (resolve) { release = resolve; });
  var INDEX = /\/search\/search_index\.json(\?|$)/;
  // Material requests it with XMLHttpRequest (browser/request): its send() waits.
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.portalSearchIndex = INDEX.test(String(url));
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var request = this, args = arguments;
    if (!request.portalSearchIndex) return send.apply(request, args);
    wanted.then(function () { send.apply(request, args); });
  };

  function isSearch(target) {
    return target && target.closest && target.closest(".md-search, label[for='__search'], #__search");
  }
  document.addEventListener("focusin", function (event) { if (isSearch(event.target)) release(); }, true);
  document.addEventListener("pointerdown", function (event) { if (isSearch(event.target)) release(); }, true);
  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "__search") release(); // the toggle behind the phone's search button
  }, true);
  document.addEventListener("input", function (event) { if (isSearch(event.target)) release(); }, true);
  document.addEventListener("keydown", function (event) {
    // Material opens search with "/", "s" and "f" (when no field has the focus).
    var field = event.target && /^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName);
    if (!field && (event.key === "/" || event.key === "s" || event.key === "f")) release();
  }, true);

  // Already wanted: a search result's page, or a search box focused before this ran.
  function already() {
    var toggle = document.getElementById("__search");
    if (new URLSearchParams(location.search).has("h") || (toggle && toggle.checked) || isSearch(document.activeElement)) {
      release();
    }
  }
  already();
  document.addEventListener("DOMContentLoaded", already);
})();
