#!/usr/bin/env bash
# Reading Ofsted's Annex A workbook against the same kind of records as the contract's CSV: one
# synthetic authority at ten times the sample's size (`synth --scale 10 --seed 1 --returns`),
# its reporting year's Annex A (lists 1-3) in one folder and the extract's contacts, early help
# and referrals CSVs (five years) in another; `validate` alternating, release build. Prints the
# load stage's time (SAFEGUARD_TIMINGS) and the records each read. Results go in BENCHMARKS.md.
#
#   bash benches/annex_a.sh
source "$(dirname "$0")/common.sh"
runs="${RUNS:-3}"
src="$work/annex10"
if [ ! -d "$src/annex-a" ]; then
    "$bin" synth --out "$src" --scale 10 --seed 1 --returns > /dev/null
fi
mkdir -p "$work/annex-csv" "$work/annex-xlsx"
for f in contacts early_help referrals; do ln -f "$src/$f.csv" "$work/annex-csv/"; done
ln -f "$src"/annex-a/*/Annex_A_*.xlsx "$work/annex-xlsx/"
compare_folders annex "timing: load: reading" csv xlsx
