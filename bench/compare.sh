#!/usr/bin/env bash
# Side-by-side benchmark (issue 4): the same workloads, one after the other, against
#   ncat --chat                (newline-delimited lines; the like-for-like peer of the plain door)
#   chatroom, plain door       (newline-delimited lines)
#   chatroom, JSON door        (the structured protocol)
#   week13.py                  (the course's program, unframed; where ../shared/seed/week13.py exists)
# each as a process of its own on a free port of 127.0.0.1, measured by `chatroom bench
# --pid` (so its CPU time and memory are read from /proc), then one table with every
# figure and its ratio to chatroom's plain door. Every server it starts is stopped on exit.
#
#   bench/compare.sh                                 # both workloads, 10 s each after 10 s warm-up
#   bench/compare.sh --duration 5s --warmup 1s       # shorter
#   bench/compare.sh --workloads fanout              # one workload
#   bench/compare.sh --keep DIR                      # keep each run's JSON in DIR
#
# Needs ncat (installed with apt-get when missing and run as root) and a JDK 21; the
# chatroom jar is built when missing (./chatroom --version). A full run takes about 5 minutes.
# The warm-up is long because chatroom's JIT is still compiling its delivery path seconds
# into a run on 2 cores; the peers have no JIT and lose nothing by it.
set -euo pipefail

root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
duration=10s
warmup=10s
workloads=fanout,latency
keep=
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --workloads) workloads=$2; shift 2 ;;
    --keep) keep=$2; shift 2 ;;
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "compare.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
  esac
done

# The workloads of issue 4, one line each: name, then the bench flags.
declare -A workload_flags=(
  [fanout]="--workload fanout --clients 100 --senders 10 --window 64 --size 64"
  [latency]="--workload latency --clients 100 --senders 10 --rate 50 --size 64"
)
IFS=, read -r -a selected <<<"$workloads"
for w in "${selected[@]}"; do
  [ -n "${workload_flags[$w]:-}" ] || { echo "compare.sh: --workloads takes fanout and/or latency, not $w" >&2; exit 2; }
done

# ---- tools ----
if ! command -v ncat >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "compare.sh: ncat is missing; installing it: apt-get install -y ncat (as root)"
    apt-get install -y ncat >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y ncat >/dev/null; }
  else
    echo "compare.sh: ncat is missing and cannot be installed here (needs root and apt-get): apt-get install -y ncat" >&2
    exit 1
  fi
fi
command -v python3 >/dev/null 2>&1 || { echo "compare.sh: needs python3 (for the table, and to run week13.py)" >&2; exit 1; }
echo "compare.sh: $("$root/chatroom" --version | head -1)"   # builds target/chatroom.jar when missing or stale
. "$root/bin/find-jdk.sh"
jar="$root/target/chatroom.jar"

work=$(mktemp -d "${TMPDIR:-/tmp}/chatroom-compare.XXXXXX")
server_pid=
bench_pid=
stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  server_pid=
}
cleanup() {
  if [ -n "$bench_pid" ]; then kill "$bench_pid" 2>/dev/null || true; wait "$bench_pid" 2>/dev/null || true; fi
  stop_server
  if [ -n "$keep" ]; then mkdir -p "$keep" && cp "$work"/*.json "$keep"/ 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

wait_for_port() {
  local port=$1
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    kill -0 "$server_pid" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

# ---- the servers: start_<name> PORT sets server_pid; door_<name> are the bench flags ----
# ncat's listen backlog is small (and week13.py listens with a backlog of 10): the bench
# connects 8 at a time so that a join does not wait out the kernel's SYN retry timer.
start_ncat() {
  ncat --chat --max-conns 1000 --listen 127.0.0.1 "$1" >/dev/null 2>&1 &
  server_pid=$!
}
door_ncat="--door raw --join-parallel 8"

chatroom_limits="--rate 0 --max-per-address 100000 --max-connections 100000 --no-web"
start_chatroom() {
  # Through the launcher, so the server runs with the JVM options it ships with (it execs
  # java, so $! is the server's pid).
  # shellcheck disable=SC2086
  "$root/chatroom" server --host 127.0.0.1 --port "$1" --quiet --data-dir "$work/data-$1" $chatroom_limits \
    >"$work/server-$1.out" 2>&1 &
  server_pid=$!
}
start_plain() { start_chatroom "$1"; }
start_json() { start_chatroom "$1"; }
door_plain="--door plain"
door_json="--door json"

seed="$root/../shared/seed/week13.py"
start_week13() {
  mkdir -p "$work/week13"   # it writes log.txt into its working folder
  (cd "$work/week13" && exec python3 "$seed" server x "$1" >/dev/null 2>&1) &
  server_pid=$!
}
door_week13="--door raw --raw-name bare --raw-unframed --join-parallel 8"

servers=(ncat plain json)
if [ -f "$seed" ]; then
  servers+=(week13)
else
  echo "compare.sh: skipping week13.py: $seed not found"
fi
declare -A label=([ncat]="ncat --chat" [plain]="chatroom plain" [json]="chatroom JSON" [week13]="week13.py")

echo "compare.sh: workloads ${selected[*]}, ${duration} measured after ${warmup} warm-up; servers: ${servers[*]}"
echo "compare.sh: chatroom runs with limits raised for the benchmark: $chatroom_limits"
echo "compare.sh: ncat runs with --max-conns 1000 (its default, 100, is too few for 100 clients and a probe)"
echo "compare.sh: week13.py is measured approximately: it relays unframed chunks, so a message it splits is lost to the count"

runs=()
for w in "${selected[@]}"; do
  for s in "${servers[@]}"; do
    port=$(free_port)
    "start_$s" "$port"
    if ! wait_for_port "$port"; then
      echo "compare.sh: $s did not start listening on $port; skipped" >&2
      stop_server
      continue
    fi
    flags_var="door_$s"
    out="$work/$w-$s.json"
    echo "compare.sh: $w against ${label[$s]} (port $port, pid $server_pid)..."
    rc=0
    # In the background and waited for, so that an interrupt reaches the trap at once.
    # shellcheck disable=SC2086
    "$JAVA" -jar "$jar" bench --host 127.0.0.1 --port "$port" --pid "$server_pid" --json \
      ${workload_flags[$w]} ${!flags_var} --duration "$duration" --warmup "$warmup" \
      >"$out" 2>"$work/$w-$s.err" &
    bench_pid=$!
    wait "$bench_pid" || rc=$?
    bench_pid=
    if [ "$rc" -gt 1 ] || [ ! -s "$out" ]; then
      echo "compare.sh: the bench failed against $s (exit $rc):" >&2
      tail -5 "$work/$w-$s.err" >&2
      rm -f "$out"
    elif [ "$rc" = 1 ]; then
      echo "compare.sh:   (not every message arrived exactly once and in order: see lost/dup/reorder)"
    fi
    stop_server
    [ -f "$out" ] && runs+=("$w:$s:$out")
  done
done

python3 - "${runs[@]}" <<'EOF'
import json, sys
labels = {"ncat": "ncat --chat", "plain": "chatroom plain", "json": "chatroom JSON", "week13": "week13.py"}
runs = {}
for arg in sys.argv[1:]:
    w, s, path = arg.split(":", 2)
    with open(path) as f:
        runs.setdefault(w, {})[s] = json.load(f)

def figures(r):
    flow = r.get("flow", {})
    lat = flow.get("latency_ms", {})
    cpu = r.get("usage", {}).get("server_cpu", {}).get("s")
    deliveries = flow.get("deliveries", 0)
    return {
        "deliveries/s": flow.get("deliveries_per_s"),
        "p50 ms": lat.get("p50"), "p99 ms": lat.get("p99"), "p999 ms": lat.get("p999"), "max ms": lat.get("max"),
        "CPU ns/deliv": (cpu * 1e9 / deliveries) if cpu is not None and deliveries else None,
        "RSS MB": r.get("usage", {}).get("rss", {}).get("peak_mb"),
        "lost/dup/reord": "%d/%d/%d" % (flow.get("lost", 0), flow.get("duplicated", 0), flow.get("out_of_order", 0)),
    }

def num(v, kind):
    if v is None: return "-"
    if kind == "deliveries/s": return "{:,.0f}".format(v)
    if kind in ("CPU ns/deliv",): return "{:,.0f}".format(v)
    if kind == "RSS MB": return "{:.1f}".format(v)
    return "{:.3f}".format(v)

cols = ["deliveries/s", "p50 ms", "p99 ms", "p999 ms", "max ms", "CPU ns/deliv", "RSS MB"]
print()
print("Ratios are each figure divided by chatroom plain's in the same run (deliveries/s: higher is better;")
print("latency and CPU per delivery: lower is better).")
for w, by in runs.items():
    base = figures(by["plain"]) if "plain" in by else None
    print()
    print("%s (%s)" % (w, "100 clients, 10 senders, closed loop, window 64, 64-byte messages" if w == "fanout"
                        else "100 clients, 10 senders x 50 msg/s, 64-byte messages"))
    head = "%-16s" % "server" + "".join("%16s" % c for c in cols) + "%16s" % "lost/dup/reord"
    print(head)
    print("-" * len(head))
    for s in ["ncat", "plain", "json", "week13"]:
        if s not in by: continue
        f = figures(by[s])
        line = "%-16s" % labels[s] + "".join("%16s" % num(f[c], c) for c in cols) + "%16s" % f["lost/dup/reord"]
        print(line)
        if base and s != "plain":
            ratios = []
            for c in cols:
                a, b = f[c], base[c]
                ratios.append("%16s" % ("x%.2f" % (a / b) if a is not None and b else "-"))
            print("%-16s" % "  vs plain" + "".join(ratios))
EOF
