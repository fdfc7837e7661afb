#!/usr/bin/env bash
# What disclosure control adds to a national `build`: public builds (which run it) and internal
# builds (which skip it) of synthetic England, alternating, in a release build. Each line gives
# the whole build; SAFEGUARD_TIMINGS' "disclosure control" line gives the stage itself.
# Results go in BENCHMARKS.md.
#
#   bash benches/disclosure.sh          # RUNS=2 of each by default
source "$(dirname "$0")/common.sh"
runs="${RUNS:-2}"
if [ ! -f "$work/england/contacts.csv" ]; then
    "$bin" synth --out "$work/england" --las 150 --years 5 --seed 1
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for _ in $(seq "$runs"); do
    for edition in public internal; do
        SAFEGUARD_TIMINGS=1 /usr/bin/time -f "$edition: %e s elapsed, %U s user, %M KiB peak memory" \
            "$bin" build --quiet --edition "$edition" --data "$work/england" --out "$out/report" 2> "$out/err"
        grep -E "^timing: disclosure control|elapsed" "$out/err" | tr '\n' ' '
        echo
    done
done
