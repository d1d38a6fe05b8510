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

// A change (not a GET: a poll or a search tries again by itself) that the server refused or
// that never arrived: htmx swaps nothing, so the click seemed to do nothing. The message
// (texts on <body>, in Dutch) goes after the row's buttons; the upload form says its own.
(function () {
  "use strict";
  function show(event, text) {
    var elt = event.detail.elt;
    var config = event.detail.requestConfig;
    if (!elt || !elt.closest || !text || (config && config.verb === "get")) return;
    if (elt.closest("form.upload-form")) return;
    var anchor = elt.closest(".actions") || elt.closest("form") || elt;
    var message = anchor.nextElementSibling;
    if (!message || !message.classList.contains("request-failed")) {
      message = document.createElement("p");
      message.className = "notice request-failed";
      message.setAttribute("role", "alert");
      anchor.insertAdjacentElement("afterend", message);
    }
    message.textContent = text;
  }
  document.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr ? event.detail.xhr.status : "";
    show(event, (document.body.dataset.requestFailed || "").replace("{status}", status));
  });
  document.addEventListener("htmx:sendError", function (event) {
    show(event, document.body.dataset.requestUnsent);
  });
})();

// The row (or block) a button's request replaces takes that button's keyboard focus: else
// focus, and a screen reader, fall back to the top of the page. Only where the swap lost it
// (the review queue moves it to the next row itself, review.js; htmx itself moves it to the
// new element of the same id, as a passage search result's "Koppelen", add-link-Q-P).
(function () {
  "use strict";
  var held = null;
  document.addEventListener("htmx:beforeRequest", function (event) {
    var target = event.detail.target;
    if (target && target.id && target.contains(document.activeElement)) held = target.id;
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    var elt = event.detail.elt;
    if (!held || !elt || elt.id !== held) return;
    held = null;
    if (document.activeElement && document.activeElement !== document.body) return;
    if (!elt.hasAttribute("tabindex")) elt.setAttribute("tabindex", "-1");
    elt.focus();
  });
})();

// The element a response marks with data-focus-after-swap (the link "Koppelen" added; its
// button went with the search result or candidate it was in) takes the keyboard focus when
// that response's swap settles. The response names it, so a search or a history reload
// under way meanwhile cannot send the focus elsewhere, as a focus held across requests
// here could (reverted in 7f0274c). Once: the mark goes when it is used.
(function () {
  "use strict";
  document.addEventListener("htmx:afterSettle", function (event) {
    var settled = event.detail.elt;
    if (!settled || !settled.querySelector) return;
    var marked = settled.matches("[data-focus-after-swap]")
      ? settled
      : settled.querySelector("[data-focus-after-swap]");
    if (!marked) return;
    marked.removeAttribute("data-focus-after-swap");
    if (!marked.hasAttribute("tabindex")) marked.setAttribute("tabindex", "-1");
    marked.focus();
  });
})();

// A long document's page shows one part of its passages (?deel=N). An older link to a
// passage or footnote by its anchor alone (#passage-ID, #noot-ID) that is not in the part
// shown asks the server for the part holding it (links made now say so themselves).
(function () {
  "use strict";
  var match = /^#(passage|noot)-(\d+)$/.exec(window.location.hash);
  if (!match || document.getElementById(match[1] + "-" + match[2])) return;
  if (!document.querySelector("[data-document-parts]")) return;
  if (new URLSearchParams(window.location.search).has(match[1])) return;  // asked already
  window.location.replace(
    window.location.pathname + "?" + match[1] + "=" + match[2] + window.location.hash
  );
})();
