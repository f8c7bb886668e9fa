// The judge's phone in a rank vote: once every unit has presented, order the units (best first)
// with up/down buttons and send the order once, with an idempotency key; kept on the phone while
// offline and sent when the network returns. "Submitted" shows only after the server stored it.
(function () {
  "use strict";
  const page = document.getElementById("rank-page");
  const token = page.dataset.token;
  const queueKey = "leitai-contest-ballot-" + token.slice(0, 12);
  const form = document.getElementById("ballot");
  const list = document.getElementById("rank-list");
  const status = document.getElementById("status");
  let shown = false;

  function headers(json) {
    const h = {"Authorization": "Judge " + token, "Accept": "application/json"};
    if (json) h["Content-Type"] = "application/json";
    return h;
  }
  function say(text, kind) { status.textContent = text; status.className = "status mt-3 " + (kind || ""); }
  function newKey() {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, b => b.toString(16).padStart(2, "0")).join("");
  }
  function queued() { try { return JSON.parse(localStorage.getItem(queueKey) || "null"); } catch (e) { return null; } }
  function renumber() {
    Array.from(list.children).forEach((li, n) => { li.querySelector(".k").textContent = n + 1; });
  }
  function item(unit) {
    const li = document.createElement("li");
    li.dataset.round = unit.round;
    const k = document.createElement("span"); k.className = "k";
    const name = document.createElement("span"); name.className = "name"; name.textContent = unit.unit_name;
    li.append(k, name);
    [["-1", "↑", page.dataset.msgUp], ["1", "↓", page.dataset.msgDown]].forEach(([move, text, label]) => {
      const b = document.createElement("button");
      b.type = "button"; b.className = "btn btn-outline-secondary"; b.dataset.move = move;
      b.textContent = text; b.setAttribute("aria-label", label + " " + unit.unit_name);
      li.append(b);
    });
    return li;
  }
  list.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-move]");
    if (!button) return;
    const li = button.closest("li");
    if (button.dataset.move === "-1" && li.previousElementSibling) list.insertBefore(li, li.previousElementSibling);
    if (button.dataset.move === "1" && li.nextElementSibling) list.insertBefore(li.nextElementSibling, li);
    renumber();
  });

  async function send() {
    const ballot = queued();
    if (!ballot) return;
    say(page.dataset.msgSending, "wait");
    let answer;
    try {
      answer = await fetch(page.dataset.stateUrl, {
        method: "POST", headers: headers(true), credentials: "omit", body: JSON.stringify(ballot),
      });
    } catch (e) { say(page.dataset.msgQueued, "wait"); return; }
    if (answer.status >= 500) { say(page.dataset.msgQueued, "wait"); return; }
    localStorage.removeItem(queueKey);
    if (answer.ok) { say(page.dataset.msgSubmitted, "ok"); return; }
    const body = await answer.json().catch(() => ({}));
    say((body.errors && Object.values(body.errors).flat().join(" ")) || body.message || answer.statusText, "err");
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const order = Array.from(list.children, li => parseInt(li.dataset.round, 10));
    localStorage.setItem(queueKey, JSON.stringify({key: newKey(), order: order}));
    send();
  });

  function show(state) {
    form.hidden = !state.open;
    if (state.open && !shown) {
      shown = true;
      const byRound = new Map(state.units.map(u => [u.round, u]));
      const order = (state.order || []).filter(r => byRound.has(r));
      const rest = state.units.map(u => u.round).filter(r => !order.includes(r));
      list.replaceChildren(...order.concat(rest).map(r => item(byRound.get(r))));
      renumber();
    }
    if (queued()) return;  // a vote is on its way
    if (state.revealed) { form.hidden = true; say(page.dataset.msgRevealed, "ok"); }
    else if (state.voted) say(page.dataset.msgSubmitted, "ok");
    else if (!state.open) say(page.dataset.msgWait, "wait");
    else if (status.classList.contains("wait")) say("", "");
  }

  async function poll() {
    try {
      const answer = await fetch(page.dataset.stateUrl, {headers: headers(false), credentials: "omit", cache: "no-store"});
      if (answer.ok) show(await answer.json());
    } catch (e) {
      if (!queued()) say(page.dataset.msgOffline, "wait");
    }
  }

  window.addEventListener("online", send);
  setInterval(() => { send(); poll(); }, 2000);
  poll();
  send();
})();
