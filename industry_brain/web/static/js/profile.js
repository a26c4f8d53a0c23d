// The profile's charts (企业画像): one line per operations metric over 36 months, with months
// not reported left as gaps (null), and the suppliers/customers graph around the enterprise.
// Reads #profile-data; a click on a counterparty in the warehouse opens its profile.
(function () {
  "use strict";
  var source = document.getElementById("profile-data");
  if (!source || typeof echarts === "undefined") return;
  var data = JSON.parse(source.textContent);
  var charts = [];
  var colours = {
    revenue_wan_yuan: "#1557b0", output_value_wan_yuan: "#2e7d32", tax_wan_yuan: "#ef6c00",
    electricity_kwh: "#6a1b9a", employees: "#00838f"
  };

  function number(value) {
    return value === null || value === undefined ? "未报送" : Number(value).toLocaleString("zh-CN");
  }

  function drawMonths(holder) {
    var key = holder.getAttribute("data-chart");
    var chart = echarts.init(holder);
    chart.setOption({
      tooltip: { trigger: "axis", valueFormatter: number },
      grid: { left: 8, right: 24, top: 12, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: data.months.periods, axisLabel: { fontSize: 11 } },
      yAxis: { type: "value", axisLabel: { fontSize: 11 } },
      series: [{
        name: holder.getAttribute("data-title"),
        type: "line",
        data: data.months[key],
        connectNulls: false,
        showSymbol: true,
        symbolSize: 4,
        itemStyle: { color: colours[key] },
        areaStyle: { opacity: 0.08 }
      }]
    });
    charts.push(chart);
  }

  function short(name) {
    return (name || "").replace(/(股份)?有限(责任)?公司$/, "");
  }

  // One node per counterparty and side (suppliers left, customers right); its products and
  // 12-month amounts label the edge. On a narrow screen the columns close in, names sit above
  // the nodes and the edge labels move into the tooltip (the table below has them all).
  function side(rows, column, narrow, prefix) {
    var nodes = [], links = [], byCode = {};
    var shown = Math.min(distinct(rows), 10);
    rows.forEach(function (row) {
      var node = byCode[row.uscc];
      if (!node) {
        if (nodes.length >= 10) return;
        node = byCode[row.uscc] = {
          id: prefix + row.uscc, uscc: row.uscc, link: Boolean(row.in_warehouse && data.links),
          name: short(row.name) || row.uscc, fullName: row.name || row.uscc + "（未在数据仓中）",
          products: [], symbolSize: 14, x: column * (narrow ? 110 : 320),
          y: (nodes.length - (shown - 1) / 2) * (narrow ? 64 : 52),
          itemStyle: { color: row.in_warehouse ? "#1557b0" : "#9e9e9e" },
          label: narrow
            ? { show: true, position: "top", width: 120, overflow: "truncate" }
            : { show: true, position: column < 0 ? "left" : "right" }
        };
        nodes.push(node);
      }
      var amount = row.amount_12m_wan_yuan === null ? "—" : Number(row.amount_12m_wan_yuan).toLocaleString("zh-CN");
      node.products.push((row.product_name || "未注明产品") + " " + amount + " 万元");
    });
    nodes.forEach(function (node) {
      var text = node.products.join("；");
      links.push({
        source: column < 0 ? node.id : "self", target: column < 0 ? "self" : node.id,
        label: { show: !narrow, formatter: text.length > 24 ? text.slice(0, 23) + "…" : text, fontSize: 11 },
        tooltip: { formatter: node.fullName + "：" + text }
      });
      node.tooltip = { formatter: node.fullName + "<br>" + node.products.join("<br>") };
    });
    return { nodes: nodes, links: links };
  }

  function drawGraph(holder) {
    var narrow = holder.clientWidth < 640;
    var suppliers = side(data.relations.suppliers, -1, narrow, "s:");
    var customers = side(data.relations.customers, 1, narrow, "c:");
    // Invisible anchors keep both columns in view, so the enterprise stays in the middle.
    var anchors = [-1, 1].map(function (column) {
      return {
        id: "anchor" + column, name: "", x: column * (narrow ? 110 : 320), y: 0, symbolSize: 0,
        label: { show: false }, tooltip: { show: false }, itemStyle: { opacity: 0 },
        emphasis: { disabled: true }
      };
    });
    var rows = Math.max(suppliers.nodes.length, customers.nodes.length, 1);
    holder.style.height = Math.max(240, rows * (narrow ? 64 : 52) + 120) + "px";
    var centre = {
      id: "self", name: short(data.name), x: 0, y: 0, symbolSize: 30,
      itemStyle: { color: "#b42318" }, tooltip: { formatter: data.name },
      label: { show: true, position: "bottom", fontWeight: "bold", width: narrow ? 120 : 200, overflow: "break" }
    };
    var chart = echarts.init(holder);
    chart.setOption({
      tooltip: {},
      series: [{
        type: "graph", layout: "none", roam: true,
        label: { fontSize: 12 }, edgeSymbol: ["none", "arrow"], edgeSymbolSize: 7,
        lineStyle: { color: "#90a4ae", width: 1.5 },
        data: [centre].concat(anchors, suppliers.nodes, customers.nodes),
        links: suppliers.links.concat(customers.links)
      }]
    });
    chart.on("click", function (event) {
      if (event.dataType === "node" && event.data.link) {
        window.location.href = "/enterprises/" + encodeURIComponent(event.data.uscc);
      }
    });
    charts.push(chart);
  }

  function distinct(rows) {
    var seen = {};
    rows.forEach(function (row) { seen[row.uscc] = true; });
    return Object.keys(seen).length;
  }

  document.querySelectorAll("[data-chart]").forEach(drawMonths);
  var graph = document.getElementById("relations-graph");
  if (graph) drawGraph(graph);
  window.addEventListener("resize", function () {
    charts.forEach(function (chart) { chart.resize(); });
  });
})();
