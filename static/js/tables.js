// On a phone a wide table scrolls inside its own box instead of making the whole page wider than the
// screen (my kit bookings were 798 px wide at 390). Templates may wrap a table in .table-scroll
// themselves; this wraps the others. A box that does scroll can be focused, so the keyboard scrolls it.
(function () {
  "use strict";
  function init() {
    var tables = document.querySelectorAll("main table");
    for (var i = 0; i < tables.length; i++) {
      var table = tables[i];
      var box = table.parentElement;
      if (!box.classList.contains("table-scroll")) {
        box = document.createElement("div");
        box.className = "table-scroll";
        table.parentNode.insertBefore(box, table);
        box.appendChild(table);
      }
      if (box.scrollWidth > box.clientWidth && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
      }
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
