// The main menu collapses behind a button on narrow screens (issue #15, item 11).
// Without this script the menu stays open: the button is hidden in the HTML and shown here.
(function () {
  "use strict";
  function init() {
    var nav = document.querySelector(".main-nav");
    if (!nav) return;
    var button = nav.querySelector(".menu-button");
    var menu = document.getElementById("main-menu");
    if (!button || !menu) return;
    nav.classList.add("has-menu-button");
    button.hidden = false;
    function setOpen(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      nav.classList.toggle("menu-open", open);
    }
    button.addEventListener("click", function () {
      setOpen(button.getAttribute("aria-expanded") !== "true");
    });
    nav.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        setOpen(false);
        button.focus();
      }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
