#!/usr/bin/env bash
# Reading Ofsted's Annex A workbook against the same kind of records as the contract's CSV: one
# synthetic authority at ten times the sample's size (`synth --scale 10 --seed 1 --returns`),
# its reporting year's Annex A (lists 1-3) in one folder and the extract's contacts, early help
# and referrals CSVs (five years) in another; `validate` alternating, release build. Prints the
# load stage's time (SAFEGUARD_TIMINGS) and the records each read. Results go in BENCHMARKS.md.
#
#   bash benches/annex_a.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/safeguard-target}"
cargo build --release --quiet
bin="$CARGO_TARGET_DIR/release/safeguard"
work="${BENCH_DIR:-$HOME/.cache/safeguard-bench}"
runs="${RUNS:-3}"
src="$work/annex10"
if [ ! -d "$src/annex-a" ]; then
    "$bin" synth --out "$src" --scale 10 --seed 1 --returns > /dev/null
fi
mkdir -p "$work/annex-csv" "$work/annex-xlsx"
for f in contacts early_help referrals; do ln -f "$src/$f.csv" "$work/annex-csv/"; done
ln -f "$src"/annex-a/*/Annex_A_*.xlsx "$work/annex-xlsx/"
records() { # summary on stdin → records read
    sed -nE 's/.*\), ([0-9,]+) rows.*/\1/p; s/^  [^ ]+: .*, ([0-9,]+) rows$/\1/p' | tr -d , | awk '{ n += $1 } END { print n }'
}
for kind in csv xlsx; do
    echo "annex-$kind: $(du -sh "$work/annex-$kind" | cut -f1), $("$bin" validate --data "$work/annex-$kind" 2>/dev/null | records) records"
done
for _ in $(seq "$runs"); do
    for kind in csv xlsx; do
        echo "annex-$kind $(SAFEGUARD_TIMINGS=1 "$bin" validate --data "$work/annex-$kind" 2>&1 | grep 'timing: load: reading')"
    done
done
