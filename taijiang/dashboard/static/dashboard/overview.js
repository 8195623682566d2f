/* Draws the overview's charts from the json_script blocks; the tables stay as the no-JS view. */
(function () {
  if (typeof echarts === "undefined") { return; }
  function read(id) { var el = document.getElementById(id); return el ? JSON.parse(el.textContent) : null; }
  document.querySelectorAll(".dash-chart").forEach(function (el) {
    var data = read(el.dataset.source);
    if (!data) { return; }
    var chart = echarts.init(el);
    var option = { tooltip: { trigger: "axis" }, grid: { left: 40, right: 12, top: 16, bottom: 56, containLabel: true },
                   xAxis: { type: "category", data: data.labels, axisLabel: { interval: "auto", rotate: 30 } },
                   yAxis: { type: "value", minInterval: 1 } };
    if (el.dataset.chart === "line") {
      option.legend = { type: "scroll", bottom: 0 };
      option.series = data.series.map(function (s) { return { name: s.name, type: "line", smooth: true, data: s.data }; });
    } else {
      option.series = [{ type: "bar", data: data.values }];
    }
    chart.setOption(option);
    var table = el.nextElementSibling;
    if (table && table.classList.contains("dash-chart-table")) { table.classList.add("visually-hidden"); }
    window.addEventListener("resize", function () { chart.resize(); });
  });
})();
