#!/usr/bin/env bash
# The test command: unit and socket tests (surefire), then the packaged jar's
# process-level tests through ./chatroom (failsafe). Finds a JDK 21+ like ./chatroom.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
. "$root/bin/find-jdk.sh"
cd "$root"
exec mvn -B -Dstyle.color=never verify "$@"
