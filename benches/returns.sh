#!/usr/bin/env bash
# Reading the CIN census as XML against the same children's records as the contract's CSV
# files: ten synthetic authorities over five years (`synth --las 10 --years 5 --seed 1
# --returns`), the five CIN CSVs of the extract in one folder and the fifty censuses (one per
# authority and year) in another, `validate` alternating, release build. Prints the load
# stage's time (SAFEGUARD_TIMINGS) and the records each read. Results go in BENCHMARKS.md.
#
#   bash benches/returns.sh
source "$(dirname "$0")/common.sh"
runs="${RUNS:-3}"
src="$work/returns10"
if [ ! -d "$src/returns" ]; then
    "$bin" synth --out "$src" --las 10 --years 5 --seed 1 --returns
fi
# Hard links: the folders hold the files themselves (a link out of a folder is not followed).
mkdir -p "$work/cin-csv" "$work/cin-xml"
for f in referrals children assessments cp_plans cp_reviews; do ln -f "$src/$f.csv" "$work/cin-csv/"; done
for year in "$src"/returns/*; do
    for x in "$year"/cin_census_*.xml; do ln -f "$x" "$work/cin-xml/$(basename "$year")_$(basename "$x")"; done
done
compare_folders cin "timing: load" csv xml
