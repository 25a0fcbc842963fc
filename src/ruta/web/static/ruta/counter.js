// Ruta: a live count of characters under each text field that has a limit (maxlength).
// Everything works without it: the server refuses a text over the limit and shows it again.
//
// The words come from the page (data-char-count on <body>: "{count} of {max} characters",
// translated by the template), never from this file. The count is the server's: a line break
// is sent as two characters (CR LF), so it counts two here. A screen reader hears the count
// once the typing pauses (a polite live region, written a second after the last key), not at
// every key.
(function () {
  "use strict";
  var SELECTOR = "textarea[maxlength], input[maxlength]:not([type=hidden])";
  var TEXT_TYPES = ["", "text", "search", "email", "tel", "url"];

  function length(field) {
    return field.value.replace(/\r?\n/g, "\r\n").length;
  }

  function words() {
    return document.body.getAttribute("data-char-count") || "{count} / {max}";
  }

  function render(field, counter) {
    var max = parseInt(field.getAttribute("maxlength"), 10);
    var count = length(field);
    counter.textContent = words().replace("{count}", String(count)).replace("{max}", String(max));
    counter.classList.toggle("char-count-over", count > max);
  }

  function attach(field) {
    if (field.dataset.charCount) return;
    if (field.tagName === "INPUT" && TEXT_TYPES.indexOf((field.getAttribute("type") || "").toLowerCase()) === -1) return;
    if (field.getAttribute("tabindex") === "-1") return; // the public form's hidden honeypot
    var max = parseInt(field.getAttribute("maxlength"), 10);
    if (!(max > 0)) return;
    field.dataset.charCount = "1";
    // What the eye sees, at once; and what a screen reader hears, once the typing pauses.
    var counter = document.createElement("span");
    counter.className = "char-count";
    counter.id = (field.id || "field") + "_count";
    counter.setAttribute("aria-hidden", "true");
    var spoken = document.createElement("span");
    spoken.className = "visually-hidden";
    spoken.setAttribute("aria-live", "polite");
    field.insertAdjacentElement("afterend", counter);
    counter.insertAdjacentElement("afterend", spoken);
    var described = field.getAttribute("aria-describedby");
    field.setAttribute("aria-describedby", described ? described + " " + counter.id : counter.id);
    render(field, counter);
    var timer = null;
    field.addEventListener("input", function () {
      render(field, counter);
      if (timer) window.clearTimeout(timer);
      timer = window.setTimeout(function () { spoken.textContent = counter.textContent; }, 1000);
    });
  }

  function scan(root) {
    var fields = (root || document).querySelectorAll(SELECTOR);
    for (var i = 0; i < fields.length; i++) attach(fields[i]);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { scan(document); });
  } else {
    scan(document);
  }
  // Forms loaded later by htmx (the case page's long forms).
  document.addEventListener("htmx:afterSettle", function (event) { scan(event.target); });
})();
