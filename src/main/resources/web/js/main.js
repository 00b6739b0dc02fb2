// The chat page: join, then read and write in the rooms one is in. The server reads typed
// lines by the same rules as the terminal's ("line" frames), so /who, /help, @name and the
// rest work here without the page knowing them. One is in several rooms at once; the page
// shows one of them, and every request about a room names it ("room"), so a typed line goes
// to the room on screen whatever another connection of the same account shows.

import { Link } from "./link.js";
import { byName, colourClass, matching, mentions, typedAddress } from "./names.js";
import * as notify from "./notify.js";
import * as unread from "./unread.js";
import * as view from "./view.js";

const $ = (id) => document.getElementById(id);
const NAME_ERRORS = new Set(["name-taken", "name-invalid", "name-confusable", "unsupported-version", "members-only",
  "accounts-unavailable"]);
// Answers to a hello for a registered name: the form shows the password field and stays.
const PASSWORD_ERRORS = new Set(["password-required", "password-wrong", "rate-limited"]);
// Final errors after which the page does not reconnect: a moderator put this person out.
const PUT_OUT = new Set(["kicked", "banned"]);
const LOBBY = "#lobby";
const PAGE = 50;
// A history page "before" this id starts from the newest message (store ids stay far below).
const NEWEST = Number.MAX_SAFE_INTEGER;

const state = {
  name: null, // the name asked for, kept for rejoining after a drop
  password: null, // a registered name's password, kept in memory only, for rejoining after a drop
  newPassword: null, // { id, password } of a /register or /password under way: it counts once the server agrees
  joined: false,
  everJoined: false,
  quitting: false,
  members: [],
  away: new Set(), // those of the members who are away
  roles: {}, // the role of each member who is not a plain member: guest, moderator, admin
  room: null, // the room on screen, which a reconnect goes back to
  entryId: null, // the id of the welcome or entered whose history frame replays the room
  olderId: null, // the id of the "load older" request under way
  rejoin: null, // after a reconnect: the join back, and the welcome's room and people should it fail
  before: 0, // the cursor for the next page back
  more: false,
  shown: new Set(), // view.key of each message on the page
  // After a reconnect until what was missed is shown: the phase ("rejoining", "entered",
  // "paging"), the messages gathered so far, and the room's live frames held meanwhile.
  catchUp: null,
  moving: null, // the id of the join or leave the page sent for a room chosen in its list
  rooms: [], // the rooms one is in, as the server last said
  background: new Set(), // ids of joins back into rooms not on screen, after a reconnect
  quiet: new Set(), // ids of the page's own requests whose answers need no line in the list
};

// After a drop the hello asks for the usual replay (a count in the hello would hold for
// every later room entry too); a replay of a room the page is not in is skipped.
const link = new Link({
  onOpen: () => link.send(state.password === null ? { type: "hello", version: 1, name: state.name }
    : { type: "hello", version: 1, name: state.name, password: state.password }),
  onFrame: frame,
  onDrop: dropped,
  onRetry: () => banner("Reconnecting…"),
});

// The banner says what is wrong with the connection; while a reconnect waits it counts
// the wait down (not read out each second) and offers to try at once.
let countdown = null;

function banner(text, retryAt) {
  clearInterval(countdown);
  $("banner-text").textContent = text ?? "";
  $("banner").hidden = !text;
  $("retry").hidden = retryAt === undefined;
  const tick = () => {
    const left = Math.max(1, Math.ceil((retryAt - Date.now()) / 1000));
    $("countdown").textContent = "Next try in " + left + " s.";
  };
  $("countdown").textContent = "";
  if (retryAt !== undefined) {
    tick();
    countdown = setInterval(tick, 250);
  }
}

function showChat(on) {
  $("join-view").hidden = on;
  $("chat-view").hidden = !on;
}

function setMembers(names, away = state.away, roles = state.roles) {
  state.members = [...names].sort(byName);
  state.away = new Set([...away].filter((n) => names.includes(n)));
  state.roles = roles ?? {};
  const ul = $("member-list");
  ul.replaceChildren(...state.members.map((n) => {
    const li = document.createElement("li");
    const b = document.createElement("button");
    b.type = "button";
    b.className = colourClass(n);
    b.textContent = n;
    b.title = "write privately to " + n;
    if (state.away.has(n)) {
      // Dimmed, and said in words for a screen reader.
      b.classList.add("away");
      b.title = n + " is away; write privately to " + n;
      const note = document.createElement("span");
      note.className = "away-note";
      note.textContent = " (away)";
      b.append(note);
    }
    const role = state.roles[n]; // guest, moderator or admin; plain members are not marked
    if (role) {
      const mark = document.createElement("span");
      mark.className = "role-note";
      mark.textContent = " (" + role + ")";
      b.append(mark);
    }
    b.addEventListener("click", () => address(n));
    li.append(b);
    return li;
  }));
  $("count").textContent = String(state.members.length);
}

function showRoom(room) {
  state.room = room;
  $("room").textContent = room ?? "";
  $("room").title = room ?? "";
  $("to-lobby").hidden = !room || room === LOBBY;
  for (const b of $("room-list").querySelectorAll("button")) {
    if (b.dataset.room === room) b.setAttribute("aria-current", "true");
    else b.removeAttribute("aria-current");
  }
}

function roomEntry(r) {
  const li = document.createElement("li");
  const b = document.createElement("button");
  b.type = "button";
  b.dataset.room = r.name;
  b.addEventListener("click", () => goTo(r.name));
  const part = document.createElement("button");
  part.type = "button";
  part.className = "part quiet";
  part.textContent = "×";
  part.title = "leave " + r.name;
  part.setAttribute("aria-label", "leave " + r.name);
  part.addEventListener("click", () => partRoom(r.name));
  li.append(b, part);
  return li;
}

// The rooms one is in come first, each with its unread count and a button that leaves it;
// then the other rooms with people in them, which a click enters.
let openRooms = [];

function listedRooms() {
  const counts = new Map(openRooms.map((r) => [r.name, r.members]));
  const mine = [...state.rooms].sort().map((name) => ({ name, members: counts.get(name) ?? 1 }));
  const others = openRooms.filter((r) => !state.rooms.includes(r.name));
  return [...mine, ...others];
}

function partRoom(room) {
  const id = link.send({ type: "part", room });
  if (id) state.quiet.add(id);
}

// The list is updated in place: it is asked for every few seconds, and rebuilding it
// would take the keyboard focus away from an entry someone is on.
function setRooms(rooms) {
  if (rooms) openRooms = rooms;
  const ul = $("room-list");
  const had = new Map([...ul.children].map((li) => [li.firstChild.dataset.room, li]));
  const items = listedRooms().map((r) => {
    const li = had.get(r.name) ?? roomEntry(r);
    const b = li.firstChild;
    const joined = state.rooms.includes(r.name);
    b.textContent = r.name + " (" + r.members + ")";
    b.title = (joined ? "show " : "enter ") + r.name + " (" + r.members + " there)";
    li.classList.toggle("joined", joined);
    li.querySelector(".part").hidden = !joined;
    if (r.name === state.room) b.setAttribute("aria-current", "true");
    else b.removeAttribute("aria-current");
    return li;
  });
  const same = items.length === ul.children.length && items.every((li, i) => ul.children[i] === li);
  if (!same) {
    const focused = ul.contains(document.activeElement) ? document.activeElement.dataset.room : null;
    ul.replaceChildren(...items);
    if (focused) ul.querySelector(`button[data-room="${CSS.escape(focused)}"]`)?.focus();
  }
  paintBadges();
}

// The page's own requests for the list (asked on entering a room, when someone comes or
// goes, and every few seconds, so the counts stay live) and for the people in the room;
// a typed /rooms or /who is answered in the message list too.
const roomsAsked = new Set();
const whoAsked = new Set();
const ROOMS_EVERY_MS = 5000;
setInterval(() => {
  if (!state.joined) return;
  askRooms();
  askWho(); // who is away changes without an event
}, ROOMS_EVERY_MS);

function askRooms() {
  const id = link.send({ type: "rooms" });
  if (id) roomsAsked.add(id);
}

function askWho() {
  const id = link.send(state.room ? { type: "who", room: state.room } : { type: "who" });
  if (id) whoAsked.add(id);
}

// The phone panel (rooms, search, people): its button always says whether it is open.
function openPanel(open) {
  $("people").classList.toggle("open", open);
  $("people-toggle").setAttribute("aria-expanded", String(open));
}

function goTo(room) {
  openPanel(false);
  if (room === state.room) return input.focus();
  if (state.rooms.includes(room)) {
    // In it already: shown at once; the server is told, so its current room (the
    // terminal's) follows the page.
    const id = link.send({ type: "join", room });
    if (id) state.quiet.add(id);
    show(room);
    return input.focus();
  }
  const id = link.send({ type: "join", room });
  // The entry chosen (and at phone width its panel) goes away: the keyboard goes on in
  // the message box once the room is entered.
  if (id) state.moving = id;
}

// Shows a room one is in: its newest page of history, then what comes live.
function show(room) {
  freshRoom();
  showRoom(room);
  setMembers([state.name]);
  unread.read(room);
  state.entryId = link.send({ type: "history", room, count: PAGE, before: NEWEST }) || null;
  askWho();
  setRooms();
}

// The rooms one is in, as the server says after a join, a part or /myrooms; when the room
// on screen is no longer one of them, or a typed /join asked for another, that one is shown.
function yourRooms(f, typed) {
  state.rooms = f.rooms ?? [];
  if (!state.rooms.includes(state.room) || (typed && f.current !== state.room)) show(f.current);
  setRooms();
}

function olderButton() {
  const b = $("older");
  b.hidden = !state.more;
  b.disabled = state.olderId !== null;
}

// A fresh list for a room: nothing shown yet, nothing to page back to until its history says so.
function freshRoom() {
  view.clear();
  state.shown.clear();
  state.before = 0;
  state.more = false;
  state.olderId = null;
  olderButton();
}

// Messages not on the page yet, remembered as shown.
function unseen(messages) {
  return messages.filter((m) => {
    const k = view.key(m);
    if (state.shown.has(k)) return false;
    state.shown.add(k);
    return true;
  });
}

function replayed(f) {
  if (f.room && f.room !== state.room) return; // a replay of a room not on screen (rejoined after a drop)
  if (state.catchUp && state.catchUp.phase !== "rejoining" && (f.id === state.entryId || f.id === state.catchUp.id)) {
    return caughtUp(f);
  }
  const fresh = unseen(f.messages ?? []);
  if (f.id !== undefined && f.id === state.olderId) {
    state.olderId = null;
    view.older(fresh);
  } else if (f.id !== undefined && f.id === state.entryId) {
    view.history(fresh);
  } else {
    view.older(fresh); // a typed /history
    if (!f.more) view.notice("this is the beginning of " + state.room);
  }
  state.before = f.before;
  state.more = f.more;
  olderButton();
}

// Back after a drop: the room's replay, and as many pages before it as it takes to reach
// a message the page shows already, so that everything missed is shown, in order, once.
function caughtUp(f) {
  const c = state.catchUp;
  const messages = f.messages ?? [];
  c.missed = [...messages, ...c.missed];
  const reached = messages.some((m) => state.shown.has(view.key(m)));
  if (!reached && f.more && f.before > 0) {
    c.phase = "paging";
    c.id = link.send({ type: "history", count: 200, before: f.before }) || null;
    if (c.id) return;
  }
  state.catchUp = null;
  view.history(unseen(c.missed));
  // The page may already reach further back than the replay did.
  if (state.before === 0 || state.before > f.before) {
    state.before = f.before;
    state.more = f.more;
  }
  olderButton();
  for (const held of c.held) frame(held);
}

// A room event belongs on the list only when it is of the room the list shows.
function ofThisRoom(f) {
  return f.room === state.room;
}
function address(n) {
  const input = $("input");
  input.value = "@" + n + " " + input.value.replace(/^@\S+\s?/u, "");
  input.focus();
  openPanel(false);
}

// As the plain door words them: everyone named, or in a crowd only the first of them.
function crowdText(head, names, hint) {
  if (!names.partial) return head + ": " + names.list.join(", ");
  const first = names.list.length ? ", the first " + names.list.length + ": " + names.list.join(", ") : "";
  return head + first + " (" + hint + ")";
}

// The names a welcome or an entered frame gives, and whether they leave people out.
function crowd(list, count) {
  const n = count ?? list.length;
  return { list, count: n, partial: n > list.length };
}

function welcomeText(f) {
  const names = crowd(f.online, f.count);
  return crowdText("welcome " + f.name + ", " + names.count + " online", names, "/who all lists everyone");
}

function enteredText(f, word) {
  const names = crowd(f.members, f.count);
  return crowdText(word + " in " + f.room + " (" + names.count + ")", names, "/who lists everyone here");
}

function frame(f) {
  const typed = f.id !== undefined && sent.has(f.id);
  if (typed) {
    answered(f);
    if (f.type === "error" && GIVEN_BACK.has(f.code)) return;
  }
  if (f.type === "away") return; // not shown (the who list marks who is away); never part of a room's catch-up
  const c = state.catchUp;
  if (c?.phase === "entered" && !(f.type === "history" && f.id === state.entryId)) {
    // The replay comes right after the entry, before anything else: none came, so the
    // room has no past and nothing was missed.
    state.catchUp = null;
  } else if (c?.phase === "paging" && ["message", "private", "joined", "left"].includes(f.type)) {
    // Shown after what was missed, so that the list stays in order.
    if (f.type === "private" || ofThisRoom(f)) c.held.push(f);
    return;
  }
  switch (f.type) {
    case "welcome": {
      const back = state.room; // set when this is a reconnect
      const before = state.rooms;
      state.catchUp = back ? { phase: back === f.room ? "entered" : "rejoining", id: null, missed: [], held: [] } : null;
      state.joined = true;
      state.everJoined = true;
      state.name = f.name;
      state.entryId = f.id;
      state.rooms = [f.room];
      link.settled();
      banner(null);
      $("me").textContent = f.name;
      view.setMe(f.name);
      $("me").title = "you are " + f.name;
      view.notice(welcomeText(f));
      const others = back ? before.filter((r) => r !== back && r !== f.room) : [];
      for (const r of others) {
        // Back into the rooms not on screen too, quietly: their replays are not shown.
        const id = link.send({ type: "join", room: r });
        if (id) state.background.add(id);
      }
      if (back && back !== f.room) {
        // As the terminal client does: back to the room the drop took us out of.
        state.rejoin = { id: link.send({ type: "join", room: back }), room: f.room };
      } else {
        // The welcome names everyone online; "In this room" is the room's people.
        showRoom(f.room ?? null);
        setMembers([f.name]);
        askWho();
        askRooms();
      }
      showChat(true);
      $("input").focus();
      break;
    }
    case "entered":
      if (state.background.delete(f.id)) {
        if (!state.rooms.includes(f.room)) state.rooms = [...state.rooms, f.room];
        setRooms();
        break;
      }
      if (!state.rooms.includes(f.room)) state.rooms = [...state.rooms, f.room];
      if (f.id === state.moving) {
        state.moving = null;
        input.focus();
      }
      state.entryId = f.id;
      state.rejoin = null;
      if (state.catchUp?.phase === "rejoining" && f.room === state.room) state.catchUp.phase = "entered";
      else state.catchUp = null;
      if (f.room !== state.room) {
        freshRoom();
        showRoom(f.room);
        view.notice(enteredText(f, "now"));
      } else {
        view.notice(enteredText(f, "back"));
      }
      setMembers(f.members);
      askRooms();
      break;
    case "history":
      replayed(f);
      break;
    case "your-rooms":
      yourRooms(f, typed);
      if (typed) view.notice("you talk in " + f.current + "; your rooms (" + f.rooms.length + "): " + f.rooms.join(", "));
      state.quiet.delete(f.id);
      break;
    case "rooms":
      setRooms(f.rooms ?? []);
      if (!roomsAsked.delete(f.id)) {
        view.notice("rooms (" + f.rooms.length + "): " + f.rooms.map((r) => r.name + " (" + r.members + ")").join(", "));
      }
      break;
    case "found":
      view.found(f);
      break;
    case "message":
      if (ofThisRoom(f) && unseen([f]).length) {
        const mention = f.from !== state.name && mentions(f.text, state.name);
        noted(f, view.message(f, mention), mention);
      } else if (!ofThisRoom(f) && state.rooms.includes(f.room) && f.from !== state.name) {
        // Another of one's rooms: counted in the rooms list, shown when that room is.
        const mention = mentions(f.text, state.name);
        if (mention) notify.tell(f.from + " in " + f.room, f.text);
        unread.arrived(f.room, mention);
      }
      break;
    case "private":
      if (unseen([f]).length) noted(f, view.privateMessage(f), f.from !== state.name);
      break;
    case "joined":
      if (!ofThisRoom(f)) break; // after a reconnect, before the page is back in its room
      if (!state.members.includes(f.name)) setMembers([...state.members, f.name]);
      view.notice(f.name + " joined", f.time);
      askRooms();
      break;
    case "left":
      if ((f.reason === "moved" || f.reason === "parted") && f.name === state.name) {
        // Out of that room; "your-rooms" follows and says where the page goes if it was on screen.
        state.rooms = state.rooms.filter((r) => r !== f.room);
        unread.read(f.room);
        break;
      }
      if (!ofThisRoom(f)) break;
      setMembers(state.members.filter((n) => n !== f.name));
      view.notice(f.reason === "moved" ? f.name + " moved to " + f.to : f.name + " left (" + f.reason + ")", f.time);
      askRooms();
      if (f.name === state.name && f.reason === "quit") quit();
      break;
    case "who":
      if (whoAsked.delete(f.id)) {
        if (f.room === state.room) setMembers(f.names, f.away ?? [], f.roles ?? {});
        break;
      }
      view.notice((f.room ? "in " + f.room : "online") + " (" + f.names.length + "): "
        + f.names.map((n) => (f.roles?.[n] ? n + " (" + f.roles[n] + ")" : n)).join(", "));
      break;
    case "notice":
      if (f.id !== undefined && f.id === state.newPassword?.id) state.password = state.newPassword.password;
      view.notice(f.text);
      break;
    case "error":
      refused(f);
      break;
    default:
      break; // accepted, pong, and frames this page does not use yet
  }
}

// A live message from someone else counts as unread when the tab is hidden or the list
// was not at its newest; the first of them gets the "new since you were last here" line.
function noted(f, shown, strong) {
  if (f.from === state.name) return;
  if (strong) notify.tell(f.type === "private" ? f.from + " (private)" : f.from + " in " + f.room, f.text);
  if (!document.hidden && shown.following) return;
  if (unread.arrived(f.type === "private" ? null : f.room, strong)) view.newSince(shown.li);
}

function lookingAtNewest() {
  if (!document.hidden && view.atBottom()) unread.read(state.room);
}

view.onCaughtUp(lookingAtNewest);
notify.setUp();
document.addEventListener("visibilitychange", lookingAtNewest);
unread.onChange(() => paintBadges());

// The rooms list's unread and mention counts.
function paintBadges() {
  for (const li of $("room-list").children) {
    const c = unread.of(li.firstChild.dataset.room);
    let badge = li.querySelector(".badge");
    if (c.unread === 0) {
      badge?.remove();
      continue;
    }
    if (!badge) {
      badge = document.createElement("span");
      li.firstChild.after(badge); // before the button that leaves the room
    }
    badge.className = "badge" + (c.mentions ? " strong" : "");
    badge.textContent = c.mentions ? "@" + c.mentions + " · " + c.unread : String(c.unread);
    badge.title = c.unread + " unread" + (c.mentions ? ", " + c.mentions + " for you" : "");
  }
}

function refused(f) {
  if (f.id !== undefined && f.id === state.newPassword?.id) state.newPassword = null;
  if (!state.joined && PASSWORD_ERRORS.has(f.code)) {
    // The name is registered: the form asks for its password (again), on a fresh connection.
    link.stop();
    state.password = null;
    state.everJoined = false;
    showChat(false);
    $("password-row").hidden = false;
    $("password").value = "";
    $("join-error").textContent = f.text;
    $("join").disabled = false;
    $("password").focus();
    return;
  }
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
  if (f.id !== undefined && f.id === state.olderId) {
    state.olderId = null;
    olderButton();
  }
  if (f.id !== undefined && f.id === state.rejoin?.id) {
    // The room could not be entered again (say it may not open now): the page shows
    // where the server put us instead of a room it is not in.
    state.catchUp = null;
    freshRoom();
    showRoom(state.rejoin.room);
    setMembers([state.name]);
    askWho();
    state.rejoin = null;
    askRooms();
  }
  if (f.final && PUT_OUT.has(f.code)) {
    // A moderator put us out: reconnecting would undo a kick at once and only knock on a ban.
    state.joined = false;
    state.everJoined = false;
    link.stop();
    showChat(false);
    $("join-error").textContent = f.text;
    $("join").disabled = false;
    return;
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
  banner("Connection lost. Reconnecting…", Date.now() + waitMs);
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
  state.password = $("password-row").hidden ? null : $("password").value;
  $("password").value = "";
  state.quitting = false;
  $("join").disabled = true;
  state.room = null;
  state.rooms = [];
  freshRoom();
  link.start();
});

// ---- writing ----

const input = $("input");
const completions = $("completions");
let choices = [];
let chosen = 0;

// What was sent, by id, until the server answers: a message it refused as a whole comes
// back into the box, so nothing typed is lost.
const sent = new Map();
const GIVEN_BACK = new Set(["rate-limited", "log-unavailable", "text-too-long", "history-unavailable"]);

function answered(f) {
  const text = sent.get(f.id);
  sent.delete(f.id);
  if (f.type !== "error" || !GIVEN_BACK.has(f.code)) return;
  if (input.value === "") {
    input.value = text;
    fit();
    view.error(f.code, f.text + " (your message is back in the box: Enter sends it again)");
  } else {
    view.error(f.code, f.text + " (it was: " + text + ")");
  }
}

// Another name may not be registered: the password field goes until the server asks again.
$("name").addEventListener("input", () => {
  $("password-row").hidden = true;
  $("password").value = "";
});

// A bare /register or /password asks for the new password twice in a dialog, never in the box.
function askNewPassword(command) {
  const dialog = $("password-dialog");
  $("new-password").value = "";
  $("new-password-again").value = "";
  $("password-dialog-error").textContent = "";
  $("password-dialog-title").textContent = command === "/register" ? "Register your name" : "New password";
  dialog.dataset.command = command;
  dialog.showModal();
  $("new-password").focus();
}

$("password-form").addEventListener("submit", (e) => {
  const first = $("new-password").value;
  if (first !== $("new-password-again").value) {
    e.preventDefault();
    $("password-dialog-error").textContent = "The two passwords differ.";
    return;
  }
  const type = $("password-dialog").dataset.command === "/register" ? "register" : "password";
  const id = link.send({ type, password: first });
  if (id) state.newPassword = { id, password: first };
  else view.error("not-connected", "not connected to the server right now; nothing was sent");
  $("new-password").value = "";
  $("new-password-again").value = "";
});

$("password-cancel").addEventListener("click", () => {
  $("new-password").value = "";
  $("new-password-again").value = "";
  $("password-dialog").close();
  input.focus();
});

$("password-dialog").addEventListener("close", () => input.focus());

function send() {
  const text = input.value;
  if (!text.trim()) return;
  if (text.trim() === "/register" || text.trim() === "/password") {
    input.value = "";
    fit();
    askNewPassword(text.trim());
    return;
  }
  const id = link.send(state.room ? { type: "line", text, room: state.room } : { type: "line", text });
  if (!id) {
    view.error("not-connected", "not connected to the server right now; that message was not sent (it stays in the box)");
    return;
  }
  sent.set(id, text);
  input.value = "";
  fit();
  closeCompletions();
  view.toBottom(); // where the message, or the command's answer, is shown
}

function fit() {
  input.style.height = "auto";
  input.style.height = input.scrollHeight + 2 + "px";
}

function closeCompletions() {
  choices = [];
  completions.hidden = true;
  completions.replaceChildren();
  input.setAttribute("aria-expanded", "false");
  input.removeAttribute("aria-activedescendant");
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
  input.setAttribute("aria-expanded", "true");
  input.setAttribute("aria-activedescendant", "completion-" + chosen);
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
  if ((e.key === "PageUp" || e.key === "PageDown") && !e.shiftKey && !e.ctrlKey && !e.altKey && !e.metaKey) {
    // The box holds a line or a few: the keys page through the messages instead.
    e.preventDefault();
    const log = $("log");
    log.scrollBy(0, (e.key === "PageUp" ? -1 : 1) * Math.max(log.clientHeight * 0.9, 40));
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

$("older").addEventListener("click", () => {
  if (state.olderId !== null || !state.more) return;
  state.olderId = link.send({ type: "history", room: state.room, count: PAGE, before: state.before }) || null;
  olderButton();
});

// As /leave: out of the room on screen, back to the lobby.
$("to-lobby").addEventListener("click", () => {
  openPanel(false);
  const id = link.send({ type: "leave", room: state.room });
  if (id) state.quiet.add(id);
});
$("retry").addEventListener("click", () => link.retryNow());
window.addEventListener("online", () => link.retryNow()); // the network is back: no need to wait

$("search-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const text = $("search").value.trim();
  if (!text) return;
  if (!link.send({ type: "search", text, room: state.room })) {
    view.error("not-connected", "not connected to the server right now; the search was not sent");
    return;
  }
  openPanel(false);
  view.toBottom();
});

$("new-below").addEventListener("click", () => {
  view.toBottom();
  input.focus();
});
$("log").addEventListener("scroll", () => view.scrolled(), { passive: true });

$("people-toggle").addEventListener("click", () => openPanel(!$("people").classList.contains("open")));

// Escape closes the phone panel, back to its button.
document.addEventListener("keydown", (e) => {
  if (e.key !== "Escape" || !$("people").classList.contains("open") || e.defaultPrevented) return;
  openPanel(false);
  $("people-toggle").focus();
});
