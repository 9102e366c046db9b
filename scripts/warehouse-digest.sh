#!/usr/bin/env bash
# warehouse-digest.sh WAREHOUSE: one line per table of a run's results (the normalized
# datasets, ledger, rejects, findings, reconciliation and indicators): its name, row count and
# the sha256 of its rows ordered by every column, plus the exceptions per type. Two warehouses
# with the same digest hold the same results; the demo's is kept in
# Tests/EndToEndTests/Golden/demo-s1.digest so that speed work cannot change a figure unnoticed.
set -euo pipefail
db=$1
tables="beneficiaries payments households household_totals recruitment file_ledger rejects quality_findings
recon_exceptions recon_matches recon_pairs recon_model provincial_indicators district_indicators period_indicators"
for t in $tables; do
  n=$(sqlite3 "$db" "SELECT COUNT(*) FROM pragma_table_info('$t')")
  order=$(seq -s, 1 "$n")
  rows=$(sqlite3 "$db" "SELECT COUNT(*) FROM $t")
  sum=$(sqlite3 -batch -noheader -list -separator $'\t' "$db" "SELECT * FROM $t ORDER BY $order" | sha256sum | cut -c1-64)
  printf '%-22s %9s %s\n' "$t" "$rows" "$sum"
done
sqlite3 -separator ' ' "$db" "SELECT 'exceptions', exception_type, COUNT(*), SUM(amount_at_risk) FROM recon_exceptions GROUP BY exception_type ORDER BY exception_type"
