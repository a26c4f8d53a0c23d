// 运行监测 charts. The page's #monitor-config holds the drawn members' series (history with the
// enterprise-list query of each month, forecast with 80%/95% intervals) and the cluster's
// 荣枯指数 lines; the cockpit panel's [data-prosperity-panel] holds its own. A click on a
// month opens the enterprises behind that figure.
(function () {
  "use strict";
  var charts = [];
  var colours = ["#1557b0", "#d9480f", "#2b8a3e", "#ae3ec9", "#0c8599"];

  function number(value) {
    if (value === null || value === undefined || isNaN(value)) return "—";
    return Number(value).toLocaleString("zh-CN", { maximumFractionDigits: 1 });
  }

  // The months of the lines, from the first with a value (growth-based lines start a year late).
  function months(lines) {
    var seen = {};
    lines.forEach(function (line) {
      (line.points || []).concat(line.forecast || []).forEach(function (p) {
        if (p.value !== null && p.value !== undefined) seen[p.period] = true;
      });
    });
    var found = Object.keys(seen).sort();
    if (!found.length) return found;
    var all = {};
    lines.forEach(function (line) {
      (line.points || []).concat(line.forecast || []).forEach(function (p) {
        if (p.period >= found[0]) all[p.period] = true;
      });
    });
    return Object.keys(all).sort();
  }

  function byMonth(axis, points, key) {
    var found = {};
    (points || []).forEach(function (p) { found[p.period] = p; });
    return axis.map(function (period) {
      var p = found[period];
      return p ? { value: p[key], query: p.list_query || null } : null;
    });
  }

  // The interval as a stacked pair: an invisible lower edge, then the width above it.
  function band(axis, forecast, low, high, name, opacity, stack) {
    var lows = byMonth(axis, forecast, low), highs = byMonth(axis, forecast, high);
    var base = lows.map(function (p) { return p ? p.value : null; });
    var width = highs.map(function (p, i) { return p && base[i] !== null ? p.value - base[i] : null; });
    return [
      { name: name, type: "line", stack: stack, data: base, symbol: "none", lineStyle: { opacity: 0 },
        tooltip: { show: false }, silent: true },
      { name: name, type: "line", stack: stack, data: width, symbol: "none", lineStyle: { opacity: 0 },
        areaStyle: { color: "#d9480f", opacity: opacity }, tooltip: { show: false }, silent: true }
    ];
  }

  function history(axis, line, index) {
    return {
      name: line.member_name, type: "line", connectNulls: false, symbolSize: 5,
      itemStyle: { color: colours[index % colours.length] },
      data: byMonth(axis, line.points, "value")
    };
  }

  function draw(holder, option) {
    var chart = echarts.init(holder);
    chart.setOption(option);
    chart.on("click", function (event) {
      var query = event.data && event.data.query;
      if (query) window.location.href = "/enterprises?" + query;
    });
    charts.push(chart);
    return chart;
  }

  function base(axis, unit, legend) {
    // No entry animation: points are clickable (drill-down) as soon as they are drawn.
    return {
      animation: false,
      tooltip: { trigger: "axis", valueFormatter: number },
      legend: { top: 0, type: "scroll", data: legend },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: axis, axisLabel: { fontSize: 11 } },
      yAxis: { type: "value", scale: true, name: unit === "%" || unit === "指数" ? "" : unit,
        axisLabel: { fontSize: 11, formatter: unit === "%" ? "{value}%" : undefined } }
    };
  }

  function trend(holder, config) {
    var line = config.series[0];
    var axis = months([line]);
    var series = band(axis, line.forecast, "lo95", "hi95", "95% 区间", 0.1, "b95")
      .concat(band(axis, line.forecast, "lo80", "hi80", "80% 区间", 0.18, "b80"));
    series.push(history(axis, line, 0));
    var ahead = byMonth(axis, line.forecast, "value");
    var last = line.points.length ? line.points[line.points.length - 1] : null;
    if (last && line.forecast.length) ahead[axis.indexOf(last.period)] = { value: last.value };
    series.push({ name: "预测", type: "line", data: ahead, symbolSize: 4,
      lineStyle: { type: "dashed" }, itemStyle: { color: "#d9480f" } });
    var option = base(axis, config.unit, [line.member_name, "预测"]);
    option.series = series;
    draw(holder, option);
  }

  function compare(holder, config) {
    var axis = months(config.series.map(function (s) { return { points: s.points }; }));
    var option = base(axis, config.unit, config.series.map(function (s) { return s.member_name; }));
    option.series = config.series.map(function (line, i) { return history(axis, line, i); });
    draw(holder, option);
  }

  function prosperity(holder, lines) {
    var axis = months(lines.map(function (s) { return { points: s.points }; }));
    var option = base(axis, "指数", lines.map(function (s) { return s.name; }));
    option.series = lines.map(function (line, i) {
      var drawn = history(axis, line, i);
      drawn.name = line.name;
      if (i > 0) { drawn.lineStyle = { width: 1 }; drawn.symbolSize = 3; }
      if (i === 0) {
        drawn.lineStyle = { width: 3 };
        drawn.markLine = { symbol: "none", silent: true, data: [{ yAxis: 50, name: "荣枯线" }],
          lineStyle: { color: "#b42318", type: "dashed" },
          label: { position: "insideEndTop", formatter: "荣枯线 50", color: "#b42318" } };
      }
      return drawn;
    });
    draw(holder, option);
  }

  function init() {
    if (typeof echarts === "undefined") return;
    var source = document.getElementById("monitor-config");
    if (source) {
      var config = JSON.parse(source.textContent);
      document.querySelectorAll("[data-monitor-chart]").forEach(function (holder) {
        var kind = holder.getAttribute("data-monitor-chart");
        if (kind === "trend" && config.series.length) trend(holder, config);
        if (kind === "compare" && config.series.length > 1) compare(holder, config);
        if (kind === "prosperity" && config.prosperity.length) prosperity(holder, config.prosperity);
      });
    }
    document.querySelectorAll("[data-prosperity-panel]").forEach(function (holder) {
      var data = JSON.parse(holder.querySelector("script").textContent);
      if (data.lines && data.lines.length) prosperity(holder, data.lines);
    });
    window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  }

  // Deferred scripts run before DOMContentLoaded; on the cockpit echarts.min.js comes later.
  if (document.readyState === "complete") init();
  else document.addEventListener("DOMContentLoaded", init);
})();
