// Keeps the queue and an open conversation current without reloading the page: every few
// seconds, each element with data-refresh is replaced by the server-rendered HTML at that
// address (escaped by the server's templates, so nothing a user wrote runs here).
//
// On the queue, with the person's permission ("Alert me on this device"), a new open
// hand-off of high or critical severity raises a browser notification and a short sound.
// The notification names the school and the severity only: never what anyone wrote.
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
        const focus = focusedPlace(element);
        element.innerHTML = html;
        restoreFocus(element, focus);
        if (element.id === "queue") alertNew(element);
      }
    })
    .catch(() => {}); // a missed refresh is tried again on the next tick
}

// Whoever is moving through the queue (Tab, or j and k) keeps their place when it is
// redrawn: the same case's link, or the same link, is focused again.
function focusedPlace(element) {
  const active = document.activeElement;
  if (!active || !element.contains(active)) return null;
  const row = active.closest("tr[data-escalation-id]");
  return { row: row ? row.dataset.escalationId : null, href: active.getAttribute("href") };
}

function restoreFocus(element, place) {
  if (place === null) return;
  let target = null;
  if (place.row !== null) {
    target = element.querySelector(`tr[data-escalation-id="${CSS.escape(place.row)}"] a[href]`);
  }
  if (target === null && place.href !== null) {
    target = element.querySelector(`a[href="${CSS.escape(place.href)}"]`);
  }
  if (target !== null) target.focus({ preventScroll: true });
}

// --- Alerts for new high-severity hand-offs --------------------------------------------

const ALERT_SEVERITIES = ["high", "critical"];
// The ids already alerted (or already on the page when it was opened), for this tab only:
// a reload does not alert them again, and a new tab starts from what it shows.
const SEEN_KEY = "signpost-console-seen";
const SEEN_KEPT = 500;

// The listed rows, and the open cases the filters leave out (a hidden list): a filter left
// on must not silence a new hand-off.
function alertableRows(panel) {
  return Array.from(panel.querySelectorAll("[data-escalation-id]")).filter(
    (row) => row.dataset.status === "new" && ALERT_SEVERITIES.includes(row.dataset.severity),
  );
}

function readSeen() {
  try {
    const stored = window.sessionStorage.getItem(SEEN_KEY);
    return stored === null ? null : new Set(JSON.parse(stored));
  } catch (error) {
    return null; // storage blocked or garbled: start afresh
  }
}

function writeSeen(seen) {
  try {
    window.sessionStorage.setItem(SEEN_KEY, JSON.stringify(Array.from(seen).slice(-SEEN_KEPT)));
  } catch (error) {
    // storage blocked: this page still remembers them in memory
  }
}

let seen = new Set();

function alertsAllowed() {
  return "Notification" in window && window.isSecureContext && Notification.permission === "granted";
}

function alertNew(panel) {
  const fresh = alertableRows(panel).filter((row) => !seen.has(row.dataset.escalationId));
  if (fresh.length === 0) return;
  for (const row of fresh) seen.add(row.dataset.escalationId);
  writeSeen(seen);
  if (!alertsAllowed()) return;
  for (const row of fresh) notify(row);
  chime();
}

function notify(row) {
  const link = row.querySelector("a[href]");
  try {
    const notification = new Notification("New high-severity escalation", {
      body: `${row.dataset.schoolName} · ${row.dataset.severity}`,
      tag: row.dataset.escalationId, // one notification per escalation, however often
      requireInteraction: row.dataset.severity === "critical",
    });
    notification.onclick = () => {
      window.focus();
      if (link) window.location.href = link.href;
      notification.close();
    };
  } catch (error) {
    // Some phones allow notifications only from a service worker: the sound and the
    // page's title still say it.
  }
  if (document.hidden) document.title = `(!) ${document.title.replace(TITLE_MARK, "")}`;
}

// A tab in the background shows it in its title too, until someone looks at it.
const TITLE_MARK = /^\(!\) /;
document.addEventListener("visibilitychange", () => {
  if (!document.hidden) document.title = document.title.replace(TITLE_MARK, "");
});

// The sound is made here (no audio file to fetch): two short falling tones. Browsers start
// an AudioContext only after a click or key press on the page, so it is unlocked on the
// first one (the "Alert me" button is one).
let audio = null;

function unlockAudio() {
  const Context = window.AudioContext || window.webkitAudioContext;
  if (!Context) return null;
  if (audio === null) audio = new Context();
  if (audio.state === "suspended") audio.resume().catch(() => {});
  return audio;
}

function chime() {
  const context = unlockAudio();
  if (context === null) return;
  const start = context.currentTime + 0.05;
  [880, 660].forEach((frequency, index) => {
    const at = start + index * 0.25;
    const tone = context.createOscillator();
    const volume = context.createGain();
    tone.type = "sine";
    tone.frequency.value = frequency;
    volume.gain.setValueAtTime(0.0001, at);
    volume.gain.exponentialRampToValueAtTime(0.3, at + 0.02);
    volume.gain.exponentialRampToValueAtTime(0.0001, at + 0.22);
    tone.connect(volume).connect(context.destination);
    tone.start(at);
    tone.stop(at + 0.25);
  });
}

function showPermission(button) {
  button.hidden = false;
  button.disabled = false;
  if (!("Notification" in window) || !window.isSecureContext) {
    button.textContent = "Alerts are not available in this browser";
    button.disabled = true;
  } else if (Notification.permission === "granted") {
    button.textContent = "Alerts on for this device · test the sound";
  } else if (Notification.permission === "denied") {
    button.textContent = "Alerts are blocked: allow notifications for this site in the browser's settings";
    button.disabled = true;
  } else {
    button.textContent = "Alert me on this device";
  }
}

function setUpAlerts(panel) {
  const button = document.getElementById("alert-me");
  // What is on the page when it is opened has been seen; after a reload, whatever arrived
  // meanwhile has not.
  const navigation = performance.getEntriesByType("navigation")[0];
  const stored = readSeen();
  seen = stored || new Set();
  if (stored === null || !navigation || navigation.type !== "reload") {
    for (const row of alertableRows(panel)) seen.add(row.dataset.escalationId);
    writeSeen(seen);
  } else {
    alertNew(panel);
  }
  document.addEventListener("pointerdown", unlockAudio, { once: true });
  document.addEventListener("keydown", unlockAudio, { once: true });
  if (button === null) return;
  showPermission(button);
  button.addEventListener("click", () => {
    unlockAudio();
    if (Notification.permission === "granted") {
      chime();
      return;
    }
    Notification.requestPermission().then(() => {
      showPermission(button);
      if (Notification.permission === "granted") chime();
    });
  });
}

document.addEventListener("DOMContentLoaded", () => {
  for (const element of document.querySelectorAll("[data-refresh]")) {
    setInterval(() => refresh(element), REFRESH_MS);
  }
  const queue = document.getElementById("queue");
  if (queue !== null) setUpAlerts(queue);
});
