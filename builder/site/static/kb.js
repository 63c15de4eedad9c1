/* Progressive enhancement only: every page works without JavaScript. */
(function () {
  "use strict";
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function clock(m) { m = ((m % 1440) + 1440) % 1440; return pad(Math.floor(m / 60)) + ":" + pad(m % 60); }
  function agenda() {
    var input = document.querySelector("[data-kb-start]");
    if (!input) return;
    input.addEventListener("change", function () {
      var parts = (input.value || "08:00").split(":");
      var start = parseInt(parts[0], 10) * 60 + parseInt(parts[1] || "0", 10);
      document.querySelectorAll("[data-kb-offset]").forEach(function (cell) {
        cell.textContent = clock(start + parseInt(cell.getAttribute("data-kb-offset"), 10));
      });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", agenda);
  else agenda();
})();
