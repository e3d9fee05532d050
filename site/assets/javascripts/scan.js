/* QRコードの読み取り (camera or image) for the verify page. verify.js loads this file
   only when the user starts a scan, so the page itself stays light.

   Decoding: the browser's own BarcodeDetector where it has one (Chrome on Android,
   macOS, ChromeOS), else the vendored jsQR. jsQR is plain JavaScript on the main
   thread because the site's CSP allows neither WebAssembly nor blob: workers.

   A decoded text is only ever read for #n=…&k=…, which go to this site's API:
   a scanned URL is never followed or fetched. */
(function () {
  "use strict";

  var MSG = {
    starting: "カメラを起動しています…",
    aim: "お知らせのQRコードを枠の中に写してください。",
    readingImage: "画像を読み取っています…",
    read: "QRコードを読み取りました。",
    refused: "カメラの使用が許可されていません。ブラウザの設定でこのサイトにカメラの使用を許可してから、もう一度お試しください。お知らせのPDF・画像から読み取るか、保証契約番号と認証キーを入力して確認することもできます。",
    noCamera: "カメラが見つかりませんでした。お知らせのPDF・画像から読み取るか、保証契約番号と認証キーを入力して確認してください。",
    noCameraApi: "このブラウザではカメラを使用できません。お知らせのPDF・画像から読み取るか、保証契約番号と認証キーを入力して確認してください。",
    busy: "カメラを起動できませんでした。ほかのアプリがカメラを使用している場合は終了してから、もう一度お試しください。",
    cameraFailed: "カメラを起動できませんでした。お知らせのPDF・画像から読み取るか、保証契約番号と認証キーを入力して確認してください。",
    loadFailed: "読み取りの準備ができませんでした。通信状況をご確認のうえ、もう一度お試しください。",
    unreadable: "画像を読み込めませんでした。写真またはスクリーンショットの画像ファイル（JPEG・PNG など）を選んでください。",
    noQrInImage: "画像からQRコードを読み取れませんでした。QRコード全体がはっきり写っている画像を選んでください。",
    readingPdf: "PDFを読み取っています…",
    noQrInPdf: "このPDFから認証キーのお知らせのQRコードを読み取れませんでした。お知らせのPDFか、お知らせのQRコードが写った画像を選んでください。",
    unreadablePdf: "PDFを読み込めませんでした。電子メールに添付された「認証キーのお知らせ」のPDFを選んでください。",
    wrongQr: "このQRコードは電子保証の認証キーのものではありません。お知らせに印刷されたQRコードを読み取ってください。"
  };

  // Rear camera on phones; "ideal" so a laptop's only (front) camera still works.
  var CONSTRAINTS = {
    audio: false,
    video: { facingMode: { ideal: "environment" }, width: { ideal: 1280 }, height: { ideal: 720 } }
  };
  // jsQR's time grows with the pixel count; a notice's QR code fills enough of the frame
  // at these sizes, and a phone stays responsive.
  var FRAME_MAX_SIDE = 800;
  var IMAGE_MAX_SIDES = [1600, 800];
  var SCAN_INTERVAL_MS = 150;
  // The alphabet of the link's values (chalicelib.links.verify_url, percent-decoded).
  var LINK_VALUE = /^[0-9A-Za-z-]{1,64}$/;

  /* {n, k} from a decoded text, or null. Accepted: a link to this very page with n and
     k in its fragment, or (a link printed for another deployment of the portal, e.g.
     production's on a staging site) any http(s) link whose n and k are in the link
     alphabet, so arbitrary text from someone else's QR code never reaches the form. */
  function acceptedLink(text) {
    var url;
    try {
      url = new URL(String(text).trim());
    } catch (e) {
      return null;
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") return null;
    var params = new URLSearchParams(url.hash.replace(/^#/, ""));
    var n = params.get("n");
    var k = params.get("k");
    if (!n || !k) return null;
    if (url.origin === location.origin && url.pathname === location.pathname) return { n: n, k: k };
    return LINK_VALUE.test(n) && LINK_VALUE.test(k) ? { n: n, k: k } : null;
  }

  function cameraMessage(err) {
    switch (err && err.name) {
      case "NotAllowedError":
      case "SecurityError":
        return MSG.refused;
      case "NotFoundError":
      case "OverconstrainedError":
        return MSG.noCamera;
      case "NotReadableError":
      case "AbortError":
        return MSG.busy;
      default:
        return err && err.decoderLoad ? MSG.loadFailed : MSG.cameraFailed;
    }
  }

  function stopTracks(stream) {
    stream.getTracks().forEach(function (track) { track.stop(); });
  }

  function nativeDetector() {
    var Detector = window.BarcodeDetector;
    if (!Detector || typeof Detector.getSupportedFormats !== "function") return Promise.resolve(null);
    return Detector.getSupportedFormats().then(function (formats) {
      return formats.indexOf("qr_code") >= 0 ? new Detector({ formats: ["qr_code"] }) : null;
    }).catch(function () { return null; });
  }

  /* decode(source, width, height, maxSides, inversion) -> Promise<string | null> */
  function makeDecoder(loadScript, decoderSrc) {
    return nativeDetector().then(function (detector) {
      if (detector) {
        return {
          decode: function (source) {
            return detector.detect(source).then(function (codes) {
              return codes.length ? codes[0].rawValue : null;
            });
          }
        };
      }
      return (window.jsQR ? Promise.resolve() : loadScript(decoderSrc)).then(function () {
        if (typeof window.jsQR !== "function") throw new Error("jsQR did not load");
        var canvas = document.createElement("canvas");
        var context = canvas.getContext("2d", { willReadFrequently: true });
        return {
          decode: function (source, width, height, maxSides, inversion) {
            for (var i = 0; i < maxSides.length; i++) {
              var scale = Math.min(1, maxSides[i] / Math.max(width, height));
              var w = Math.max(1, Math.round(width * scale));
              var h = Math.max(1, Math.round(height * scale));
              canvas.width = w;
              canvas.height = h;
              context.drawImage(source, 0, 0, w, h);
              var code = window.jsQR(context.getImageData(0, 0, w, h).data, w, h,
                                     { inversionAttempts: inversion });
              if (code && code.data) return Promise.resolve(code.data);
            }
            return Promise.resolve(null);
          }
        };
      });
    }).catch(function (err) {
      err.decoderLoad = true;
      throw err;
    });
  }

  /* The scanner of one verify page: startCamera(), readImage(file), stop(). */
  function create(root, options) {
    var startButton = root.querySelector("#scan-start");
    var panel = root.querySelector("#scan-camera");
    var video = root.querySelector("#scan-video");
    var stopButton = root.querySelector("#scan-stop");
    var status = root.querySelector("#scan-status");
    var error = root.querySelector("#scan-error");
    var decoderPromise = null;
    var session = null; // the running camera: {stream, stopped, timer}

    // Rewriting the same text would make screen readers repeat it on every frame.
    function setStatus(text) {
      if (status.textContent !== text) status.textContent = text;
    }

    function setError(text) {
      if (error.textContent !== text) error.textContent = text;
    }

    function decoder() {
      if (!decoderPromise) {
        decoderPromise = makeDecoder(options.loadScript, options.decoderSrc);
        decoderPromise.catch(function () { decoderPromise = null; });
      }
      return decoderPromise;
    }

    function accept(text) {
      var link = acceptedLink(text);
      if (!link) {
        setError(MSG.wrongQr);
        return false;
      }
      setError("");
      options.onLink(link);
      setStatus(MSG.read); // after onLink: a new verification clears the scan messages
      return true;
    }

    function stop() {
      var s = session;
      if (!s) return;
      session = null;
      s.stopped = true;
      clearTimeout(s.timer);
      if (s.stream) stopTracks(s.stream);
      video.pause();
      video.srcObject = null;
      var focusInside = panel.contains(document.activeElement);
      panel.hidden = true;
      startButton.disabled = false;
      setStatus("");
      if (focusInside) startButton.focus();
    }

    function scanFrame(s, dec) {
      if (s.stopped) return;
      var w = video.videoWidth;
      var h = video.videoHeight;
      var attempt = w && h ? dec.decode(video, w, h, [FRAME_MAX_SIDE], "dontInvert") : Promise.resolve(null);
      attempt.catch(function () { return null; }).then(function (text) {
        if (s.stopped) return;
        if (text !== null) {
          // Scanning goes on after a wrong code: the right one may come into view next.
          if (acceptedLink(text)) {
            stop();
            accept(text);
            return;
          }
          setError(MSG.wrongQr);
        }
        s.timer = setTimeout(function () { scanFrame(s, dec); }, SCAN_INTERVAL_MS);
      });
    }

    function startCamera() {
      if (session) return;
      setError("");
      var media = navigator.mediaDevices;
      // Absent outside secure contexts (a phone on plain http) and in old browsers.
      if (!media || typeof media.getUserMedia !== "function") {
        setError(MSG.noCameraApi);
        return;
      }
      var s = session = { stream: null, stopped: false, timer: 0 };
      startButton.disabled = true;
      setStatus(MSG.starting);
      var streamPromise = media.getUserMedia(CONSTRAINTS).then(function (stream) {
        // Held at once, so a stop while the decoder still loads ends these tracks too.
        s.stream = stream;
        if (s.stopped) stopTracks(stream);
        return stream;
      });
      Promise.all([streamPromise, decoder()]).then(function (ready) {
        if (s.stopped) return;
        video.srcObject = ready[0];
        panel.hidden = false;
        return video.play().then(function () {
          if (s.stopped) return;
          setStatus(MSG.aim);
          // The whole preview in view, not just the focused button at the screen's edge.
          stopButton.focus({ preventScroll: true });
          panel.scrollIntoView({ block: "nearest" });
          scanFrame(s, ready[1]);
        });
      }).catch(function (err) {
        if (s.stopped) return;
        stop();
        setError(cameraMessage(err));
      });
    }

    function readImage(file) {
      stop();
      setError("");
      var pdf = isPdf(file);
      setStatus(pdf ? MSG.readingPdf : MSG.readingImage);
      linkTextOf(file, decoder, options).then(function (text) {
        setStatus("");
        if (text === null) setError(pdf ? MSG.noQrInPdf : MSG.noQrInImage);
        else accept(text);
      }, function (err) {
        setStatus("");
        setError(MSG[err && err.kind] || (pdf ? MSG.noQrInPdf : MSG.noQrInImage));
      });
    }

    stopButton.addEventListener("click", stop);
    // Esc stops the camera, as it closes anything else that took over the screen (on the
    // document: the start button is disabled while the camera runs, so focus may be nowhere).
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && session && document.contains(root)) {
        event.preventDefault();
        var focusInside = panel.contains(document.activeElement);
        stop();
        if (!focusInside) startButton.focus();
      }
    });

    return { startCamera: startCamera, readImage: readImage, stop: stop };
  }

  function isPdf(file) {
    return file.type === "application/pdf" || /\.pdf$/i.test(file.name || "");
  }

  /* The text of the notice's QR code (or link) in a chosen file, read here and never sent:
     a PDF (its link if it has one, else the QR code it draws or holds as images, see
     notice-pdf.js) or an image. Resolves to null when it holds none of the portal's links;
     rejects with err.kind "unreadable", "unreadablePdf" or "loadFailed". */
  function linkTextOf(file, getDecoder, options) {
    function decodeAll(dec, pictures) {
      return pictures.reduce(function (previous, picture) {
        return previous.then(function (text) {
          if (text !== null && acceptedLink(text)) return text;
          return dec.decode(picture, picture.width, picture.height, IMAGE_MAX_SIDES, "attemptBoth")
            .catch(function () { return null; })
            .then(function (decoded) {
              if (picture.close) picture.close(); // ImageBitmaps hold memory until closed
              return decoded;
            });
        });
      }, Promise.resolve(null));
    }
    function failed(kind) {
      return function (err) {
        if (err && err.decoderLoad) err.kind = "loadFailed";
        else if (err && !err.kind) err.kind = kind;
        throw err || { kind: kind };
      };
    }
    if (isPdf(file)) {
      var reader = window.PortalNoticePdf ? Promise.resolve() : options.loadScript(options.pdfSrc)
        .catch(function (err) {
          err.decoderLoad = true; // the reader did not load: a network problem, not the file
          throw err;
        });
      return Promise.all([reader, file.arrayBuffer()]).then(function (ready) {
        if (!window.PortalNoticePdf) throw new Error("notice-pdf.js did not register");
        return window.PortalNoticePdf.read(ready[1]);
      }).then(function (found) {
        var linked = found.links.filter(function (url) { return acceptedLink(url); })[0];
        return linked || getDecoder().then(function (dec) { return decodeAll(dec, found.images); });
      }).catch(failed("unreadablePdf"));
    }
    var bitmap = null;
    // Not <img> with an object URL: the CSP allows no blob: images.
    return Promise.all([getDecoder(), createImageBitmap(file).catch(function (err) {
      err.kind = "unreadable";
      throw err;
    })]).then(function (ready) {
      bitmap = ready[1];
      return decodeAll(ready[0], [bitmap]);
    }).catch(failed("noQrInImage")).finally(function () {
      if (bitmap && bitmap.close) bitmap.close();
    });
  }

  /* For pages that read many files (まとめて確認): {n, k} of a file's link, or null. */
  var sharedDecoder = null;
  function linkFromFile(file, options) {
    function getDecoder() {
      if (!sharedDecoder) {
        sharedDecoder = makeDecoder(options.loadScript, options.decoderSrc);
        sharedDecoder.catch(function () { sharedDecoder = null; });
      }
      return sharedDecoder;
    }
    return linkTextOf(file, getDecoder, options).then(function (text) {
      return text === null ? null : acceptedLink(text);
    });
  }

  window.PortalScan = { create: create, acceptedLink: acceptedLink, linkFromFile: linkFromFile, isPdf: isPdf };
})();
