/* Search-as-you-type for the fields that name members.
 *
 * A <textarea data-member-search="/members/search/"> holds usernames, one a
 * line, and works without script. This adds a search box below it: typing two
 * or more characters lists matching members (public names only), and choosing
 * one adds their username to the textarea. An <input data-member-search> (one
 * member) gets the suggestions itself: choosing one puts the username in it.
 * No inline script, no CDN: CSP-safe.
 */
(function () {
  "use strict";

  function debounce(run, wait) {
    var timer = null;
    return function () {
      clearTimeout(timer);
      timer = setTimeout(run, wait);
    };
  }

  function usernames(textarea) {
    return textarea.value.split(/[\s,;]+/).map(function (name) {
      return name.replace(/^@/, "").toLowerCase();
    }).filter(Boolean);
  }

  function enhance(textarea, index) {
    var single = textarea.tagName === "INPUT";
    var url = textarea.getAttribute("data-member-search");
    var box = single ? textarea : document.createElement("input");
    var list = document.createElement("datalist");
    var status = document.createElement("p");
    var label = document.createElement("label");
    var found = {};

    if (!single) {
      box.type = "search";
      box.id = textarea.id + "-search";
      box.className = "member-search";
      label.htmlFor = box.id;
      label.textContent = textarea.getAttribute("data-member-search-label") || "";
    }
    box.autocomplete = "off";
    list.id = textarea.id + "-search-results-" + index;
    box.setAttribute("list", list.id);
    status.className = "meta";
    status.setAttribute("aria-live", "polite");

    var search = debounce(function () {
      var text = box.value.trim();
      if (text.length < 2 || found[text.toLowerCase()]) {
        return;
      }
      fetch(url + "?q=" + encodeURIComponent(text), {
        credentials: "same-origin",
        headers: { Accept: "application/json" }
      }).then(function (response) {
        return response.ok ? response.json() : { results: [] };
      }).then(function (data) {
        list.textContent = "";
        found = {};
        data.results.forEach(function (member) {
          var option = document.createElement("option");
          option.value = member.username;
          option.label = member.name + " (@" + member.username + ")";
          option.textContent = option.label;
          list.appendChild(option);
          found[member.username.toLowerCase()] = member;
        });
        status.textContent = data.results.length
          ? ""
          : textarea.getAttribute("data-member-search-empty") || "";
      }).catch(function () {
        status.textContent = "";
      });
    }, 200);

    function choose() {
      var chosen = found[box.value.trim().toLowerCase()];
      if (!chosen || single) {
        return; // a single field already holds the username the list put in it
      }
      if (usernames(textarea).indexOf(chosen.username.toLowerCase()) === -1) {
        var text = textarea.value.replace(/\s+$/, "");
        textarea.value = (text ? text + "\n" : "") + chosen.username;
      }
      box.value = "";
      status.textContent = "";
    }

    box.addEventListener("input", function () {
      if (found[box.value.trim().toLowerCase()]) {
        choose();
      } else {
        search();
      }
    });
    box.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !single) {
        event.preventDefault(); // never submit the application from the search box
        choose();
      }
    });

    var holder = document.createElement("div");
    holder.className = "member-search-field";
    if (!single) {
      holder.appendChild(label);
      holder.appendChild(box);
    }
    holder.appendChild(list);
    holder.appendChild(status);
    textarea.parentNode.insertBefore(holder, textarea.nextSibling);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var fields = document.querySelectorAll("textarea[data-member-search], input[data-member-search]");
    Array.prototype.forEach.call(fields, enhance);
  });
})();
