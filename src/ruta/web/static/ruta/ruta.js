// Ruta: the only script of our own. Everything works without it.
//
// A municipality select (select[data-department-field], core.widgets.MunicipalitySelect)
// lists only the municipalities of the department chosen in its form; without this script it
// lists every municipality and the server refuses one outside the department.
//
// A select[data-searchable] (core.widgets.SearchableSelectMultiple) becomes a Tom Select
// widget when the page loaded the vendored library; otherwise it stays a plain select.
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

  // Municipalities follow the department. The full list is kept aside once, and the select is
  // rebuilt from it at each change: hiding options does not work in every browser.
  function departmentSelect(municipality) {
    var form = municipality.form;
    var name = municipality.dataset.departmentField;
    return form && name ? form.elements.namedItem(name) : null;
  }

  function filterMunicipalities(municipality) {
    var department = departmentSelect(municipality);
    if (!department) return;
    if (!municipality._rutaOptions) {
      municipality._rutaOptions = Array.prototype.slice.call(municipality.options);
    }
    var chosen = department.value;
    var selected = municipality.value;
    var keep = municipality._rutaOptions.filter(function (option) {
      return !option.value || (chosen && option.dataset.department === chosen);
    });
    municipality.replaceChildren.apply(municipality, keep);
    var stillThere = keep.some(function (option) { return option.value === selected; });
    municipality.value = stillThere ? selected : "";
  }

  function filterAll(root) {
    var selects = (root || document).querySelectorAll("select[data-department-field]");
    Array.prototype.forEach.call(selects, filterMunicipalities);
  }

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (!target || target.tagName !== "SELECT" || !target.form) return;
    var selects = target.form.querySelectorAll("select[data-department-field]");
    Array.prototype.forEach.call(selects, function (municipality) {
      if (departmentSelect(municipality) === target) filterMunicipalities(municipality);
    });
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { filterAll(document); });
  } else {
    filterAll(document);
  }
  // Forms loaded into the page by htmx (the case page's "Add an event").
  document.addEventListener("htmx:load", function (event) { filterAll(event.target); });

  // Long lists searchable by typing (Tom Select, vendored). The label that pointed at the
  // select is moved to the widget's input by Tom Select itself.
  function searchable(root) {
    if (typeof window.TomSelect !== "function") return;
    var selects = (root || document).querySelectorAll("select[data-searchable]");
    Array.prototype.forEach.call(selects, function (select) {
      if (select.tomselect) return;
      var noResults = select.dataset.noResults || "";
      new window.TomSelect(select, {
        plugins: { remove_button: { title: select.dataset.removeLabel || "" } },
        placeholder: select.dataset.placeholder || "",
        hidePlaceholder: true,
        maxOptions: null,
        closeAfterSelect: true,
        render: {
          no_results: function (data, escape) {
            return '<div class="no-results">' + escape(noResults) + "</div>";
          }
        }
      });
    });
  }

  // This file is deferred, and so is the library, after it: both have run by DOMContentLoaded.
  document.addEventListener("DOMContentLoaded", function () { searchable(document); });
})();

// The case page's menu (nav.case-nav) marks the section being read with aria-current, and on
// a phone keeps that entry in view in its strip. Without the script, the links still work.
(function () {
  "use strict";
  var nav = document.querySelector("nav.case-nav");
  if (!nav) return;
  var links = Array.prototype.slice.call(nav.querySelectorAll('a[href^="#"]'));
  var sections = links
    .map(function (link) { return document.getElementById(link.getAttribute("href").slice(1)); })
    .filter(Boolean);
  if (!sections.length) return;
  var pending = false;

  function current() {
    // The last section whose top has passed a third of the window; at the end of the page,
    // the last one (a short last section never reaches that line).
    var doc = document.documentElement;
    if (window.scrollY > 0 && window.innerHeight + window.scrollY >= doc.scrollHeight - 2) {
      return sections[sections.length - 1].id;
    }
    var line = window.innerHeight / 3;
    var found = sections[0].id;
    sections.forEach(function (section) {
      if (section.getBoundingClientRect().top <= line) found = section.id;
    });
    return found;
  }

  function mark() {
    pending = false;
    var id = current();
    links.forEach(function (link) {
      if (link.getAttribute("href") === "#" + id) {
        link.setAttribute("aria-current", "location");
        var left = link.offsetLeft - nav.offsetLeft;
        if (left < nav.scrollLeft || left + link.offsetWidth > nav.scrollLeft + nav.clientWidth) {
          nav.scrollLeft = Math.max(0, left - 16);
        }
      } else {
        link.removeAttribute("aria-current");
      }
    });
  }

  function schedule() {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(mark);
  }

  window.addEventListener("scroll", schedule, { passive: true });
  window.addEventListener("resize", schedule);
  window.addEventListener("hashchange", schedule);
  mark();
})();

// The case page's "next step" button leads to a section of the page: the form it names is
// opened there (the first closed <details> of the section), ready to fill in.
document.addEventListener("click", function (event) {
  "use strict";
  var link = event.target.closest && event.target.closest("a[data-step]");
  if (!link) return;
  var hash = link.hash;
  if (!hash || link.pathname !== window.location.pathname) return;
  var section = document.getElementById(hash.slice(1));
  var details = section && section.querySelector("details:not([open])");
  if (details) details.open = true;
});
