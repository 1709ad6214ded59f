#!/bin/sh
# Fetches one pinned npm package of llama.cpp libraries with the npm client and checks it against the
# registry's integrity hash (SHA-512) pinned here, so what samovar loads is exactly what was reviewed.
#
# Usage: native/llama-cpp/npm-fetch.sh [--optional] cpu|cuda DEST.tgz
#   cpu   @node-llama-cpp/linux-x64 (llama.cpp v0.5.0, CPU variants loaded at run time), MIT
#   cuda  @node-llama-cpp/linux-x64-cuda (the same release with libggml-cuda.so), MIT
#   --optional  without npm, say so and exit 0 (the build then carries no v0.5.0 libraries and
#               samovar falls back to llama.cpp b4916, saying why in its log)
# A DEST that already holds the pinned content is kept (npm's own cache makes a refetch offline).
set -eu

optional=0
if [ "${1:-}" = "--optional" ]; then
  optional=1
  shift
fi
[ $# -eq 2 ] || { echo "usage: $0 [--optional] cpu|cuda DEST.tgz" >&2; exit 2; }
case "$1" in
  cpu)
    package=@node-llama-cpp/linux-x64@3.22.1
    integrity=sha512-5uCCDNqWCNfaAm8aR/Uzxbo4HBpKgNF91kCHPepKhgMgV2OAmatoefbOlMihsqCiH2Od35E/eUHQCFbfRBJuOg==
    ;;
  cuda)
    package=@node-llama-cpp/linux-x64-cuda@3.22.1
    integrity=sha512-8rQCjyNNLZJUFit+YpjwlC4hwkKgOMIkB2wuycKBf8NU2O3ySKbiWZQ8aw9ku2nUTXjSnUIrE6KB88itduTBuA==
    ;;
  *) echo "npm-fetch: unknown package '$1' (cpu or cuda)" >&2; exit 2 ;;
esac
dest="$2"

# integrity FILE: the npm integrity string (sha512-BASE64) of FILE.
integrity_of() {
  node -e 'const c=require("crypto"),f=require("fs");process.stdout.write("sha512-"+c.createHash("sha512").update(f.readFileSync(process.argv[1])).digest("base64"))' "$1"
}

if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
  if [ "$optional" = 1 ]; then
    echo "npm-fetch: WARNING: npm is not installed: $package is not packaged; samovar will use llama.cpp b4916" >&2
    exit 0
  fi
  echo "npm-fetch: npm (Node.js) is needed to fetch $package" >&2
  exit 1
fi
if [ -f "$dest" ] && [ "$(integrity_of "$dest")" = "$integrity" ]; then
  exit 0
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/samovar-npm.XXXXXX")"
trap 'rm -rf "$work"' EXIT
echo "npm-fetch: npm pack $package" >&2
if ! (cd "$work" && npm pack --silent "$package" >/dev/null); then
  if [ "$optional" = 1 ]; then
    echo "npm-fetch: WARNING: npm pack $package failed: not packaged; samovar will use llama.cpp b4916" >&2
    exit 0
  fi
  echo "npm-fetch: npm pack $package failed" >&2
  exit 1
fi
tgz="$(ls "$work"/*.tgz)"
actual="$(integrity_of "$tgz")"
if [ "$actual" != "$integrity" ]; then
  echo "npm-fetch: $package has integrity $actual, expected $integrity: refused" >&2
  exit 1
fi
mkdir -p "$(dirname "$dest")"
mv "$tgz" "$dest.part"
mv "$dest.part" "$dest"
echo "npm-fetch: $package -> $dest" >&2
