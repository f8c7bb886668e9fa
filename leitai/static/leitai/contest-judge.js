// The judge's phone: show the unit being scored, steppers per criterion, the total; send the
// sheet with an idempotency key, keep it queued on the phone while offline and send it when the
// network returns. "Submitted" shows only after the server answered that it stored the sheet.
(function () {
  "use strict";
  const page = document.getElementById("judge-page");
  const token = page.dataset.token;
  const queueKey = "leitai-contest-queue-" + token.slice(0, 12);
  const form = document.getElementById("sheet");
  const inputs = Array.from(form.querySelectorAll("input[type=number]"));
  const status = document.getElementById("status");
  let round = null;
  let shownRound = null;

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
  function queue() { try { return JSON.parse(localStorage.getItem(queueKey) || "[]"); } catch (e) { return []; } }
  function saveQueue(items) { localStorage.setItem(queueKey, JSON.stringify(items)); }
  function total() { return inputs.reduce((sum, i) => sum + (parseInt(i.value, 10) || 0), 0); }
  function clamp(input) {
    const max = parseInt(input.max, 10);
    let v = parseInt(input.value, 10);
    if (isNaN(v) || v < 0) v = 0;
    if (v > max) v = max;
    input.value = v;
  }
  function refreshTotal() { document.getElementById("total").textContent = total(); }

  form.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-step]");
    if (!button) return;
    const input = button.parentElement.querySelector("input");
    input.value = (parseInt(input.value, 10) || 0) + parseInt(button.dataset.step, 10);
    clamp(input);
    refreshTotal();
  });
  inputs.forEach(i => i.addEventListener("input", () => { clamp(i); refreshTotal(); }));

  async function send() {
    const items = queue();
    if (!items.length) return;
    const item = items[0];
    say(page.dataset.msgSending, "wait");
    let answer;
    try {
      answer = await fetch(page.dataset.submitUrl, {
        method: "POST", headers: headers(true), credentials: "omit",
        body: JSON.stringify({round: item.round, key: item.key, points: item.points}),
      });
    } catch (e) {
      say(page.dataset.msgQueued, "wait");
      return;
    }
    if (answer.status >= 500) { say(page.dataset.msgQueued, "wait"); return; }
    saveQueue(queue().filter(q => q.key !== item.key));
    if (answer.ok) {
      say(page.dataset.msgSubmitted, "ok");
    } else {
      const body = await answer.json().catch(() => ({}));
      say((body.errors && Object.values(body.errors).flat().join(" ")) || body.message || answer.statusText, "err");
    }
    if (queue().length) send();
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (round === null) return;
    const items = queue().filter(q => q.round !== round);
    items.push({round: round, key: newKey(), points: inputs.map(i => parseInt(i.value, 10) || 0)});
    saveQueue(items);
    send();
  });

  function show(state) {
    const unit = document.getElementById("unit");
    unit.textContent = state.unit_name || page.dataset.msgNone;
    document.getElementById("unit-state").textContent = "";
    round = state.accepting ? state.round : null;
    form.hidden = !state.accepting;
    if (state.round !== shownRound) {
      shownRound = state.round;
      inputs.forEach((input, n) => { input.value = state.points ? state.points[n] : 0; });
      refreshTotal();
      if (!queue().some(q => q.round === state.round)) say("", "");
    }
    if (queue().some(q => q.round === state.round)) return;  // a sheet is on its way
    if (state.recused) say(page.dataset.msgRecused, "wait");
    else if (state.submitted && state.state === "revealed") say(page.dataset.msgRevealed, "ok");
    else if (state.submitted) say(page.dataset.msgSubmitted, "ok");
    else if (state.round && !state.accepting) say(page.dataset.msgWait, "wait");
  }

  async function poll() {
    try {
      const answer = await fetch(page.dataset.stateUrl, {headers: headers(false), credentials: "omit", cache: "no-store"});
      if (answer.ok) show(await answer.json());
    } catch (e) {
      if (!queue().length) say(page.dataset.msgOffline, "wait");
    }
  }

  window.addEventListener("online", send);
  setInterval(() => { send(); poll(); }, 2000);
  poll();
  send();
})();
