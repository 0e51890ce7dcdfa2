// The impulse form: date, place and online link are asked for only while the kind is
// "Veranstaltung". Without this script they stay visible in their fieldset "Nur für
// Veranstaltungen"; the server ignores them for other kinds either way.
(function () {
  "use strict";

  function start() {
    var kind = document.querySelector("select[data-kind]");
    var fields = document.querySelector("[data-event-fields]");
    if (!kind || !fields) {
      return;
    }
    function update() {
      fields.hidden = kind.value !== "event";
    }
    kind.addEventListener("change", update);
    update();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
