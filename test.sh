#!/usr/bin/env bash
# The test command: unit and socket tests (surefire), then the packaged jar's
# process-level tests through ./chatroom (failsafe). Finds a JDK 21+ like ./chatroom.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
. "$root/bin/find-jdk.sh"
cd "$root"

# The web door's tests drive Debian's Chromium through its chromedriver. On a fresh
# machine (CI) they are installed here; without them those tests are skipped, saying why.
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: installing chromium and chromium-driver for the web page tests" >&2
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; }; then
      echo "test.sh: could not install chromium and chromium-driver; the browser tests will be skipped" >&2
    fi
  else
    echo "test.sh: /usr/bin/chromium or /usr/bin/chromedriver is missing and cannot be installed here (needs root and apt-get);" \
      "the browser tests will be skipped (as root: apt-get install chromium chromium-driver)" >&2
  fi
fi

# The TLS process test signs in with Debian's openssl s_client; without it that test is skipped, saying why.
if ! command -v openssl >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: installing openssl for the TLS process test" >&2
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openssl >/dev/null; }; then
      echo "test.sh: could not install openssl; the openssl s_client test will be skipped" >&2
    fi
  else
    echo "test.sh: openssl is missing and cannot be installed here (needs root and apt-get); the openssl s_client test will be skipped" >&2
  fi
fi

# The cluster tests start their own Debian redis-server on free ports; without it they are skipped, saying why.
if [ ! -x /usr/bin/redis-server ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: installing redis-server for the cluster tests" >&2
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; }; then
      echo "test.sh: could not install redis-server; the cluster tests will be skipped" >&2
    fi
  else
    echo "test.sh: /usr/bin/redis-server is missing and cannot be installed here (needs root and apt-get);" \
      "the cluster tests will be skipped (as root: apt-get install redis-server)" >&2
  fi
fi

exec mvn -B -Dstyle.color=never verify "$@"
