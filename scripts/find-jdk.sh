# Sourced by ./samovar and .ci/run: exports JAVA_HOME pointing at a JDK 25 or newer, or fails.
# Order: JAVA_HOME when it is one, the Temurin 25 install path, macOS's java_home, then the JDK of
# the `java` on PATH. Portable to bash 3.2 and BSD tools (no readlink -f).

samovar_java_property() { # JAVA PROPERTY: the value java reports for a system property
  "$1" -XshowSettings:properties -version 2>&1 | sed -n "s/^ *$2 = \(.*\)$/\1/p"
}

samovar_find_jdk() {
  local candidate major path_java macos_jdk=""
  path_java="$(command -v java 2>/dev/null || true)"
  if [ -x /usr/libexec/java_home ]; then
    macos_jdk="$(/usr/libexec/java_home -v 25+ 2>/dev/null || true)"
  fi
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 "$macos_jdk" \
    "$([ -n "$path_java" ] && samovar_java_property "$path_java" java.home)"; do
    if [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ]; then
      major="$(samovar_java_property "$candidate/bin/java" java.specification.version)"
      major="${major%%.*}"
      if [ -n "$major" ] && [ "$major" -ge 25 ]; then
        export JAVA_HOME="$candidate"
        return 0
      fi
    fi
  done
  echo "samovar needs a JDK 25 or newer: install one (e.g. Temurin 25 from https://adoptium.net) and set JAVA_HOME to it." >&2
  return 1
}
