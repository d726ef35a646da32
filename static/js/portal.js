// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // The menu button on narrow screens.
  document.addEventListener("DOMContentLoaded", function () {
    var toggle = document.querySelector(".nav-toggle");
    var nav = document.getElementById("site-nav");
    if (toggle && nav) {
      toggle.addEventListener("click", function () {
        var open = toggle.getAttribute("aria-expanded") === "true";
        toggle.setAttribute("aria-expanded", String(!open));
        nav.classList.toggle("is-open", !open);
      });
    }
  });

  // A table wider than the screen scrolls in its wrapper; a keyboard can scroll it
  // once the wrapper takes focus.
  function focusScrollingTables() {
    document.querySelectorAll(".table-wrap").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth) {
        wrap.setAttribute("tabindex", "0");
      } else {
        wrap.removeAttribute("tabindex");
      }
    });
  }
  document.addEventListener("DOMContentLoaded", focusScrollingTables);
  window.addEventListener("resize", focusScrollingTables);
  // <button data-copy="input-id"> copies that input's value (a share link). Without
  // this script, or without clipboard access, the input stays there to select and copy.
  document.addEventListener("DOMContentLoaded", function () {
    var buttons = document.querySelectorAll("[data-copy]");
    Array.prototype.forEach.call(buttons, function (button) {
      var input = document.getElementById(button.getAttribute("data-copy"));
      if (!input) {
        return;
      }
      var status = button.closest("section") && button.closest("section").querySelector("[data-copy-status]");
      button.hidden = false;
      button.addEventListener("click", function () {
        input.focus();
        input.select();
        var done = function () {
          if (status) {
            status.textContent = button.getAttribute("data-copied") || "";
          }
        };
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(input.value).then(done, function () {
            input.select();
          });
        } else if (document.execCommand && document.execCommand("copy")) {
          done();
        }
      });
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-select-on-focus]"), function (input) {
      input.addEventListener("focus", function () {
        input.select();
      });
    });
  });

  // <form data-confirm="Are you sure?"> asks before submitting.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });
})();
