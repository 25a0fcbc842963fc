// Ruta: the only script of our own. Everything works without it.
//
// Selects inside form.js-autosubmit (language, institution) submit their form as soon as a
// choice is made with the mouse or by touch. Keyboard users are not sent away while they move
// through the options with the arrow keys (some browsers fire "change" on every arrow press):
// they confirm with Enter or with the visible submit button, which always stays.
(function () {
  "use strict";
  var NAVIGATION_KEYS = ["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", "Home", "End", "PageUp", "PageDown"];

  function autosubmitSelect(target) {
    if (!target || target.tagName !== "SELECT") return null;
    var form = target.closest("form.js-autosubmit");
    return form ? form : null;
  }

  function submit(form) {
    if (typeof form.requestSubmit === "function") {
      form.requestSubmit();
    } else {
      form.submit();
    }
  }

  document.addEventListener("keydown", function (event) {
    var form = autosubmitSelect(event.target);
    if (!form) return;
    if (event.key === "Enter") {
      event.preventDefault();
      submit(form);
    } else if (NAVIGATION_KEYS.indexOf(event.key) !== -1 || event.key.length === 1) {
      event.target.dataset.keyboard = "1";
    }
  });

  document.addEventListener("change", function (event) {
    var form = autosubmitSelect(event.target);
    if (!form) return;
    if (event.target.dataset.keyboard) return; // wait for Enter or the button
    submit(form);
  });

  document.addEventListener("focusout", function (event) {
    if (autosubmitSelect(event.target)) delete event.target.dataset.keyboard;
  });

  // A pointer on the select means the next change comes from a click or a tap.
  document.addEventListener("pointerdown", function (event) {
    if (autosubmitSelect(event.target)) delete event.target.dataset.keyboard;
  });
})();
