/* Reading the 認証キーのお知らせ on a page that needs its number and key (電子保証の確認,
   電子提出): the notice's link (#n=…&k=… in the fragment), the PDF or an image chosen or dropped
   on the page, or the QR code through the camera (scan.js and its decoder load only when asked
   for). The page says what to do with {n, k}; nothing here sends anything anywhere.

   portalNoticeInput.wire(root, onLink): the scan buttons of root (data-scan-src,
     data-decoder-src, data-pdf-src; #scan-start, #scan-file, #scan-file-button, #scan-error).
   portalNoticeInput.onFragment(root, handler): handler(location.hash) when a notice link is
     opened in this tab while root's page is shown (only the fragment changes: no script re-runs).
   portalNoticeInput.linkFromFragment(hash) -> {n, k} (null where absent).
   portalNoticeInput.stop(): the camera off (the page calls it when a link opens). */
(function () {
  "use strict";

  var SCANNER_LOAD_ERROR = "読み取りの準備ができませんでした。通信状況をご確認のうえ、もう一度お試しください。";

  // The page now shown (Material's instant navigation keeps the document, so the listeners
  // on it and on the window are set once and hand their events to this page).
  var shownRoot = null;
  var dropHandler = null;
  var dropWired = false;
  var devicesWired = false;
  var fragmentPage = null; // {root, handler}
  var fragmentWired = false;

  // The scanner of the page now shown; stopped whenever the user leaves it.
  var activeScanner = null;
  // Bumped on every stop, so a scanner still loading when the user left never starts the camera.
  var generation = 0;

  function stop() {
    generation += 1;
    if (activeScanner) activeScanner.stop();
  }

  function isShown(root) {
    return !!root && document.contains(root);
  }

  // The link format of the notice's QR code: #n=<保証契約番号>&k=<認証キー>.
  function linkFromFragment(hash) {
    var params = new URLSearchParams(String(hash || "").replace(/^#/, ""));
    return { n: params.get("n"), k: params.get("k") };
  }

  /* Which way to read the notice is the primary (filled, first) button. The PDF works on
     every device, so it leads unless the camera is the better way: a device held in the hand
     (its main pointer is a finger: phone, tablet), the notice on paper or on another screen,
     with a camera. enumerateDevices() says whether there is one without asking for it (no
     permission prompt; the names stay hidden). A PC keeps the PDF even with a webcam: the
     notice reached it by mail, and its camera faces the clerk. Resolves true or false. */
  function cameraIsBetter() {
    var handHeld = !!(window.matchMedia && window.matchMedia("(pointer: coarse)").matches);
    var devices = navigator.mediaDevices;
    if (!handHeld || !devices || typeof devices.enumerateDevices !== "function") return Promise.resolve(false);
    return devices.enumerateDevices().then(function (list) {
      return list.some(function (d) { return d.kind === "videoinput"; });
    }, function () { return false; });
  }

  function loadScript(src) {
    return window.portalLoadScript(src); // load-script.js
  }

  function wire(root, onLink) {
    if (!root || !root.dataset.scanSrc) return;
    shownRoot = root;
    var scanError = root.querySelector("#scan-error");
    var scanner = null; // promise of this page's scanner, once asked for

    function withScanner(action) {
      var asked = generation;
      if (!scanner) {
        // Instant navigation keeps the window: scan.js may be there from an earlier visit.
        var loaded = window.PortalScan ? Promise.resolve() : loadScript(root.dataset.scanSrc);
        scanner = loaded.then(function () {
          if (!window.PortalScan) throw new Error("scan.js did not register");
          return window.PortalScan.create(root, {
            decoderSrc: root.dataset.decoderSrc,
            pdfSrc: root.dataset.pdfSrc,
            loadScript: loadScript,
            onLink: onLink
          });
        });
        scanner.catch(function () { scanner = null; });
      }
      scanner.then(function (s) {
        activeScanner = s;
        if (asked === generation) action(s);
      }, function () {
        scanError.textContent = SCANNER_LOAD_ERROR;
      });
    }

    var cameraButton = root.querySelector("#scan-start");
    var fileButton = root.querySelector("#scan-file-button");
    // The filled button comes first, in the tab order as on screen.
    root.portalArrangeScanButtons = function () {
      cameraIsBetter().then(function (camera) {
        var actions = cameraButton.parentNode;
        // Moved only when out of place: moving the focused button would drop the focus.
        if (camera !== (actions.firstElementChild === cameraButton)) {
          if (camera) actions.insertBefore(cameraButton, actions.firstElementChild);
          else actions.appendChild(cameraButton); // after the file input and its label
        }
        cameraButton.classList.toggle("md-button--primary", camera);
        fileButton.classList.toggle("md-button--primary", !camera);
        root.dataset.scanPrimary = camera ? "camera" : "file";
      });
    };
    root.portalArrangeScanButtons();
    // A camera plugged in or out while the page is open (one listener, as for drops).
    if (!devicesWired && navigator.mediaDevices && navigator.mediaDevices.addEventListener) {
      devicesWired = true;
      navigator.mediaDevices.addEventListener("devicechange", function () {
        if (isShown(shownRoot) && shownRoot.portalArrangeScanButtons) shownRoot.portalArrangeScanButtons();
      });
    }
    cameraButton.addEventListener("click", function () {
      withScanner(function (s) { s.startCamera(); });
    });
    var fileInput = root.querySelector("#scan-file");
    fileInput.addEventListener("change", function () {
      var file = fileInput.files && fileInput.files[0];
      fileInput.value = ""; // choosing the same file again must fire change again
      if (file) withScanner(function (s) { s.readImage(file); });
    });
    // A notice PDF dragged from the mail program anywhere onto the page: read like a chosen
    // file (not opened by the browser in place of the page).
    if (!dropWired) {
      dropWired = true;
      document.addEventListener("dragover", function (event) {
        if (isShown(shownRoot) && event.dataTransfer &&
            Array.prototype.indexOf.call(event.dataTransfer.types, "Files") >= 0) {
          event.preventDefault();
          event.dataTransfer.dropEffect = "copy";
        }
      });
      document.addEventListener("drop", function (event) {
        var file = event.dataTransfer && event.dataTransfer.files && event.dataTransfer.files[0];
        if (!file || !isShown(shownRoot)) return;
        event.preventDefault();
        if (dropHandler) dropHandler(file);
      });
    }
    dropHandler = function (file) { withScanner(function (s) { s.readImage(file); }); };
  }

  function onFragment(root, handler) {
    fragmentPage = { root: root, handler: handler };
    if (fragmentWired) return;
    fragmentWired = true;
    window.addEventListener("hashchange", function () {
      if (fragmentPage && isShown(fragmentPage.root)) fragmentPage.handler(location.hash);
    });
  }

  // Leaving the page must never leave the camera on: full navigation or bfcache
  // (pagehide), another tab or app (hidden), Material's instant navigation (location$,
  // and document$ when the new page arrives; document$ replays the current page once, before
  // the page scripts loaded after this one subscribe and wire the new page).
  window.addEventListener("pagehide", stop);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") stop();
  });
  if (window.location$ && typeof window.location$.subscribe === "function") {
    window.location$.subscribe(stop);
  }
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () {
      stop();
      activeScanner = null;
    });
  }

  window.portalNoticeInput = { wire: wire, onFragment: onFragment, linkFromFragment: linkFromFragment, stop: stop };
})();
