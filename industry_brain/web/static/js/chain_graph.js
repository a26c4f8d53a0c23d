// The chain graph (产业链图谱): 上中下游 columns, node colour by health, size by local revenue.
// Reads the chain from the JSON block #chain-data; a click on a node opens its page.
(function () {
  "use strict";
  var holder = document.getElementById("chain-graph");
  var source = document.getElementById("chain-data");
  if (!holder || !source || typeof echarts === "undefined") return;
  var chain = JSON.parse(source.textContent);
  var stages = ["上游", "中游", "下游"];
  var colours = { strong: "#2e7d32", medium: "#1565c0", weak: "#ef6c00", missing: "#9e9e9e" };
  var rows = { "上游": 0, "中游": 0, "下游": 0 };
  var maxRevenue = Math.max.apply(null, chain.nodes.map(function (n) {
    return n.revenue_12m_wan_yuan || 0;
  }).concat([1]));
  var nodes = chain.nodes.map(function (n) {
    var row = rows[n.stage]++;
    var revenue = n.revenue_12m_wan_yuan || 0;
    return {
      id: n.id,
      name: n.name,
      x: stages.indexOf(n.stage) * 300,
      y: row * 60,
      symbolSize: 18 + 42 * Math.sqrt(revenue / maxRevenue),
      itemStyle: { color: colours[n.health] || colours.missing },
      value: n.local_enterprises || 0,
      tooltip: {
        formatter: n.name + "<br>本地企业 " + (n.local_enterprises || 0) + " 家，规上 " +
          (n.above_scale || 0) + " 家<br>近12个月营收 " + Math.round(revenue) + " 万元" +
          "<br>状态：" + (n.health_label || "未分析") + (n.suggestion ? "（建议" + n.suggestion + "）" : "")
      }
    };
  });
  var links = [];
  chain.nodes.forEach(function (n) {
    n.supplies.forEach(function (target) { links.push({ source: n.id, target: target }); });
  });
  var chart = echarts.init(holder);
  chart.setOption({
    tooltip: {},
    series: [{
      type: "graph",
      layout: "none",
      roam: true,
      label: { show: true, position: "right", fontSize: 12 },
      edgeSymbol: ["none", "arrow"],
      edgeSymbolSize: 6,
      lineStyle: { color: "#90a4ae", opacity: 0.6, curveness: 0.15 },
      data: nodes,
      links: links
    }]
  });
  chart.on("click", function (event) {
    if (event.dataType === "node") {
      window.location.href = "/chain/" + chain.template.id + "/nodes/" + event.data.id;
    }
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
