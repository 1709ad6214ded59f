#!/usr/bin/env bash
# Builds the CUDA variant of the native library that de.kherud:llama 4.2.0 ships (libjllama.so: the
# binding's JNI code with llama.cpp b4916 and its whole C API), from the upstream release archives of
# java-llama.cpp v4.2.0 and llama.cpp b4916, with -DGGML_CUDA=ON for the CUDA architectures 80 (A100),
# 86 (A10/RTX 30), 89 (L4/L40/RTX 40) and 90 (H100/H200). Writes the library and manifest.json
# (versions, commits, CUDA version, architectures, SHA-256s) into the output folder, which samovar
# loads with `--backend cuda` (or auto) and `--cuda-lib DIR` / SAMOVAR_CUDA_LIB.
#
# Usage: native/cuda/build-cuda.sh [OUTPUT_DIR]
#   OUTPUT_DIR  default ${XDG_DATA_HOME:-~/.local/share}/samovar/cuda (samovar's default --cuda-lib)
# Needs: a CUDA 12 toolkit (nvcc), cmake >= 3.18, g++, make, curl, tar, git, sha256sum, and a JDK
# (for jni.h: JAVA_HOME, or javac on PATH). Network access to github.com.
# Environment: CUDA_ARCHITECTURES (default "80;86;89;90"), BUILD_JOBS (default: all cores),
#   SAMOVAR_CUDA_WORK (build folder, default a temporary one, removed on success).
set -euo pipefail

JLLAMA_TAG=v4.2.0
LLAMA_TAG=b4916
# The commits the two tags point at. Not known when this recipe was written (the sources could not be
# reached from where it was written): left empty, the build records the commit the archive carries in
# manifest.json; once one build has run, copy those two ids here so that later builds verify them.
JLLAMA_COMMIT=""
LLAMA_COMMIT=""
JLLAMA_URL="https://github.com/kherud/java-llama.cpp/archive/refs/tags/${JLLAMA_TAG}.tar.gz"
LLAMA_URL="https://github.com/ggml-org/llama.cpp/archive/refs/tags/${LLAMA_TAG}.tar.gz"
ARCHS="${CUDA_ARCHITECTURES:-80;86;89;90}"
JOBS="${BUILD_JOBS:-$(nproc)}"
OUT="${1:-${XDG_DATA_HOME:-$HOME/.local/share}/samovar/cuda}"

fail() { echo "build-cuda: $*" >&2; exit 1; }
step() { echo "build-cuda: $*" >&2; }

for tool in nvcc cmake g++ make curl tar git sha256sum; do
  command -v "$tool" >/dev/null || fail "$tool is not on PATH (needs a CUDA 12 toolkit and a C++ build toolchain)"
done
cuda_version="$(nvcc --version | sed -n 's/.*release \([0-9][0-9.]*\),.*/\1/p')"
case "$cuda_version" in
  12.*) ;;
  *) fail "nvcc reports CUDA '$cuda_version'; this recipe is for CUDA 12.x (the runtime the image ships)" ;;
esac
if [ -z "${JAVA_HOME:-}" ]; then
  javac_path="$(command -v javac || true)"
  [ -n "$javac_path" ] || fail "no JDK: set JAVA_HOME (jni.h is needed)"
  JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$javac_path")")")"
  export JAVA_HOME
fi
[ -f "$JAVA_HOME/include/jni.h" ] || fail "no jni.h under JAVA_HOME=$JAVA_HOME"

work="${SAMOVAR_CUDA_WORK:-$(mktemp -d -t samovar-cuda.XXXXXX)}"
mkdir -p "$work"
step "working in $work"

# fetch NAME URL EXPECTED_COMMIT: downloads the archive, checks the commit it was made from, unpacks it
# into $work/NAME, and prints "sha256 commit".
fetch() {
  local name="$1" url="$2" expected="$3" archive="$work/$1.tar.gz"
  if [ ! -s "$archive" ]; then
    step "downloading $url"
    curl -fsSL --retry 3 -o "$archive.part" "$url" || fail "cannot download $url"
    mv "$archive.part" "$archive"
  fi
  local commit
  commit="$(gzip -dc "$archive" | git get-tar-commit-id || true)"
  [ -n "$commit" ] || fail "$url carries no commit id (not a git archive?)"
  if [ -n "$expected" ] && [ "$commit" != "$expected" ]; then
    fail "$url was made from commit $commit, expected $expected"
  fi
  rm -rf "${work:?}/$name"
  mkdir -p "$work/$name"
  tar -xzf "$archive" -C "$work/$name" --strip-components=1
  echo "$(sha256sum "$archive" | cut -d' ' -f1) $commit"
}

read -r jllama_sha jllama_commit < <(fetch java-llama.cpp "$JLLAMA_URL" "$JLLAMA_COMMIT")
read -r llama_sha llama_commit < <(fetch llama.cpp "$LLAMA_URL" "$LLAMA_COMMIT")
[ -n "${jllama_commit:-}" ] && [ -n "${llama_commit:-}" ] || fail "fetching the sources failed (see above)"
step "java-llama.cpp $JLLAMA_TAG = $jllama_commit, llama.cpp $LLAMA_TAG = $llama_commit"

src="$work/java-llama.cpp"
cmakelists="$src/CMakeLists.txt"
[ -f "$cmakelists" ] || fail "$cmakelists is missing"
grep -q "GIT_TAG[[:space:]]*${LLAMA_TAG}\b" "$cmakelists" \
  || fail "java-llama.cpp $JLLAMA_TAG does not pin llama.cpp $LLAMA_TAG in its CMakeLists.txt"
# The FetchContent name java-llama.cpp declares llama.cpp under: its pre-fetched source replaces the clone.
content_name="$(awk '
  /FetchContent_Declare[[:space:]]*\(/ {
    rest = $0; sub(/.*FetchContent_Declare[[:space:]]*\([[:space:]]*/, "", rest)
    if (rest == "") { getline rest; sub(/^[[:space:]]*/, "", rest) }
    split(rest, words, /[[:space:])]+/); last = words[1]
  }
  /GIT_REPOSITORY.*llama\.cpp/ { print last; exit }' "$cmakelists")"
[ -n "$content_name" ] || fail "cannot find llama.cpp's FetchContent_Declare in $cmakelists"
content_var="FETCHCONTENT_SOURCE_DIR_$(echo "$content_name" | tr '[:lower:]' '[:upper:]')"

step "configuring (CUDA $cuda_version, architectures $ARCHS)"
cmake -S "$src" -B "$work/build" \
  -DCMAKE_BUILD_TYPE=Release \
  -DOS_NAME=Linux -DOS_ARCH=x86_64 \
  "-D$content_var=$work/llama.cpp" \
  -DGGML_CUDA=ON \
  "-DCMAKE_CUDA_ARCHITECTURES=$ARCHS" \
  -DGGML_NATIVE=OFF \
  -DLLAMA_CURL=OFF \
  -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_SERVER=OFF \
  '-DCMAKE_BUILD_RPATH=$ORIGIN' '-DCMAKE_INSTALL_RPATH=$ORIGIN' \
  >"$work/configure.log" 2>&1 || { tail -40 "$work/configure.log" >&2; fail "cmake configure failed (log: $work/configure.log)"; }
step "building with $JOBS jobs (takes a while: four CUDA architectures)"
cmake --build "$work/build" --config Release -j "$JOBS" >"$work/build.log" 2>&1 \
  || { tail -40 "$work/build.log" >&2; fail "build failed (log: $work/build.log)"; }

library="$(find "$src/src/main/resources" "$work/build" -name libjllama.so -type f 2>/dev/null | head -1)"
[ -n "$library" ] || fail "the build produced no libjllama.so"
for symbol in llama_supports_gpu_offload llama_model_load_from_file ggml_backend_dev_count ggml_backend_dev_memory; do
  nm -D --defined-only "$library" | grep -q " $symbol\$" \
    || nm -D --defined-only "$(dirname "$library")"/lib*.so 2>/dev/null | grep -q " $symbol\$" \
    || fail "$library does not export $symbol"
done

mkdir -p "$OUT"
rm -f "$OUT"/lib*.so "$OUT/manifest.json"
cp "$library" "$OUT/"
# With shared ggml/llama libraries (BUILD_SHARED_LIBS), they sit next to libjllama.so ($ORIGIN rpath).
find "$work/build" -name 'lib*.so' -type f ! -name libjllama.so -exec cp {} "$OUT/" \;

files_json=""
for file in "$OUT"/lib*.so; do
  entry="    {\"file\": \"$(basename "$file")\", \"bytes\": $(stat -c %s "$file"), \"sha256\": \"$(sha256sum "$file" | cut -d' ' -f1)\"}"
  files_json="${files_json:+$files_json,
}$entry"
done
cat >"$OUT/manifest.json" <<JSON
{
  "library": "libjllama.so",
  "java_llama_cpp": {"tag": "$JLLAMA_TAG", "commit": "$jllama_commit", "url": "$JLLAMA_URL", "archive_sha256": "$jllama_sha"},
  "llama_cpp": {"tag": "$LLAMA_TAG", "commit": "$llama_commit", "url": "$LLAMA_URL", "archive_sha256": "$llama_sha"},
  "cuda_version": "$cuda_version",
  "cuda_architectures": "$ARCHS",
  "compiler": "$(g++ -dumpfullversion 2>/dev/null || g++ -dumpversion)",
  "built": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "files": [
$files_json
  ]
}
JSON
step "wrote $OUT/libjllama.so and $OUT/manifest.json"
ldd "$OUT/libjllama.so" | grep -E 'cuda|cublas|not found' >&2 || true
if [ -z "${SAMOVAR_CUDA_WORK:-}" ]; then
  rm -rf "$work"
fi
echo "$OUT"
