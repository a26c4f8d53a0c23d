// Cockpit charts: each [data-chart] element draws the series of its panel from #cockpit-charts.
(function () {
  "use strict";
  var source = document.getElementById("cockpit-charts");
  if (!source || typeof echarts === "undefined") return;
  var series = JSON.parse(source.textContent);
  document.querySelectorAll("[data-chart]").forEach(function (holder) {
    var points = series[holder.getAttribute("data-chart")] || [];
    if (!points.length) return;
    var chart = echarts.init(holder);
    chart.setOption({
      tooltip: { trigger: "axis" },
      grid: { left: 60, right: 50, top: 40, bottom: 30 },
      legend: { top: 0, data: ["营业收入（万元）", "同比（%）"] },
      xAxis: { type: "category", data: points.map(function (p) { return p.period; }) },
      yAxis: [{ type: "value" }, { type: "value", axisLabel: { formatter: "{value}%" } }],
      series: [
        { name: "营业收入（万元）", type: "bar", data: points.map(function (p) { return p.revenue; }) },
        { name: "同比（%）", type: "line", yAxisIndex: 1, data: points.map(function (p) { return p.yoy; }) }
      ]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  });
})();
