// Message text on screen. It is only ever put into the page as text nodes (textContent),
// so markup in a message stays characters. Controls would still act on the display
// (bidi overrides reorder a line, a bell or escape is invisible), so they are shown as
// the terminal client shows them: C0 as control pictures, the rest as <U+XXXX>.

const BIDI_AND_SEPARATORS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\u2028\u2029\u0080-\u009F]/gu;

export function visible(line) {
  return line
    .replace(/\t/g, "    ")
    .replace(/[\u0000-\u001F]/g, (c) => String.fromCharCode(0x2400 + c.charCodeAt(0)))
    .replace(/\u007F/g, "\u2421")
    .replace(BIDI_AND_SEPARATORS, (c) => "<U+" + c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0") + ">");
}

// A message's lines: the first is the message, the others are its continuation lines.
export function lines(text) {
  return text.split(/\r\n|\n|\r/).map(visible);
}

export function clock(iso) {
  const d = iso ? new Date(iso) : new Date();
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, "0")).join(":");
}

function day(d) {
  return [d.getFullYear(), d.getMonth() + 1, d.getDate()].map((n) => String(n).padStart(2, "0")).join("-");
}

// Date and time, for search results, which may be from any day.
export function stamp(iso) {
  return day(new Date(iso)) + " " + clock(iso);
}

// Date, time and zone, for a time's tooltip: "2026-11-28 01:03:05 UTC+08:00 (Asia/Shanghai)".
export function full(d) {
  const minutes = -d.getTimezoneOffset();
  const hhmm = [Math.floor(Math.abs(minutes) / 60), Math.abs(minutes) % 60].map((n) => String(n).padStart(2, "0")).join(":");
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return day(d) + " " + clock(d.toISOString()) + " UTC" + (minutes < 0 ? "−" : "+") + hhmm + (zone ? " (" + zone + ")" : "");
}
