// The chat page: join, then read and write in the room. The server reads typed lines by
// the same rules as the terminal's ("line" frames), so /who, /help, @name and the rest
// work here without the page knowing them.

import { Link } from "./link.js";
import { byName, colourClass, matching, typedAddress } from "./names.js";
import * as view from "./view.js";

const $ = (id) => document.getElementById(id);
const NAME_ERRORS = new Set(["name-taken", "name-invalid", "name-confusable", "unsupported-version"]);

const state = {
  name: null, // the name asked for, kept for rejoining after a drop
  joined: false,
  everJoined: false,
  quitting: false,
  members: [],
};

const link = new Link({
  onOpen: () => link.send({ type: "hello", version: 1, name: state.name }),
  onFrame: frame,
  onDrop: dropped,
  onRetry: () => banner("Reconnecting…"),
});

function banner(text) {
  const b = $("banner");
  b.textContent = text ?? "";
  b.hidden = !text;
}

function showChat(on) {
  $("join-view").hidden = on;
  $("chat-view").hidden = !on;
}

function setMembers(names) {
  state.members = [...names].sort(byName);
  const ul = $("member-list");
  ul.replaceChildren(...state.members.map((n) => {
    const li = document.createElement("li");
    const b = document.createElement("button");
    b.type = "button";
    b.className = colourClass(n);
    b.textContent = n;
    b.title = "write privately to " + n;
    b.addEventListener("click", () => address(n));
    li.append(b);
    return li;
  }));
  $("count").textContent = String(state.members.length);
}

function address(n) {
  const input = $("input");
  input.value = "@" + n + " " + input.value.replace(/^@\S+\s?/u, "");
  input.focus();
  $("people").classList.remove("open");
}

function frame(f) {
  switch (f.type) {
    case "welcome":
      state.joined = true;
      state.everJoined = true;
      state.name = f.name;
      link.settled();
      banner(null);
      $("room").textContent = f.room ?? "";
      $("me").textContent = f.name;
      setMembers(f.online);
      view.notice("welcome " + f.name + ", " + f.online.length + " online: " + f.online.join(", "));
      showChat(true);
      $("input").focus();
      break;
    case "message":
      view.message(f);
      break;
    case "private":
      view.privateMessage(f);
      break;
    case "joined":
      if (!state.members.includes(f.name)) setMembers([...state.members, f.name]);
      view.notice(f.name + " joined", f.time);
      break;
    case "left":
      setMembers(state.members.filter((n) => n !== f.name));
      view.notice(f.name + " left (" + f.reason + (f.to ? " to " + f.to : "") + ")", f.time);
      if (f.name === state.name && f.reason === "quit") quit();
      break;
    case "who":
      view.notice((f.room ? "in " + f.room : "online") + " (" + f.names.length + "): " + f.names.join(", "));
      break;
    case "notice":
      view.notice(f.text);
      break;
    case "error":
      refused(f);
      break;
    default:
      break; // accepted, pong, and frames this page does not use yet
  }
}

function refused(f) {
  if (!state.joined) {
    if (NAME_ERRORS.has(f.code) && !state.everJoined) {
      // Nobody is in the room yet: back to the form, and the connection is let go.
      link.stop();
      $("join-error").textContent = f.text;
      $("join").disabled = false;
      $("name").focus();
      return;
    }
    if (state.everJoined) {
      // Most likely our old connection is still being let go: try again after the usual wait.
      link.socket?.close();
      return;
    }
  }
  if (f.final) {
    state.joined = false;
    banner(f.code === "shutting-down" ? "The server is shutting down. Reconnecting…" : f.text);
    return;
  }
  view.error(f.code, f.text);
}

function dropped(waitMs) {
  state.joined = false;
  if (!state.everJoined) {
    link.stop();
    $("join-error").textContent = "Could not reach the chat server. Is it running?";
    $("join").disabled = false;
    return;
  }
  banner("Connection lost. Reconnecting in " + Math.round(waitMs / 1000) + " s…");
}

function quit() {
  state.quitting = true;
  state.joined = false;
  state.everJoined = false;
  link.stop();
  showChat(false);
  $("join-note").textContent = "You left the chat. Join again?";
  $("join").disabled = false;
  $("name").value = state.name;
  $("name").focus();
}

$("join-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const name = $("name").value.trim();
  $("join-error").textContent = "";
  if (!name) {
    $("join-error").textContent = "Type a name first.";
    return;
  }
  state.name = name;
  state.quitting = false;
  $("join").disabled = true;
  $("messages").replaceChildren();
  link.start();
});

// ---- writing ----

const input = $("input");
const completions = $("completions");
let choices = [];
let chosen = 0;

function send() {
  const text = input.value;
  if (!text.trim()) return;
  if (!link.send({ type: "line", text })) {
    view.error("not-connected", "not connected to the server right now; that message was not sent");
    return;
  }
  input.value = "";
  fit();
  closeCompletions();
}

function fit() {
  input.style.height = "auto";
  input.style.height = input.scrollHeight + 2 + "px";
}

function closeCompletions() {
  choices = [];
  completions.hidden = true;
  completions.replaceChildren();
}

function showCompletions() {
  const at = typedAddress(input.value, input.selectionStart);
  choices = at ? matching(state.members.filter((n) => n !== state.name), at.prefix) : [];
  if (choices.length === 0) return closeCompletions();
  chosen = Math.min(chosen, choices.length - 1);
  completions.replaceChildren(...choices.map((n, i) => {
    const li = document.createElement("li");
    li.role = "option";
    li.id = "completion-" + i;
    li.textContent = n;
    li.setAttribute("aria-selected", String(i === chosen));
    li.addEventListener("mousedown", (e) => {
      e.preventDefault();
      complete(n);
    });
    return li;
  }));
  completions.hidden = false;
}

function complete(n) {
  const at = typedAddress(input.value, input.selectionStart);
  if (!at) return;
  const before = input.value.slice(0, at.start);
  const after = input.value.slice(input.selectionStart);
  input.value = before + n + " " + after.replace(/^\S*\s?/u, "");
  const caret = before.length + n.length + 1;
  input.setSelectionRange(caret, caret);
  closeCompletions();
}

input.addEventListener("keydown", (e) => {
  if (!completions.hidden && choices.length > 0) {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      chosen = (chosen + (e.key === "ArrowDown" ? 1 : choices.length - 1)) % choices.length;
      showCompletions();
      return;
    }
    if (e.key === "Tab" || (e.key === "Enter" && !e.shiftKey)) {
      e.preventDefault();
      complete(choices[chosen]);
      return;
    }
    if (e.key === "Escape") {
      e.preventDefault();
      closeCompletions();
      return;
    }
  }
  if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
    e.preventDefault();
    send();
  }
});
input.addEventListener("input", () => {
  chosen = 0;
  fit();
  showCompletions();
});
input.addEventListener("blur", () => setTimeout(closeCompletions, 100));

$("compose").addEventListener("submit", (e) => {
  e.preventDefault();
  send();
  input.focus();
});

$("people-toggle").addEventListener("click", () => {
  const open = $("people").classList.toggle("open");
  $("people-toggle").setAttribute("aria-expanded", String(open));
});
