#!/usr/bin/env bash
# Side-by-side benchmark (issues 4 and 13): the same workloads, one after the other, against
#   ncat --chat                (newline-delimited lines; the like-for-like peer of the plain door)
#   chatroom, plain door       (newline-delimited lines)
#   chatroom, JSON door        (the structured protocol)
#   week13.py                  (the course's program, unframed; where ../shared/seed/week13.py exists)
# each as a process of its own on a free port of 127.0.0.1, measured by `chatroom bench
# --pid` (so its CPU time and memory are read from /proc), then one table per workload with
# every figure, its ratio to chatroom's plain door and each server's CPU per delivery
# divided by ncat's, and last the targets of issue 13, each met or missed by how much.
# Every server it starts is stopped on exit.
#
# Workloads (--workloads, comma-separated; all four by default):
#   fanout   100 clients, 10 senders, closed loop, window 64          ncat plain json week13
#   latency  100 clients, 10 senders x 50 msg/s                        ncat plain json week13
#   crowd    1,000 clients, 5 senders x 20 msg/s                       ncat plain json
#   idle     10,000 clients join and stay idle, then one probe: RSS    plain json
#
#   bench/compare.sh                                 # every workload, 10 s each after 10 s warm-up
#   bench/compare.sh --duration 5s --warmup 1s       # shorter
#   bench/compare.sh --workloads fanout,crowd        # some workloads
#   bench/compare.sh --servers ncat,plain            # some servers (each where its workload has it)
#   bench/compare.sh --repeat 3                      # each run 3 times (interleaved); the tables show medians
#   bench/compare.sh --keep DIR                      # keep each run's JSON in DIR
#
# Needs ncat (installed with apt-get when missing and run as root) and a JDK 21; the
# chatroom jar is built when missing (./chatroom --version). A full run takes about 8
# minutes (times --repeat); idle needs 10,000 open files in the bench (ulimit -n).
# The warm-up is long because chatroom's JIT is still compiling its delivery path seconds
# into a run on 2 cores; the peers have no JIT and lose nothing by it.
set -euo pipefail

root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
duration=10s
warmup=10s
workloads=fanout,latency,crowd,idle
only_servers=
repeat=1
keep=
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --workloads) workloads=$2; shift 2 ;;
    --servers) only_servers=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    --keep) keep=$2; shift 2 ;;
    -h|--help) sed -n '2,30p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "compare.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
  esac
done

# The workloads of issues 4 and 13, one line each: name, then the bench flags, then the
# servers it is run against (ncat cannot hold 10,000 clients: it waits with select(), at
# most 1,024 descriptors; week13.py neither, and it loses messages it splits).
declare -A workload_flags=(
  [fanout]="--workload fanout --clients 100 --senders 10 --window 64 --size 64"
  [latency]="--workload latency --clients 100 --senders 10 --rate 50 --size 64"
  [crowd]="--workload latency --clients 1000 --senders 5 --rate 20 --size 64"
  [idle]="--workload capacity --clients 10000 --size 64"
)
declare -A workload_servers=(
  [fanout]="ncat plain json week13"
  [latency]="ncat plain json week13"
  [crowd]="ncat plain json"
  [idle]="plain json"
)
IFS=, read -r -a selected <<<"$workloads"
for w in "${selected[@]}"; do
  [ -n "${workload_flags[$w]:-}" ] || { echo "compare.sh: --workloads takes fanout, latency, crowd and/or idle, not $w" >&2; exit 2; }
done
case "$repeat" in ''|*[!0-9]*|0) echo "compare.sh: --repeat takes a whole number of 1 or more, not $repeat" >&2; exit 2 ;; esac
if [ -n "$only_servers" ]; then
  IFS=, read -r -a wanted <<<"$only_servers"
  for s in "${wanted[@]}"; do
    case "$s" in ncat|plain|json|week13) ;; *) echo "compare.sh: --servers takes ncat, plain, json and/or week13, not $s" >&2; exit 2 ;; esac
  done
fi

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
  ncat --chat --max-conns 1010 --listen 127.0.0.1 "$1" >/dev/null 2>&1 &
  server_pid=$!
}
door_ncat="--door raw --join-parallel 8"

chatroom_limits="--rate 0 --max-per-address 100000 --max-connections 100000 --no-web --no-irc"
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
if [ -n "$only_servers" ]; then
  kept=()
  for s in "${servers[@]}"; do [[ ",$only_servers," == *",$s,"* ]] && kept+=("$s"); done
  servers=("${kept[@]}")
fi
for w in "${selected[@]}"; do
  if [ "$w" = idle ] && [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt 10100 ]; then
    echo "compare.sh: idle needs 10,000 open files in the bench, and ulimit -n is $(ulimit -n): raise it (ulimit -n 20000) or leave idle out" >&2
    exit 2
  fi
done
declare -A label=([ncat]="ncat --chat" [plain]="chatroom plain" [json]="chatroom JSON" [week13]="week13.py")

echo "compare.sh: workloads ${selected[*]}, ${duration} measured after ${warmup} warm-up; servers: ${servers[*]}; each run $repeat time(s)"
echo "compare.sh: chatroom runs with limits raised for the benchmark: $chatroom_limits"
echo "compare.sh: ncat runs with --max-conns 1010 (its default, 100, is too few for 1,000 clients)"
if [[ " ${servers[*]} " == *" week13 "* ]]; then
  echo "compare.sh: week13.py is measured approximately: it relays unframed chunks, so a message it splits is lost to the count"
fi

runs=()
for w in "${selected[@]}"; do
 for r in $(seq 1 "$repeat"); do
  for s in "${servers[@]}"; do
    [[ " ${workload_servers[$w]} " == *" $s "* ]] || continue
    port=$(free_port)
    "start_$s" "$port"
    if ! wait_for_port "$port"; then
      echo "compare.sh: $s did not start listening on $port; skipped" >&2
      stop_server
      continue
    fi
    flags_var="door_$s"
    out="$work/$w-$s-$r.json"
    echo "compare.sh: $w against ${label[$s]} (run $r of $repeat; port $port, pid $server_pid)..."
    rc=0
    # In the background and waited for, so that an interrupt reaches the trap at once.
    # shellcheck disable=SC2086
    "$JAVA" -jar "$jar" bench --host 127.0.0.1 --port "$port" --pid "$server_pid" --json \
      ${workload_flags[$w]} ${!flags_var} --duration "$duration" --warmup "$warmup" \
      >"$out" 2>"$work/$w-$s-$r.err" &
    bench_pid=$!
    wait "$bench_pid" || rc=$?
    bench_pid=
    if [ "$rc" -gt 1 ] || [ ! -s "$out" ]; then
      echo "compare.sh: the bench failed against $s (exit $rc):" >&2
      tail -5 "$work/$w-$s-$r.err" >&2
      rm -f "$out"
    elif [ "$rc" = 1 ]; then
      echo "compare.sh:   (not every message arrived exactly once and in order: see lost/dup/reorder)"
    fi
    stop_server
    [ -f "$out" ] && runs+=("$w:$s:$out")
  done
 done
done

python3 "$root/bench/compare-table.py" "${runs[@]}"
