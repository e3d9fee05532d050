/* portalLoadScript(src) -> Promise: a script of this site, loaded on demand (the QR reader,
   the PDF reader), so pages stay light until someone asks for them. */
(function () {
  "use strict";
  window.portalLoadScript = function (src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.async = true;
      script.onload = resolve;
      script.onerror = function () {
        script.remove(); // a later try must insert a fresh element
        reject(new Error("could not load " + src));
      };
      document.head.appendChild(script);
    });
  };
})();
