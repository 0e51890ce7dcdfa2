// Mentions as people type them: after "@" and a letter or two, a list of the people who can
// be mentioned here (the server decides who: workspaces.selectors.mention_suggestions) opens
// under the text field; arrow keys move, Enter or Tab takes a name, Escape closes. The text gets
// "@Display Name ", which is what the server recognises as a mention. Without script people
// type the name themselves.
(function () {
  "use strict";
  var TRIGGER = /(^|[^\w@])@([^\s@][^\n@]{0,30})$/;
  var counter = 0;

  function setUp(field, url) {
    if (field.dataset.mentionsReady) return;
    field.dataset.mentionsReady = "1";
    var list = document.createElement("ul");
    list.className = "mention-list";
    list.id = "mention-list-" + (++counter);
    list.setAttribute("role", "listbox");
    list.hidden = true;
    field.insertAdjacentElement("afterend", list);
    field.setAttribute("aria-autocomplete", "list");
    field.setAttribute("aria-controls", list.id);
    var timer = null;
    var active = -1;
    var query = null;

    function close() {
      list.hidden = true;
      list.innerHTML = "";
      active = -1;
      query = null;
      field.removeAttribute("aria-activedescendant");
      field.setAttribute("aria-expanded", "false");
    }

    function mark(index) {
      var options = list.querySelectorAll("[role=option]");
      if (!options.length) return;
      active = (index + options.length) % options.length;
      options.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === active ? "true" : "false");
      });
      field.setAttribute("aria-activedescendant", options[active].id);
    }

    function choose(name) {
      var before = field.value.slice(0, field.selectionStart);
      var after = field.value.slice(field.selectionStart);
      var match = before.match(TRIGGER);
      if (!match) return close();
      var start = before.length - match[2].length;
      field.value = before.slice(0, start) + name + " " + after;
      var caret = start + name.length + 1;
      field.setSelectionRange(caret, caret);
      field.focus();
      close();
    }

    function show(names) {
      list.innerHTML = "";
      if (!names.length) return close();
      names.forEach(function (name, i) {
        var option = document.createElement("li");
        option.id = list.id + "-" + i;
        option.setAttribute("role", "option");
        option.textContent = name;
        option.addEventListener("mousedown", function (event) {
          event.preventDefault(); // keep the focus in the text field
          choose(name);
        });
        list.appendChild(option);
      });
      list.hidden = false;
      field.setAttribute("aria-expanded", "true");
      mark(0);
    }

    function lookUp() {
      var before = field.value.slice(0, field.selectionStart);
      var match = before.match(TRIGGER);
      if (!match) return close();
      var wanted = match[2];
      query = wanted;
      fetch(url + "?q=" + encodeURIComponent(wanted), {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) {
          if (query !== wanted) return; // the person typed on meanwhile
          show(data.results.map(function (person) { return person.name; }));
        })
        .catch(close);
    }

    field.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(lookUp, 150);
    });
    field.addEventListener("keydown", function (event) {
      if (list.hidden) return;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        mark(active + (event.key === "ArrowDown" ? 1 : -1));
      } else if (event.key === "Enter" || event.key === "Tab") {
        var option = list.querySelectorAll("[role=option]")[active];
        if (option) {
          event.preventDefault();
          choose(option.textContent);
        }
      } else if (event.key === "Escape") {
        event.preventDefault();
        close();
      }
    });
    field.addEventListener("blur", function () { setTimeout(close, 100); });
  }

  function scan(root) {
    root.querySelectorAll("[data-mention-url]").forEach(function (area) {
      area.querySelectorAll("textarea[name=body]").forEach(function (field) {
        setUp(field, area.dataset.mentionUrl);
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () { scan(document); });
  // Forms that htmx swaps in (replies, edits, new posts) get the list as well.
  document.addEventListener("htmx:afterSettle", function () { scan(document); });
})();
