/* The results dashboard's charts: actual against target per period, drawn with Chart.js
   (vendored) from the accessible table beside each chart. The table stays the source and is
   always shown; the chart is an aid (aria-hidden). No inline script (CSP). */
(function () {
  "use strict";
  function number(cell) {
    var raw = cell ? cell.getAttribute("data-value") : "";
    return raw === "" || raw === null ? null : parseFloat(raw);
  }
  function draw(figure) {
    var table = document.getElementById(figure.getAttribute("data-chart-for"));
    if (!table || typeof window.Chart === "undefined") return;
    var labels = [], actual = [], target = [];
    table.querySelectorAll("tbody tr").forEach(function (tr) {
      var cells = tr.querySelectorAll("td");
      labels.push(tr.querySelector("th").textContent.trim());
      target.push(number(cells[0]));
      actual.push(number(cells[1]));
    });
    if (!labels.length) return;
    var canvas = document.createElement("canvas");
    canvas.setAttribute("role", "presentation");
    figure.appendChild(canvas);
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: labels,
        datasets: [
          { type: "bar", label: table.getAttribute("data-label-value"), data: actual,
            backgroundColor: "#1f5f99", order: 2 },
          { type: "line", label: table.getAttribute("data-label-target"), data: target,
            borderColor: "#d9822b", backgroundColor: "#d9822b", borderDash: [6, 4],
            spanGaps: true, pointRadius: 3, order: 1 }
        ]
      },
      options: {
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { position: "bottom" } },
        scales: { y: { beginAtZero: true, grace: "10%" } }
      }
    });
  }
  function init() {
    document.querySelectorAll("figure.rf-chart[data-chart-for]").forEach(draw);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
