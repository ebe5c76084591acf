/* The dashboard: draws each chart with Chart.js (served from static/) from the figures the
   page embeds with json_script, and shows the date fields only for a period of chosen
   dates. A hidden figure ("fewer than 5") arrives as null and is drawn as no bar; the
   table beside each chart holds the same figures. A chart with nothing to draw has no
   canvas: the page says why instead. Charts are drawn when their section is first
   opened (a closed <details> has no size to draw in). */
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

  function drawCharts(root, charts, texts) {
    var style = getComputedStyle(document.documentElement);
    var colour = style.getPropertyValue("--brand").trim() || "#0b5d55";
    root.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var data = charts[canvas.getAttribute("data-chart")];
      if (!data || window.Chart.getChart(canvas)) {
        return;
      }
      var horizontal = data.kind === "horizontal";
      var valueAxis = { beginAtZero: true, ticks: { precision: 0 } };
      // Long category names (boundary triggers, topics) are shortened on a narrow screen
      // rather than cut off at the edge; the tooltip and the table give them whole.
      var longest = canvas.parentElement.clientWidth < 500 ? 18 : 42;
      var categoryAxis = {
        ticks: {
          callback: function (value) {
            var label = String(this.getLabelForValue(value));
            return label.length > longest ? label.slice(0, longest - 1) + "\u2026" : label;
          },
        },
      };
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
          scales: horizontal ? { x: valueAxis, y: categoryAxis } : { y: valueAxis },
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

  function drawOpenSections() {
    var charts = readJSON("dashboard-charts");
    var texts = readJSON("dashboard-chart-texts") || {};
    if (!charts || typeof window.Chart === "undefined") {
      return;
    }
    document.querySelectorAll("details.dashboard-section").forEach(function (section) {
      if (section.open) {
        drawCharts(section, charts, texts);
      }
      section.addEventListener("toggle", function () {
        if (section.open) {
          drawCharts(section, charts, texts);
        }
      });
    });
    // A printed report shows every section, folded or not, with its charts drawn.
    window.addEventListener("beforeprint", function () {
      document.querySelectorAll("details.dashboard-section").forEach(function (section) {
        section.open = true;
        drawCharts(section, charts, texts);
      });
    });
  }

  toggleDates();
  drawOpenSections();
})();
