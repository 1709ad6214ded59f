#!/usr/bin/env bash
# The llama3-8b-ru-lora recipe as a resumable pipeline (see README.md):
#   preflight  2+ GPUs, axolotl, accelerate and deepspeed, a Hugging Face token, free disk,
#              the samovar launcher, the data
#   base       the base model snapshot (hf download) into base/
#   train      LoRA, one epoch, accelerate + DeepSpeed ZeRO-2 on two GPUs -> out/lora/
#   merge      samovar train merge -> merged/
#   export     samovar train export-gguf f16, q8_0, q4_k_m -> gguf/
#   smoke      samovar train smoke on each GGUF file
#   bench      (--bench) MT-Bench answers from samovar serve on the q4_k_m file -> bench/
# Each stage logs to logs/STAGE.log and leaves .done/STAGE; a rerun skips finished stages.
# Commands can be replaced through the environment: SAMOVAR, ACCELERATE, PYTHON, HF_CLI.
set -euo pipefail

RECIPE=llama3-8b-ru-lora
recipe_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$recipe_dir/../../.." && pwd)"
. "$recipe_dir/../lib/stages.sh"

SAMOVAR="${SAMOVAR:-$repo_root/samovar}"
ACCELERATE="${ACCELERATE:-accelerate}"
PYTHON="${PYTHON:-python3}"
if [ -z "${HF_CLI:-}" ]; then
  if command -v hf >/dev/null 2>&1; then HF_CLI=hf; else HF_CLI=huggingface-cli; fi
fi
MIN_FREE_GB="${MIN_FREE_GB:-100}"
BENCH_PORT="${BENCH_PORT:-8089}"
BENCH_WAIT_S="${BENCH_WAIT_S:-900}"
DATA=data/tagengo-ru-gpt4o.jsonl
EXPORT_TYPES=(f16 q8_0 q4_k_m)
GGUF_NAME="$RECIPE"

usage() {
  cat <<USAGE
usage: run.sh [--run-dir DIR] [--data FILE] [--from STAGE] [--to STAGE] [--bench]
  --run-dir DIR  the run folder (default: runs/$RECIPE under the current folder)
  --data FILE    the training set (samovar train dataset generate --out), linked as $DATA
  --from STAGE   run STAGE and every later one again
  --to STAGE     stop after STAGE
  --bench        add the bench stage (MT-Bench answers of the q4_k_m model)
stages: preflight base train merge export smoke bench
USAGE
}

run_dir="runs/$RECIPE"
data_file=""
from=""
to=""
bench=0
while [ $# -gt 0 ]; do
  case "$1" in
    --run-dir) [ $# -ge 2 ] || recipe_usage_error "--run-dir needs a folder"; run_dir="$2"; shift 2 ;;
    --data) [ $# -ge 2 ] || recipe_usage_error "--data needs a file"; data_file="$2"; shift 2 ;;
    --from) [ $# -ge 2 ] || recipe_usage_error "--from needs a stage"; from="$2"; shift 2 ;;
    --to) [ $# -ge 2 ] || recipe_usage_error "--to needs a stage"; to="$2"; shift 2 ;;
    --bench) bench=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) recipe_usage_error "unknown argument '$1' (see --help)" ;;
  esac
done
STAGES=(preflight base train merge export smoke)
if [ "$bench" = 1 ]; then
  STAGES+=(bench)
fi

if [ -n "$data_file" ]; then
  [ -f "$data_file" ] || recipe_usage_error "--data: no such file: $data_file"
  data_file="$(cd "$(dirname "$data_file")" && pwd)/$(basename "$data_file")"
fi
mkdir -p "$run_dir"
cd "$run_dir"
for config in axolotl.yaml accelerate.yaml deepspeed-zero2.json; do
  if [ ! -f "$config" ]; then
    cp "$recipe_dir/$config" "$config"
    echo "$RECIPE: $PWD/$config copied from the recipe (edit it here for this run)"
  fi
done
if [ -n "$data_file" ]; then
  mkdir -p data
  ln -sfn "$data_file" "$DATA"
fi
base_model="$(sed -n 's/^base_model: *//p' axolotl.yaml)"

stage_preflight() {
  local failures=0 gpus free_kb
  fail() {
    echo "preflight: $*" >&2
    failures=$((failures + 1))
  }
  if ! command -v nvidia-smi >/dev/null 2>&1; then
    fail "nvidia-smi not found: the recipe trains on 2 NVIDIA GPUs"
  else
    gpus="$(nvidia-smi --query-gpu=name --format=csv,noheader | grep -c . || true)"
    if [ "$gpus" -lt 2 ]; then
      fail "$gpus GPU(s) found by nvidia-smi; the recipe needs 2 (one process each)"
    else
      echo "preflight: $gpus GPUs: $(nvidia-smi --query-gpu=name --format=csv,noheader | sort | uniq -c | xargs)"
    fi
  fi
  for module in axolotl accelerate deepspeed; do
    if ! "$PYTHON" -c "import $module" >/dev/null 2>&1; then
      fail "$PYTHON cannot import $module: pip install -r $recipe_dir/requirements.txt"
    fi
  done
  if ! command -v "$ACCELERATE" >/dev/null 2>&1; then
    fail "the accelerate command ($ACCELERATE) is not on PATH"
  fi
  if ! command -v "$HF_CLI" >/dev/null 2>&1; then
    fail "the Hugging Face command line ($HF_CLI) is not on PATH: pip install huggingface_hub"
  fi
  local token_file="${HF_TOKEN_PATH:-${HF_HOME:-$HOME/.cache/huggingface}/token}"
  if [ -z "${HF_TOKEN:-}" ] && [ ! -s "$token_file" ]; then
    fail "no Hugging Face token for the gated $base_model: set HF_TOKEN or run '$HF_CLI auth login'"
  fi
  free_kb="$(df -Pk . | awk 'NR == 2 { print $4 }')"
  if [ "$free_kb" -lt $((MIN_FREE_GB * 1024 * 1024)) ]; then
    fail "$((free_kb / 1024 / 1024)) GB free in $PWD; the run needs about $MIN_FREE_GB GB (MIN_FREE_GB)"
  fi
  if [ ! -x "$SAMOVAR" ] && ! command -v "$SAMOVAR" >/dev/null 2>&1; then
    fail "samovar launcher not found at $SAMOVAR (set SAMOVAR)"
  fi
  if [ ! -s "$DATA" ]; then
    fail "no training set at $PWD/$DATA: make it with 'samovar train dataset generate' and pass --data FILE"
  fi
  if [ "$failures" -gt 0 ]; then
    echo "preflight: $failures problem(s); nothing was started" >&2
    return 1
  fi
  echo "preflight: ok ($(wc -l <"$DATA" | xargs) conversations in $DATA)"
}

stage_base() {
  "$HF_CLI" download "$base_model" --local-dir base --exclude 'original/*'
  [ -f base/config.json ] || { echo "base: no config.json in base/ after the download" >&2; return 1; }
}

stage_train() {
  "$ACCELERATE" launch --config_file accelerate.yaml -m axolotl.cli.train axolotl.yaml \
    --base_model=base
  for file in adapter_config.json adapter_model.safetensors; do
    [ -f "out/lora/$file" ] || { echo "train: finished without out/lora/$file" >&2; return 1; }
  done
}

stage_merge() {
  rm -rf merged
  "$SAMOVAR" train merge --base base --adapter out/lora --out merged --dtype bf16
}

stage_smoke() {
  for type in "${EXPORT_TYPES[@]}"; do
    "$SAMOVAR" train smoke --gguf "$(gguf_file "$type")" --prompts "$recipe_dir/smoke-prompts.txt"
  done
}

stage_bench() {
  local url="http://127.0.0.1:$BENCH_PORT" waited=0
  mkdir -p bench
  "$SAMOVAR" serve --model "$(gguf_file q4_k_m)" --alias samovar --port "$BENCH_PORT" \
    >bench/server.log 2>&1 &
  bench_server=$!
  trap 'kill "$bench_server" 2>/dev/null || true' EXIT
  until "$SAMOVAR" health --url "$url/ready" >/dev/null 2>&1; do
    if ! kill -0 "$bench_server" 2>/dev/null; then
      echo "bench: samovar serve exited; see bench/server.log" >&2
      return 1
    fi
    if [ "$waited" -ge "$BENCH_WAIT_S" ]; then
      echo "bench: samovar serve not ready after $BENCH_WAIT_S s; see bench/server.log" >&2
      return 1
    fi
    sleep 2
    waited=$((waited + 2))
  done
  "$SAMOVAR" bench mt answer --bench ru-lightblue --endpoint "$url/v1" --model samovar \
    --out bench/answers.jsonl
  echo "bench: answers in bench/answers.jsonl; judge them with 'samovar bench mt judge'" \
    "(a judge endpoint and key), then 'samovar bench mt report'"
}

run_stages "$from" "$to"
