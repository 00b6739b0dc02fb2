// The message list. Every piece of text from the server goes in through textContent.

import { colourClass, mentionPattern } from "./names.js";
import { clock, full, lines, stamp, visible } from "./text.js";

const list = () => document.getElementById("messages");
const log = () => document.getElementById("log");

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

// A time as shown (the clock, or date and clock), with its date, time and zone as a tooltip.
function timeEl(iso, when = clock) {
  const t = el("time", "time", when(iso));
  const d = iso ? new Date(iso) : new Date();
  t.dateTime = d.toISOString();
  t.title = full(d);
  return t;
}

function nameEl(name, className = "from") {
  return el("span", className + " " + colourClass(name), name);
}

let me = null; // the name "@name" mentions are highlighted for

export function setMe(name) {
  me = name;
}

// http(s) addresses in a line. A full stop, comma and the like at the end ends the
// sentence, not the address, and so does a closing bracket that was not opened in it.
const URL_PATTERN = /\bhttps?:\/\/[^\s<>"]+/giu;

function trimUrl(raw) {
  let url = raw.replace(/[.,;:!?'"]+$/u, "");
  while (/[)\]}]$/u.test(url)) {
    const close = url.at(-1);
    const open = { ")": "(", "]": "[", "}": "{" }[close];
    if (url.split(open).length >= url.split(close).length) break;
    url = url.slice(0, -1).replace(/[.,;:!?'"]+$/u, "");
  }
  return url;
}

function linkEl(url) {
  const a = el("a", "link", url);
  a.href = url;
  a.rel = "noopener noreferrer";
  a.target = "_blank";
  return a;
}

// Plain text, "@me" in it as a highlighted <mark> when asked.
function marked(text, mark) {
  if (!mark || !me) return [text];
  const nodes = [];
  let at = 0;
  for (const m of text.matchAll(mentionPattern(me))) {
    nodes.push(text.slice(at, m.index), el("mark", "mention-name", m[0]));
    at = m.index + m[0].length;
  }
  nodes.push(text.slice(at));
  return nodes;
}

// A line's text as DOM nodes, never as markup: text, links for http(s) addresses, and
// "@me" highlighted (in room messages).
function lineEl(className, line, mark) {
  const span = el("span", className);
  const text = line.normalize("NFC");
  let at = 0;
  for (const m of text.matchAll(URL_PATTERN)) {
    const url = trimUrl(m[0]);
    let ok = false;
    try {
      ok = ["http:", "https:"].includes(new URL(url).protocol);
    } catch {
      ok = false;
    }
    if (!ok) continue;
    span.append(...marked(text.slice(at, m.index), mark), linkEl(url));
    at = m.index + url.length;
  }
  span.append(...marked(text.slice(at), mark));
  return span;
}

// The text's first line inline, each further line as a marked continuation line.
function textEls(text, mark = false) {
  const [first, ...rest] = lines(text);
  return [lineEl("text", first, mark), ...rest.map((l) => lineEl("cont", l, mark))];
}

export function atBottom() {
  const box = log();
  return box.scrollHeight - box.scrollTop - box.clientHeight < 40;
}

// Live messages that came while the person was reading further up: counted on a button
// that takes them down, rather than moving what they read.
let below = 0;

function newBelow() {
  const b = document.getElementById("new-below");
  b.hidden = below === 0;
  b.textContent = below === 1 ? "1 new message ↓" : below + " new messages ↓";
}

// The list follows new rows while it is at its bottom; a live message otherwise counts
// on the "new messages" button.
function append(li, live = false) {
  const box = log();
  const following = atBottom();
  list().append(li);
  if (following) box.scrollTop = box.scrollHeight;
  else if (live) {
    below++;
    newBelow();
  }
  return following;
}

let caughtUp = () => {};

// Calls f when the person has come down to the newest message.
export function onCaughtUp(f) {
  caughtUp = f;
}

// To the newest row: after sending or running a command, whose answer lands there.
export function toBottom() {
  const box = log();
  box.scrollTop = box.scrollHeight;
  below = 0;
  newBelow();
  caughtUp();
}

// Reaching the bottom by scrolling reads what the button counted.
export function scrolled() {
  if (!atBottom()) return;
  if (below > 0) {
    below = 0;
    newBelow();
  }
  caughtUp();
}

// The key under which a message is known on the page, so a replay after a reconnect
// does not show it twice: room numbers are per room, private ids server-wide.
export function key(m) {
  return m.type === "private" ? "p" + m.pid : m.room + "#" + m.seq;
}

function messageEl(m, when = clock) {
  const li = el("li", "message");
  li.dataset.seq = m.seq;
  li.append(timeEl(m.time, when), nameEl(m.from), el("span", "sep", ": "), ...textEls(m.text, true));
  return li;
}

function privateEl(p, when = clock) {
  const li = el("li", p.waited ? "message private waited" : "message private");
  li.dataset.pid = p.pid;
  const to = el("span", "to");
  p.to.forEach((n, i) => {
    if (i > 0) to.append(", ");
    to.append(nameEl(n, "name"));
  });
  // One that waited for this account to sign in may be days old: shown with its date.
  li.append(timeEl(p.time, p.waited ? stamp : when), el("span", "tag", p.waited ? "private, sent while you were away" : "private"),
    nameEl(p.from, "name"), " → ", to,
    el("span", "sep", ": "), ...textEls(p.text, false));
  return li;
}

function anyEl(m, when) {
  return m.type === "private" ? privateEl(m, when) : messageEl(m, when);
}

// A live message; returns its row, and whether the list followed it to the bottom.
export function message(m, mention = false) {
  const li = messageEl(m);
  if (mention) li.classList.add("mention");
  return { li, following: append(li, true) };
}

export function privateMessage(p) {
  const li = privateEl(p);
  return { li, following: append(li, true) };
}

// "new since you were last here" just before a row: one such line in the list.
export function newSince(li) {
  list().querySelector(".divider.new-since")?.remove();
  li.before(divider("new-since", "new since you were last here"));
}

function divider(className, text) {
  const li = el("li", "divider " + className);
  li.append(el("span", "text", text));
  return li;
}

// A replay on entering a room: dimmed, between "earlier messages" and "live from here",
// after whatever the page shows already (it comes before any live event of the room).
export function history(messages) {
  if (messages.length === 0) return;
  if (!list().querySelector(".divider.earlier")) append(divider("earlier", "earlier messages"));
  for (const m of messages) {
    const li = anyEl(m);
    li.classList.add("history");
    append(li);
  }
  append(divider("live", "live from here"));
}

// An older page goes in at the top, under the "earlier messages" line, and the part of
// the list being read stays where it is on the screen.
export function older(messages) {
  if (messages.length === 0) return;
  const box = log();
  const ol = list();
  let top = ol.querySelector(".divider.earlier");
  if (!top) {
    top = divider("earlier", "earlier messages");
    ol.prepend(top);
  }
  const fromBottom = box.scrollHeight - box.scrollTop;
  const items = messages.map((m) => {
    const li = anyEl(m);
    li.classList.add("history");
    return li;
  });
  top.after(...items);
  box.scrollTop = box.scrollHeight - fromBottom;
}

// Search results as one marked block: a heading, then each match with its date, room and sender.
export function found(f) {
  const li = el("li", "found");
  const n = f.messages.length;
  const heading = el("p", "found-head");
  heading.append(timeEl(),
    el("span", "text", "search " + JSON.stringify(visible(f.query)) + ": " + (n === 0 ? "nothing found" : n + (f.more ? "+" : "") + " found")));
  li.append(heading);
  if (n > 0) {
    const results = el("ol", "results");
    for (const m of f.messages) {
      const row = anyEl(m, stamp);
      if (m.type !== "private") row.insertBefore(el("span", "where", m.room), row.children[1]);
      results.append(row);
    }
    li.append(results);
  }
  // The server looked at as many messages as one search may: older matches may exist.
  if (f.stoppedAfter) li.append(el("p", "found-head", "search stopped after " + f.stoppedAfter + " messages; older ones were not searched"));
  append(li);
}

export function notice(text, time) {
  const li = el("li", "notice");
  li.append(timeEl(time), ...textEls(text));
  append(li);
}

// Entering another room starts a fresh list, headed by where the person now is.
export function clear() {
  list().replaceChildren();
  below = 0;
  newBelow();
}

export function error(code, text) {
  const li = el("li", "err");
  li.append(timeEl(), el("span", "text", "! " + code + ": " + visible(text)));
  append(li);
}
