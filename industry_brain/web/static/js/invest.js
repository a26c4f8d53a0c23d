// 精准招商 map: a gap's candidates as points on the map of China, coloured by score, and the
// cluster's region centre as a star. Reads the JSON inside [data-invest-map]; the base map is
// the 产业地图's (/api/v1/map/geo/100000). A click on a candidate opens its page.
(function () {
  "use strict";
  var SCORE_COLOURS = ["#fde2c8", "#f8a35c", "#e8590c", "#b02a07", "#6b1300"];

  function mapName(geo) {
    // ECharts adds 南海诸岛 and 钓鱼岛 to the bundled national map registered as "china".
    if (geo.ib_code === "100000" && geo.ib_source === "echarts@4.9.0") return "china";
    return "ib-" + geo.ib_source + "-" + geo.ib_code;
  }

  function tooltip(p) {
    var d = p.data || {};
    if (d.cluster) return "集群所在地<br>" + d.name;
    if (!d.uscc) return p.name;
    var score = d.value[2] === null ? "—" : Number(d.value[2]).toFixed(1);
    return "第 " + d.position + " 名 " + d.name + "<br>" + (d.place || "") + "<br>得分 " + score;
  }

  function series(config) {
    var points = config.points.map(function (p) {
      return {
        name: p.name, value: [p.longitude, p.latitude, p.score], uscc: p.uscc,
        position: p.position, place: p.place, href: p.href
      };
    });
    var found = [{
      type: "scatter", coordinateSystem: "geo", name: "候选企业", z: 4, symbolSize: 8,
      itemStyle: { borderColor: "#fff", borderWidth: 0.5 }, data: points.reverse()
    }];
    if (config.cluster) {
      found.push({
        // A plain scatter: a rippling effectScatter never lets the chart report "finished".
        type: "scatter", coordinateSystem: "geo", name: "集群", z: 5, symbol: "pin",
        symbolSize: 30, itemStyle: { color: "#1557b0" },
        label: { show: true, position: "right", formatter: "{b}", fontSize: 12, color: "#0f2a4a" },
        data: [{ name: config.cluster.name, value: [config.cluster.longitude, config.cluster.latitude], cluster: true }]
      });
    }
    return found;
  }

  function option(config, name) {
    var scores = config.points.map(function (p) { return p.score || 0; });
    return {
      tooltip: { trigger: "item", formatter: tooltip },
      visualMap: {
        type: "continuous", min: Math.min.apply(null, [100].concat(scores)),
        max: Math.max.apply(null, [0].concat(scores)), dimension: 2, seriesIndex: 0,
        inRange: { color: SCORE_COLOURS }, text: ["得分高", "低"], left: 8, bottom: 8,
        itemHeight: 90, calculable: false
      },
      geo: {
        map: name, roam: true, zoom: 1.1,
        itemStyle: { areaColor: "#f4f6f8", borderColor: "#8a99a8" },
        emphasis: { label: { show: false }, itemStyle: { areaColor: "#e3eefb" } }
      },
      series: series(config)
    };
  }

  function draw(holder, config, geo) {
    var name = mapName(geo);
    echarts.registerMap(name, geo);
    var chart = echarts.init(holder);
    chart.setOption(option(config, name));
    chart.on("click", function (p) {
      if (p.data && p.data.href) window.location.href = p.data.href;
    });
    chart.on("finished", function () { holder.setAttribute("data-drawn", "true"); });
    window.addEventListener("resize", function () {
      if (holder.clientWidth && holder.clientHeight) chart.resize();
    });
  }

  function load(holder) {
    var source = holder.querySelector("script.invest-map-data");
    if (!source) return;
    var config = JSON.parse(source.textContent);
    fetch(config.geo_url, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (geo) { draw(holder, config, geo); })
      .catch(function (error) {
        holder.insertAdjacentHTML("beforeend", '<p class="muted">地图加载失败（' + String(error.message).replace(/[<>&]/g, "") + '），请使用下方表格。</p>');
      });
  }

  function init() {
    if (typeof echarts === "undefined") return;
    document.querySelectorAll("[data-invest-map]").forEach(load);
  }

  if (document.readyState === "complete") init();
  else document.addEventListener("DOMContentLoaded", init);
})();
