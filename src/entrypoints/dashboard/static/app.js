// Live updates over server-sent events. The server renders (and escapes) every fragment;
// this only puts them in place. Forms work without it: they are plain POSTs.
"use strict";
(function () {
  const url = document.body.dataset.events;
  if (!url || !window.EventSource) return;
  const dot = document.getElementById("live");
  const source = new EventSource(url);
  source.onopen = () => dot && dot.classList.add("on");
  source.onerror = () => dot && dot.classList.remove("on");
  source.addEventListener("rows", (event) => {
    const rows = document.getElementById("rows");
    if (rows) rows.innerHTML = event.data;
  });
  source.addEventListener("session", (event) => {
    const message = JSON.parse(event.data);
    const live = document.getElementById("live-part");
    if (live && live.innerHTML !== message.live) live.innerHTML = message.live;
    const log = document.getElementById("log");
    if (log && log.innerHTML !== message.log) {
      log.innerHTML = message.log;
      const pre = log.querySelector("pre");
      if (pre) pre.scrollTop = pre.scrollHeight;
    }
    // The gate's forms are replaced only when the gate itself changes, never while a
    // person types into them.
    if (document.body.dataset.gate !== message.gate) {
      document.body.dataset.gate = message.gate;
      const gate = document.getElementById("gate");
      if (gate) gate.innerHTML = message.gate_html;
      document.querySelectorAll(".flash").forEach((flash) => flash.remove());
    }
  });
})();
