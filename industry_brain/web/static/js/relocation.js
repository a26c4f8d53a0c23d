// 迁移监测 enterprise page: one line chart per figure behind the operations signals, over
// 36 months with months not reported left as gaps; the months the score compares (the latest
// 3 and the same months a year before) are shaded. Reads #relocation-data.
(function () {
  "use strict";
  var source = document.getElementById("relocation-data");
  if (!source || typeof echarts === "undefined") return;
  var data = JSON.parse(source.textContent);
  var colours = {
    electricity_kwh: "#1565c0", tax_wan_yuan: "#00838f", employees: "#2e7d32", revenue_wan_yuan: "#6d4c41"
  };
  var charts = [];
  var last = data.periods.length - 1;

  function band(end) {
    if (end - 2 < 0) return null;
    return [{ xAxis: data.periods[end - 2] }, { xAxis: data.periods[end] }];
  }

  function number(value) {
    return value === null || value === undefined ? "未报送" : Number(value).toLocaleString("zh-CN");
  }

  document.querySelectorAll("[data-series]").forEach(function (holder) {
    var key = holder.getAttribute("data-series");
    var bands = [band(last), band(last - 12)].filter(Boolean);
    var chart = echarts.init(holder);
    chart.setOption({
      tooltip: { trigger: "axis", valueFormatter: number },
      grid: { left: 8, right: 24, top: 12, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: data.periods, axisLabel: { fontSize: 11 } },
      yAxis: { type: "value", axisLabel: { fontSize: 11 } },
      series: [{
        name: holder.getAttribute("data-title"),
        type: "line",
        data: data[key],
        connectNulls: false,
        showSymbol: true,
        symbolSize: 4,
        itemStyle: { color: colours[key] },
        markArea: { silent: true, itemStyle: { color: "rgba(239, 108, 0, 0.12)" }, data: bands }
      }]
    });
    charts.push(chart);
  });
  window.addEventListener("resize", function () {
    charts.forEach(function (chart) { chart.resize(); });
  });
})();
