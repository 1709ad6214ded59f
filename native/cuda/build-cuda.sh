#!/usr/bin/env bash
# Builds llama.cpp v0.5.0 with CUDA from source, as shared libraries with the ggml backends as
# loadable modules (the layout of llama.cpp's own release builds and of native/llama-cpp/
# install-cuda.sh), for native code on the CUDA architectures asked for (default 90: H100/H200, which
# the prebuilt package only reaches through PTX compiled at first start). Writes the libraries and
# manifest.json (release, source archive SHA-256, commit, CUDA version, architectures, SHA-256s) into
# the output folder, which samovar loads with `--backend cuda` (or auto) and `--cuda-lib DIR` /
# SAMOVAR_CUDA_LIB.
#
# The source is the git bundle of the release inside the npm package node-llama-cpp 3.22.1 (MIT),
# downloaded from the npm registry and pinned by the archive's SHA-256, and the bundle's commit.
#
# Usage: native/cuda/build-cuda.sh [OUTPUT_DIR]
#   OUTPUT_DIR  default ${XDG_DATA_HOME:-~/.local/share}/samovar/cuda (samovar's default --cuda-lib)
# Needs: a CUDA toolkit (nvcc, 12.x or 13.x), cmake >= 3.18, g++, make, curl, tar, git, sha256sum.
# Network access to registry.npmjs.org.
# Environment: CUDA_ARCHITECTURES (default "90"; e.g. "80;86;89;90"), BUILD_JOBS (default: all
#   cores), SAMOVAR_CUDA_WORK (build folder, default a temporary one, removed on success).
set -euo pipefail

RELEASE=v0.5.0
ARCHIVE_URL="https://registry.npmjs.org/node-llama-cpp/-/node-llama-cpp-3.22.1.tgz"
ARCHIVE_SHA256=a0d9dd80eacd2ab1cfe71aee57ac8a806487fd70b3d2a38fbec637752d9e5c5f
COMMIT=de3ff815ea7d559ee917f063901b8986f038abc6
ARCHS="${CUDA_ARCHITECTURES:-90}"
JOBS="${BUILD_JOBS:-$(nproc)}"
OUT="${1:-${XDG_DATA_HOME:-$HOME/.local/share}/samovar/cuda}"

fail() { echo "build-cuda: $*" >&2; exit 1; }
step() { echo "build-cuda: $*" >&2; }

for tool in nvcc cmake g++ make curl tar git sha256sum; do
  command -v "$tool" >/dev/null || fail "$tool is not on PATH (needs a CUDA toolkit and a C++ build toolchain)"
done
cuda_version="$(nvcc --version | sed -n 's/.*release \([0-9][0-9.]*\),.*/\1/p')"
case "$cuda_version" in
  12.* | 13.*) ;;
  *) fail "nvcc reports CUDA '$cuda_version'; this recipe is for CUDA 12.x or 13.x" ;;
esac

work="${SAMOVAR_CUDA_WORK:-$(mktemp -d -t samovar-cuda.XXXXXX)}"
mkdir -p "$work"
step "working in $work"

archive="$work/node-llama-cpp.tgz"
if [ ! -s "$archive" ]; then
  step "downloading $ARCHIVE_URL"
  curl -fsSL --retry 3 -o "$archive.part" "$ARCHIVE_URL" || fail "cannot download $ARCHIVE_URL"
  mv "$archive.part" "$archive"
fi
actual="$(sha256sum "$archive" | cut -d' ' -f1)"
[ "$actual" = "$ARCHIVE_SHA256" ] || fail "$ARCHIVE_URL has SHA-256 $actual, expected $ARCHIVE_SHA256: refused"
rm -rf "$work/package" "$work/llama.cpp"
tar -xzf "$archive" -C "$work" package/llama/gitRelease.bundle package/llama/llama.cpp.info.json
grep -q "\"tag\": \"$RELEASE\"" "$work/package/llama/llama.cpp.info.json" \
  || fail "the archive's llama.cpp is not $RELEASE: $(cat "$work/package/llama/llama.cpp.info.json")"
git clone -q "$work/package/llama/gitRelease.bundle" "$work/llama.cpp" 2>/dev/null || fail "cannot read the source bundle"
commit="$(git -C "$work/llama.cpp" rev-parse HEAD)"
[ "$commit" = "$COMMIT" ] || fail "the source bundle is commit $commit, expected $COMMIT"
step "llama.cpp $RELEASE = $commit"

step "configuring (CUDA $cuda_version, architectures $ARCHS)"
# shellcheck disable=SC2016 # $ORIGIN is the loader's, not the shell's
cmake -S "$work/llama.cpp" -B "$work/build" \
  -DCMAKE_BUILD_TYPE=Release \
  -DBUILD_SHARED_LIBS=ON \
  -DGGML_BACKEND_DL=ON -DGGML_CPU_ALL_VARIANTS=ON -DGGML_NATIVE=OFF \
  -DGGML_CUDA=ON "-DCMAKE_CUDA_ARCHITECTURES=$ARCHS" \
  -DLLAMA_CURL=OFF -DLLAMA_OPENSSL=OFF \
  -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_TOOLS=OFF -DLLAMA_BUILD_SERVER=OFF \
  '-DCMAKE_BUILD_RPATH=$ORIGIN' '-DCMAKE_INSTALL_RPATH=$ORIGIN' \
  >"$work/configure.log" 2>&1 || { tail -40 "$work/configure.log" >&2; fail "cmake configure failed (log: $work/configure.log)"; }
step "building with $JOBS jobs (takes a while)"
cmake --build "$work/build" --config Release -j "$JOBS" >"$work/build.log" 2>&1 \
  || { tail -40 "$work/build.log" >&2; fail "build failed (log: $work/build.log)"; }

staging="$work/out"
rm -rf "$staging"
mkdir -p "$staging"
# The libraries with their version links (libllama.so -> libllama.so.0 -> ...), and the backend modules.
find "$work/build/bin" "$work/build/src" "$work/build/ggml" -maxdepth 3 -name 'lib*.so*' \( -type f -o -type l \) -exec cp -a {} "$staging/" \;
[ -e "$staging/libllama.so" ] || fail "the build produced no libllama.so"
[ -e "$staging/libggml-cuda.so" ] || fail "the build produced no libggml-cuda.so"
cp "$work/llama.cpp/LICENSE" "$staging/LICENSE-llama.cpp"

files_json=""
for file in "$staging"/lib*.so*; do
  [ -L "$file" ] && continue
  entry="    {\"file\": \"$(basename "$file")\", \"bytes\": $(stat -c %s "$file"), \"sha256\": \"$(sha256sum "$file" | cut -d' ' -f1)\"}"
  files_json="${files_json:+$files_json,
}$entry"
done
cat >"$staging/manifest.json" <<JSON
{
  "llama_cpp": {"release": "$RELEASE", "commit": "$commit", "source": "$ARCHIVE_URL", "archive_sha256": "$ARCHIVE_SHA256"},
  "cuda_version": "$cuda_version",
  "cuda_architectures": "$ARCHS",
  "compiler": "$(g++ -dumpfullversion 2>/dev/null || g++ -dumpversion)",
  "built": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "files": [
$files_json
  ]
}
JSON
mkdir -p "$(dirname "$OUT")"
rm -rf "$OUT.previous"
if [ -e "$OUT" ]; then mv "$OUT" "$OUT.previous"; fi
mv "$staging" "$OUT"
rm -rf "$OUT.previous"
step "wrote $OUT (libllama.so, libggml-cuda.so, manifest.json)"
ldd "$OUT/libggml-cuda.so" | grep -E 'cuda|cublas|not found' >&2 || true
if [ -z "${SAMOVAR_CUDA_WORK:-}" ]; then
  rm -rf "$work"
fi
echo "$OUT"
