// Keeps the queue and an open conversation current without reloading the page: every few
// seconds, each element with data-refresh is replaced by the server-rendered HTML at that
// address (escaped by the server's templates, so nothing a user wrote runs here).
"use strict";

const REFRESH_MS = 3000;

function refresh(element) {
  fetch(element.dataset.refresh, {
    headers: { "X-Requested-With": "fetch" },
    credentials: "same-origin",
    cache: "no-store",
  })
    .then((response) => {
      if (response.status === 401) {
        window.location.reload(); // the session ended: back to the log-in page
        return null;
      }
      return response.ok ? response.text() : null;
    })
    .then((html) => {
      if (html !== null && html !== element.dataset.last) {
        element.dataset.last = html;
        element.innerHTML = html;
      }
    })
    .catch(() => {}); // a missed refresh is tried again on the next tick
}

document.addEventListener("DOMContentLoaded", () => {
  for (const element of document.querySelectorAll("[data-refresh]")) {
    setInterval(() => refresh(element), REFRESH_MS);
  }
});
