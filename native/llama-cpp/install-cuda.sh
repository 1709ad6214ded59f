#!/bin/sh
# Installs llama.cpp v0.5.0's CUDA libraries into samovar's CUDA library folder, where
# `samovar serve --backend cuda` (or auto, on a machine with an NVIDIA GPU) loads them: the npm
# package @node-llama-cpp/linux-x64-cuda 3.22.1 (MIT), fetched with npm at its pinned integrity
# (native/llama-cpp/npm-fetch.sh). Its libggml-cuda.so needs the CUDA 13 runtime (libcudart.so.13,
# libcublas.so.13) on the library path and a driver for CUDA 13; it carries native code for sm_86,
# sm_89 and sm_120 and PTX for 75, 80 and 90, so an A100 or H100 compiles its kernels at the first
# start (minutes; the driver caches them). For native sm_90 code, build the same release from
# source instead: native/cuda/build-cuda.sh.
#
# Usage: native/llama-cpp/install-cuda.sh [FOLDER]
#   FOLDER  default $SAMOVAR_CUDA_LIB, else ${XDG_DATA_HOME:-~/.local/share}/samovar/cuda
# Needs: npm (Node.js), tar. A folder that holds an earlier install is replaced whole.
set -eu

here="$(cd "$(dirname "$0")" && pwd)"
folder="${1:-${SAMOVAR_CUDA_LIB:-${XDG_DATA_HOME:-$HOME/.local/share}/samovar/cuda}}"
parent="$(dirname "$folder")"
mkdir -p "$parent"
work="$(mktemp -d "$parent/.samovar-cuda.XXXXXX")"
trap 'rm -rf "$work"' EXIT

"$here/npm-fetch.sh" cuda "$work/cuda.tgz"
mkdir "$work/unpacked" "$work/libs"
tar -xzf "$work/cuda.tgz" -C "$work/unpacked" package/LICENSE package/bins/linux-x64-cuda
for lib in "$work"/unpacked/package/bins/linux-x64-cuda/libggml*.so "$work"/unpacked/package/bins/linux-x64-cuda/libllama.*.so; do
  mv "$lib" "$work/libs/"
done
mv "$work/unpacked/package/LICENSE" "$work/libs/LICENSE-node-llama-cpp"
cp "$here/licenses/LICENSE-llama.cpp" "$work/libs/"
ls "$work"/libs/libllama.*.so >/dev/null 2>&1 || { echo "install-cuda: the package holds no libllama library" >&2; exit 1; }
if [ -e "$folder" ]; then
  mv "$folder" "$work/previous"
fi
mv "$work/libs" "$folder"
echo "install-cuda: llama.cpp v0.5.0 CUDA libraries in $folder" >&2
echo "install-cuda: serve with --backend cuda (SAMOVAR_CUDA_LIB=$folder where that is not the default)" >&2
