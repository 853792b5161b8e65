/*
 * Draws the dashboards' charts from the JSON data blocks the pages embed, and wires the
 * print button. No inline script anywhere: the pages run under
 * Content-Security-Policy "script-src 'self'". Every number drawn here is also in a
 * table on the same page.
 */
(function () {
  "use strict";

  var COLOURS = {
    actual: "#1f4e79",
    target: "#c0392b",
    female: "#8e44ad",
    male: "#16a085",
    trajectory: "#c0392b",
    decisions: "#7f8c8d",
    recipients: "#1f4e79"
  };

  function numberFormat() {
    var lang = document.documentElement.lang || "vi";
    return new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });
  }

  function datasetOptions(spec, dataset) {
    var colour = COLOURS[dataset.kind] || "#34495e";
    var options = {
      label: dataset.label,
      data: dataset.data,
      borderColor: colour,
      backgroundColor: colour,
      spanGaps: false
    };
    if (spec.type === "line") {
      options.borderWidth = dataset.kind === "actual" ? 3 : 2;
      options.pointRadius = dataset.kind === "target" ? 7 : 4;
      if (dataset.kind === "trajectory") {
        // The line the on-track rule judges against: dashed, no points.
        options.borderDash = [6, 4];
        options.borderWidth = 1.5;
        options.pointRadius = 0;
        options.spanGaps = true;
      }
      if (dataset.kind === "target") {
        // A target is a point to reach, not a trend: no line between years.
        options.showLine = false;
        options.pointStyle = "rectRot";
      }
    }
    return options;
  }

  function drawChart(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-chart"));
    if (!source || typeof window.Chart === "undefined") {
      return;
    }
    var spec = JSON.parse(source.textContent);
    var format = numberFormat();
    var stacked = Boolean(spec.stacked);
    // The range comes from the server (dashboards/charts.py): lines of rates get one
    // that separates them, bars start at zero.
    var range = spec.y || { min: 0 };
    new window.Chart(canvas, {
      type: spec.type,
      data: {
        labels: spec.labels,
        datasets: spec.datasets.map(function (dataset) {
          return datasetOptions(spec, dataset);
        })
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: {
          legend: { position: "bottom" },
          tooltip: {
            callbacks: {
              label: function (context) {
                var value = context.parsed.y;
                return context.dataset.label + ": " + (value === null ? "–" : format.format(value));
              }
            }
          }
        },
        scales: {
          x: { stacked: stacked },
          y: {
            stacked: stacked,
            beginAtZero: range.min === 0,
            min: range.min,
            max: range.max,
            title: { display: Boolean(spec.unit), text: spec.unit },
            ticks: {
              callback: function (value) {
                return format.format(value);
              }
            }
          }
        }
      }
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("canvas[data-chart]"), drawChart);
    Array.prototype.forEach.call(document.querySelectorAll("[data-print]"), function (button) {
      button.addEventListener("click", function () {
        window.print();
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
