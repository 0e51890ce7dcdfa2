// A search box above long lists of choices: the district <select> of the impulse list's filter
// and the district check boxes of the impulse form. Marked in the markup with
// data-option-search="<label of the search box>". Typing hides the choices whose name does not
// contain the text (a group whose name matches shows all its choices); chosen ones stay.
// Without this script the lists are complete and work as they are.
(function () {
  "use strict";

  function normalise(text) {
    return text
      .toLowerCase()
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/ß/g, "ss")
      .trim();
  }

  function isChosen(item) {
    if (item.tagName === "OPTION") {
      return item.selected || item.value === "";
    }
    var box = item.querySelector("input");
    return Boolean(box && box.checked);
  }

  function show(item, visible) {
    item.hidden = !visible;
    if (item.tagName === "OPTION") {
      item.disabled = !visible; // browsers that ignore `hidden` on options still skip these
    }
  }

  function setUp(list, index) {
    var isSelect = list.tagName === "SELECT";
    var groupSelector = isSelect ? "optgroup" : "[data-option-group]";
    var itemSelector = isSelect ? "option" : "[data-option]";
    var search = document.createElement("input");
    search.type = "search";
    search.className = "kern-form-input__input option-search";
    search.id = (list.id || "option-list-" + index) + "-search";
    search.setAttribute("aria-label", list.getAttribute("data-option-search"));
    search.placeholder = list.getAttribute("data-option-search") + " …";
    search.autocomplete = "off";
    if (list.id) {
      search.setAttribute("aria-controls", list.id);
    }
    var anchor = isSelect && list.parentElement.classList.contains("kern-form-input__select-wrapper")
      ? list.parentElement
      : list;
    anchor.parentElement.insertBefore(search, anchor);

    function groupLabel(group) {
      if (isSelect) {
        return group.label;
      }
      var legend = group.querySelector("legend");
      return legend ? legend.textContent : "";
    }

    function filter() {
      var query = normalise(search.value);
      var groups = Array.prototype.slice.call(list.querySelectorAll(groupSelector));
      groups.forEach(function (group) {
        var groupMatches = query === "" || normalise(groupLabel(group)).indexOf(query) !== -1;
        var anyShown = false;
        Array.prototype.forEach.call(group.querySelectorAll(itemSelector), function (item) {
          var visible = groupMatches || isChosen(item) ||
            normalise(item.textContent).indexOf(query) !== -1;
          show(item, visible);
          anyShown = anyShown || visible;
        });
        group.hidden = !anyShown;
      });
    }

    search.addEventListener("input", filter);
    // Keep the search box's own events from the surrounding form: no submit on Enter, and no
    // htmx request for a "change" of a box that is not a filter.
    search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
      }
    });
    search.addEventListener("change", function (event) {
      event.stopPropagation();
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-option-search]"), setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
