// The trend charts of rank and total over the year: rank 1 at the top, totals to two decimals.
(function () {
  var data = JSON.parse(document.getElementById("trend-data").textContent);
  function two(value) { return value == null ? "—" : Number(value).toFixed(2); }
  function draw(id, key) {
    var rank = key === "rank";
    var chart = echarts.init(document.getElementById(id));
    var axis = rank
      // Rank 1 at the top; the axis ends at the worst rank drawn (rounded up to 5), not at 0.
      ? {type: "value", inverse: true, min: 1, minInterval: 1,
         max: function (v) { return Math.max(2, Math.min(data.size, Math.ceil(v.max / 5) * 5)); }}
      : {type: "value", scale: true, axisLabel: {formatter: two}};
    chart.setOption({
      animation: false,
      tooltip: {trigger: "axis", valueFormatter: rank ? function (v) { return v == null ? "—" : v; } : two},
      legend: {type: "scroll", top: 0}, grid: {left: 56, right: 20, top: 40, bottom: 30},
      xAxis: {type: "category", data: data.months},
      yAxis: axis,
      series: data.series.map(function (s) {
        return {name: s.name, type: "line", connectNulls: true, data: s[key], symbolSize: 7};
      })
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  draw("rank-trend", "rank");
  draw("total-trend", "total");
})();
