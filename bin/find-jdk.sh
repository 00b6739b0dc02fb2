# Sourced by ./chatroom and ./test.sh: sets JAVA_HOME and JAVA to a JDK 21 or newer, and
# JAVA_MAJOR to its major version.
# Order: $JAVA_HOME, then `java` on PATH, then the newest JDK 21+ in /usr/lib/jvm.
# Prints one line and exits 1 when there is none.

chatroom_java_major() {
  # "openjdk version "25.0.3"" -> 25; "1.8.0_292" -> 8
  local v
  v=$("$1" -version 2>&1 | awk -F'"' '/version/ {print $2; exit}')
  v=${v#1.}
  echo "${v%%[.+-]*}"
}

chatroom_find_jdk() {
  local candidates=() dir java major best="" best_major=0
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if java=$(command -v java 2>/dev/null); then
    java=$(readlink -f "$java")
    candidates+=("${java%/bin/java}")
  fi
  for dir in /usr/lib/jvm/*/; do candidates+=("${dir%/}"); done
  for dir in "${candidates[@]}"; do
    [ -x "$dir/bin/java" ] && [ -x "$dir/bin/javac" ] || continue
    major=$(chatroom_java_major "$dir/bin/java")
    [ -n "$major" ] && [ "$major" -ge 21 ] 2>/dev/null || continue
    # The first two sources win as they are; in the JVM folder take the newest.
    if [ "$dir" = "${JAVA_HOME:-}" ] || [ "$dir" = "${java%/bin/java}" ]; then
      best=$dir; break
    fi
    if [ "$major" -gt "$best_major" ]; then best=$dir; best_major=$major; fi
  done
  if [ -z "$best" ]; then
    echo "chatroom: needs a JDK 21 or newer (found none in JAVA_HOME, on PATH or in /usr/lib/jvm); install one, e.g. 'apt-get install openjdk-21-jdk' or Temurin 21+" >&2
    exit 1
  fi
  export JAVA_HOME=$best
  JAVA="$best/bin/java"
}
chatroom_find_jdk
# JAVA_MAJOR: the chosen JDK's major version (the launcher adds flags newer JDKs have).
JAVA_MAJOR=$(chatroom_java_major "$JAVA")
# Maven 3.8's bundled Guava warns about sun.misc.Unsafe on JDK 24+; the build is fine.
if [ "$JAVA_MAJOR" -ge 24 ]; then
  case "${MAVEN_OPTS:-}" in *sun-misc-unsafe*) ;; *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;; esac
fi
