/* Coverage page: weekly visits per grid or worker as bars, drawn from the json_script block.
 * A static file because the Content-Security-Policy allows no inline script. */
(function () {
  "use strict";
  var source = document.getElementById("weekly-data");
  var box = document.getElementById("weekly-chart");
  if (!source || !box || typeof echarts === "undefined") return;
  var data = JSON.parse(source.textContent);
  var chart = echarts.init(box);
  chart.setOption({
    tooltip: { trigger: "axis" }, legend: { type: "scroll", bottom: 0 },
    grid: { left: 36, right: 12, top: 12, bottom: 48 },
    xAxis: { type: "category", data: data.weeks }, yAxis: { type: "value", minInterval: 1 },
    series: data.series.map(function (s) { return { name: s.name, type: "bar", data: s.data }; })
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
