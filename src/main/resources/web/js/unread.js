// What arrived while nobody was looking: messages from others that came while the tab was
// hidden or the list was scrolled up, counted per room (private messages on their own),
// with mentions and private messages counted again as the stronger kind. The tab's title
// shows the total and its icon a badge: a dot for unread, a red one with "@" for mentions.

const PRIVATE = "@private";
const counts = new Map(); // room (or PRIVATE) -> { unread, mentions }
const listeners = [];

function bucket(room) {
  if (!counts.has(room)) counts.set(room, { unread: 0, mentions: 0 });
  return counts.get(room);
}

function totals() {
  let unread = 0;
  let mentions = 0;
  for (const c of counts.values()) {
    unread += c.unread;
    mentions += c.mentions;
  }
  return { unread, mentions };
}

function show() {
  const t = totals();
  document.title = (t.unread ? "(" + t.unread + ") " : "") + "chatroom";
  const icon = document.querySelector('link[rel~="icon"]');
  const href = t.mentions ? "favicon-mention.svg" : t.unread ? "favicon-unread.svg" : "favicon.svg";
  if (icon && icon.getAttribute("href") !== href) icon.setAttribute("href", href);
  for (const f of listeners) f();
}

// Calls f whenever a count changes (the rooms list shows them).
export function onChange(f) {
  listeners.push(f);
}

// A message from someone else that the person has not seen yet; true when it is the first
// since they last looked (where the "new since you were last here" line goes).
export function arrived(room, strong) {
  const all = totals();
  const c = bucket(room ?? PRIVATE);
  c.unread++;
  if (strong) c.mentions++;
  show();
  return all.unread === 0;
}

// The person is looking at the newest messages of {@code room} again: nothing of it, nor
// any private message, is unread; other rooms keep their counts until shown.
export function read(room) {
  const had = totals().unread;
  counts.delete(room);
  counts.delete(PRIVATE);
  if (totals().unread !== had) show();
}

export function of(room) {
  return counts.get(room) ?? { unread: 0, mentions: 0 };
}
