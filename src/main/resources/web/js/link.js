// The WebSocket to the server: one JSON frame per message, the same frames as the TCP
// door's JSON Lines. After a drop it reconnects with backoff (1 s, doubling to 30 s, as
// the terminal client does) until told to stop. In a cluster each try goes round the
// servers: the page's own first, then those the server lists at /peers.json (--web-peers),
// the next at once when one does not answer.

const FIRST_WAIT_MS = 1000;
const LONGEST_WAIT_MS = 30000;
// Well inside the server's --timeout-after (90 s by default), so an idle page is not dropped.
const PING_EVERY_MS = 25000;

export class Link {
  constructor({ onOpen, onFrame, onDrop, onRetry }) {
    this.handlers = { onOpen, onFrame, onDrop, onRetry };
    this.socket = null;
    this.wait = FIRST_WAIT_MS;
    this.stopped = true;
    this.nextId = 1;
    this.timer = null;
    this.pinger = null;
    this.peers = []; // the other servers' WebSocket addresses
    this.at = 0; // which of own + peers this try goes to
  }

  url() {
    return this.at === 0 ? (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws"
      : this.peers[this.at - 1];
  }

  start() {
    this.stopped = false;
    // Not waited for: only a reconnect needs them, long after the page has loaded.
    fetch("/peers.json", { cache: "no-store" })
      .then((r) => (r.ok ? r.json() : { peers: [] }))
      .then((j) => {
        this.peers = (j.peers || []).map((o) => o.replace(/^http/, "ws") + "/ws");
      })
      .catch(() => {});
    this.open();
  }

  // No more reconnecting: the person quit or the page gave up.
  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.pinger);
    if (this.socket) this.socket.close();
  }

  open() {
    const socket = new WebSocket(this.url());
    this.socket = socket;
    let opened = false;
    socket.onopen = () => {
      opened = true;
      this.pinger = setInterval(() => this.send({ type: "ping" }), PING_EVERY_MS);
      this.handlers.onOpen();
    };
    socket.onmessage = (e) => {
      let frame;
      try {
        frame = JSON.parse(e.data);
      } catch {
        return; // not a frame of ours: skipped, as the Chatter skips lines it cannot read
      }
      if (frame.type === "ping") this.send({ type: "pong" });
      this.handlers.onFrame(frame);
    };
    socket.onclose = () => {
      clearInterval(this.pinger);
      if (this.socket !== socket) return;
      this.socket = null;
      if (this.stopped) return;
      if (!opened && this.at < this.peers.length) {
        this.at++; // this one does not answer: the next server at once
        this.open();
        return;
      }
      this.at = 0; // each round starts with the page's own server
      const wait = this.wait;
      this.wait = Math.min(this.wait * 2, LONGEST_WAIT_MS);
      this.handlers.onDrop(wait);
      this.timer = setTimeout(() => this.retryNow(), wait);
    };
  }

  // The next try at once, rather than at the end of the wait (the "Retry now" button).
  retryNow() {
    clearTimeout(this.timer);
    if (this.stopped || this.socket) return;
    this.handlers.onRetry();
    this.open();
  }

  // A welcome resets the backoff: the next drop waits the shortest time again.
  settled() {
    this.wait = FIRST_WAIT_MS;
  }

  connected() {
    return this.socket !== null && this.socket.readyState === WebSocket.OPEN;
  }

  // Sends a frame with a fresh id and returns the id (for matching the answer); false
  // when there is no open connection.
  send(frame) {
    if (!this.connected()) return false;
    const id = String(this.nextId++);
    this.socket.send(JSON.stringify({ ...frame, id }));
    return id;
  }
}
