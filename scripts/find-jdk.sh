# Sourced by ./samovar and .ci/run: exports JAVA_HOME pointing at a JDK 25 or newer, or fails.
# Order: JAVA_HOME when it is one, the Temurin 25 install path, then the `java` on PATH.

samovar_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p'
}

samovar_find_jdk() {
  local candidate
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 \
    "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")"; do
    if [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ]; then
      local major
      major=$(samovar_java_major "$candidate")
      if [ -n "$major" ] && [ "$major" -ge 25 ]; then
        export JAVA_HOME="$candidate"
        return 0
      fi
    fi
  done
  echo "samovar needs a JDK 25 or newer: install one (e.g. Temurin 25 from https://adoptium.net) and set JAVA_HOME to it." >&2
  return 1
}
