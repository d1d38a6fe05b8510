// Drag and drop onto the upload form's drop zone; without this script the file picker and
// the submit button do the same job.
(function () {
  "use strict";
  var zone = document.querySelector("[data-dropzone]");
  if (!zone) return;
  var input = zone.querySelector("input[type=file]");
  var form = zone.closest("form");
  zone.querySelector(".drop-hint").hidden = false;
  function over(event) { event.preventDefault(); zone.classList.add("dragover"); }
  function leave() { zone.classList.remove("dragover"); }
  zone.addEventListener("dragenter", over);
  zone.addEventListener("dragover", over);
  zone.addEventListener("dragleave", leave);
  zone.addEventListener("drop", function (event) {
    event.preventDefault();
    leave();
    if (!event.dataTransfer || !event.dataTransfer.files.length) return;
    input.files = event.dataTransfer.files;
    form.requestSubmit();
  });
})();

// An upload the server refused as a whole (too many files, a proxy's size limit, a server
// error) or that never arrived: htmx swaps nothing then, so the message goes beside the field.
(function () {
  "use strict";
  var form = document.querySelector("form.upload-form");
  var box = document.getElementById("upload-errors");
  if (!form || !box) return;
  function show(text) {
    var message = document.createElement("p");
    message.className = "error";
    message.setAttribute("role", "alert");
    message.textContent = text;
    box.replaceChildren(message);
  }
  form.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr ? event.detail.xhr.status : "";
    show(form.dataset.errorResponse.replace("{status}", status));
  });
  form.addEventListener("htmx:sendError", function () { show(form.dataset.errorSend); });
  // More files than Django takes in one request: it would refuse them all with a bare 400.
  form.addEventListener("htmx:beforeRequest", function (event) {
    var input = form.querySelector("input[type=file]");
    var max = parseInt(form.dataset.maxFiles, 10);
    var count = input && input.files ? input.files.length : 0;
    if (!max || count <= max) return;
    event.preventDefault();
    show(form.dataset.errorTooMany.replace("{count}", count).replace("{max}", max));
  });
})();
