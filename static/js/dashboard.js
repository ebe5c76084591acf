/* The dashboard: draws each chart with Chart.js (served from static/) from the figures the
   page embeds with json_script, and shows the date fields only for a period of chosen
   dates. A hidden figure ("fewer than 5") arrives as null and is drawn as no bar; the
   table beside each chart holds the same figures. */
(function () {
  "use strict";

  function readJSON(id) {
    var element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

  function toggleDates() {
    var period = document.getElementById("id_period");
    if (!period) {
      return;
    }
    var update = function () {
      document.querySelectorAll(".dashboard-dates").forEach(function (box) {
        box.hidden = period.value !== "custom";
      });
    };
    period.addEventListener("change", update);
    update();
  }

  function drawCharts() {
    var charts = readJSON("dashboard-charts");
    var texts = readJSON("dashboard-chart-texts") || {};
    if (!charts || typeof window.Chart === "undefined") {
      return;
    }
    var style = getComputedStyle(document.documentElement);
    var colour = style.getPropertyValue("--brand").trim() || "#0b5d55";
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var data = charts[canvas.getAttribute("data-chart")];
      if (!data) {
        return;
      }
      var horizontal = data.kind === "horizontal";
      var valueAxis = { beginAtZero: true, ticks: { precision: 0 } };
      new window.Chart(canvas, {
        type: "bar",
        data: {
          labels: data.labels,
          datasets: [{ label: data.series, data: data.values, backgroundColor: colour }],
        },
        options: {
          indexAxis: horizontal ? "y" : "x",
          aspectRatio: horizontal ? 1.2 : 2,
          animation: false,
          scales: horizontal ? { x: valueAxis } : { y: valueAxis },
          plugins: {
            legend: { display: false },
            title: { display: true, text: data.title },
            tooltip: {
              callbacks: {
                label: function (item) {
                  var text = data.texts[item.dataIndex];
                  return data.series + ": " + (text || texts.hidden || "");
                },
              },
            },
          },
        },
      });
    });
  }

  toggleDates();
  drawCharts();
})();
