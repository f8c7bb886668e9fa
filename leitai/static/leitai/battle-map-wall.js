// The battle map on the wall: full screen on a click, reload every five minutes.
document.body.classList.add("wall");
document.getElementById("battle-map").addEventListener("click", function () {
  if (document.documentElement.requestFullscreen && !document.fullscreenElement) { document.documentElement.requestFullscreen().catch(function () {}); }
}, { once: true });
setTimeout(function () { window.location.reload(); }, 300000);
