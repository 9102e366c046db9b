#!/usr/bin/env bash
# make bench: release build, demo-scale data, median wall time and peak memory of `ansinh run`
# against sqlite3's own .import of the same raw files (the floor a loader is judged against).
# Prints a table and writes output/bench.json.
set -euo pipefail
cd "$(dirname "$0")/.."
REPEATS=${REPEATS:-3}
SCALES=${SCALES:-1}
BIN=.build/release/ansinh
mkdir -p output/bench
for tool in /usr/bin/time bc sqlite3; do command -v "$tool" >/dev/null || { echo "bench: $tool missing: apt-get install -y time bc sqlite3" >&2; exit 1; }; done

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

json="["
printf '%-6s %10s %12s %12s %14s %12s %8s\n' scale rows run_s run_rows/s run_peak_MiB import_s ratio
for scale in $SCALES; do
  data=output/bench/data-$scale
  if [ ! -f "$data/.done" ]; then
    rm -rf "$data"; $BIN synth --out "$data" --truth "$data/.truth" --scale "$scale" --seed 2023 >/dev/null
    touch "$data/.done"
  fi
  rows=$(find "$data" -path '*/.truth' -prune -o -name '*.csv' -print0 | xargs -0 cat | wc -l)
  runs=(); peaks=(); imports=()
  for i in $(seq "$REPEATS"); do
    rm -rf output/bench/out
    /usr/bin/time -f '%e %M' -o output/bench/time.txt $BIN run --input "$data" --output output/bench/out --quiet 2>/dev/null || true
    read -r secs kib < output/bench/time.txt; runs+=("$secs"); peaks+=("$kib")
    rm -f output/bench/import.sqlite
    start=$(date +%s.%N)
    find "$data" -path '*/.truth' -prune -o -name '*.csv' -print | sort | while read -r f; do
      printf '.mode csv\n.separator ","\n.import "%s" t%s\n' "$f" "$(echo "$f" | md5sum | cut -c1-8)"
    done | sqlite3 output/bench/import.sqlite 2>/dev/null || true
    end=$(date +%s.%N); imports+=("$(echo "$end - $start" | bc)")
  done
  run=$(printf '%s\n' "${runs[@]}" | median); peak=$(printf '%s\n' "${peaks[@]}" | median)
  imp=$(printf '%s\n' "${imports[@]}" | median)
  ratio=$(printf '%.2f' "$(echo "scale=4; $run / $imp" | bc)"); rps=$(echo "$rows / $run" | bc); mib=$(echo "$peak / 1024" | bc)
  run=$(printf '%.3f' "$run"); imp=$(printf '%.3f' "$imp")
  printf '%-6s %10s %12s %12s %14s %12s %8s\n' "$scale" "$rows" "$run" "$rps" "$mib" "$imp" "$ratio"
  # Per stage, from the last run's run_stages (wall seconds, rows in, rows/s).
  sqlite3 -separator ' ' output/bench/out/warehouse.sqlite "
    SELECT printf('       %-10s %8.2f s %16s %18s', stage,
                  (julianday(finished_at) - julianday(started_at)) * 86400,
                  CASE WHEN rows_in IS NULL THEN '' ELSE rows_in || ' rows' END,
                  CASE WHEN rows_in > 0 AND stage IN ('normalize', 'reconcile')
                       THEN CAST(rows_in / ((julianday(finished_at) - julianday(started_at)) * 86400) AS INTEGER) || ' rows/s' ELSE '' END)
    FROM run_stages WHERE run_id = (SELECT MAX(run_id) FROM run_stages) ORDER BY rowid" 2>/dev/null || true
  stages=$(sqlite3 output/bench/out/warehouse.sqlite "
    SELECT group_concat(printf('\"%s\":%.3f', stage, (julianday(finished_at) - julianday(started_at)) * 86400), ',')
    FROM run_stages WHERE run_id = (SELECT MAX(run_id) FROM run_stages)" 2>/dev/null || true)
  json+="{\"scale\":$scale,\"rows\":$rows,\"run_seconds\":$run,\"run_peak_mib\":$mib,\"import_seconds\":$imp,\"ratio\":$ratio,\"repeats\":$REPEATS,\"stages\":{$stages}},"
done
echo "${json%,}]" > output/bench.json
echo "medians of $REPEATS runs; output/bench.json written" >&2
