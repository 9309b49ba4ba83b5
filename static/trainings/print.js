// A "Print" button where the page offers one (e.g. My learning); without script the browser's own
// print command still works, so the button stays hidden.
(function () {
  "use strict";
  function init() {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
