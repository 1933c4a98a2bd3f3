// What every console page shares: saying what a step did, and asking before a step that
// cannot be undone.
"use strict";

// A live region filled before a screen reader looks at the page is read out by none, so a
// message the server rendered is put back a moment after load, when it is announced.
// The page was opened at the message (#done): it is brought back into view once shown, as
// what loaded around it may have moved it.
function announce(region) {
  const html = region.innerHTML;
  if (html.trim() === "") return;
  region.innerHTML = "";
  window.setTimeout(() => {
    region.innerHTML = html;
    region.dataset.announced = "yes";
    const place = region.closest("[id]");
    if (place && window.location.hash === `#${place.id}`) place.scrollIntoView({ block: "start" });
  }, 300);
}

// A form with data-confirm asks first; "{outcome}" in its question is the chosen option's
// label. A convenience only: the server checks everything that matters.
function confirmFirst(form) {
  form.addEventListener("submit", (event) => {
    const chosen = form.querySelector("input[type=radio]:checked");
    const label = chosen && chosen.closest("label") ? chosen.closest("label").textContent.trim() : "";
    const question = form.dataset.confirm.replace("{outcome}", label);
    if (!window.confirm(question)) event.preventDefault();
  });
}

// Folded on a phone to save its first screen for what matters; open where there is room.
const WIDE = "(min-width: 40rem)";

function unfoldWhereWide() {
  const wide = window.matchMedia(WIDE);
  const apply = () => {
    for (const folded of document.querySelectorAll("details[data-open-wide]")) {
      folded.open = wide.matches || folded.hasAttribute("data-stay-open");
    }
  };
  apply();
  wide.addEventListener("change", apply); // a tablet turned, a window made narrower
}

document.addEventListener("DOMContentLoaded", () => {
  unfoldWhereWide();
  for (const region of document.querySelectorAll("[data-announce]")) announce(region);
  for (const form of document.querySelectorAll("form[data-confirm]")) confirmFirst(form);
});
