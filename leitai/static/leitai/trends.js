// The trend charts of rank and total over the year.
(function () {
  var data = JSON.parse(document.getElementById("trend-data").textContent);
  function draw(id, key, inverse) {
    var chart = echarts.init(document.getElementById(id));
    chart.setOption({
      tooltip: {trigger: "axis"}, legend: {type: "scroll", top: 0}, grid: {left: 40, right: 20, top: 40, bottom: 30},
      xAxis: {type: "category", data: data.months},
      yAxis: {type: "value", inverse: inverse, minInterval: inverse ? 1 : 0, scale: !inverse},
      series: data.series.map(function (s) { return {name: s.name, type: "line", connectNulls: true, data: s[key]}; })
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  draw("rank-trend", "rank", true);
  draw("total-trend", "total", false);
})();
