"use strict";
// The playground's page: one person's chat at a time, kept current by long polling
// (/api/chats/<person>?since=<version>), and the side panel: their keys, eGov Mobile, the time.

const $ = (id) => document.getElementById(id);
const MOBILE_SIGN = "https://m.egov.kz/mobileSign/";

const state = { persons: [], person: null, version: -1, alertShown: 0, polling: null };

function element(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === "dataset") Object.assign(node.dataset, value);
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (value !== undefined && value !== null) node.setAttribute(key, value);
  }
  for (const child of children) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
}

async function post(path, body) {
  const options = { method: "POST" };
  if (body instanceof FormData) options.body = body;
  else {
    options.headers = { "Content-Type": "application/json" };
    options.body = JSON.stringify(body || {});
  }
  const response = await fetch(path, options);
  if (!response.ok) {
    toast(await response.text() || response.statusText);
    return null;
  }
  return response.json();
}

function chatPath(suffix = "") {
  return `/api/chats/${encodeURIComponent(state.person.key)}${suffix}`;
}

// --- persons -------------------------------------------------------------------------------
async function loadPersons() {
  state.persons = await (await fetch("/api/persons")).json();
  const wanted = location.hash.slice(1) || localStorage.getItem("person");
  const first = state.persons.find((p) => p.key === wanted) || state.persons[0];
  const nav = $("persons");
  for (const person of state.persons) {
    nav.append(element("button", {
      type: "button", "aria-pressed": "false", dataset: { person: person.key },
      onclick: () => choosePerson(person),
    }, person.name));
  }
  choosePerson(first);
}

function choosePerson(person) {
  state.person = person;
  state.version = -1;
  localStorage.setItem("person", person.key);
  history.replaceState(null, "", `#${person.key}`);
  for (const button of $("persons").children) {
    button.setAttribute("aria-pressed", String(button.dataset.person === person.key));
  }
  $("who").textContent = person.name;
  $("role").textContent = person.role;
  showKeys(person);
  $("messages").replaceChildren();
  $("commands").hidden = true;
  resetPhone();
  poll();
}

function showKeys(person) {
  const box = $("keys");
  box.replaceChildren();
  if (!person.keys.length) {
    box.append(element("p", { class: "hint" }, "No EDS key: staff work by their Telegram account."));
    return;
  }
  const list = element("ul", { class: "keys" });
  for (const key of person.keys) {
    const purpose = key.purpose === "login" ? "to log in: " : "to sign: ";
    list.append(element("li", {}, purpose, element("a", { href: key.url, download: key.name }, key.name)));
  }
  box.append(element("p", {}, "Demo EDS keys, for the chat's «Кілт файлымен / Файлом ключа»:"));
  box.append(list, element("p", { class: "password" }, "Password: ",
    element("code", {}, person.password)));
}

// --- the chat ------------------------------------------------------------------------------
async function poll() {
  if (state.polling) state.polling.abort();
  const controller = new AbortController();
  state.polling = controller;
  const person = state.person.key;
  while (!controller.signal.aborted) {
    try {
      const response = await fetch(chatPath(`?since=${state.version}`),
        { signal: controller.signal });
      if (!response.ok) throw new Error(response.statusText);
      const chat = await response.json();
      if (person !== state.person.key) return;
      if (chat.version !== state.version) render(chat);
    } catch (error) {
      if (controller.signal.aborted) return;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

function render(chat) {
  state.version = chat.version;
  const list = $("messages");
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
  list.replaceChildren(...chat.messages.map(renderMessage));
  renderKeyboard(chat.keyboard);
  if (chat.alert && chat.alert.version > state.alertShown) {
    state.alertShown = chat.alert.version;
    toast(chat.alert.text, chat.alert.show_alert);
  }
  if (atBottom || list.dataset.first !== "no") {
    list.scrollTop = list.scrollHeight;
    list.dataset.first = "no";
  }
}

function renderMessage(message) {
  const bubble = element("div", { class: "bubble" });
  if (message.photo) bubble.append(element("img", { src: message.photo, alt: "" }));
  if (message.document) {
    bubble.append(element("a", {
      class: "document", href: message.document.url, download: message.document.name,
    }, element("span", { class: "icon", "aria-hidden": "true" }, "⬇"), message.document.name));
  }
  if (message.text) bubble.append(element("div", { class: "text" }, message.text));
  if (message.map) {
    bubble.append(element("a", { href: message.map, target: "_blank", rel: "noopener" },
      "Open the map"));
  }
  const item = element("li", { class: "message", dataset: { from: message.from, id: message.id } },
    bubble);
  if (message.buttons.length) {
    const keyboard = element("div", { class: "inline-keyboard" });
    for (const row of message.buttons) {
      keyboard.append(element("div", { class: "inline-row" }, ...row.map((button) =>
        element("button", {
          type: "button", class: button.url ? "url" : "callback", title: button.url || null,
          onclick: () => pressInline(message, button),
        }, button.text))));
    }
    item.append(keyboard);
  }
  return item;
}

function pressInline(message, button) {
  if (button.url && button.url.startsWith(MOBILE_SIGN)) return openPhone(button.url);
  if (button.url) return window.open(button.url, "_blank", "noopener");
  return post(chatPath("/press"), { message_id: message.id, data: button.data });
}

function renderKeyboard(rows) {
  const box = $("reply-keyboard");
  box.hidden = !rows;
  box.replaceChildren();
  if (!rows) return;
  for (const row of rows) {
    box.append(element("div", { class: "reply-row" }, ...row.map((button) =>
      element("button", { type: "button", onclick: () => pressReply(button) }, button.text))));
  }
}

function pressReply(button) {
  if (button.contact) return post(chatPath("/contact"));
  if (button.location) return post(chatPath("/location"));
  return post(chatPath("/text"), { text: button.text });
}

async function sendText(event) {
  event.preventDefault();
  const input = $("text");
  const text = input.value.trim();
  if (!text) return;
  input.value = "";
  $("commands").hidden = true;
  await post(chatPath("/text"), { text });
}

async function attach() {
  const input = $("attach");
  const file = input.files[0];
  input.value = "";
  if (!file) return;
  if (file.size > 20 * 1024 * 1024) return toast("Telegram takes files up to 20 MB from a bot's chat.");
  const form = new FormData();
  form.append("file", file, file.name);
  await post(chatPath("/document"), form);
}

async function toggleCommands() {
  const menu = $("commands");
  if (!menu.hidden) { menu.hidden = true; return; }
  const commands = await (await fetch(chatPath("/commands"))).json();
  menu.replaceChildren(...commands.map((command) => element("button", {
    type: "button", role: "menuitem", onclick: () => {
      menu.hidden = true;
      post(chatPath("/text"), { text: `/${command.command}` });
    },
  }, element("span", { class: "name" }, `/${command.command}`), command.description)));
  menu.hidden = false;
}

let toastTimer = null;
function toast(text, sticky = false) {
  const box = $("toast");
  box.replaceChildren(text);
  if (sticky) box.append(element("button", { type: "button", onclick: () => { box.hidden = true; } }, "OK"));
  box.hidden = false;
  clearTimeout(toastTimer);
  if (!sticky) toastTimer = setTimeout(() => { box.hidden = true; }, 4000);
}

// --- eGov Mobile, played by the panel ------------------------------------------------------
function resetPhone(note) {
  const box = $("phone");
  box.replaceChildren(element("p", { class: "hint" }, note ||
    "When the bot offers to sign in eGov Mobile, press its button: this panel plays the phone."));
}

async function openPhone(link) {
  const box = $("phone");
  box.replaceChildren(element("p", { class: "hint" }, "Opening the link…"));
  const opened = await post("/api/phone/open", { person: state.person.key, link });
  if (!opened) return resetPhone();
  if (!opened.ok) return resetPhone(`eGov Mobile: ${opened.message || opened.status}`);
  const lang = state.person.language;
  const details = element("dl", {},
    element("dt", {}, "Organisation"),
    element("dd", {}, `${opened.organisation.kk} / ${opened.organisation.ru}`),
    element("dt", {}, "Request"), element("dd", {}, opened.description));
  for (const documentShown of opened.documents) {
    details.append(element("dt", {}, "Document"),
      element("dd", {}, documentShown[lang] || documentShown.ru));
    for (const meta of documentShown.meta) {
      details.append(element("dt", {}, meta.name), element("dd", {}, meta.value));
    }
  }
  const actions = element("div", { class: "actions" },
    element("button", { type: "button", onclick: () => confirmSigning(opened.visit) }, "Sign"),
    element("button", { type: "button", class: "secondary",
      onclick: () => finishPhone("/api/phone/decline", opened.visit) }, "Decline"));
  box.replaceChildren(element("p", {}, "eGov Mobile asks you to sign:"), details, actions);
}

function confirmSigning(visit) {
  const actions = $("phone").querySelector(".actions");
  actions.replaceChildren(
    element("span", {}, `Sign with ${state.person.name}'s demo key?`),
    element("button", { type: "button", onclick: () => finishPhone("/api/phone/sign", visit) },
      "Confirm"),
    element("button", { type: "button", class: "secondary", onclick: () => resetPhone() },
      "Cancel"));
}

async function finishPhone(path, visit) {
  const answer = await post(path, { visit });
  if (!answer) return resetPhone();
  resetPhone(answer.ok ? "Signed: the bot has it." : `eGov Mobile: ${answer.message}`);
  $("phone").firstChild.classList.add("result");
}

// --- time ----------------------------------------------------------------------------------
function showTime(time) {
  $("now").textContent = `${time.weekday}, ${time.now} (Almaty)`;
}

async function nextWorkingDay() {
  const button = $("next-day");
  button.disabled = true;
  try {
    const time = await post("/api/time/next-working-day");
    if (time) showTime(time);
  } finally {
    button.disabled = false;
  }
}

document.addEventListener("DOMContentLoaded", async () => {
  $("composer").addEventListener("submit", sendText);
  $("attach-button").addEventListener("click", () => $("attach").click());
  $("attach").addEventListener("change", attach);
  $("menu-button").addEventListener("click", toggleCommands);
  $("next-day").addEventListener("click", nextWorkingDay);
  showTime(await (await fetch("/api/time")).json());
  await loadPersons();
});
