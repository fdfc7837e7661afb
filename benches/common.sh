# Sourced by every bench script: a release build in the shared target directory, the binary,
# the folder for synthetic data, and the helpers the format comparisons share.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/safeguard-target}"
cargo build --release --quiet
bin="$CARGO_TARGET_DIR/release/safeguard"
work="${BENCH_DIR:-$HOME/.cache/safeguard-bench}"

records() { # validate's summary on stdin → the records it read
    sed -nE 's/.*\), ([0-9,]+) rows.*/\1/p; s/^  [^ ]+: .*, ([0-9,]+) rows$/\1/p' | tr -d , | awk '{ n += $1 } END { print n }'
}

compare_folders() { # prefix, timing line to keep, folder kinds…: sizes and records, then runs alternating
    local prefix="$1" keep="$2" kind
    shift 2
    for kind in "$@"; do
        echo "$prefix-$kind: $(du -sh "$work/$prefix-$kind" | cut -f1), $("$bin" validate --data "$work/$prefix-$kind" 2>/dev/null | records) records"
    done
    for _ in $(seq "$runs"); do
        for kind in "$@"; do
            echo "$prefix-$kind $(SAFEGUARD_TIMINGS=1 "$bin" validate --data "$work/$prefix-$kind" 2>&1 | grep "$keep")"
        done
    done
}
