/* Draws the overview's charts from the json_script blocks; the tables stay as the no-JS view. */
(function () {
  if (typeof echarts === "undefined") { return; }
  function read(id) { var el = document.getElementById(id); return el ? JSON.parse(el.textContent) : null; }

  function heatmap(data) {
    // data.rows[weekday][i] is the utilisation (%) of hour data.hours[i]; null where nothing is offered.
    var cells = [];
    data.rows.forEach(function (row, day) {
      row.forEach(function (value, i) { if (value !== null) { cells.push([i, day, value]); } });
    });
    return {
      tooltip: { position: "top", formatter: function (p) {
        return data.weekdays[p.value[1]] + " " + String(data.hours[p.value[0]]).padStart(2, "0") + ":00 · " + p.value[2] + "%";
      } },
      grid: { left: 8, right: 8, top: 8, bottom: 48, containLabel: true },
      xAxis: { type: "category", data: data.hours.map(function (h) { return String(h).padStart(2, "0"); }), splitArea: { show: true } },
      yAxis: { type: "category", data: data.weekdays, inverse: true, splitArea: { show: true } },
      visualMap: { min: 0, max: 100, calculable: false, orient: "horizontal", left: "center", bottom: 0, itemHeight: 120,
                   text: ["100%", "0%"], inRange: { color: ["#f1f5ff", "#0d6efd"] } },
      series: [{ type: "heatmap", data: cells, label: { show: false } }]
    };
  }

  document.querySelectorAll(".dash-chart").forEach(function (el) {
    var data = read(el.dataset.source);
    if (!data) { return; }
    var chart = echarts.init(el);
    var option;
    if (el.dataset.chart === "heatmap") {
      option = heatmap(data);
    } else {
      option = { tooltip: { trigger: "axis" }, grid: { left: 40, right: 12, top: 16, bottom: 56, containLabel: true },
                 xAxis: { type: "category", data: data.labels, axisLabel: { interval: "auto", rotate: 30 } },
                 yAxis: { type: "value", minInterval: 1 } };
      if (el.dataset.chart === "line") {
        option.legend = { type: "scroll", bottom: 0 };
        option.series = data.series.map(function (s) { return { name: s.name, type: "line", smooth: true, data: s.data }; });
      } else {
        option.series = [{ type: "bar", data: data.values }];
      }
    }
    chart.setOption(option);
    // A chart whose data carries links opens the list behind the clicked bar (or heatmap cell:
    // links[weekday][hour index]).
    if (data.links && el.dataset.chart === "heatmap") {
      chart.on("click", function (p) {
        var href = (data.links[p.value[1]] || [])[p.value[0]];
        if (href) { window.location.href = href; }
      });
    } else if (data.links) {
      chart.on("click", function (p) { if (data.links[p.dataIndex]) { window.location.href = data.links[p.dataIndex]; } });
    }
    var table = el.nextElementSibling;
    if (table && table.classList.contains("dash-chart-table")) { table.classList.add("visually-hidden"); }
    window.addEventListener("resize", function () { chart.resize(); });
  });
})();
