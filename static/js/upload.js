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
