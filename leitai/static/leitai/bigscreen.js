// The big screen: each group's red list (红榜) and black list (黑榜), rotating group by group.
// Bars scale to each list's totals (not to zero); every total shows two decimals.
(function () {
  const data = JSON.parse(document.getElementById("screen-data").textContent);
  document.getElementById("fullscreen").addEventListener("click", () => document.documentElement.requestFullscreen && document.documentElement.requestFullscreen());
  if (!data.groups.length) return;
  const charts = {red: echarts.init(document.getElementById("chart-red")), black: echarts.init(document.getElementById("chart-black"))};
  const colours = {red: "#e53935", black: "#90a4ae"};
  let index = 0;
  // Rank changes take the page's convention (red up in Chinese use; see rankings/changes.py).
  const style = getComputedStyle(document.documentElement);
  const rich = {
    "rise": {color: style.getPropertyValue("--lt-rise-on-dark").trim() || "#ff6b6b", fontSize: 18},
    "fall": {color: style.getPropertyValue("--lt-fall-on-dark").trim() || "#66e08a", fontSize: 18},
    "same": {color: "rgba(255,255,255,.7)", fontSize: 18},
  };
  function tone(cls) { return cls === "rank-rise" ? "rise" : cls === "rank-fall" ? "fall" : "same"; }
  function label(p) {
    const d = p.data;
    return d.total + (d.change ? "  {" + tone(d.change_class) + "|" + d.change + "}" : "");
  }
  function draw(kind, group) {
    const list = group[kind];
    const rows = list.rows.slice().reverse();  // ECharts draws categories bottom-up
    document.getElementById("empty-" + kind).hidden = rows.length > 0;
    // The same list as text, for screen readers (the chart is a picture).
    document.getElementById("names-" + kind).replaceChildren(...list.rows.map(r => {
      const li = document.createElement("li");
      li.textContent = [r.rank, r.unit, r.total, r.change].join(" ");
      return li;
    }));
    charts[kind].setOption({
      animation: false, grid: {left: 8, right: 140, top: 8, bottom: 8, containLabel: true},
      // The bars start near the list's lowest total, not at zero; every bar carries its number.
      xAxis: {type: "value", min: list.min, max: list.max, axisLabel: {show: false}, splitLine: {show: false}},
      yAxis: {type: "category", data: rows.map(r => r.rank + "  " + r.unit),
              axisLabel: {color: "#fff", fontSize: 18}, axisTick: {show: false}},
      series: [{type: "bar", barMaxWidth: 34, itemStyle: {color: colours[kind]},
                data: rows.map(r => ({value: r.value, total: r.total, change: r.change, change_class: r.change_class})),
                label: {show: true, position: "right", color: "#fff", fontSize: 18, formatter: label, rich: rich}}],
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
