/* Charts of figure tables (the training report, the statistics): each drawn with Chart.js (vendored, see
   vendor/chartjs/VERSION) from the accessible table beside it. The table stays the source
   and is always shown; the chart is an aid (aria-hidden). No inline script (CSP). */
(function () {
  "use strict";
  function draw(figure) {
    var table = document.getElementById(figure.getAttribute("data-chart-for"));
    if (!table || typeof window.Chart === "undefined") return;
    var column = parseInt(table.getAttribute("data-chart-column"), 10);
    var labels = [];
    var values = [];
    table.querySelectorAll("tbody tr").forEach(function (tr) {
      var head = tr.querySelector("th");
      var cells = tr.querySelectorAll("td");
      var cell = cells[column - 1];
      if (!head || !cell || !cell.hasAttribute("data-value")) return;
      labels.push(head.textContent.trim());
      values.push(parseFloat(cell.getAttribute("data-value")) || 0);
    });
    if (!labels.length) return;
    var canvas = document.createElement("canvas");
    canvas.setAttribute("role", "presentation");
    figure.appendChild(canvas);
    figure.classList.add("report-chart-h" + Math.min(labels.length, 16));
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: labels,
        datasets: [{
          label: table.getAttribute("data-chart-title") || "",
          data: values,
          backgroundColor: "#1f5f99"
        }]
      },
      options: {
        indexAxis: "y",
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: false } },
        scales: { x: { beginAtZero: true, ticks: { precision: 0 } } }
      }
    });
  }
  function init() {
    document.querySelectorAll("figure.report-chart[data-chart-for]").forEach(draw);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
