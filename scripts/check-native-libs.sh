#!/bin/sh
# Fails when a shared library in the given folders needs one that the system cannot load: run in an
# image build, so that a missing package fails the build, not the first request.
# Usage: check-native-libs.sh [--provided NAME]... DIR...
#   --provided NAME: a library that is present at run time only (libcuda.so.1 comes with the driver).
set -eu
provided=""
while [ "${1:-}" = --provided ]; do
  provided="$provided $2"
  shift 2
done
[ $# -gt 0 ] || { echo "usage: check-native-libs.sh [--provided NAME]... DIR..." >&2; exit 2; }
checked=0
failed=0
for dir in "$@"; do
  for lib in "$dir"/*.so "$dir"/*.so.*; do
    [ -f "$lib" ] || continue
    checked=$((checked + 1))
    missing="$(ldd "$lib" 2>&1 | sed -n 's/^[[:space:]]*\([^[:space:]]*\) => not found$/\1/p')"
    for name in $missing; do
      case " $provided " in
        *" $name "*) ;;
        *) echo "check-native-libs: $lib needs $name, which is not installed" >&2; failed=1 ;;
      esac
    done
  done
done
[ "$checked" -gt 0 ] || { echo "check-native-libs: no shared library in $*" >&2; exit 1; }
[ "$failed" -eq 0 ] || exit 1
echo "check-native-libs: $checked libraries load"
