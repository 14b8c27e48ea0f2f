#!/bin/bash
# fdupes-link.sh SETS: fdupes has no link action; read its output (sets separated by blank
# lines) and hard-link every file to the first of its set (as ../shared/bench/run-peers.sh does).
keep=
while IFS= read -r f; do
  if [ -z "$f" ]; then keep=; continue; fi
  if [ -z "$keep" ]; then keep=$f; continue; fi
  ln -f -- "$keep" "$f"
done < "$1"
