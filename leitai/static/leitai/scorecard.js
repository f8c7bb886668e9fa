// A unit's scorecard: its rank over the year.
document.addEventListener("DOMContentLoaded", function () {
  var data = JSON.parse(document.getElementById("rank-history").textContent);
  if (!window.echarts) return;
  var box = document.getElementById("rank-chart");
  var chart = echarts.init(box);
  chart.setOption({
    tooltip: {trigger: "axis"}, grid: {left: 40, right: 40, top: 30, bottom: 30},
    xAxis: {type: "category", data: data.map(function (d) { return d.period; })},
    yAxis: [{type: "value", inverse: true, min: 1, minInterval: 1, name: box.dataset.rankLabel}, {type: "value", name: box.dataset.totalLabel}],
    series: [{name: box.dataset.rankLabel, type: "line", data: data.map(function (d) { return d.rank; })},
             {name: box.dataset.totalLabel, type: "bar", yAxisIndex: 1, data: data.map(function (d) { return d.total; }), itemStyle: {opacity: 0.3}}]
  });
  window.addEventListener("resize", function () { chart.resize(); });
});
