#!/usr/bin/env bash
# Issue 12's search flood and room hopping, against the packaged jar (not part of ./test.sh).
# usage: bench/search-flood.sh [MESSAGES=49150] [ROUNDS=3] [JAR=target/chatroom.jar] [extra server flags...]
# Prints CPU seconds, how long a flooder stayed online, a bystander's delay, hops and log bytes.
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/find-jdk.sh
messages=${1:-49150}; rounds=${2:-3}; jar=${3:-target/chatroom.jar}; shift $(( $# < 3 ? $# : 3 ))
work=$(mktemp -d /tmp/search-flood.XXXXXX)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
cp=$jar
"$JAVA" -cp "$cp" bench/SearchFlood.java fill "$work/data" "$messages"
# The bench floods from one address on purpose; the server's per-address connection cap is not what is measured.
"$JAVA" -XX:+UseSerialGC -Xms24m -Xmn16m -jar "$jar" server --port 0 --no-web --no-irc --quiet --data-dir "$work/data" "$@" > "$work/out" &
pid=$!
until grep -q '^listening on' "$work/out" 2>/dev/null; do sleep 0.2; done
port=$(sed -n 's/^listening on .*:\([0-9]*\)$/\1/p' "$work/out")
"$JAVA" -cp "$cp" bench/SearchFlood.java run 127.0.0.1 "$port" "$pid" "$work/data" "$rounds"
echo "history.db: $(du -m "$work/data/history.db" | cut -f1) MB"
