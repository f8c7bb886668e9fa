// Small behaviours the templates ask for with data attributes. The Content-Security-Policy
// allows no inline script or event-handler attribute, so pages say what they need here:
//   data-autosubmit          on a <select>: submit its form when the choice changes
//   data-print               on a button: print the page
//   data-tick-all="SELECTOR" on a checkbox: tick or untick every box the selector finds
//   data-hide-on-send="SELECTOR" on an htmx form: hide those elements when it is sent
(function () {
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches && target.matches("[data-autosubmit]") && target.form) target.form.submit();
  });
  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!target.closest) return;
    if (target.closest("[data-print]")) window.print();
    var all = target.closest("[data-tick-all]");
    if (all) {
      document.querySelectorAll(all.dataset.tickAll).forEach(function (box) { box.checked = all.checked; });
    }
  });
  document.addEventListener("htmx:beforeSend", function (event) {
    var selector = event.target.dataset && event.target.dataset.hideOnSend;
    if (!selector) return;
    document.querySelectorAll(selector).forEach(function (element) { element.classList.add("d-none"); });
  });
})();
