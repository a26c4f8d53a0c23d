// 产业地图: each [data-map] element draws its region from the JSON inside it.
// Child regions with a polygon in the map file are shaded by heat; the others (districts on
// a city outline) are bubbles at their centres. Enterprises are points coloured by key.
// A click on a region opens the map there; a click on an enterprise opens its profile.
(function () {
  "use strict";
  var HEAT_COLOURS = ["#e3eefb", "#9cc3ee", "#4a8fd9", "#1557b0", "#0b3470"];

  function heatOf(row, heat) {
    if (heat === "count") return row.enterprises;
    return (heat === "output" ? row.output_12m_wan_yuan : row.revenue_12m_wan_yuan) || 0;
  }

  function mapHref(config, code) {
    return "/map?" + (config.mapBase ? config.mapBase + "&" : "") + "region=" + code;
  }

  function namesByCode(geo) {
    var names = {};
    geo.features.forEach(function (feature) {
      var props = feature.properties || {};
      if (!props.adcode || !props.name) return;
      (names[props.adcode] = names[props.adcode] || []).push(props.name);
    });
    return names;
  }

  function mapName(geo) {
    // ECharts adds 南海诸岛 and 钓鱼岛 to the bundled national map registered as "china".
    if (geo.ib_code === "100000" && geo.ib_source === "echarts@4.9.0") return "china";
    return "ib-" + geo.ib_source + "-" + geo.ib_code;
  }

  function tooltip(regions) {
    return function (p) {
      var d = p.data || {};
      if (d.uscc) return d.name + "<br>" + d.label + (d.precision !== "address" ? "<br>（画在所在区划中心）" : "");
      if (!d.row) return p.name;
      var r = d.row;
      return r.name + "<br>企业 " + r.enterprises + " 家（规上 " + r.above_scale + "）<br>" +
        regions.heat_label + "：" + Math.round(heatOf(r, regions.heat)).toLocaleString("zh-CN");
    };
  }

  function seriesFor(config, geo) {
    var regions = config.regions, names = namesByCode(geo), polygons = [], bubbles = [];
    regions.children.forEach(function (row) {
      var value = heatOf(row, regions.heat);
      if (names[row.code] && row.code !== geo.ib_code) {
        names[row.code].forEach(function (name) { polygons.push({ name: name, value: value, row: row }); });
      } else if (row.enterprises > 0) {
        bubbles.push({ name: row.name, value: [row.longitude, row.latitude, value], row: row });
      }
    });
    var max = Math.max.apply(null, [1].concat(regions.children.map(function (r) { return heatOf(r, regions.heat); })));
    var series = [{ type: "map", geoIndex: 0, data: polygons }];
    series.push({
      type: "scatter", coordinateSystem: "geo", data: bubbles, z: 3,
      symbolSize: function (v) { return 10 + 30 * Math.sqrt(v[2] / max); },
      label: { show: true, position: "right", formatter: "{b}", fontSize: 11 }
    });
    return { series: series, max: max, labels: polygons.length <= 40 };
  }

  function pointSeries(config) {
    var found = config.points;
    if (!found || !found.points.length) return [];
    var labels = {};
    found.legend.forEach(function (e) { labels[e.key] = e.label; });
    return found.legend.map(function (entry) {
      return {
        type: "scatter", coordinateSystem: "geo", name: entry.label, z: 4, symbolSize: 7,
        itemStyle: { color: config.colours[entry.key] || "#9aa5b1", borderColor: "#fff", borderWidth: 0.5 },
        data: found.points.filter(function (p) { return p.key === entry.key; }).map(function (p) {
          return { name: p.name, value: [p.longitude, p.latitude], uscc: p.uscc, precision: p.precision, label: labels[p.key] };
        })
      };
    });
  }

  function option(config, geo, name) {
    var built = seriesFor(config, geo), dark = document.body.classList.contains("big-screen");
    var region = config.regions.region, leaf = !config.regions.children.length;
    var current = (namesByCode(geo)[region.code] || []).map(function (n) {
      return { name: n, itemStyle: { areaColor: dark ? "#1f3a5c" : "#dbe8f8" } };
    });
    // A district drawn on its city's outline: look at the district.
    var focus = region.code !== geo.ib_code && region.longitude !== null;
    return {
      tooltip: { trigger: "item", formatter: tooltip(config.regions) },
      visualMap: {
        show: !leaf, type: "continuous", min: 0, max: built.max, seriesIndex: [0, 1], inRange: { color: HEAT_COLOURS },
        left: 8, bottom: 8, itemHeight: 80, calculable: false,
        text: ["高", "低"], textStyle: { color: dark ? "#dbe7f5" : "#1f2933" }
      },
      geo: {
        map: name, roam: true, regions: current, selectedMode: false,
        center: focus ? [region.longitude, region.latitude] : undefined, zoom: focus ? 2.5 : 1,
        label: { show: built.labels, fontSize: 10, color: dark ? "#dbe7f5" : "#1f2933" },
        itemStyle: { areaColor: dark ? "#12233a" : "#f4f6f8", borderColor: dark ? "#4f6d8f" : "#8a99a8" },
        emphasis: { label: { show: true }, itemStyle: { areaColor: "#ffd43b" } }
      },
      series: built.series.concat(pointSeries(config))
    };
  }

  function onClick(config) {
    var codes = {};
    config.regions.children.forEach(function (row) { codes[row.code] = true; });
    return function (p) {
      var d = p.data || {};
      if (d.uscc) window.location.href = "/enterprises/" + d.uscc;
      else if (d.row && codes[d.row.code]) window.location.href = mapHref(config, d.row.code);
    };
  }

  function credit(holder, geo) {
    // An approved base map must show its 审图号 (docs/map.md).
    if (!geo.review_number) return;
    var note = document.createElement("p");
    note.className = "small muted map-credit";
    note.textContent = "审图号：" + geo.review_number;
    holder.insertAdjacentElement("afterend", note);
  }

  function draw(holder, config, geo) {
    var name = mapName(geo);
    credit(holder, geo);
    echarts.registerMap(name, geo);
    var chart = echarts.init(holder);
    chart.setOption(option(config, geo, name));
    chart.on("click", onClick(config));
    // Animations over: what is drawn is where convertToPixel says (browser tests wait for it).
    chart.on("finished", function () { holder.setAttribute("data-drawn", "true"); });
    // ECharts' geo fails on an empty box (a big-screen panel squeezed to nothing).
    window.addEventListener("resize", function () {
      if (holder.clientWidth && holder.clientHeight) chart.resize();
    });
  }

  function load(holder) {
    var source = holder.querySelector("script.map-data");
    if (!source) return;
    var config = JSON.parse(source.textContent);
    var url = "/api/v1/map/geo/" + config.regions.region.code + "?nearest=true";
    fetch(url, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (geo) { draw(holder, config, geo); })
      .catch(function (error) {
        holder.insertAdjacentHTML("beforeend", '<p class="muted">地图加载失败（' + String(error.message).replace(/[<>&]/g, "") + '），请使用下方表格。</p>');
      });
  }

  function autoSubmit() {
    var form = document.getElementById("map-filters");
    if (!form) return;
    form.querySelectorAll("select").forEach(function (select) {
      select.addEventListener("change", function () {
        if (select.name === "template" && form.elements.node) form.elements.node.value = "";
        form.submit();
      });
    });
  }

  function init() {
    if (typeof echarts === "undefined") return;
    document.querySelectorAll("[data-map]").forEach(load);
    autoSubmit();
  }

  // Deferred scripts run before DOMContentLoaded; on the cockpit echarts.min.js comes later.
  if (document.readyState === "complete") init();
  else document.addEventListener("DOMContentLoaded", init);
})();
