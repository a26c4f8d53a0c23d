// 预警: the warning's series chart (months of the condition shaded, gaps kept), the cockpit's
// monthly feedback-loop chart, and the rule form showing the chosen kind's parameters.
(function () {
  "use strict";
  var LEVEL_COLOURS = { "红": "#c62828", "橙": "#ef6c00", "黄": "#f9a825", "蓝": "#1565c0" };
  var OUTCOME_COLOURS = {
    resolved: "#2e7d32", helped: "#00838f", false_alarm: "#9e9e9e", gone: "#6d4c41", other: "#7e57c2"
  };

  function number(value) {
    return value === null || value === undefined ? "未报送" : Number(value).toLocaleString("zh-CN");
  }

  function resizeWith(chart) {
    window.addEventListener("resize", function () { chart.resize(); });
  }

  function drawSeries(holder, data) {
    var series = data.series;
    var chart = echarts.init(holder);
    var colour = LEVEL_COLOURS[data.level] || "#1557b0";
    chart.setOption({
      tooltip: { trigger: "axis", valueFormatter: number },
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: series.periods, axisLabel: { fontSize: 11 } },
      yAxis: { type: "value", axisLabel: { fontSize: 11 } },
      series: [{
        name: series.label, type: "line", data: series.values, connectNulls: false,
        showSymbol: true, symbolSize: 5, itemStyle: { color: "#1557b0" },
        markArea: {
          silent: true, itemStyle: { color: colour, opacity: 0.12 },
          data: [[{ xAxis: data.since }, { xAxis: data.period }]]
        },
        markPoint: {
          symbolSize: 36, itemStyle: { color: colour },
          data: [{ coord: [data.period, series.values[series.periods.indexOf(data.period)]], value: data.level }]
        }
      }]
    });
    resizeWith(chart);
  }

  function drawFlow(holder) {
    var data = JSON.parse(holder.querySelector("script").textContent);
    var months = data.months.map(function (m) { return m.month; });
    var outcomes = Object.keys(data.outcomes).map(function (key) {
      return {
        name: "办结：" + data.outcomes[key], type: "bar", stack: "outcome",
        itemStyle: { color: OUTCOME_COLOURS[key] },
        data: data.months.map(function (m) { return m[key]; })
      };
    });
    var chart = echarts.init(holder);
    chart.setOption({
      tooltip: { trigger: "axis" },
      legend: { top: 0, type: "scroll", textStyle: { fontSize: 11 } },
      grid: { left: 8, right: 8, top: 34, bottom: 4, containLabel: true },
      xAxis: { type: "category", data: months, axisLabel: { fontSize: 10 } },
      yAxis: { type: "value", minInterval: 1, axisLabel: { fontSize: 10 } },
      series: [{
        name: "产生", type: "line", itemStyle: { color: "#c62828" },
        data: data.months.map(function (m) { return m.raised; })
      }].concat(outcomes)
    });
    resizeWith(chart);
  }

  function showKind(form) {
    var select = form.querySelector("[data-rule-kind]");
    if (!select) return;
    var update = function () {
      form.querySelectorAll("fieldset[data-kind]").forEach(function (fieldset) {
        fieldset.hidden = fieldset.getAttribute("data-kind") !== select.value;
      });
    };
    select.addEventListener("change", update);
    update();
  }

  function init() {
    var source = document.getElementById("alerts-detail-data");
    var holder = document.querySelector("[data-alerts-series]");
    if (source && holder && typeof echarts !== "undefined") {
      var data = JSON.parse(source.textContent);
      if (data.series) drawSeries(holder, data);
    }
    if (typeof echarts !== "undefined") {
      document.querySelectorAll("[data-alerts-flow]").forEach(function (flow) {
        if (!flow.getAttribute("data-drawn")) {
          flow.setAttribute("data-drawn", "1");
          drawFlow(flow);
        }
      });
    }
    document.querySelectorAll("#rule-form").forEach(showKind);
  }

  // Deferred scripts run before DOMContentLoaded; on the cockpit echarts.min.js comes later.
  if (document.readyState === "complete") init();
  else document.addEventListener("DOMContentLoaded", init);
})();
