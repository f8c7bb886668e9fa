// The office home page's chart of open items by group.
  document.addEventListener("DOMContentLoaded", function () {
    var rows = JSON.parse(document.getElementById("group-chart-data").textContent);
    var chart = echarts.init(document.getElementById("group-chart"));
    chart.setOption({
      animation: false,
      grid: {left: 80, right: 20, top: 10, bottom: 30},
      xAxis: {type: "value", minInterval: 1},
      yAxis: {type: "category", data: rows.map(function (r) { return r.name; }), inverse: true},
      series: [{type: "bar", data: rows.map(function (r) { return r.count; }), itemStyle: {color: "#b71c1c"}, label: {show: true, position: "right"}}]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  });
