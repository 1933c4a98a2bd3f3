/* School Signpost chat widget.
 *
 * Embed with: <script src="https://HOST/widget/widget.js" data-school="SLUG"
 *                     data-server="https://RASA-HOST" async></script>
 *
 * Talks to Rasa's socket.io channel (session persistence, so staff replies pushed from the
 * console arrive), and falls back to the REST channel when socket.io cannot connect.
 * Keeps nothing in localStorage or cookies: closing the page, or quick exit, forgets the
 * conversation, so the next person on the same browser starts afresh.
 * Renders inside a shadow root so the school's page styles and ours never mix.
 */
(function () {
  "use strict";

  const script = document.currentScript;
  if (!script || window.__signpostWidget) return;
  window.__signpostWidget = true;

  const SCHOOL = script.dataset.school || "";
  const SERVER = (script.dataset.server || new URL(script.src).origin).replace(/\/$/, "");
  const EXIT_URL = script.dataset.exitUrl || "https://www.bbc.co.uk/weather";
  const TYPING_TIMEOUT_MS = 20000;
  const SOCKET_GIVE_UP_MS = 6000;

  // Colours mean something: red only for Quick exit and danger (the crisis card, 999); an
  // ordinary Call button is a calm green, so a parent is not alarmed by a list of services.
  const CSS = `
:host { all: initial; }
* { box-sizing: border-box; }
.launcher { position: fixed; right: 16px; bottom: 16px; z-index: 2147483000; font: 600 16px/1.2 system-ui, sans-serif;
  background: #1d3a5f; color: #fff; border: 2px solid #fff; border-radius: 28px; padding: 14px 20px; cursor: pointer;
  box-shadow: 0 2px 8px rgba(0,0,0,.35); min-height: 48px; }
.launcher:focus-visible, button:focus-visible, a:focus-visible, textarea:focus-visible, .log:focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; }
.panel { position: fixed; right: 16px; bottom: 16px; z-index: 2147483001; width: min(400px, calc(100vw - 32px));
  height: min(640px, calc(100vh - 32px)); display: flex; flex-direction: column; background: #fff; color: #1b1b1b;
  font: 16px/1.45 system-ui, sans-serif; border-radius: 12px; box-shadow: 0 4px 24px rgba(0,0,0,.35); overflow: hidden; }
.panel[hidden], .launcher[hidden] { display: none; }
@media (max-width: 480px) { .panel { right: 0; bottom: 0; width: 100vw; height: 100%; border-radius: 0; } }
header { display: flex; align-items: center; gap: 8px; padding: 8px 10px; background: #1d3a5f; color: #fff; }
header h2 { flex: 1; margin: 0; font-size: 17px; }
header button { font: inherit; font-size: 14px; min-height: 44px; padding: 6px 10px; border-radius: 6px; cursor: pointer; }
.exit { background: #b42318; color: #fff; border: 2px solid #fff; font-weight: 700; }
.close { background: transparent; color: #fff; border: 1px solid #fff; }
.log { flex: 1; overflow-y: auto; padding: 12px; background: #f6f7f9; }
.msg { max-width: 88%; margin: 6px 0; padding: 8px 12px; border-radius: 12px; white-space: pre-wrap; overflow-wrap: anywhere; }
.msg.user { margin-left: auto; background: #1d3a5f; color: #fff; }
.msg.bot { background: #fff; border: 1px solid #d0d5dd; }
.msg.staff { background: #ecfdf3; border: 2px solid #039855; }
.msg .from { display: block; font-size: 13px; font-weight: 700; color: #05603a; }
.msg.pending::after { content: " (not sent yet: waiting for a connection)"; font-size: 13px; color: #ffd8a8; }
.msg.failed::after { content: " (not sent: check your connection and try again)"; font-size: 13px; color: #ffd8a8; }
.notice { background: #fff; border: 1px solid #d0d5dd; border-radius: 8px; padding: 10px 12px; margin: 6px 0; font-size: 15px; }
.notice p { margin: 0 0 6px; }
.who { border: 2px solid #1d3a5f; }
.who p { font-weight: 600; }
.who p.hint { font-weight: normal; color: #475467; }
.buttons { display: flex; flex-wrap: wrap; gap: 6px; margin: 6px 0; }
.buttons button, .notice button { font: inherit; font-size: 15px; min-height: 44px; padding: 8px 12px; border-radius: 20px;
  border: 2px solid #1d3a5f; background: #fff; color: #1d3a5f; cursor: pointer; }
.card { background: #fff; border: 1px solid #d0d5dd; border-radius: 10px; padding: 10px 12px; margin: 8px 0; }
.card h3 { margin: 0 0 4px; font-size: 16px; }
.card p { margin: 4px 0; font-size: 15px; }
.card a { color: #1d3a5f; font-weight: 600; }
.open { color: #05603a; font-weight: 600; }
.closed, .demo { color: #475467; }
.services h3.group { margin: 12px 0 4px; font-size: 15px; color: #344054; }
.services h3.group:first-child { margin-top: 4px; }
.service { margin: 6px 0; }
.service h4 { margin: 0; font-size: 16px; line-height: 1.3; }
.service .what { margin: 2px 0; color: #344054; overflow: hidden; display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 1; }
.service.expanded .what { display: block; }
.service .facts { display: flex; flex-wrap: wrap; gap: 0 12px; margin: 2px 0 6px; font-size: 14px; }
.service .actions { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; }
.service .actions .call { margin: 0; }
.more-toggle { font: inherit; font-size: 15px; font-weight: 600; min-height: 44px; min-width: 44px; padding: 0 6px;
  border: 0; background: none; color: #1d3a5f; text-decoration: underline; cursor: pointer; }
.visit { display: inline-flex; align-items: center; min-height: 44px; padding: 8px 14px; border-radius: 8px;
  border: 2px solid #05603a; color: #05603a !important; text-decoration: none; }
.service .more { margin-top: 6px; }
.crisis { border: 3px solid #b42318; background: #fff5f4; }
.crisis h3 { color: #912018; }
.crisis ul, .emergency ol { padding-left: 20px; margin: 6px 0; }
.crisis li, .check-in li { margin: 8px 0; }
.crisis li p, .check-in li p { margin: 2px 0; }
.hours { white-space: nowrap; }
.ways { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 12px; }
.ways .call { margin: 2px 0; }
.check-in { border: 2px solid #175cd3; background: #f5f8ff; }
.check-in .question { font-weight: 600; margin: 0 0 8px; }
.check-in h3 { font-size: 1em; margin: 10px 0 4px; }
.check-in ul { padding-left: 20px; margin: 6px 0; }
.school-contact ul { list-style: none; padding: 0; margin: 6px 0; }
.school-contact li p { margin: 2px 0; }
.emergency { border: 3px solid #b42318; background: #fff5f4; }
.call { display: inline-flex; align-items: center; min-height: 44px; margin: 4px 8px 4px 0; padding: 8px 14px; border-radius: 8px;
  background: #05603a; color: #fff !important; text-decoration: none; }
.crisis .call, .emergency .call { background: #b42318; }
.handoff { border-left: 4px solid #039855; }
.typing { font-size: 14px; color: #475467; padding: 0 12px 6px; background: #f6f7f9; }
form { display: flex; gap: 8px; padding: 10px; border-top: 1px solid #d0d5dd; background: #fff; }
textarea { flex: 1; font: inherit; resize: none; min-height: 44px; max-height: 120px; padding: 8px; border: 2px solid #475467; border-radius: 8px; }
form button { font: inherit; font-weight: 600; min-height: 44px; padding: 0 16px; border: 0; border-radius: 8px; background: #1d3a5f; color: #fff; cursor: pointer; }
.status { font-size: 13px; color: #912018; padding: 0 12px; margin: 0; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;

  // ---------------------------------------------------------------- small DOM helpers
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  // Links from payloads: only these schemes, so a bad URL in data cannot run script.
  function safeHref(href) {
    return /^(https?:|tel:|sms:|mailto:)/i.test(String(href || "")) ? String(href) : null;
  }

  function newId() {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  // ---------------------------------------------------------------- the widget
  const host = el("div", { id: "signpost-widget" });
  const root = host.attachShadow({ mode: "open" });
  if ("adoptedStyleSheets" in root && typeof CSSStyleSheet === "function") {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS); // not a <style> element, so a strict CSP on the page allows it
    root.adoptedStyleSheets = [sheet];
  } else {
    root.append(el("style", {}, CSS));
  }

  const launcher = el("button", { class: "launcher", type: "button", "aria-haspopup": "dialog",
    "aria-expanded": "false", "aria-controls": "signpost-panel" }, "Ask for help");
  // The log is not a live region itself: it would read every card in full, and again each
  // time a card moves. New replies are announced through `announcer`, in short (announce()).
  const log = el("div", { class: "log", role: "log", "aria-live": "off", "aria-label": "Conversation", tabindex: "0" });
  const announcer = el("div", { class: "visually-hidden", "aria-live": "polite", "aria-atomic": "true" });
  const typing = el("div", { class: "typing", hidden: true, "aria-hidden": "true" }, "Typing…");
  const status = el("p", { class: "status", role: "status" });
  const input = el("textarea", { id: "signpost-input", rows: "1", maxlength: "2000", "aria-label": "Your message", placeholder: "Type your message" });
  const send = el("button", { type: "submit" }, "Send");
  const form = el("form", {}, input, send);
  const panel = el("section", { id: "signpost-panel", class: "panel", role: "dialog", "aria-modal": "false", "aria-labelledby": "signpost-title", hidden: true },
    el("header", {},
      el("h2", { id: "signpost-title" }, "Ask for help"),
      el("button", { class: "exit", type: "button", onclick: quickExit, title: "Leave this site now and clear the chat" }, "Quick exit"),
      el("button", { class: "close", type: "button", onclick: closePanel, "aria-label": "Close the chat" }, "Close")),
    log, typing, status, form, announcer);
  root.append(launcher, panel);

  // "Who is writing?" shapes the answers (a pupil's crisis card, services for children) and
  // travels with every message, but it never stands in the way: a message typed first is
  // sent at once (a disclosure must never wait for a button), and the question comes back
  // after its answer.
  const whoQuestion = el("p", { id: "signpost-who" }, "Who is writing?");
  const whoHint = el("p", { class: "hint" }, "Or just type your question below.");
  const who = el("div", { class: "notice who", role: "group", "aria-labelledby": "signpost-who" },
    whoQuestion, whoHint,
    el("div", { class: "buttons" },
      el("button", { type: "button", onclick: () => choose("parent") }, "I'm a parent or carer"),
      el("button", { type: "button", onclick: () => choose("pupil") }, "I'm a pupil")));

  let state = freshState();
  function freshState() {
    return { sessionId: newId(), audience: null, started: false, asked: false, quiet: false,
             socket: null, rest: false, typingTimer: null, replyStart: null, question: null, heard: [],
             announceTimer: null, cards: 0 };
  }

  launcher.addEventListener("click", openPanel);
  panel.addEventListener("keydown", (event) => {
    if (event.key === "Escape") closePanel();
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submit(input.value);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      submit(input.value);
    }
  });

  function openPanel() {
    panel.hidden = false;
    launcher.hidden = true;
    launcher.setAttribute("aria-expanded", "true");
    if (!state.started) showWelcome();
    else input.focus();
  }

  function closePanel() {
    panel.hidden = true;
    launcher.hidden = false;
    launcher.setAttribute("aria-expanded", "false");
    launcher.focus();
  }

  // Leave at once for a neutral page, replacing this one in the history, and forget
  // everything: the next person on this browser finds no trace of the conversation.
  function quickExit() {
    forget();
    window.location.replace(EXIT_URL);
  }

  function forget() {
    if (state.socket) state.socket.disconnect();
    clearTimeout(state.typingTimer);
    clearTimeout(state.announceTimer);
    state = freshState();
    log.replaceChildren();
    announcer.textContent = "";
    input.value = "";
  }

  function showWelcome() {
    state.started = true;
    whoQuestion.textContent = "Who is writing?";
    whoHint.hidden = false;
    log.append(el("div", { class: "notice" },
      el("p", {}, "This chat is run by your school with School Signpost. Please don't share your full name or address. If something you write makes us worried about someone's safety, the school's safeguarding team will read this conversation."),
      el("p", {}, "Nothing is saved on this device. Use Quick exit to leave fast.")), who);
    connect(); // now, so that a message typed before choosing goes straight away
    who.querySelector("button").focus();
  }

  function choose(audience) {
    state.audience = audience;
    who.remove();
    state.replyStart = null; // the greeting starts a reply of its own, where the person is
    state.question = null;
    const offer = audience === "pupil"
      ? "Ask me about NHS careers, or about getting help with anything that's worrying you."
      : "I can point you to help with asthma, money worries and mental health near you, and answer questions about NHS careers.";
    addBot({ text: state.asked ? `Thank you. ${offer}` : `${audience === "pupil" ? "Hi!" : "Hello."} ${offer}` });
    input.focus();
  }

  // While nobody has said who is writing, the question follows the latest answer; never
  // after a crisis card, a check-in or 999 advice, which must stand alone.
  function askWhoAgain() {
    if (state.audience || state.quiet || !state.asked) return;
    whoQuestion.textContent = "Who is writing? It helps me answer your next question.";
    whoHint.hidden = true;
    log.append(who);
  }

  function metadata() {
    const data = {};
    if (SCHOOL) data.school = SCHOOL;
    if (state.audience) data.audience = state.audience;
    return data;
  }

  // ---------------------------------------------------------------- sending
  function submit(raw) {
    const text = String(raw || "").trim();
    if (!text) return;
    if (!state.socket && !state.rest) connect();
    state.asked = true;
    input.value = "";
    const bubble = addUser(text);
    showTyping();
    if (state.rest || !state.socket) {
      sendRest(text, bubble);
      return;
    }
    // socket.io keeps what is emitted while disconnected and sends it once on reconnect.
    if (!state.socket.connected) bubble.classList.add("pending");
    state.socket.emit("user_uttered", { message: text, session_id: state.sessionId, metadata: metadata() });
  }

  function sendRest(text, bubble) {
    fetch(`${SERVER}/webhooks/rest/webhook`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sender: state.sessionId, message: text, metadata: metadata() }),
    })
      .then((response) => {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then((messages) => {
        state.replyStart = null;
        for (const message of messages) addBot(message);
        hideTyping();
      })
      .catch(() => {
        hideTyping();
        bubble.classList.add("failed");
        status.textContent = "Your last message was not sent. Check your connection and send it again.";
      });
  }

  // ---------------------------------------------------------------- connection
  function connect() {
    if (typeof window.io !== "function") {
      state.rest = true;
      return;
    }
    const socket = window.io(SERVER, { path: "/socket.io", transports: ["websocket", "polling"],
      reconnection: true, reconnectionDelay: 500, reconnectionDelayMax: 4000 });
    state.socket = socket;
    let everConnected = false;
    const giveUp = setTimeout(() => {
      if (!everConnected) useRest(socket);
    }, SOCKET_GIVE_UP_MS);
    socket.on("connect", () => {
      everConnected = true;
      clearTimeout(giveUp);
      status.textContent = "";
      // Rejoin our conversation's room (again after a reconnect) so staff replies reach us.
      socket.emit("session_request", { session_id: state.sessionId });
      for (const pending of log.querySelectorAll(".pending")) pending.classList.remove("pending");
    });
    socket.on("disconnect", () => {
      status.textContent = "Connection lost. Reconnecting…";
    });
    socket.on("bot_uttered", (message) => {
      addBot(message);
      hideTyping();
    });
  }

  function useRest(socket) {
    socket.disconnect();
    state.socket = null;
    state.rest = true;
    status.textContent = "";
    // Anything typed while we waited goes by REST now, once.
    for (const pending of log.querySelectorAll(".pending")) {
      pending.classList.remove("pending");
      sendRest(pending.dataset.text, pending);
    }
  }

  // ---------------------------------------------------------------- rendering
  function showTyping() {
    typing.hidden = false;
    clearTimeout(state.typingTimer);
    state.typingTimer = setTimeout(hideTyping, TYPING_TIMEOUT_MS);
  }

  function hideTyping() {
    typing.hidden = true;
  }

  // A reply is read from its start: its first card (after a disclosure, always the crisis
  // card) goes to the top of the log, under the person's own question when that is short
  // enough to leave the card in view, and the rest follows below. A reply shorter than the
  // log cannot scroll that far, so it simply ends at the bottom.
  function scrollToReply() {
    const start = state.replyStart;
    if (!start || !start.isConnected) return;
    const question = state.question;
    const top = question && question.isConnected && question.offsetHeight <= log.clientHeight / 4
      ? question : start;
    log.scrollTop += top.getBoundingClientRect().top - log.getBoundingClientRect().top - 8;
  }

  // Screen readers hear each reply once, in short (a card's name, not every line of it), a
  // moment after its last part arrives; the crisis card's words come first.
  function announce(node, summary, first) {
    if (!summary) return;
    state.heard[first ? "unshift" : "push"]({ node, summary });
    clearTimeout(state.announceTimer);
    state.announceTimer = setTimeout(() => {
      const said = state.heard.filter((h) => h.node.isConnected).map((h) => h.summary);
      state.heard = [];
      if (said.length) announcer.textContent = said.join(" ");
    }, 300);
  }

  function addUser(text) {
    state.replyStart = null;
    state.question = null;
    announcer.textContent = ""; // so that a reply worded as the last one is still read
    if (!state.audience) who.remove(); // it comes back after the answer
    const bubble = el("p", { class: "msg user", "data-text": text }, el("span", { class: "visually-hidden" }, "You: "), text);
    log.append(bubble);
    log.scrollTop = log.scrollHeight;
    state.question = bubble;
    return bubble;
  }

  // Bot messages of one reply, in order; a crisis card moves to the top of its reply.
  function place(node, first, summary) {
    if (first && state.replyStart && state.replyStart.isConnected) {
      log.insertBefore(node, state.replyStart);
    } else {
      log.append(node);
    }
    if (first || !state.replyStart || !state.replyStart.isConnected) state.replyStart = node;
    announce(node, summary, first);
    askWhoAgain();
    scrollToReply();
    return node;
  }

  function addBot(message) {
    const custom = message.custom;
    // A message with a card carries the card's text version for text-only clients: the card
    // stands for it here (bot/channels/cards.py).
    if (custom && typeof custom === "object" && addCustom(custom)) return null;
    if (message.text) {
      place(el("p", { class: "msg bot" }, el("span", { class: "visually-hidden" }, "Assistant: "), message.text), false, message.text);
    }
    const buttons = message.buttons || message.quick_replies;
    if (Array.isArray(buttons) && buttons.length) {
      place(el("div", { class: "buttons" }, buttons.map((button) =>
        el("button", { type: "button", onclick: () => submit(button.payload || button.title) }, button.title))),
        false, `Choices: ${buttons.map((b) => b.title).join(", ")}.`);
    }
    return null;
  }

  // The text version of a safety card, sent as a message of its own, is replaced by the card.
  function dropTextVersion(firstLine) {
    for (const bubble of Array.from(log.querySelectorAll(".msg.bot")).slice(-3)) {
      if (firstLine && bubble.textContent.replace("Assistant: ", "").startsWith(firstLine)) bubble.remove();
    }
  }

  // A crisis card, a check-in or 999 advice stands alone: nothing else is asked after it.
  function safety(node) {
    state.quiet = true;
    who.remove();
    return node;
  }

  function addCustom(custom) {
    switch (custom.type) {
      case "crisis_card":
        dropTextVersion(custom.heading);
        return safety(place(crisisCard(custom), true, contactsSummary(custom.heading, custom.contacts)));
      case "emergency":
        dropTextVersion(custom.headline);
        return safety(place(emergencyCard(custom), true, `${custom.headline || ""} Call 999.`));
      case "services":
        return place(servicesCard(custom), false, servicesSummary(custom.services));
      case "careers":
        // A careers answer with no roles to draw (a question that named no job): its text.
        if (!(custom.roles || []).length) return null;
        return place(el("div", { class: "careers" }, (custom.roles || []).map(careerCard)), false,
          `Roles: ${(custom.roles || []).map((r) => r.title).join(", ")}.`);
      case "school_contact":
        return place(schoolContactCard(custom), false, contactsSummary(schoolContactHeading(custom), custom.contacts));
      case "check_in":
        dropTextVersion(custom.question);
        return safety(place(checkInCard(custom), true, contactsSummary(custom.question, custom.contacts)));
      case "handoff": {
        const words = "This conversation has been passed to your school's safeguarding team. You can keep writing: they will see it.";
        return safety(place(el("p", { class: "notice handoff" }, words), false, words));
      }
      case "staff_message": {
        state.replyStart = null; // a person writing: their words start a reply of their own
        state.question = null;
        const from = `${custom.from || "School staff"}, from the school's team`;
        return place(el("p", { class: "msg staff" }, el("span", { class: "from" }, from), custom.text || ""), false,
          `${from}: ${custom.text || ""}`);
      }
      default:
        return null;
    }
  }

  function contactsSummary(heading, contacts) {
    const each = (contacts || []).map((c) => [c.name, c.phone && `call ${c.phone}`, c.sms && `text ${c.sms}`].filter(Boolean).join(", "));
    return [heading, ...each].filter(Boolean).join(". ") + ".";
  }

  function servicesSummary(services) {
    const names = (services || []).map((s) => s.name);
    return `${names.length} ${names.length === 1 ? "service" : "services"}: ${names.join("; ")}.`;
  }

  function link(href, text, cls) {
    const safe = safeHref(href);
    return safe ? el("a", { href: safe, class: cls, target: /^https?:/.test(safe) ? "_blank" : null, rel: "noopener noreferrer" }, text) : null;
  }

  // Each contact: its name and hours, what it is for, then the ways to reach it.
  function contactList(contacts) {
    return el("ul", {}, (contacts || []).map((c) => el("li", {},
      el("p", {}, el("strong", {}, c.name), c.hours ? el("span", { class: "hours" }, ` · ${c.hours}`) : null),
      c.when ? el("p", {}, c.when) : null,
      el("p", { class: "ways" },
        link(c.tel, `Call ${c.phone}`, "call"),
        link(c.sms_link, `Text ${c.sms}`, "call"),
        link(c.email ? `mailto:${c.email}` : null, c.email, null),
        link(c.url, "Website", null)))));
  }

  function crisisCard(card) {
    return el("div", { class: "card crisis", role: "region", "aria-label": "Help you can get right now" },
      el("h3", {}, card.heading || "You can talk to someone now"),
      contactList(card.contacts));
  }

  // The detector was unsure: a fixed question, Yes / No, and the contacts open day and night.
  function checkInCard(card) {
    return el("div", { class: "card check-in", role: "region", "aria-label": "A question from the assistant" },
      el("p", { class: "question" }, card.question || ""),
      el("div", { class: "buttons" }, (card.buttons || []).map((button) =>
        el("button", { type: "button", onclick: () => submit(button.payload || button.title) }, button.title))),
      el("h3", {}, card.contacts_heading || "You can talk to someone at any time:"),
      contactList(card.contacts));
  }

  // A question for the school office: the office's phone, email and page, not services.
  function schoolContactHeading(card) {
    return card.school ? `That is one for ${card.school}'s office` : "That is one for your school office";
  }

  function schoolContactCard(card) {
    const contacts = card.contacts || [];
    return el("div", { class: "card school-contact", role: "region", "aria-label": "Your school office" },
      el("h3", {}, schoolContactHeading(card)),
      el("p", {}, "They deal with absences, trips and payments, admissions, uniform, term dates and letters home."),
      contacts.length ? contactList(contacts) : el("p", {}, "Their phone number and email are on the school's website."));
  }

  function emergencyCard(card) {
    return el("div", { class: "card emergency", role: "region", "aria-label": "Emergency advice" },
      el("h3", {}, card.headline || "Call 999"),
      link(`tel:${card.call || "999"}`, `Call ${card.call || "999"}`, "call"),
      el("ol", {}, (card.steps || []).map((step) => el("li", {}, step))),
      card.other_emergencies ? el("p", {}, card.other_emergencies) : null);
  }

  // National services first, then those near the place the person gave (or their school),
  // nearest first, each under its own heading.
  function servicesCard(custom) {
    const all = custom.services || [];
    const near = all.filter((s) => s.distance_km !== null && s.distance_km !== undefined);
    const anywhere = all.filter((s) => !near.includes(s));
    const group = (heading, services) => services.length
      ? [el("h3", { class: "group" }, heading), ...services.map(serviceCard)] : null;
    return el("div", { class: "services" },
      group("Help you can use from anywhere", anywhere),
      group(custom.near ? `Near ${custom.near}, nearest first` : "Near you, nearest first", near));
  }

  // What a parent scans on a phone: the name, what it is in one line, open now and how far,
  // and one Call button (a website when there is no phone). "More" opens the whole
  // description, the hours, address and website. The line is only cut on screen: a screen
  // reader reads the whole description.
  function serviceCard(s) {
    const moreId = `signpost-more-${++state.cards}`;
    const phone = s.phone ? String(s.phone) : "";
    const more = el("div", { class: "more", id: moreId, hidden: true },
      s.hours ? el("p", {}, `Opening hours: ${s.hours}`) : null,
      s.address ? el("p", {}, s.address) : null,
      phone && s.url ? el("p", {}, link(s.url, "Website", null)) : null);
    const toggleWord = el("span", {}, "More");
    const toggle = el("button", { type: "button", class: "more-toggle", "aria-expanded": "false", "aria-controls": moreId,
      onclick: () => {
        const open = more.hidden;
        more.hidden = !open;
        card.classList.toggle("expanded", open);
        toggle.setAttribute("aria-expanded", String(open));
        toggleWord.textContent = open ? "Less" : "More";
      } }, toggleWord, el("span", { class: "visually-hidden" }, ` about ${s.name}`));
    const card = el("article", { class: "card service" },
      el("h4", {}, s.name),
      s.description ? el("p", { class: "what" }, s.description) : null,
      el("p", { class: "facts" },
        s.open_now === true ? el("span", { class: "open" }, "Open now")
          : s.open_now === false ? el("span", { class: "closed" }, "Closed now") : null,
        s.distance_km !== null && s.distance_km !== undefined ? el("span", { class: "distance" }, `${s.distance_km} km away`) : null,
        s.demo ? el("span", { class: "demo" }, "Demo listing: not a real service") : null),
      el("div", { class: "actions" },
        phone ? link(`tel:${phone.replace(/[^\d+]/g, "")}`, `Call ${phone}`, "call")
          : link(s.url, "Visit website", "visit"),
        toggle),
      more);
    return card;
  }

  function careerCard(role) {
    return el("article", { class: "card career" },
      el("h3", {}, role.title),
      role.band ? el("p", {}, `Pay: ${role.band}`) : null,
      Array.isArray(role.routes) && role.routes.length ? el("p", {}, `Ways in: ${role.routes.join("; ")}`) : null);
  }

  // ---------------------------------------------------------------- start
  function mount() {
    document.body.append(host);
  }
  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount);
  window.addEventListener("pagehide", forget); // leaving the page forgets the conversation
})();
