// Counts down every <time data-countdown> to its datetime, once a second, so a round's
// timer moves between the server's updates. Without JavaScript the server-rendered
// minutes stay, refreshed by the live block. The text is not announced (aria-live is
// off on the timer): a screen reader user hears the time when they read it.
(function () {
  "use strict";
  function pad(n) { return n < 10 ? "0" + n : String(n); }
  function tick() {
    var now = Date.now();
    document.querySelectorAll("time[data-countdown]").forEach(function (el) {
      var end = Date.parse(el.getAttribute("datetime"));
      if (isNaN(end)) { return; }
      var left = Math.max(0, Math.round((end - now) / 1000));
      el.textContent = Math.floor(left / 60) + ":" + pad(left % 60);
    });
  }
  document.addEventListener("DOMContentLoaded", tick);
  document.addEventListener("htmx:afterSwap", tick);
  setInterval(tick, 1000);
})();
