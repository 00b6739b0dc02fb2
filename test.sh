#!/usr/bin/env bash
# The test command: unit and socket tests (surefire), then the packaged jar's
# process-level tests through ./chatroom (failsafe). Finds a JDK 21+ like ./chatroom.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
. "$root/bin/find-jdk.sh"
cd "$root"

# Tests that need a Debian program install it here when it is missing (on a fresh machine,
# CI, as root); without it those tests are skipped, each saying why.
# need PROGRAM... -- PACKAGE... -- WHAT: installs the packages unless every program is there.
need() {
  local programs=() packages=()
  while [ "$1" != "--" ]; do programs+=("$1"); shift; done; shift
  while [ "$1" != "--" ]; do packages+=("$1"); shift; done; shift
  local what=$1 p missing=0
  for p in "${programs[@]}"; do [ -x "$p" ] || command -v "$p" >/dev/null 2>&1 || missing=1; done
  [ "$missing" -eq 0 ] && return 0
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: installing ${packages[*]} for $what" >&2
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null; }; then
      echo "test.sh: could not install ${packages[*]}; $what will be skipped" >&2
    fi
  else
    echo "test.sh: ${programs[*]} missing and cannot be installed here (needs root and apt-get); $what will be skipped" \
      "(as root: apt-get install ${packages[*]})" >&2
  fi
}

need /usr/bin/chromium /usr/bin/chromedriver -- chromium chromium-driver -- "the web page's browser tests"
need openssl -- openssl -- "the TLS process test (openssl s_client)"
need ii -- ii -- "the IRC process test (ii)"
need irssi tmux -- irssi tmux -- "the irssi process test (irssi in tmux)"
need /usr/bin/redis-server /usr/bin/redis-cli -- redis-server redis-tools -- "the cluster tests (redis-server; redis-cli makes a Redis Cluster)"

exec mvn -B -Dstyle.color=never verify "$@"
