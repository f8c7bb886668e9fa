// The battle map on the wall: full screen on a click, every task shown page by page (the rows
// that fit the screen, a new page every 15 seconds), reload every five minutes.
(function () {
  document.body.classList.add("wall");
  var map = document.getElementById("battle-map");
  var badge = document.getElementById("wall-page");
  var rows = Array.prototype.slice.call(document.querySelectorAll("[data-testid=battle-map] tbody tr"));
  var pages = [], current = 0;
  map.addEventListener("click", function () {
    if (document.documentElement.requestFullscreen && !document.fullscreenElement) { document.documentElement.requestFullscreen().catch(function () {}); }
  }, { once: true });
  function paginate() {
    rows.forEach(function (r) { r.hidden = false; });
    var head = map.querySelector("thead");
    var room = window.innerHeight - map.getBoundingClientRect().top - head.offsetHeight - 8;
    pages = [];
    var page = [], used = 0;
    rows.forEach(function (r) {
      var h = r.getBoundingClientRect().height;
      if (page.length && used + h > room) { pages.push(page); page = []; used = 0; }
      page.push(r); used += h;
      r.dataset.page = String(pages.length);
    });
    if (page.length) pages.push(page);
    current = Math.min(current, Math.max(pages.length - 1, 0));
    show();
  }
  function show() {
    rows.forEach(function (r) { r.hidden = true; });
    (pages[current] || rows).forEach(function (r) { r.hidden = false; });
    document.body.dataset.wallPages = String(pages.length);
    if (badge) {
      badge.hidden = pages.length < 2;
      badge.textContent = badge.dataset.label.replace("{page}", current + 1).replace("{pages}", pages.length);
    }
  }
  paginate();
  // Measure again once the fonts have loaded: rows may change height with them.
  window.addEventListener("load", paginate);
  if (document.fonts) { document.fonts.ready.then(paginate); }
  window.addEventListener("resize", paginate);
  setInterval(function () { if (pages.length > 1) { current = (current + 1) % pages.length; show(); } }, 15000);
  setTimeout(function () { window.location.reload(); }, 300000);
})();
