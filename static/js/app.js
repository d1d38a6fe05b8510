// What an htmx form does after its own request succeeded, declared in data attributes: the
// Content Security Policy allows no inline code, so no hx-on. data-reset-on-success empties
// the form; data-remove-on-success="SELECTOR" removes the form's closest SELECTOR.
(function () {
  "use strict";
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    if (!event.detail.successful || !form || !form.closest) return;
    if (form.hasAttribute("data-reset-on-success")) form.reset();
    var selector = form.getAttribute("data-remove-on-success");
    var gone = selector && form.closest(selector);
    if (gone) gone.remove();
  });
})();

// 409 Conflict (a link another curator changed meanwhile): the answer is the link as it is
// now with the message why nothing changed; htmx leaves 4xx answers out unless told.
(function () {
  "use strict";
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.xhr.status === 409) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
})();
