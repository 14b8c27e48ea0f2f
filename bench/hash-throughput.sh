#!/usr/bin/env bash
# hash-throughput.sh -- hashify's hashing speed on large files against the JDK's own SHA-256 speed,
# and whether both cores are busy meanwhile (issue 8: at least 80 % of the JDK's speed).
#
#   bench/hash-throughput.sh            # DIR=/tmp/hashify-hash FILES=8 MIB=256 RUNS=3
#
# Makes DIR/guests/g1..g2 holding FILES files of MIB MiB of distinct random bytes (so every byte is
# hashed), reads them once into the page cache, then prints for RUNS runs of
# 'hashify run --dry-run' the GiB/s it hashed (bytesHashed / elapsedMillis from its JSON), its CPU
# time over its wall time (2.0 = two cores busy), and the JDK's SHA-256 GiB/s from memory on one
# and on all cores (bench/HashSpeed.java). Needs about FILES x MIB MiB of space and page cache.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
DIR=${DIR:-/tmp/hashify-hash}
FILES=${FILES:-8}
MIB=${MIB:-256}
RUNS=${RUNS:-3}
DIST=${HASHIFY_DIST:-$REPO/distros/target/hashify}
[ -d "$DIST/lib" ] || (cd "$REPO" && mvn -q -B package -DskipTests)

if [ ! -f "$DIR/guests/g2/f$((FILES / 2 - 1))" ]; then
  rm -rf "$DIR"; mkdir -p "$DIR/guests/g1" "$DIR/guests/g2"
  for i in $(seq 0 $((FILES - 1))); do
    head -c "$((MIB << 20))" /dev/urandom > "$DIR/guests/g$((i % 2 + 1))/f$((i / 2))"
  done
fi
cat "$DIR"/guests/g*/f* > /dev/null

echo "JDK SHA-256 from memory (median of 5):"
java "$HERE/HashSpeed.java" "$(nproc)" | sed 's/^/  /'
echo "hashify run --dry-run over $FILES files of $MIB MiB (page cache warm):"
for r in $(seq 1 "$RUNS"); do
  /usr/bin/time -f '%e %U %S' -o "$DIR/time" env HASHIFY_HOME="$DIST" "$REPO/bin/hashify" run --dry-run --json \
    --store "$DIR/store" --exclude-from /dev/null --no-pkgmgmt "$DIR"/guests/g* > "$DIR/run.json"
  python3 - "$DIR/run.json" "$DIR/time" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
wall, user, sys_ = map(float, open(sys.argv[2]).read().split()[:3])
ms = j['elapsedMillis']
print(f"  hashed {j['bytesHashed'] / 2**30:.2f} GiB in {ms / 1000:.2f} s: {j['bytesHashed'] / 2**30 / (ms / 1000):.3f} GiB/s; "
      f"CPU {user + sys_:.2f} s over {wall:.2f} s wall = {(user + sys_) / wall:.2f} cores (user {user:.2f}, sys {sys_:.2f})")
PY
done
