#!/usr/bin/env bash
# make bench: release build; generated data sets (cached under output/bench/); for each scale the
# wall time, rows/s and peak resident memory of every stage of `ansinh run` and of the whole run,
# against sqlite3's own .import of the same raw CSV files into an empty database (no
# normalization: the floor a loader is judged against), timed in the same run.
# Prints a table and writes output/bench.json.
#
#   SCALES="1 8 75"  scale 1 = the Quảng Bình demo (pipelines/quang-binh.yaml); any other scale is
#                    national (pipelines/vietnam.yaml): S x Quảng Bình's volume over the country
#   REPEATS=3        runs per scale (the run of median wall time gives the stage figures)
#   REPEATS75=1      runs per scale from 75 up (a national month takes minutes)
#                    (the .import baselines run in every repeat at scale 1, once at national scales)
#   SEED=2023
set -euo pipefail
cd "$(dirname "$0")/.."
SCALES=${SCALES:-1 8 75}
REPEATS=${REPEATS:-3}
REPEATS75=${REPEATS75:-1}
SEED=${SEED:-2023}
BIN=${BIN:-.build/release/ansinh}
WORK=output/bench
mkdir -p "$WORK"
for tool in /usr/bin/time bc sqlite3; do command -v "$tool" >/dev/null || { echo "bench: $tool missing: apt-get install -y time bc sqlite3" >&2; exit 1; }; done

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : a[NR/2])}'; }
now() { date +%s.%N; }

# What the generator writes with a configuration, as a hash: the scale-1 data set made again (a
# few seconds). VietText, which the generator shares with the pipeline, changes often for speed
# without changing a byte the generator writes; its sources in the stamp regenerated every data
# set after each such change (a national month: two minutes).
generator_output() {
  local config=$1 probe=$WORK/probe
  rm -rf "$probe"
  "$BIN" synth --out "$probe" --truth "$probe/.truth" --scale 1 --seed "$SEED" --config "$config" >/dev/null
  (cd "$probe" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum) | sha256sum | cut -c1-16
  rm -rf "$probe"
}

# The data set of a scale, generated once; regenerated when the generator's command, its own
# sources, the configuration or what the generator writes at scale 1 change (not with every
# build of the pipeline: a national month takes minutes).
dataset() {
  local scale=$1 data config
  if [ "$scale" = 1 ]; then data=$WORK/data-1; config=pipelines/quang-binh.yaml
  else data=$WORK/national-$scale; config=pipelines/vietnam.yaml; fi
  local stamp
  stamp="synth --scale $scale --seed $SEED --config $config $(cat Sources/Synth/*.swift "$config" pipelines/*-gazetteer.csv | sha256sum | cut -c1-16) output $(generator_output "$config")"
  if [ ! -f "$data/.done" ] || [ "$(cat "$data/.done")" != "$stamp" ]; then
    rm -rf "$data"
    echo "bench: generating scale $scale into $data" >&2
    /usr/bin/time -f '%e %M' -o "$WORK/synth-$scale.time" \
      "$BIN" synth --out "$data" --truth "$data/.truth" --scale "$scale" --seed "$SEED" --config "$config" >/dev/null
    read -r s k < "$WORK/synth-$scale.time"
    echo "bench: synth scale $scale: $s s, peak $((k / 1024)) MiB" >&2
    echo "$stamp" > "$data/.done"
  fi
  echo "$data $config"
}

# sqlite3 CLI .import of every CSV file of a data set into an empty database, two ways, each
# timed on the sqlite3 process alone (its script is written first):
#   import_seconds     as the CLI does it by default: each file into a table of its own (named by
#                      its first line), each .import its own transaction
#   import_tx_seconds  the strict floor: every file into one 40-column table, one transaction
import_seconds() {
  local data=$1 tx=${2:-} db=$WORK/import.sqlite script=$WORK/import.script start end i=0
  rm -f "$db" "$script"
  {
    echo ".mode csv"
    if [ -n "$tx" ]; then echo "CREATE TABLE raw($(seq -f 'c%g' -s, 1 40));"; echo "BEGIN;"; fi
    find "$data" -path '*/.truth' -prune -o -name '*.csv' -print | sort | while IFS= read -r f; do
      i=$((i + 1))
      if [ -n "$tx" ]; then printf '.import "%s" raw\n' "$f"; else printf '.import "%s" t%d\n' "$f" "$i"; fi
    done
    if [ -n "$tx" ]; then echo "COMMIT;"; fi
  } > "$script"
  # What the previous run wrote goes to disk first, untimed: its writeback would otherwise
  # compete with this one (the same for the pipeline's runs below).
  sync
  start=$(now)
  sqlite3 "$db" < "$script" >/dev/null 2>&1 || true
  end=$(now)
  rm -f "$db" "$script"
  echo "$end - $start" | bc
}

json="["
for scale in $SCALES; do
  read -r data config < <(dataset "$scale")
  reps=$REPEATS; if [ "$(echo "$scale >= 75" | bc)" = 1 ]; then reps=$REPEATS75; fi
  lines=$(find "$data" -path '*/.truth' -prune -o -name '*.csv' -print0 | xargs -0 cat | wc -l)
  files=$(find "$data" -path '*/.truth' -prune -o -name '*.csv' -print | wc -l)
  out=$WORK/out-$scale
  runs=(); imports=(); imports_tx=()
  for i in $(seq "$reps"); do
    rm -rf "$out"
    sync
    status=0
    /usr/bin/time -f '%e %M' -o "$WORK/time.txt" "$BIN" run --config "$config" --input "$data" --output "$out" --quiet 2>"$WORK/run.log" || status=$?
    read -r secs kib < "$WORK/time.txt"
    # Per stage: name, seconds, rows in, peak KiB (the stage's own on Linux).
    sqlite3 -separator ' ' "$out/warehouse.sqlite" "
      SELECT stage, printf('%.3f', (julianday(finished_at) - julianday(started_at)) * 86400),
             COALESCE(rows_in, 0), COALESCE(peak_rss_kib, 0)
      FROM run_stages WHERE run_id = (SELECT MAX(run_id) FROM run_stages) ORDER BY rowid" > "$WORK/stages-$scale-$i.txt" 2>/dev/null || true
    # Resetting the high-water mark per stage lowers what wait4 reports: the run's peak is the larger.
    stagepeak=$(awk 'BEGIN{m=0} {if ($4 > m) m = $4} END{print m}' "$WORK/stages-$scale-$i.txt")
    [ "$stagepeak" -gt "$kib" ] && kib=$stagepeak
    runs+=("$secs $kib $i $status")
    # The import baselines take minutes on the national sets (4,577 files): once there.
    if [ "$i" = 1 ] || [ "$scale" = 1 ]; then
      imports+=("$(import_seconds "$data")")
      imports_tx+=("$(import_seconds "$data" tx)")
    fi
  done
  read -r run peak pick status < <(printf '%s\n' "${runs[@]}" | sort -n | awk '{a[NR]=$0} END {print a[int((NR+1)/2)]}')
  imp=$(printf '%s\n' "${imports[@]}" | median)
  imptx=$(printf '%s\n' "${imports_tx[@]}" | median)
  stages=$WORK/stages-$scale-$pick.txt
  norm=$(awk '$1 == "normalize" || $1 == "ingest" {s += $2} END {print s + 0}' "$stages")
  rows=$(awk '$1 == "normalize" || $1 == "ingest" {r = $3} END {print r + 0}' "$stages")
  ratio=$(printf '%.2f' "$(echo "scale=4; $norm / $imp" | bc)")
  ratio_tx=$(printf '%.2f' "$(echo "scale=4; $norm / $imptx" | bc)")
  us_row=$(printf '%.2f' "$(echo "scale=6; $run * 1000000 / $rows" | bc)")

  echo
  echo "scale $scale  ($config, $files files, $lines lines, $rows data rows; median of $reps run(s), exit $status)"
  printf '  %-16s %9s %12s %12s %12s\n' stage wall_s rows rows/s peak_MiB
  while read -r stage secs srows skib; do
    rps=""; [ "$srows" -gt 0 ] && rps=$(echo "$srows / ($secs + 0.0005)" | bc)
    printf '  %-16s %9s %12s %12s %12s\n' "$stage" "$secs" "$([ "$srows" -gt 0 ] && echo "$srows")" "$rps" "$((skib / 1024))"
  done < "$stages"
  printf '  %-16s %9s %12s %12s %12s\n' "run (all)" "$run" "$rows" "$(echo "$rows / $run" | bc)" "$((peak / 1024))"
  printf '  %-16s %9s %12s %12s\n' "sqlite3 .import" "$(printf '%.3f' "$imp")" "$lines" "$(echo "$lines / $imp" | bc)"
  printf '  %-16s %9s %12s %12s\n' ".import, 1 tx" "$(printf '%.3f' "$imptx")" "$lines" "$(echo "$lines / $imptx" | bc)"
  echo "  (ingest+normalize) / .import = $ratio, / .import in one transaction = $ratio_tx;  run: $us_row µs per data row"

  stage_json=$(awk '{printf "%s\"%s\":{\"seconds\":%s,\"rows\":%s,\"peak_rss_kib\":%s}", (NR > 1 ? "," : ""), $1, $2, $3, $4}' "$stages")
  json+="{\"scale\":$scale,\"config\":\"$config\",\"files\":$files,\"lines\":$lines,\"rows\":$rows,\"repeats\":$reps,\"exit\":$status,"
  json+="\"run_seconds\":$run,\"run_peak_kib\":$peak,\"import_seconds\":$(printf '%.3f' "$imp"),\"import_tx_seconds\":$(printf '%.3f' "$imptx"),\"ratio_tx\":$ratio_tx,\"normalize_seconds\":$norm,"
  json+="\"ratio\":$ratio,\"us_per_row\":$us_row,\"stages\":{$stage_json}},"
done
echo "${json%,}]" > output/bench.json
echo
echo "output/bench.json written (peak = the larger of /usr/bin/time's and the stages' own peaks)" >&2
