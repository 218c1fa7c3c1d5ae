#!/usr/bin/env bash
# Same-runner A/B comparison of two git refs, for the CI gate.
#
#   scripts/ab.sh <base-ref> [<head-ref>] [--pairs N] [--scenario FILE] [--run-flags "FLAGS"]
#                 [--out-dir DIR] [check flags…]
#
# Builds <base-ref> (and <head-ref>, if given) in git worktrees under a temp dir; without
# <head-ref> the working tree of this checkout is head. Runs the scenario alternately
# A B A B … for N pairs (default 5), so machine drift during the job hits both sides alike,
# merges each side's runs (`chainmark merge`), and runs `chainmark check` with any remaining
# flags (--alpha, --threshold, --metric, --format). Exit code: check's (0 pass or no verdict, 1 a regression or a lost case,
# 2 bad input); 2 as well when a build or a run fails, and 1 when head's run fails a case.
#
#   --scenario FILE     scenario file or bundled name (default quick); both sides run this same file
#   --run-flags "…"     extra flags for `chainmark run`, e.g. "--threads 1 --repeat 5"
#   --out-dir DIR       keep the per-run and merged result files there (e.g. for a CI artifact)
#   --pin CPUS          run every benchmark process under `taskset -c CPUS` (e.g. 1, or 2-3): on
#                       small VMs an unpinned process lands in one of two speeds, decided per run
#
# node_modules: a worktree whose package-lock.json equals this checkout's reuses this checkout's
# node_modules (a symlink) instead of running `npm ci`, which saves a minute or more per side.
set -euo pipefail

usage() { sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; }

ROOT=$(cd "$(dirname "$0")/.." && pwd)
base_ref=''
head_ref=''
pairs=5
scenario='quick'
run_flags=''
out_dir=''
pin=''
check_flags=()

while (($#)); do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    --pairs) pairs=${2:?--pairs needs a value}; shift 2 ;;
    --pairs=*) pairs=${1#*=}; shift ;;
    --scenario) scenario=${2:?--scenario needs a value}; shift 2 ;;
    --scenario=*) scenario=${1#*=}; shift ;;
    --run-flags) run_flags=${2?--run-flags needs a value}; shift 2 ;;
    --run-flags=*) run_flags=${1#*=}; shift ;;
    --out-dir) out_dir=${2:?--out-dir needs a value}; shift 2 ;;
    --out-dir=*) out_dir=${1#*=}; shift ;;
    --pin) pin=${2:?--pin needs a CPU list}; shift 2 ;;
    --pin=*) pin=${1#*=}; shift ;;
    --*=*) check_flags+=("$1"); shift ;;
    --*)
      # Every check flag takes a value (--alpha, --threshold, --metric, --format).
      check_flags+=("$1" "${2:?$1 needs a value}"); shift 2 ;;
    *)
      if [[ -z $base_ref ]]; then base_ref=$1
      elif [[ -z $head_ref ]]; then head_ref=$1
      else echo "ab.sh: unexpected argument: $1" >&2; exit 2
      fi
      shift ;;
  esac
done
[[ -n $base_ref ]] || { usage >&2; exit 2; }
[[ $pairs =~ ^[1-9][0-9]*$ ]] || { echo "ab.sh: --pairs must be a positive integer, got '$pairs'" >&2; exit 2; }
runner=()
if [[ -n $pin ]]; then
  [[ $pin =~ ^[0-9]+([,-][0-9]+)*$ ]] || { echo "ab.sh: --pin must be a CPU list like 1 or 0-1, got '$pin'" >&2; exit 2; }
  command -v taskset >/dev/null || { echo "ab.sh: --pin needs taskset (util-linux)" >&2; exit 2; }
  runner=(taskset -c "$pin")
fi

# The scenario: a file as given, else a bundled one. Resolved once, so both sides do the same work.
if [[ -f $scenario ]]; then scenario=$(cd "$(dirname "$scenario")" && pwd)/$(basename "$scenario")
elif [[ -f $ROOT/scenarios/$scenario.json ]]; then scenario=$ROOT/scenarios/$scenario.json
elif [[ -f $ROOT/$scenario ]]; then scenario=$ROOT/$scenario
else echo "ab.sh: no scenario file '$scenario'" >&2; exit 2
fi

log() { echo "[ab] $*" >&2; }
git -C "$ROOT" rev-parse --verify --quiet "$base_ref^{commit}" >/dev/null || { echo "ab.sh: unknown ref '$base_ref'" >&2; exit 2; }
[[ -z $head_ref ]] || git -C "$ROOT" rev-parse --verify --quiet "$head_ref^{commit}" >/dev/null || { echo "ab.sh: unknown ref '$head_ref'" >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/chainmark-ab.XXXXXX")
worktrees=()
cleanup() {
  for wt in "${worktrees[@]}"; do git -C "$ROOT" worktree remove --force "$wt" >/dev/null 2>&1 || true; done
  rm -rf "$tmp"
  git -C "$ROOT" worktree prune >/dev/null 2>&1 || true
}
trap cleanup EXIT

# Install dependencies in $1, reusing this checkout's node_modules when the lockfiles match.
install_deps() {
  local dir=$1
  if [[ $dir != "$ROOT" && -d $ROOT/node_modules ]] && cmp -s "$ROOT/package-lock.json" "$dir/package-lock.json"; then
    log "$(basename "$dir"): package-lock.json unchanged, reusing node_modules"
    ln -s "$ROOT/node_modules" "$dir/node_modules"
  elif [[ $dir == "$ROOT" && -d $ROOT/node_modules ]]; then
    : # this checkout is already installed
  else
    log "$(basename "$dir"): npm ci"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) >&2
  fi
}

# Check out $1 in a worktree at $2 and build it.
prepare_ref() {
  local ref=$1 dir=$2
  log "checking out $ref ($(git -C "$ROOT" rev-parse --short "$ref^{commit}")) in $dir"
  git -C "$ROOT" worktree add --detach --quiet "$dir" "$ref"
  worktrees+=("$dir")
  install_deps "$dir"
  log "$(basename "$dir"): npm run build"
  (cd "$dir" && npm run build --silent) >&2 || { echo "ab.sh: build of $ref failed" >&2; exit 2; }
}

prepare_ref "$base_ref" "$tmp/base"
if [[ -n $head_ref ]]; then
  prepare_ref "$head_ref" "$tmp/head"
  head_dir=$tmp/head
else
  log "head: this working tree ($ROOT)"
  install_deps "$ROOT"
  (cd "$ROOT" && npm run build --silent) >&2 || { echo "ab.sh: build of the working tree failed" >&2; exit 2; }
  head_dir=$ROOT
fi
# merge and check come from the checkout that holds this script (built above when it is head).
[[ -f $ROOT/dist/src/cli/main.js ]] || (cd "$ROOT" && npm run build --silent) >&2
tool=$ROOT/dist/src/cli/main.js

results=${out_dir:-$tmp/results}
mkdir -p "$results"
read -r -a extra_run_flags <<<"$run_flags"
head_failed=0
base_files=()
head_files=()
for ((i = 1; i <= pairs; i++)); do
  for side in base head; do
    dir=$tmp/base
    [[ $side == head ]] && dir=$head_dir
    log "pair $i/$pairs: $side"
    rc=0
    out=$results/$side-$i.json
    "${runner[@]}" node "$dir/dist/src/cli/main.js" run "$scenario" "${extra_run_flags[@]}" --quiet --no-progress --out "$out" || rc=$?
    if ((rc == 1)); then
      log "$side run $i: some cases failed their checks or errored (listed by check as not measured)"
      [[ $side == head ]] && head_failed=1
    elif ((rc != 0)); then
      echo "ab.sh: $side run $i exited $rc" >&2
      exit 2
    fi
    if [[ $side == base ]]; then base_files+=("$out"); else head_files+=("$out"); fi
  done
done

node "$tool" merge "${base_files[@]}" --out "$results/base.json"
node "$tool" merge "${head_files[@]}" --out "$results/head.json"
status=0
node "$tool" check --baseline "$results/base.json" --current "$results/head.json" "${check_flags[@]}" || status=$?
if ((status == 0 && head_failed)); then
  echo "ab.sh: head failed or errored in some cases (see above): failing" >&2
  status=1
fi
[[ -z $out_dir ]] || log "results kept in $out_dir"
exit $status
