#!/usr/bin/env bash
# make bench-reconcile: the reconcile stage alone on a normalized warehouse (default scale 15:
# about 1,000,000 registry records and 1,000,000 payment lines of the period), release build,
# median wall time and peak memory of `ansinh reconcile` over REPEATS runs, each on a fresh copy
# of the normalized warehouse. Baseline, timed in the same run: sqlite3 joining the same payment
# lines to the registry on the code alone (the floor any reconciliation is judged against).
# Prints a table (with µs per registry record + payment line, for the growth from one scale to
# another) and writes output/bench-reconcile.json. BIN=path benches another build;
# CONFIG=pipelines/vietnam.yaml benches national data (cached as output/bench/data-vietnam-SCALE).
set -euo pipefail
cd "$(dirname "$0")/.."
REPEATS=${REPEATS:-3}
SCALE=${SCALE:-15}
PERIOD=${PERIOD:-2023-12}
BIN=${BIN:-.build/release/ansinh}
# CONFIG=pipelines/vietnam.yaml: national data (scale S spread over the country's districts).
CONFIG=${CONFIG:-}
[ "$CONFIG" = pipelines/quang-binh.yaml ] && CONFIG=""
for tool in /usr/bin/time bc sqlite3; do command -v "$tool" >/dev/null || { echo "bench-reconcile: $tool missing: apt-get install -y time bc sqlite3" >&2; exit 1; }; done
if [ -n "$CONFIG" ]; then tag=$(basename "$CONFIG" .yaml)-$SCALE; else tag=$SCALE; fi
data=output/bench/data-$tag
work=output/bench/reconcile-$tag
mkdir -p "$work"
if [ ! -f "$data/.done" ]; then
  rm -rf "$data"; $BIN synth --out "$data" --truth "$data/.truth" --scale "$SCALE" --seed 2023 ${CONFIG:+--config "$CONFIG"} >/dev/null
  touch "$data/.done"
fi
if [ ! -f "$work/normalized.sqlite" ]; then
  rm -rf "$work/norm"
  $BIN normalize --input "$data" --output "$work/norm" --period "$PERIOD" ${CONFIG:+--config "$CONFIG"} --quiet
  sqlite3 "$work/norm/warehouse.sqlite" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
  mv "$work/norm/warehouse.sqlite" "$work/normalized.sqlite"; rm -rf "$work/norm"
fi
records=$(sqlite3 "$work/normalized.sqlite" "SELECT COUNT(*) FROM beneficiaries")
lines=$(sqlite3 "$work/normalized.sqlite" "SELECT COUNT(*) FROM payments WHERE period = '$PERIOD'")

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
runs=(); peaks=(); joins=()
for i in $(seq "$REPEATS"); do
  rm -rf "$work/out"; mkdir -p "$work/out"; cp "$work/normalized.sqlite" "$work/out/warehouse.sqlite"
  /usr/bin/time -f '%e %M' -o "$work/time.txt" $BIN reconcile --output "$work/out" --period "$PERIOD" ${CONFIG:+--config "$CONFIG"} --quiet
  read -r secs kib < "$work/time.txt"; runs+=("$secs"); peaks+=("$kib")
  cp "$work/normalized.sqlite" "$work/join.sqlite"
  start=$(date +%s.%N)
  sqlite3 "$work/join.sqlite" "CREATE TABLE j AS SELECT p.source_file, p.source_line, b.beneficiary_id, b.monthly_amount - p.amount AS diff
      FROM payments p LEFT JOIN beneficiaries b ON b.beneficiary_id = p.beneficiary_id WHERE p.period = '$PERIOD';"
  end=$(date +%s.%N); joins+=("$(echo "$end - $start" | bc)")
  rm -f "$work/join.sqlite"
done
run=$(printf '%s\n' "${runs[@]}" | median); peak=$(printf '%s\n' "${peaks[@]}" | median); join=$(printf '%s\n' "${joins[@]}" | median)
mib=$(echo "$peak / 1024" | bc); ratio=$(printf '%.2f' "$(echo "scale=4; $run / $join" | bc)")
us_per_row=$(printf '%.2f' "$(echo "scale=6; $run * 1000000 / ($records + $lines)" | bc)")
printf '%-12s %10s %10s %10s %12s %12s %8s %11s\n' scale records lines run_s peak_MiB sql_join_s ratio us_per_row
printf '%-12s %10s %10s %10.3f %12s %12.3f %8s %11s\n' "$tag" "$records" "$lines" "$run" "$mib" "$join" "$ratio" "$us_per_row"
echo "{\"scale\":$SCALE,\"config\":\"${CONFIG}\",\"records\":$records,\"lines\":$lines,\"reconcile_seconds\":$run,\"peak_mib\":$mib,\"sql_join_seconds\":$join,\"ratio\":$ratio,\"us_per_row\":$us_per_row,\"repeats\":$REPEATS}" > output/bench-reconcile.json
echo "medians of $REPEATS runs; output/bench-reconcile.json written" >&2
