// The contest's timers (console and big screen): count up from the seconds the server rendered,
// plus the time since the fragment arrived while the timer runs; red past the set minutes.
(function () {
  "use strict";
  const seen = new WeakMap();
  function text(seconds) {
    const s = Math.max(0, Math.floor(seconds));
    return String(Math.floor(s / 60)).padStart(2, "0") + ":" + String(s % 60).padStart(2, "0");
  }
  function tick() {
    document.querySelectorAll(".contest-timer").forEach((el) => {
      if (!seen.has(el)) seen.set(el, Date.now());
      let seconds = parseInt(el.dataset.elapsed, 10) || 0;
      if (el.dataset.running) {
        // The server's clock: its "now" when it rendered, plus the time since the fragment came.
        const started = parseInt(el.dataset.running, 10);
        const now = parseInt(el.dataset.now, 10);
        seconds += (now - started) + (Date.now() - seen.get(el)) / 1000;
      }
      el.textContent = text(seconds);
      el.classList.toggle("over", seconds > (parseInt(el.dataset.limit, 10) || 0));
    });
  }
  setInterval(tick, 250);
  document.addEventListener("htmx:afterSwap", tick);
  tick();
})();
