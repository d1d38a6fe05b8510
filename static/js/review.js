// Keyboard shortcuts for the review queue: j/k move between links, b confirms, a rejects.
(function () {
  "use strict";
  function rows() { return Array.from(document.querySelectorAll("[data-review]")); }
  function current() { return document.activeElement && document.activeElement.closest("[data-review]"); }
  function move(step) {
    var all = rows();
    if (!all.length) return;
    var index = all.indexOf(current());
    var next = all[Math.max(0, Math.min(all.length - 1, index + step))] || all[0];
    next.focus();
    next.scrollIntoView({ block: "nearest" });
  }
  function act(action) {
    var row = current() || rows()[0];
    if (!row) return;
    var button = row.querySelector('button[data-action="' + action + '"]');
    if (!button) return;
    var id = row.id;
    document.body.addEventListener("htmx:afterSettle", function focusAgain() {
      document.body.removeEventListener("htmx:afterSettle", focusAgain);
      var all = rows();
      var replaced = document.getElementById(id);
      var next = all[all.indexOf(replaced) + 1] || replaced;
      if (next) next.focus();
    });
    button.click();
  }
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest("input, textarea, select, [contenteditable]")) return;
    var keys = { j: function () { move(1); }, k: function () { move(-1); },
                 b: function () { act("confirm"); }, a: function () { act("reject"); } };
    var handler = keys[event.key];
    if (handler) { event.preventDefault(); handler(); }
  });
})();
