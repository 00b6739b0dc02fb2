#!/usr/bin/env bash
# JMH benchmarks of the hot path (src/jmh/java): frame encode and decode, and the fan-out
# of one message to N sessions. Builds target/jmh.jar with the Maven profile `jmh` (not
# part of the default build or the test command), then runs it with the arguments given:
#
#   bench/jmh.sh                              # everything, JMH's defaults (several minutes)
#   bench/jmh.sh -f 1 -wi 2 -i 3              # a quick look
#   bench/jmh.sh Fanout -p sessions=1000      # one benchmark, one size
#   bench/jmh.sh -h                           # JMH's options
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
. "$root/bin/find-jdk.sh"
(cd "$root" && mvn -q -B -Dstyle.color=never -Pjmh -DskipTests package)
exec "$JAVA" -jar "$root/target/jmh.jar" "$@"
