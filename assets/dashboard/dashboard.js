// Slipway dashboard: the only script. It follows the live logs by server-sent events; every other
// page works without it.
"use strict";

const MAX_LINES = 500;

function followLogs(pre) {
  const source = new EventSource(pre.dataset.src);
  source.onmessage = (event) => {
    const atBottom = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 4;
    pre.append(event.data + "\n");
    while (pre.childNodes.length > MAX_LINES) pre.firstChild.remove();
    if (atBottom) pre.scrollTop = pre.scrollHeight;
  };
  // The server ends the stream when the app has nothing running; do not reconnect in a loop.
  source.onerror = () => {
    if (source.readyState === EventSource.CLOSED) pre.append("(log stream closed)\n");
  };
}

document.addEventListener("DOMContentLoaded", () => {
  const pre = document.getElementById("log");
  if (pre && pre.dataset.src) followLogs(pre);
});
