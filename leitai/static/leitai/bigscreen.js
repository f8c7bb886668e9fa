// The big screen: rotating group leaderboards.
(function () {
  const data = JSON.parse(document.getElementById("screen-data").textContent);
  document.getElementById("fullscreen").addEventListener("click", () => document.documentElement.requestFullscreen && document.documentElement.requestFullscreen());
  if (!data.groups.length) return;
  const chart = echarts.init(document.getElementById("chart"), null, {renderer: "canvas"});
  const body = document.querySelector("#board tbody");
  let index = 0;
  function cell(tag, text, cls) { const el = document.createElement(tag); el.textContent = text; if (cls) el.className = cls; return el; }
  function show(i) {
    const group = data.groups[i];
    document.getElementById("group-name").textContent = group.name;
    document.querySelectorAll("#dots span").forEach((d, n) => d.className = n === i ? "on" : "");
    body.replaceChildren(...group.rows.map(r => {
      const tr = document.createElement("tr");
      tr.append(cell("td", r.rank), cell("td", r.unit), cell("td", r.total, "text-end"),
                cell("td", r.change, "text-center " + r.change_class));
      return tr;
    }));
    const rows = group.rows.slice().reverse();
    chart.setOption({
      animation: false, grid: {left: "32%", right: "10%", top: 10, bottom: 10},
      xAxis: {type: "value", show: false},
      yAxis: {type: "category", data: rows.map(r => r.unit), axisLabel: {color: "#fff", fontSize: 18}},
      series: [{type: "bar", barMaxWidth: 44, data: rows.map(r => r.value), itemStyle: {color: "#ffb300"},
                label: {show: true, position: "right", color: "#fff", fontSize: 16}}],
    }, true);
  }
  show(0);
  window.addEventListener("resize", () => chart.resize());
  if (data.groups.length > 1) setInterval(() => { index = (index + 1) % data.groups.length; show(index); }, data.seconds * 1000);
})();
