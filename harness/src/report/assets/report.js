// conformkit report: embedded in index.html. The page is complete without
// this script; it opens the drill-down a link points at, filters cases by
// id, and marks <html data-conformkit-ready="true"> once it has run.
(function () {
  "use strict";

  function openTo(element) {
    for (var e = element; e; e = e.parentElement) {
      if (e.tagName === "DETAILS") {
        e.open = true;
      }
    }
  }

  function followHash() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    if (!id) {
      return;
    }
    var target = document.getElementById(id);
    if (target) {
      openTo(target);
      target.scrollIntoView();
    }
  }

  function applyFilter(text) {
    var needle = text.trim().toLowerCase();
    var families = document.querySelectorAll("details.family");
    for (var i = 0; i < families.length; i++) {
      var cases = families[i].querySelectorAll("details.case");
      var shown = 0;
      for (var j = 0; j < cases.length; j++) {
        var id = (cases[j].getAttribute("data-case") || "").toLowerCase();
        var match = needle === "" || id.indexOf(needle) !== -1;
        cases[j].classList.toggle("hidden", !match);
        if (match) {
          shown++;
        }
      }
      families[i].classList.toggle("hidden", shown === 0);
      if (needle !== "" && shown > 0) {
        families[i].open = true;
      }
    }
  }

  function setAll(open) {
    var all = document.querySelectorAll("#runs details");
    for (var i = 0; i < all.length; i++) {
      all[i].open = open;
    }
  }

  var filter = document.getElementById("filter");
  if (filter) {
    filter.addEventListener("input", function () {
      applyFilter(filter.value);
    });
  }
  var expand = document.getElementById("expand");
  if (expand) {
    expand.addEventListener("click", function () {
      setAll(true);
    });
  }
  var collapse = document.getElementById("collapse");
  if (collapse) {
    collapse.addEventListener("click", function () {
      setAll(false);
    });
  }
  window.addEventListener("hashchange", followHash);
  followHash();
  document.documentElement.setAttribute("data-conformkit-ready", "true");
})();
