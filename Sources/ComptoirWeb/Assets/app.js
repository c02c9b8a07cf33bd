// Comptoir: small progressive enhancements. Every flow works without this file.
(function () {
  "use strict";
  // Buttons with data-confirm ask before submitting their form.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) { event.preventDefault(); }
  });
  // Escape closes open menus.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    document.querySelectorAll("details[open]").forEach(function (details) { details.removeAttribute("open"); });
    if (document.activeElement && document.activeElement.closest(".quick-create")) { document.activeElement.blur(); }
  });
  // Focus the error summary after a rejected form, so screen readers announce it.
  var summary = document.querySelector(".error-summary");
  if (summary) { summary.focus(); }
})();
