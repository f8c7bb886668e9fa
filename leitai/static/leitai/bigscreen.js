// The big screen: each group's red list (红榜) and black list (黑榜), rotating group by group.
// Bars scale to the group's totals (not to zero) and every number shows two decimals.
(function () {
  const data = JSON.parse(document.getElementById("screen-data").textContent);
  document.getElementById("fullscreen").addEventListener("click", () => document.documentElement.requestFullscreen && document.documentElement.requestFullscreen());
  if (!data.groups.length) return;
  const charts = {red: echarts.init(document.getElementById("chart-red")), black: echarts.init(document.getElementById("chart-black"))};
  const colours = {red: "#e53935", black: "#90a4ae"};
  let index = 0;
  function two(v) { return Number(v).toFixed(2); }
  function range(group) {
    const span = Math.max(group.high - group.low, 1);
    return {min: Math.max(0, Math.floor(group.low - span * 0.25)), max: Math.ceil(group.high + span * 0.05)};
  }
  function draw(kind, group) {
    const rows = group[kind].slice().reverse();  // ECharts draws categories bottom-up
    const axis = range(group);
    document.getElementById("empty-" + kind).hidden = rows.length > 0;
    charts[kind].setOption({
      animation: false, grid: {left: 8, right: 130, top: 8, bottom: 28, containLabel: true},
      xAxis: {type: "value", min: axis.min, max: axis.max, splitNumber: 4,
              axisLabel: {color: "rgba(255,255,255,.7)", fontSize: 14, formatter: two},
              splitLine: {lineStyle: {color: "rgba(255,255,255,.12)"}}},
      yAxis: {type: "category", data: rows.map(r => r.rank + "  " + r.unit),
              axisLabel: {color: "#fff", fontSize: 18}, axisTick: {show: false}},
      series: [{type: "bar", barMaxWidth: 34, itemStyle: {color: colours[kind]},
                data: rows.map(r => ({value: r.value, total: r.total, change: r.change})),
                label: {show: true, position: "right", color: "#fff", fontSize: 18,
                        formatter: p => p.data.total + (p.data.change ? "  " + p.data.change : "")}}],
    }, true);
  }
  function show(i) {
    const group = data.groups[i];
    document.getElementById("group-name").textContent = group.name;
    document.querySelectorAll("#dots span").forEach((d, n) => d.className = n === i ? "on" : "");
    draw("red", group);
    draw("black", group);
  }
  show(0);
  window.addEventListener("resize", () => { charts.red.resize(); charts.black.resize(); });
  if (data.groups.length > 1) setInterval(() => { index = (index + 1) % data.groups.length; show(index); }, data.seconds * 1000);
})();
