/* サインイン page: signs a member of the orderer's staff in (staff.js), then says where to go. */
(function () {
  "use strict";

  function init() {
    var root = document.querySelector(".portal-sign-in");
    if (!root || !window.portalStaff) return;
    var ui = window.portalStaff.ui();
    if (ui.cancel) ui.cancel.remove(); // this page is the sign-in: nothing to go back to
    var done = document.getElementById("signed-in");
    document.getElementById("signed-in-verify").href = root.dataset.verify;
    document.getElementById("signed-in-ledger").href = root.dataset.ledger;

    function signIn() {
      done.hidden = true;
      ui.signedIn.hidden = true;
      document.getElementById("sign-in-loading").hidden = true;
      window.portalStaff.require(ui, true).then(function (session) {
        ui.who.textContent = session.staff.email + "（" + session.staff.orderer.name + "）";
        ui.signedIn.hidden = false;
        done.hidden = false;
        document.getElementById("signed-in-heading").focus();
      }, function () { ui.error.textContent = window.portalApi.NETWORK_ERROR; });
    }

    ui.signOut.addEventListener("click", function () {
      window.portalStaff.signOut().then(null, function () { return null; }).then(signIn);
    });
    signIn();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
