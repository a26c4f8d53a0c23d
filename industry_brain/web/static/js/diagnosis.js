// 数字化诊断: the radar of the dimensions and the history of totals on a report, the count
// per level on the summary, and “以上都没有” clearing the other options of its question.
(function () {
  "use strict";
  var ACCENT = "#1557b0";

  function resizeWith(chart) {
    window.addEventListener("resize", function () { chart.resize(); });
  }

  function drawRadar(holder, data) {
    var chart = echarts.init(holder);
    chart.setOption({
      tooltip: {},
      radar: {
        radius: "62%",
        indicator: data.dimensions.map(function (d) { return { name: d.name, max: 100 }; }),
        axisName: { color: "#1f2933", fontSize: 12 }
      },
      series: [{
        type: "radar", name: "得分率（%）",
        areaStyle: { color: ACCENT, opacity: 0.2 }, itemStyle: { color: ACCENT },
        data: [{ name: "得分率（%）", value: data.dimensions.map(function (d) { return d.pct; }) }]
      }]
    });
    resizeWith(chart);
  }

  function drawHistory(holder, data) {
    var chart = echarts.init(holder);
    chart.setOption({
      tooltip: { trigger: "axis" },
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: data.history.map(function (h) { return h.at; }) },
      yAxis: { type: "value", min: 0, max: 100 },
      series: [{
        name: "总分", type: "line", itemStyle: { color: ACCENT },
        data: data.history.map(function (h) { return h.total; }),
        label: { show: true }
      }]
    });
    resizeWith(chart);
  }

  function drawLevels(holder, data) {
    var chart = echarts.init(holder);
    chart.setOption({
      tooltip: { trigger: "axis" },
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: data.levels },
      yAxis: { type: "value", minInterval: 1 },
      series: [{ name: "企业数", type: "bar", itemStyle: { color: ACCENT }, data: data.counts }]
    });
    resizeWith(chart);
  }

  function exclusiveOptions(form) {
    form.addEventListener("change", function (event) {
      var box = event.target;
      if (box.type !== "checkbox" || !box.checked) return;
      var group = form.querySelectorAll('input[name="' + box.name + '"]');
      group.forEach(function (other) {
        if (other === box) return;
        if (box.hasAttribute("data-exclusive") || other.hasAttribute("data-exclusive")) {
          other.checked = false;
        }
      });
    });
  }

  function init() {
    var source = document.getElementById("diagnosis-data");
    var data = source ? JSON.parse(source.textContent) : null;
    if (data && typeof echarts !== "undefined") {
      var radar = document.querySelector("[data-diagnosis-radar]");
      if (radar) drawRadar(radar, data);
      var history = document.querySelector("[data-diagnosis-history]");
      if (history) drawHistory(history, data);
      var levels = document.querySelector("[data-diagnosis-levels]");
      if (levels) drawLevels(levels, data);
    }
    var form = document.getElementById("diagnosis-form");
    if (form) exclusiveOptions(form);
  }

  if (document.readyState === "complete") init();
  else document.addEventListener("DOMContentLoaded", init);
})();
