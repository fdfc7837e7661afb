#!/usr/bin/env bash
# Times `safeguard figures` (validation included) on the sample authority and on a synthetic
# England of 150 authorities over five years, in a release build. Results go in BENCHMARKS.md.
#
#   bash benches/figures.sh            # both
#   bash benches/figures.sh sample     # the sample only
source "$(dirname "$0")/common.sh"
runs="${RUNS:-3}"

measure() { # label, data directory
    for _ in $(seq "$runs"); do
        /usr/bin/time -f "$1: %e s elapsed, %U s user, %M KiB peak memory" "$bin" figures --format csv --data "$2" > /dev/null
    done
}

measure "sample (Northshire, 285k rows)" datasets/sample
if [ "${1:-all}" != sample ]; then
    if [ ! -f "$work/england/contacts.csv" ]; then
        "$bin" synth --out "$work/england" --las 150 --years 5 --seed 1
    fi
    rows=$(cat "$work"/england/*.csv | wc -l)
    measure "England (150 authorities, 5 years, $rows lines)" "$work/england"
fi
