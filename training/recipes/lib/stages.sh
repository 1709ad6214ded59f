# Resumable stages for the recipes' run.sh (sourced, not run). The caller sets RECIPE (its name
# in messages) and STAGES (the stage names in order), defines a function stage_NAME for each, and
# calls run_stages FROM TO in the run folder. Every stage appends its output to logs/NAME.log (and
# shows it) and, when it succeeds, leaves the marker .done/NAME; a rerun skips marked stages.
# FROM (a stage name, or empty) drops the markers of that stage and all after it so they run again;
# TO (a stage name, or empty) stops after that stage.
# A stage may keep finer markers of its own as .done/NAME.PART (dropped with its stage).
# stage_export writes the merged checkpoint (merged/) as gguf/$GGUF_NAME-TYPE.gguf for each TYPE of
# EXPORT_TYPES, which the caller sets, with $SAMOVAR; each type is a part of its own.

recipe_usage_error() {
  echo "$RECIPE: $*" >&2
  exit 2
}

run_stages() {
  local from="$1" to="$2" redo=0 stage
  if [ -n "$from" ] && [[ " ${STAGES[*]} " != *" $from "* ]]; then
    recipe_usage_error "unknown stage '$from' for --from (stages: ${STAGES[*]})"
  fi
  if [ -n "$to" ] && [[ " ${STAGES[*]} " != *" $to "* ]]; then
    recipe_usage_error "unknown stage '$to' for --to (stages: ${STAGES[*]})"
  fi
  mkdir -p logs .done
  for stage in "${STAGES[@]}"; do
    if [ "$stage" = "$from" ]; then
      redo=1
    fi
    if [ "$redo" = 1 ]; then
      rm -f ".done/$stage" ".done/$stage".*
    fi
  done
  for stage in "${STAGES[@]}"; do
    if [ -f ".done/$stage" ]; then
      echo "$RECIPE: $stage: done before, skipped (logs/$stage.log)"
    else
      run_stage "$stage"
    fi
    if [ "$stage" = "$to" ]; then
      echo "$RECIPE: stopped after $to (--to)"
      return 0
    fi
  done
  echo "$RECIPE: all stages done (${STAGES[*]})"
}

run_stage() {
  local stage="$1" status
  echo "$RECIPE: $stage: started $(date -u +%Y-%m-%dT%H:%M:%SZ), log: logs/$stage.log"
  echo "=== $stage $(date -u +%Y-%m-%dT%H:%M:%SZ)" >>"logs/$stage.log"
  set +e
  (
    set -euo pipefail
    "stage_$stage"
  ) 2>&1 | tee -a "logs/$stage.log"
  status=${PIPESTATUS[0]}
  set -e
  if [ "$status" -ne 0 ]; then
    echo "$RECIPE: $stage: failed (exit $status); see logs/$stage.log" >&2
    exit 1
  fi
  touch ".done/$stage"
  echo "$RECIPE: $stage: done $(date -u +%Y-%m-%dT%H:%M:%SZ)"
}

# Runs "$@" unless the finer marker .done/NAME exists, then leaves it.
run_part() {
  local marker="$1"
  shift
  if [ -f ".done/$marker" ]; then
    echo "$marker: done before, skipped"
    return 0
  fi
  "$@"
  touch ".done/$marker"
}

gguf_file() {
  echo "gguf/$GGUF_NAME-$1.gguf"
}

export_type() {
  rm -f "$(gguf_file "$1")"
  "$SAMOVAR" train export-gguf --hf merged --out "$(gguf_file "$1")" --type "$1"
}

stage_export() {
  mkdir -p gguf
  for type in "${EXPORT_TYPES[@]}"; do
    run_part "export.$type" export_type "$type"
  done
}
