// Keyboard shortcuts for the queue: j and k move between cases, Enter or o opens one, / goes
// to the filters, ? shows the list (which the page also shows, as "Keyboard shortcuts").
// None of them fires while the person is typing in a field, with Ctrl, Alt or Cmd held, or
// once they are turned off on this device (a screen reader's own single-key commands may
// need them off: WCAG 2.1.4).
"use strict";

const SHORTCUTS_KEY = "signpost-console-shortcuts";

function shortcutsOn() {
  try {
    return window.localStorage.getItem(SHORTCUTS_KEY) !== "off";
  } catch (error) {
    return true; // storage blocked: on, and the switch still works for this page
  }
}

let shortcutsOff = !shortcutsOn();

function typingIn(target) {
  return (
    target instanceof Element &&
    (target.closest("input, textarea, select") !== null || target.isContentEditable)
  );
}

function caseRows() {
  return Array.from(document.querySelectorAll("#queue tr[data-escalation-id]"));
}

function currentRow() {
  const active = document.activeElement;
  return active && active.closest ? active.closest("#queue tr[data-escalation-id]") : null;
}

function openLink(row) {
  return row.querySelector("td.open a[href]") || row.querySelector("a[href]");
}

function moveBy(step) {
  const rows = caseRows();
  if (rows.length === 0) return;
  const at = rows.indexOf(currentRow());
  const next = at === -1 ? 0 : Math.min(rows.length - 1, Math.max(0, at + step));
  const link = openLink(rows[next]);
  link.focus({ preventScroll: true });
  rows[next].scrollIntoView({ block: "nearest" });
}

function toggleList() {
  const list = document.getElementById("shortcuts");
  list.open = !list.open;
  if (list.open) {
    const summary = list.querySelector("summary");
    summary.focus({ preventScroll: true });
    list.scrollIntoView({ block: "nearest" });
  }
}

function onKey(event) {
  if (shortcutsOff || event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) {
    return;
  }
  if (typingIn(event.target)) return;
  const row = currentRow();
  switch (event.key) {
    case "j":
      moveBy(1);
      break;
    case "k":
      moveBy(-1);
      break;
    case "o":
      if (row === null) return;
      window.location.href = openLink(row).href;
      break;
    case "/": {
      const first = document.querySelector("#filters select, #filters input");
      if (first === null) return;
      const folded = first.closest("details");
      if (folded) folded.open = true;
      first.focus();
      break;
    }
    case "?":
      toggleList();
      break;
    default:
      return; // Enter on a case's link opens it as any link does
  }
  event.preventDefault();
}

function showSwitch(button) {
  button.hidden = false;
  button.textContent = shortcutsOff ? "Turn shortcuts on" : "Turn shortcuts off";
  button.setAttribute("aria-pressed", String(!shortcutsOff));
}

document.addEventListener("DOMContentLoaded", () => {
  if (document.getElementById("queue") === null) return;
  document.addEventListener("keydown", onKey);
  const button = document.getElementById("shortcuts-switch");
  if (button === null) return;
  showSwitch(button);
  button.addEventListener("click", () => {
    shortcutsOff = !shortcutsOff;
    try {
      window.localStorage.setItem(SHORTCUTS_KEY, shortcutsOff ? "off" : "on");
    } catch (error) {
      // storage blocked: off (or on) for this page only
    }
    showSwitch(button);
  });
});
