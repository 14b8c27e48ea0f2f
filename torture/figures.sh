#!/usr/bin/env bash
# Sums the figures the torture suite's last run wrote (torture/target/torture-figures/figures-PID.txt,
# one "key count" a line, appended by every test) into one "key total" a line, for docs/reliability.md.
set -euo pipefail
dir=${1:-"$(dirname "$0")/target/torture-figures"}
if ! compgen -G "$dir/figures-*.txt" >/dev/null; then
  echo "no figures in $dir: run the suite first (docs/reliability.md)" >&2
  exit 1
fi
cat "$dir"/figures-*.txt | awk '{ sum[$1] += $2 } END { for (k in sum) printf "%-32s %d\n", k, sum[k] }' | sort
