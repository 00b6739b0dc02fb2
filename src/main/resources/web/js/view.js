// The message list. Every piece of text from the server goes in through textContent.

import { colourClass } from "./names.js";
import { clock, lines, visible } from "./text.js";

const list = () => document.getElementById("messages");
const log = () => document.getElementById("log");

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

function nameEl(name, className = "from") {
  return el("span", className + " " + colourClass(name), name);
}

// The text's first line inline, each further line as a marked continuation line.
function textEls(text) {
  const [first, ...rest] = lines(text);
  return [el("span", "text", first), ...rest.map((l) => el("span", "cont", l))];
}

function append(li) {
  const box = log();
  const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 40;
  list().append(li);
  if (atBottom) box.scrollTop = box.scrollHeight;
}

export function message(m) {
  const li = el("li", "message");
  li.dataset.seq = m.seq;
  li.append(el("time", "time", clock(m.time)), nameEl(m.from), el("span", "sep", ": "), ...textEls(m.text));
  append(li);
}

export function privateMessage(p) {
  const li = el("li", "message private");
  li.dataset.pid = p.pid;
  const to = el("span", "to");
  p.to.forEach((n, i) => {
    if (i > 0) to.append(", ");
    to.append(nameEl(n, "name"));
  });
  li.append(el("time", "time", clock(p.time)), el("span", "tag", "private"), nameEl(p.from, "name"), " → ", to,
    el("span", "sep", ": "), ...textEls(p.text));
  append(li);
}

export function notice(text, time) {
  const li = el("li", "notice");
  li.append(el("time", "time", clock(time)), ...textEls(text));
  append(li);
}

export function error(code, text) {
  const li = el("li", "err");
  li.append(el("time", "time", clock()), el("span", "text", "! " + code + ": " + visible(text)));
  append(li);
}
