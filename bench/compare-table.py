"""The tables bench/compare.sh prints: one per workload, then issue 13's targets.

Arguments: WORKLOAD:SERVER:FILE for each run, FILE being `chatroom bench --json`'s output.
A workload run more than once (compare.sh --repeat) shows each figure's median over its
runs, and lost/duplicated/out-of-order summed over them; ratios are ratios of medians.
"""
import json
import statistics
import sys

LABELS = {"ncat": "ncat --chat", "plain": "chatroom plain", "json": "chatroom JSON", "week13": "week13.py",
          "irc": "chatroom IRC", "ngircd": "ngIRCd"}
ORDER = ["ncat", "plain", "json", "week13", "irc", "ngircd"]
# Each server's figures are divided by those of its like-for-like chatroom door: ngIRCd's by the IRC door's.
BASE = {"ngircd": "irc"}
TITLES = {
    "fanout": "100 clients, 10 senders, closed loop, window 64, 64-byte messages",
    "latency": "100 clients, 10 senders x 50 msg/s, 64-byte messages",
    "crowd": "1,000 clients, 5 senders x 20 msg/s, 64-byte messages",
    "idle": "10,000 clients join one room and stay idle, then one probe message to all",
}


def message_figures(r):
    flow = r.get("flow", {})
    lat = flow.get("latency_ms", {})
    cpu = r.get("usage", {}).get("server_cpu", {}).get("s")
    deliveries = flow.get("deliveries", 0)
    threads = r.get("usage", {}).get("server_threads_s", {})
    return {
        "threads": {k: v * 1e9 / deliveries for k, v in threads.items()} if deliveries else {},
        "deliveries/s": flow.get("deliveries_per_s"),
        "p50 ms": lat.get("p50"), "p99 ms": lat.get("p99"), "p999 ms": lat.get("p999"), "max ms": lat.get("max"),
        "CPU ns/deliv": (cpu * 1e9 / deliveries) if cpu is not None and deliveries else None,
        "RSS MB": r.get("usage", {}).get("rss", {}).get("peak_mb"),
        "lost": flow.get("lost", 0), "dup": flow.get("duplicated", 0), "reord": flow.get("out_of_order", 0),
    }


def idle_figures(r):
    join = r.get("join", {})
    probe = r.get("probe", {})
    rss = r.get("usage", {}).get("rss", {})
    receivers = probe.get("receivers", 0)
    return {
        "joined": join.get("joined"), "join s": join.get("total_s"),
        "probe all ms": probe.get("all_ms"), "RSS MB": rss.get("mb"), "peak RSS MB": rss.get("peak_mb"),
        "lost": receivers - probe.get("received", 0), "dup": 0, "reord": 0,
    }


MESSAGE_COLS = ["deliveries/s", "p50 ms", "p99 ms", "p999 ms", "max ms", "CPU ns/deliv", "CPU / ncat", "RSS MB"]
IDLE_COLS = ["joined", "join s", "probe all ms", "RSS MB", "peak RSS MB"]
SUMMED = ("lost", "dup", "reord")
# The server's threads that follow the history's commits (the search index, WAL checkpoints): work
# the message path does not wait for, shown apart so that the profile is in the table.
HISTORY_THREADS = "history-"


def median_of(runs):
    """Each figure's median over the runs; losses summed."""
    out = {"runs": len(runs)}
    for key in runs[0]:
        values = [r[key] for r in runs if r.get(key) is not None]
        if key == "threads":
            kinds = {k for r in runs for k in r.get(key, {})}
            out[key] = {k: statistics.median([r.get(key, {}).get(k, 0) for r in runs]) for k in kinds}
        elif key in SUMMED:
            out[key] = sum(values)
        else:
            out[key] = statistics.median(values) if values else None
    return out


def num(v, col):
    if v is None:
        return "-"
    if col in ("deliveries/s", "CPU ns/deliv", "joined"):
        return "{:,.0f}".format(v)
    if col == "CPU / ncat":
        return "x%.2f" % v
    if col in ("RSS MB", "peak RSS MB", "probe all ms"):
        return "{:.1f}".format(v)
    if col == "join s":
        return "{:.2f}".format(v)
    return "{:.3f}".format(v)


def main(args):
    raw = {}
    for arg in args:
        w, s, path = arg.split(":", 2)
        with open(path) as f:
            r = json.load(f)
        figures = idle_figures(r) if w == "idle" else message_figures(r)
        raw.setdefault(w, {}).setdefault(s, []).append(figures)
    tables = {w: {s: median_of(rs) for s, rs in by.items()} for w, by in raw.items()}
    for w, by in tables.items():
        ncat = by.get("ncat", {}).get("CPU ns/deliv")
        for s, f in by.items():
            if w != "idle":
                f["CPU / ncat"] = f["CPU ns/deliv"] / ncat if ncat and f.get("CPU ns/deliv") is not None else None

    repeats = max((f["runs"] for by in tables.values() for f in by.values()), default=1)
    print()
    if repeats > 1:
        print("Each figure is the median of %d runs (lost/dup/reord: summed over them); ratios are ratios of medians." % repeats)
    print("'vs plain': each figure divided by chatroom plain's in the same invocation ('vs IRC': by chatroom IRC's);")
    print("'CPU / ncat': the server's CPU per delivery divided by ncat's (deliveries/s: higher is better; latency, CPU")
    print("and RSS: lower is better).")
    for w in ["fanout", "latency", "crowd", "idle"]:
        if w not in tables:
            continue
        by = tables[w]
        cols = IDLE_COLS if w == "idle" else MESSAGE_COLS
        print()
        print("%s (%s)" % (w, TITLES[w]))
        head = "%-16s" % "server" + "".join("%14s" % c for c in cols) + "%16s" % "lost/dup/reord"
        print(head)
        print("-" * len(head))
        for s in ORDER:
            if s not in by:
                continue
            f = by[s]
            losses = "%d/%d/%d" % (f["lost"], f["dup"], f["reord"])
            print("%-16s" % LABELS[s] + "".join("%14s" % num(f.get(c), c) for c in cols) + "%16s" % losses)
            against = BASE.get(s) if BASE.get(s) in by else "plain"
            base = by.get(against)
            if base and s != against:
                ratios = []
                for c in cols:
                    a, b = f.get(c), base.get(c)
                    ok = a is not None and b and c not in ("CPU / ncat", "joined")
                    ratios.append("%14s" % ("x%.2f" % (a / b) if ok else ""))
                print("%-16s" % ("  vs " + ("IRC" if against == "irc" else against)) + "".join(ratios))
    profile(tables)
    if any(s in by for by in tables.values() for s in ("plain", "json")):
        targets(tables)


def profile(tables):
    """chatroom's CPU per delivery by kind of thread (read from /proc/PID/task), where the bench could read it."""
    lines = []
    for w in ["fanout", "latency", "crowd"]:
        for s in ("plain", "json", "irc"):
            threads = tables.get(w, {}).get(s, {}).get("threads")
            if not threads:
                continue
            busiest = sorted(threads.items(), key=lambda kv: -kv[1])[:5]
            lines.append("%-8s %-16s" % (w, LABELS[s]) + ", ".join("%s %s ns" % (k.strip(), "{:,.0f}".format(v)) for k, v in busiest))
    if lines:
        print()
        print("where chatroom's CPU per delivery went, by kind of thread (the five busiest; medians)")
        for line in lines:
            print(line)


def targets(tables):
    """Issue 13's targets, on chatroom's plain door (the JSON door's figure beside it)."""
    rows = []

    def fig(w, s, col):
        return tables.get(w, {}).get(s, {}).get(col)

    def check(what, w, col, limit, at_most=True, unit=""):
        v = fig(w, "plain", col)
        j = fig(w, "json", col)
        if v is None:
            rows.append((what, "not measured", "", ""))
            return
        met = v <= limit if at_most else v >= limit
        if met:
            verdict = "met"
        else:
            verdict = "missed by x%.2f" % (v / limit if at_most else limit / v)
        rows.append((what, ("%.2f%s" % (v, unit)), "-" if j is None else "%.2f%s" % (j, unit), verdict))

    if "fanout" in tables:
        by = tables["fanout"]
        ncat = by.get("ncat", {})
        for s in ("plain", "json"):
            if s in by and ncat.get("deliveries/s"):
                by[s]["fanout / ncat"] = by[s]["deliveries/s"] / ncat["deliveries/s"]
        check("fanout: CPU per delivery <= 2 x ncat's", "fanout", "CPU / ncat", 2.0, unit=" x")
        check("fanout: deliveries/s >= 1.0 x ncat's", "fanout", "fanout / ncat", 1.0, at_most=False, unit=" x")
        for s in ("plain", "json"):
            f = by.get(s, {})
            history = sum(v for k, v in f.get("threads", {}).items() if k.startswith(HISTORY_THREADS))
            if history and f.get("CPU ns/deliv") is not None and ncat.get("CPU ns/deliv"):
                f["path / ncat"] = (f["CPU ns/deliv"] - history) / ncat["CPU ns/deliv"]
        if fig("fanout", "plain", "path / ncat") is not None:
            v, j = fig("fanout", "plain", "path / ncat"), fig("fanout", "json", "path / ncat")
            rows.append(("  the same less the history-* threads (not a target)", "%.2f x" % v,
                         "-" if j is None else "%.2f x" % j, "for the profile"))
    check("latency: p99 <= 1 ms", "latency", "p99 ms", 1.0, unit=" ms")
    check("latency: p999 <= 3 ms", "latency", "p999 ms", 3.0, unit=" ms")
    check("crowd: p99 <= 5 ms", "crowd", "p99 ms", 5.0, unit=" ms")
    check("idle: RSS <= 120 MB", "idle", "RSS MB", 120.0, unit=" MB")
    lost = sum(f["lost"] + f["dup"] + f["reord"] for w, by in tables.items() for s, f in by.items() if s in ("plain", "json"))
    rows.append(("nothing lost, duplicated or reordered (chatroom)", "%d" % lost, "", "met" if lost == 0 else "missed"))
    print()
    print("issue 13's targets (chatroom plain; the JSON door beside it)")
    head = "%-50s%14s%14s  %s" % ("target", "plain", "JSON", "")
    print(head)
    print("-" * (len(head) + 18))
    for what, v, j, verdict in rows:
        print("%-50s%14s%14s  %s" % (what, v, j, verdict))


if __name__ == "__main__":
    main(sys.argv[1:])
