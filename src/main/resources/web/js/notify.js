// Desktop notifications (opt-in): for private messages and mentions of you, only while
// the tab is hidden, never for your own messages. Permission is asked for only when the
// person ticks the setting; unticking turns them off (remembered in this browser).

const KEY = "chatroom.notifications";
const box = () => document.getElementById("notify");
const note = () => document.getElementById("notify-note");

function supported() {
  return "Notification" in window;
}

function on() {
  return supported() && Notification.permission === "granted" && localStorage.getItem(KEY) === "on";
}

function show() {
  box().checked = on();
  if (!supported()) note().textContent = "This browser cannot show notifications.";
  else if (Notification.permission === "denied") note().textContent = "Notifications are blocked for this page in the browser's settings.";
  else note().textContent = "";
}

export function setUp() {
  show();
  box().addEventListener("change", async () => {
    if (!box().checked) {
      localStorage.setItem(KEY, "off");
      return show();
    }
    if (!supported()) return show();
    if (Notification.permission === "default") await Notification.requestPermission();
    localStorage.setItem(KEY, Notification.permission === "granted" ? "on" : "off");
    show();
  });
}

// A message for the person from someone else: a notification when they are not looking.
export function tell(title, body) {
  if (!on() || !document.hidden) return;
  const n = new Notification(title, { body: body.length > 200 ? body.slice(0, 199) + "…" : body, tag: "chatroom" });
  n.addEventListener("click", () => {
    window.focus();
    n.close();
  });
}
