// The impulse list's filter on a phone: results first, the filter behind a "Filter" button
// (static/css/app.css shows the button and hides the closed filter below 40rem, only on
// scripted pages). The button counts the filters in use, also after htmx has swapped the
// results. Without this script the filter simply stays open above the results.
(function () {
  "use strict";
  var FILTERS = ["city", "district", "kind", "status", "topic"];

  function start() {
    var button = document.querySelector("[data-filter-toggle]");
    var panel = button && button.closest("[data-filter-panel]");
    var form = button && document.getElementById(button.getAttribute("aria-controls"));
    if (!panel || !form) {
      return;
    }
    var count = button.querySelector("[data-filter-count]");
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", open ? "true" : "false");
      panel.classList.toggle("filter-open", open);
    });
    form.addEventListener("change", function () {
      var used = FILTERS.filter(function (name) {
        var field = form.elements.namedItem(name);
        return field && field.value !== "";
      }).length;
      if (count) {
        count.textContent = used ? " (" + used + ")" : "";
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
