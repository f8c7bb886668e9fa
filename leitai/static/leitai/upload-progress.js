// Upload progress of htmx forms with a [data-upload-progress] block (tasks pages).
// Upload progress of a form sent by htmx that holds a [data-upload-progress] block: the bar
// follows the bytes sent (xhr.upload), then says the server is checking and saving the files.
(function () {
  function show(box, percent, text) {
    var bar = box.querySelector(".progress-bar");
    box.classList.remove("d-none");
    bar.style.width = percent + "%";
    bar.textContent = percent + "%";
    bar.parentElement.setAttribute("aria-valuenow", percent);
    box.querySelector("[data-upload-label]").textContent = text;
  }
  document.addEventListener("htmx:beforeSend", function (event) {
    var form = event.target;
    var box = form.querySelector && form.querySelector("[data-upload-progress]");
    var chosen = box && Array.prototype.some.call(form.querySelectorAll("input[type=file]"), function (input) { return input.files.length > 0; });
    if (!chosen) return;
    show(box, 0, box.dataset.uploading);
    var upload = event.detail.xhr.upload;
    upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) show(box, Math.floor(e.loaded * 100 / e.total), box.dataset.uploading);
    });
    upload.addEventListener("load", function () { show(box, 100, box.dataset.saving); });
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var box = event.target.querySelector && event.target.querySelector("[data-upload-progress]");
    if (box && !event.detail.successful) box.classList.add("d-none");
  });
})();
