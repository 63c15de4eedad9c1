/* Progressive enhancement only: every page works without JavaScript. */
(function () {
  "use strict";
  // The agenda's clock follows the chosen start time in facilitator.js (with the group size).
  // The language switch goes to the same page in the other language: it keeps what
  // was searched (?q=...), read when the link is used (the search page updates it).
  function keepQuery() {
    document.querySelectorAll("a[data-kb-keep-query]").forEach(function (link) {
      var base = link.getAttribute("href").split("?")[0];
      function update() { link.setAttribute("href", base + location.search); }
      update();
      link.addEventListener("click", update);
      link.addEventListener("focus", update);
      link.addEventListener("mouseenter", update);
    });
  }
  // A table wider than the screen scrolls sideways: it must be reachable with the
  // keyboard (Tab, then the arrow keys) and named for a screen reader.
  function scrollable() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (box) {
      if (box.scrollWidth <= box.clientWidth || box.hasAttribute("tabindex")) return;
      var head = box.querySelector("th");
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", head ? head.textContent : document.title);
    });
  }
  function start() { keepQuery(); scrollable(); }
  window.addEventListener("load", scrollable);
  window.addEventListener("resize", scrollable);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
