// The site header (templates/base.html): the menu button that shows and hides the navigation on
// narrow screens, and the header's drop-down menus (<details>). Loaded in <head> without
// `defer`, so the "js" class is set before the first paint and the phone menu starts closed;
// without this script the navigation is simply always visible.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function setUpMenuButton() {
    var button = document.querySelector("[data-site-menu-button]");
    var menu = button && document.getElementById(button.getAttribute("aria-controls"));
    if (!button || !menu) {
      return;
    }
    var icon = button.querySelector(".kern-icon");
    function setOpen(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      menu.classList.toggle("site-menu--open", open);
      if (icon) {
        icon.classList.toggle("kern-icon--dehaze", !open);
        icon.classList.toggle("kern-icon--close", open);
      }
    }
    button.addEventListener("click", function () {
      setOpen(button.getAttribute("aria-expanded") !== "true");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" || button.getAttribute("aria-expanded") !== "true") {
        return;
      }
      if (menu.querySelector("details[open]")) {
        return; // the drop-down closes first (below)
      }
      if (menu.contains(document.activeElement) || document.activeElement === button) {
        setOpen(false);
        button.focus();
      }
    });
  }

  function setUpDropdowns() {
    var dropdowns = Array.prototype.slice.call(document.querySelectorAll(".site-header details"));
    dropdowns.forEach(function (details) {
      details.addEventListener("toggle", function () {
        if (!details.open) {
          return;
        }
        dropdowns.forEach(function (other) {
          if (other !== details) {
            other.open = false; // one drop-down at a time
          }
        });
      });
      details.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && details.open) {
          details.open = false;
          details.querySelector("summary").focus();
          event.stopPropagation();
        }
      });
    });
    document.addEventListener("click", function (event) {
      dropdowns.forEach(function (details) {
        if (details.open && !details.contains(event.target)) {
          details.open = false;
        }
      });
    });
  }

  function setUp() {
    setUpMenuButton();
    setUpDropdowns();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
