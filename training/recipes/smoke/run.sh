#!/usr/bin/env bash
# The training smoke test (see README.md): a tiny Llama checkpoint from the Java side, a LoRA
# trained on it by train.py in two processes, then the Java merge, export and smoke on the result.
#   base    samovar train tiny-base -> base/
#   train   accelerate launch --num_processes 2 train.py (transformers + peft, gloo) -> adapter/
#   merge   samovar train merge -> merged/
#   export  samovar train export-gguf f16, q8_0, q4_k_m -> gguf/
#   smoke   samovar train smoke on each GGUF file
# Each stage logs to logs/STAGE.log and leaves .done/STAGE; a rerun skips finished stages, so the
# stages can run on different machines (--to base here, --to train where PyTorch is, then the rest
# here). Commands can be replaced through the environment: SAMOVAR, ACCELERATE, PYTHON.
set -euo pipefail

RECIPE=smoke
recipe_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$recipe_dir/../../.." && pwd)"
. "$recipe_dir/../lib/stages.sh"

SAMOVAR="${SAMOVAR:-$repo_root/samovar}"
ACCELERATE="${ACCELERATE:-accelerate}"
PYTHON="${PYTHON:-python3}"
EXPORT_TYPES=(f16 q8_0 q4_k_m)
GGUF_NAME=tiny-lora
STAGES=(base train merge export smoke)

usage() {
  cat <<USAGE
usage: run.sh [--run-dir DIR] [--from STAGE] [--to STAGE] [-- TRAIN_ARGS...]
  --run-dir DIR  the run folder (default: runs/smoke under the current folder)
  --from STAGE   run STAGE and every later one again
  --to STAGE     stop after STAGE
  TRAIN_ARGS     passed to train.py (e.g. --steps 60)
stages: ${STAGES[*]}
USAGE
}

run_dir="runs/$RECIPE"
from=""
to=""
train_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --run-dir) [ $# -ge 2 ] || recipe_usage_error "--run-dir needs a folder"; run_dir="$2"; shift 2 ;;
    --from) [ $# -ge 2 ] || recipe_usage_error "--from needs a stage"; from="$2"; shift 2 ;;
    --to) [ $# -ge 2 ] || recipe_usage_error "--to needs a stage"; to="$2"; shift 2 ;;
    --) shift; train_args=("$@"); break ;;
    -h | --help) usage; exit 0 ;;
    *) recipe_usage_error "unknown argument '$1' (see --help)" ;;
  esac
done
mkdir -p "$run_dir"
cd "$run_dir"

stage_base() {
  rm -rf base
  "$SAMOVAR" train tiny-base --out base
}

stage_train() {
  local module
  for module in torch transformers peft accelerate; do
    if ! "$PYTHON" -c "import $module" >/dev/null 2>&1; then
      echo "train: $PYTHON cannot import $module (PyTorch, transformers 5, peft and accelerate are needed)" >&2
      return 1
    fi
  done
  # --multi_gpu selects accelerate's multi-process launcher; train.py keeps both processes on
  # the CPU with the gloo backend, so no GPU is needed (and one GPU is left alone).
  "$ACCELERATE" launch --multi_gpu --num_processes 2 --num_machines 1 --mixed_precision no \
    --dynamo_backend no "$recipe_dir/train.py" --base base --data "$recipe_dir/data.jsonl" \
    --out adapter ${train_args[@]+"${train_args[@]}"}
  for file in adapter_config.json adapter_model.safetensors; do
    [ -f "adapter/$file" ] || { echo "train: finished without adapter/$file" >&2; return 1; }
  done
}

stage_merge() {
  rm -rf merged
  "$SAMOVAR" train merge --base base --adapter adapter --out merged
}

stage_smoke() {
  for type in "${EXPORT_TYPES[@]}"; do
    "$SAMOVAR" train smoke --gguf "$(gguf_file "$type")" --prompts "$recipe_dir/prompts.txt" \
      --max-tokens 16
  done
}

run_stages "$from" "$to"
