#!/usr/bin/env bash
# run-bench.sh -- time hashify side by side with hardlink, jdupes, rdfind (ext4, hard links)
# and duperemove, jdupes -B (loop-mounted XFS, reflink=1, extent dedupe) on the shared corpus.
#
#   bench/run-bench.sh                      # floors + ext4 + xfs, RUNS=3, table on stdout
#   RUNS=5 bench/run-bench.sh               # more repetitions (medians are reported)
#   SECTIONS="ext4" bench/run-bench.sh      # only some sections: floors ext4 xfs million scaling
#   MILLION=1 SCALING=1 bench/run-bench.sh  # add the optional memory-per-file and scaling steps
#
# See bench/README.md for what every phase and column means.  Needs root (drop_caches,
# mount, chown-preserving copies).  Writes only under $OUT, $WORK, $XFSMNT and, for the
# optional steps, $MROOT; never touches $CORPUS/guests or $CORPUS/pristine.
#
# Environment (defaults):
#   CORPUS=/tmp/corpus        shared corpus; built with ../shared/bench/make-corpus.sh if missing
#   OUT=/tmp/hashify-bench    results.tsv, report.md, logs/
#   WORK=$CORPUS/bench-work   work tree (guests/ + hashify's store/), same filesystem as pristine
#   RUNS=3                    repetitions of every measurement (XFS_RUNS, SCALING_RUNS default to it)
#   PEERS="hardlink jdupes rdfind"   ext4 peers; also available: rmlint fdupes
#   HASHIFY_TOOLS="hashify hashify-defaults"  hashify's ext4 variants (peers' scope; its defaults)
#   XFS_PEERS="duperemove jdupes-B"  XFS peers
#   XFSIMG=$OUT/xfs.img XFSSIZE=6G XFSMNT=/mnt/hashify-bench-xfs
#   DUPSTATS=1                independent count (dupstats.py) of the pristine corpus and of what
#                             remains sharable after each tool's first run (run 1 only)
#   QUIET_WAIT=120            before each timed run, wait up to this many seconds for running
#                             Maven builds to end (0: don't wait); busy runs are flagged anyway
#   MILLION=1 (MILLION_N=1000000 MILLION_GUESTS=4 MROOT=/tmp/hashify-million)
#   SCALING=1 (SCALES="1 2 4" SCALING_PEERS="")
#   HASHIFY_DIST=<repo>/distros/target/hashify   the built distribution (copied to $OUT/dist
#                             first, so a rebuild during the benchmark does not change what runs)
#   BUILD=1                   run 'mvn -q -B package -DskipTests' first (done anyway if not built)
#   KEEP=1                    leave $WORK and the XFS mount in place at the end
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
SHARED=${SHARED:-$(cd "$REPO/../shared/bench" 2>/dev/null && pwd)}
CORPUS=${CORPUS:-/tmp/corpus}
P=$CORPUS/pristine
OUT=${OUT:-/tmp/hashify-bench}
WORK=${WORK:-$CORPUS/bench-work}
W=$WORK/guests
STORE=$WORK/store
RUNS=${RUNS:-3}
XFS_RUNS=${XFS_RUNS:-$RUNS}
SCALING_RUNS=${SCALING_RUNS:-$RUNS}
PEERS=${PEERS:-hardlink jdupes rdfind}
HASHIFY_TOOLS=${HASHIFY_TOOLS-hashify hashify-defaults}
XFS_PEERS=${XFS_PEERS:-duperemove jdupes-B}
XFSIMG=${XFSIMG:-$OUT/xfs.img}
XFSSIZE=${XFSSIZE:-6G}
XFSMNT=${XFSMNT:-/mnt/hashify-bench-xfs}
DUPSTATS=${DUPSTATS:-1}
QUIET_WAIT=${QUIET_WAIT:-120}
MILLION=${MILLION:-0}
MILLION_N=${MILLION_N:-1000000}
MILLION_GUESTS=${MILLION_GUESTS:-4}
MROOT=${MROOT:-/tmp/hashify-million}
SCALING=${SCALING:-0}
SCALES=${SCALES:-1 2 4}
SCALING_PEERS=${SCALING_PEERS:-}
HASHIFY_DIST=${HASHIFY_DIST:-$REPO/distros/target/hashify}
SECTIONS=${SECTIONS:-floors ext4 xfs}
[ "$MILLION" = 1 ] && [[ " $SECTIONS " != *" million "* ]] && SECTIONS="$SECTIONS million"
[ "$SCALING" = 1 ] && [[ " $SECTIONS " != *" scaling "* ]] && SECTIONS="$SECTIONS scaling"

LOGS=$OUT/logs
RES=$OUT/results.tsv
DIST=$OUT/dist
HASHIFY="HASHIFY_HOME=$DIST $REPO/bin/hashify"
# hashify on the peers' scope: every regular file of at least 1 byte, no package database
H_PEER="--exclude-from /dev/null --no-pkgmgmt --min-size 1"

log() { printf '[run-bench %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN{printf "%.2f", b-a}'; }
[ "$(id -u)" = 0 ] || log "warning: not root: drop_caches, mount and owner-preserving copies will fail"

# ------------------------------------------------------------------ preparation
mkdir -p "$OUT" "$LOGS"
rm -f "$LOGS"/*
if [ ! -d "$P" ] || [ ! -d "$P/g08" ]; then
  log "no corpus at $CORPUS: building it with $SHARED/make-corpus.sh (several minutes)"
  CORPUS=$CORPUS bash "$SHARED/make-corpus.sh" || { log "make-corpus.sh failed"; exit 1; }
fi
if [ "${BUILD:-0}" = 1 ] || [ ! -d "$HASHIFY_DIST/lib" ]; then
  log "building hashify (mvn -q -B package -DskipTests)"
  (cd "$REPO" && mvn -q -B package -DskipTests) || { log "build failed"; exit 1; }
fi
rm -rf "$DIST"; cp -a "$HASHIFY_DIST" "$DIST"
ls "$DIST"/lib/hashify-kernel-*.jar >/dev/null 2>&1 || { log "no usable distribution in $HASHIFY_DIST"; exit 1; }
# The copy's jars are at other paths than the class-data sharing archive names: write one for the copy,
# as the .deb's postinst does for an installation.
rm -f "$DIST/hashify.jsa"
HASHIFY_HOME=$DIST sh "$REPO/distros/cds/make-cds" "$REPO/bin/hashify" "$DIST/hashify.jsa" \
  || log "warning: no class-data sharing archive for $DIST; hashify starts slower"
for t in /usr/bin/time rsync hardlink jdupes rdfind duperemove mkfs.xfs; do
  command -v "$t" >/dev/null || log "warning: $t not installed (apt-get install time rsync util-linux jdupes rdfind duperemove xfsprogs)"
done

DROP_OK=1
dropcache() { sync; if ! echo 3 > /proc/sys/vm/drop_caches 2>/dev/null; then DROP_OK=0; fi; }
dropcache
[ $DROP_OK = 1 ] || log "drop_caches is not permitted here: the 'cold' phases are NOT cold"

busy() { pgrep -f maven >/dev/null && echo 1 || echo 0; }
wait_quiet() {
  local waited=0
  while [ "$QUIET_WAIT" -gt 0 ] && [ "$(busy)" = 1 ] && [ $waited -lt "$QUIET_WAIT" ]; do sleep 5; waited=$((waited + 5)); done
  [ $waited -gt 0 ] && log "waited ${waited}s for Maven to finish$([ "$(busy)" = 1 ] && echo ' (still running: this run is flagged busy)')"
  return 0
}

{
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "host: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(free -g | awk '/Mem:/{print $2}') GiB RAM, kernel $(uname -r)"
  echo "fs: $(findmnt -n -o FSTYPE,OPTIONS -T "$WORK" 2>/dev/null || findmnt -n -o FSTYPE,OPTIONS -T "$CORPUS")"
  echo "hashify: $(cd "$REPO" && git rev-parse --short HEAD 2>/dev/null) ($(cd "$REPO" && git status --porcelain 2>/dev/null | grep -vc '^??') modified tracked files), dist built $(date -u -r "$DIST/lib" '+%Y-%m-%d %H:%M UTC')"
  echo "java: $(${JAVA:-java} -version 2>&1 | head -1)"
  echo "peers: $(hardlink --version 2>&1 | head -1); $(jdupes -v 2>&1 | head -1); $(rdfind -v 2>&1 | head -1); duperemove $(duperemove --version 2>&1 | head -1)"
  echo "runs: RUNS=$RUNS XFS_RUNS=$XFS_RUNS; drop_caches permitted: $([ $DROP_OK = 1 ] && echo yes || echo NO)"
  echo "sections: $SECTIONS; peers: $PEERS; xfs peers: $XFS_PEERS"
} > "$OUT/meta.txt"
cat "$OUT/meta.txt" >&2

printf 'fs\tphase\ttool\trun\twall_s\tuser_s\tsys_s\tmaxrss_kib\trc\tsaved_bytes\tfiles\th_unified\th_bytes_saved\th_already\trestore_s\tload1\tbusy\tnote\tpsi_cpu\tpsi_io\n' > "$RES"

# ------------------------------------------------------------------ measuring
# measure FS PHASE TOOL RUN CMD: run CMD (a shell string) under /usr/bin/time; sets M_*
measure() {
  local fs=$1 ph=$2 tool=$3 run=$4 cmd=$5
  local base=$LOGS/$fs.$ph.$tool.$run
  wait_quiet
  local b0; b0=$(busy); M_LOAD=$(cut -d' ' -f1 /proc/loadavg)
  # pressure stall information, 'some' avg10 (% of time some task waited for CPU / for I/O)
  M_PSI_CPU=$(awk -F'avg10=' '/^some/{split($2,a," "); print a[1]}' /proc/pressure/cpu 2>/dev/null)
  M_PSI_IO=$(awk -F'avg10=' '/^some/{split($2,a," "); print a[1]}' /proc/pressure/io 2>/dev/null)
  echo "$cmd" > "$base.cmd"
  /usr/bin/time -f '%e %U %S %M %x' -o "$base.time" bash -c "$cmd" > "$base.out" 2> "$base.err"
  local b1; b1=$(busy); M_BUSY=$(( b0 || b1 ))
  read -r M_WALL M_USER M_SYS M_RSS M_RC < <(tail -1 "$base.time")
  M_OUT=$base.out
  log "$fs $ph $tool #$run: wall ${M_WALL}s user ${M_USER}s sys ${M_SYS}s rss $((M_RSS / 1024))MiB rc $M_RC$([ "$M_BUSY" = 1 ] && echo ' (maven running)')"
  [ "$M_RC" = 0 ] || { log "  non-zero exit; stderr:"; tail -5 "$base.err" >&2; }
}
# row FS PHASE TOOL RUN SAVED FILES RESTORE NOTE: one TSV line from the last measure
row() {
  local h_u='' h_s='' h_a=''
  if [[ "$3" == hashify* ]] && [ -s "$M_OUT" ]; then
    read -r h_u h_s h_a < <(python3 -c 'import json,sys
try:
    j=json.load(open(sys.argv[1])); print(j.get("unified",""), j.get("bytesSaved",""), j.get("alreadyUnified",""))
except Exception: print("- - -")' "$M_OUT")
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" \
    "$M_WALL" "$M_USER" "$M_SYS" "$M_RSS" "$M_RC" "$5" "$6" "$h_u" "$h_s" "$h_a" "$7" "$M_LOAD" "$M_BUSY" "$8" "$M_PSI_CPU" "$M_PSI_IO" >> "$RES"
}
du_bytes() { du -s -B1 "$1" | cut -f1; }
inodes() { find "$1" -type f -printf '%i\n' | sort -u | wc -l; }

# restore_into DIR [SCALE]: DIR/guests = pristine guests (SCALE copies with new names), no store.
# The old tree is renamed and deleted in the background while the copy runs (unlinking on a
# 'discard' ext4 is slow), and both are finished before this returns. Sets RESTORE_S.
restore_into() {
  local d=$1 k=${2:-1} t0; t0=$(now)
  local trash=$d/.trash.$$ x
  mkdir -p "$trash"          # inside DIR: a rename, never a copy across filesystems
  for x in guests store; do [ -e "$d/$x" ] && mv "$d/$x" "$trash/"; done
  rm -rf "$trash" &
  if [ "$k" = 1 ]; then
    cp -a "$P" "$d/guests"
  else
    mkdir -p "$d/guests"
    local j i n=0
    for j in $(seq 0 $((k - 1))); do for i in $(seq 1 8); do
      n=$((n + 1)); cp -a "$P/$(printf 'g%02d' "$i")" "$d/guests/$(printf 'g%02d' "$n")"
    done; done
  fi
  wait; sync; sync; sleep 1
  RESTORE_S=$(since "$t0")
}

# command line of TOOL over TREE (all guests under it) / over one new guest (hashify only)
cmd_for() {  # cmd_for TOOL TREE STORE [ONLY_GUEST]
  local t=$1 tree=$2 store=$3 only=${4:-}
  local gl="$tree/g*"; [ -n "$only" ] && gl="$tree/$only"
  case $t in
    hashify)          echo "$HASHIFY run --json --store $store $H_PEER $gl" ;;
    hashify-defaults) echo "$HASHIFY run --json --store $store $gl" ;;
    hashify-dedupe)   echo "$HASHIFY run --json --mode dedupe --store $store $H_PEER $gl" ;;
    hardlink)   echo "hardlink $tree" ;;                              # content+uid+gid+mode+mtime
    jdupes)     echo "jdupes -r -L -q -p $tree" ;;                    # content+uid+gid+mode
    rdfind)     echo "rdfind -makehardlinks true -makeresultsfile false $tree" ;;   # content only
    rmlint)     echo "cd $OUT && rm -f $OUT/rmlint.sh && rmlint -T df -o sh:$OUT/rmlint.sh -o summary:stdout -c sh:hardlink $tree && $OUT/rmlint.sh -d -x -q" ;;
    fdupes)     echo "fdupes -r -q -p $tree > $OUT/fdupes.sets && $HERE/fdupes-link.sh $OUT/fdupes.sets" ;;
    duperemove) echo "duperemove -r -d -q $tree" ;;                   # default 128 KiB blocks
    jdupes-B)   echo "jdupes -r -B -q $tree" ;;                       # whole-file FIDEDUPERANGE
    *) log "unknown tool $t"; echo false ;;
  esac
}

# residual TOOL: what dupstats.py still counts as sharable after TOOL's first run
residual() {
  [ "$DUPSTATS" = 1 ] || return 0
  python3 "$SHARED/dupstats.py" "$W" > "$OUT/residual.$1.txt" 2>&1 || log "dupstats.py failed on $W"
}

# ------------------------------------------------------------------ sections
section_floors() {
  log "### floors (on the restored, not yet unified tree)"
  restore_into "$WORK"
  local r
  for r in $(seq 1 "$RUNS"); do
    find "$W" -printf '%i %n %s\n' > /dev/null
    measure ext4 floor-walk-warm find-printf "$r" "find $W -printf '%i %n %s\n' > /dev/null"; row ext4 floor-walk-warm find-printf "$r" "" "" "" "metadata walk"
    dropcache
    measure ext4 floor-walk-cold find-printf "$r" "find $W -printf '%i %n %s\n' > /dev/null"; row ext4 floor-walk-cold find-printf "$r" "" "" "" "metadata walk"
    measure ext4 floor-read-warm cat-all "$r" "find $W -type f -print0 | xargs -0 cat > /dev/null"; row ext4 floor-read-warm cat-all "$r" "" "" "" "read every byte"
    dropcache
    measure ext4 floor-read-cold cat-all "$r" "find $W -type f -print0 | xargs -0 cat > /dev/null"; row ext4 floor-read-cold cat-all "$r" "" "" "" "read every byte"
    measure ext4 floor-jvm hashify-version "$r" "$HASHIFY --version > /dev/null"; row ext4 floor-jvm hashify-version "$r" "" "" "" "JVM start + exit"
  done
}

section_ext4() {
  local tools="$HASHIFY_TOOLS $PEERS" r t du0 du1 du2 n
  log "### ext4: $tools"
  restore_into "$WORK"
  DU_BEFORE=$(du_bytes "$WORK"); echo "$DU_BEFORE" > "$OUT/du_before.txt"
  log "work tree: $DU_BEFORE bytes (du -s -B1, hard links once)"
  for r in $(seq 1 "$RUNS"); do
    # rotate the tool order from run to run, so slow drifts of the machine hit every tool alike
    local arr=($tools) rot=()
    for ((n = 0; n < ${#arr[@]}; n++)); do rot+=("${arr[$(( (n + r - 1) % ${#arr[@]} ))]}"); done
    for t in "${rot[@]}"; do
      log "== $t, run $r =="
      # A: first run cold, (residual count), re-run warm, [hashify: one new guest alone]
      restore_into "$WORK"; local rs=$RESTORE_S
      dropcache
      measure ext4 first-cold "$t" "$r" "$(cmd_for "$t" "$W" "$STORE")"
      du1=$(du_bytes "$WORK")
      row ext4 first-cold "$t" "$r" $((DU_BEFORE - du1)) "$(inodes "$W")" "$rs" "$([ $DROP_OK = 1 ] || echo 'drop_caches not permitted')"
      [ "$r" = 1 ] && residual "$t"
      measure ext4 rerun-warm "$t" "$r" "$(cmd_for "$t" "$W" "$STORE")"
      du2=$(du_bytes "$WORK"); row ext4 rerun-warm "$t" "$r" $((du1 - du2)) "" "" ""
      if [[ "$t" == hashify* ]]; then
        cp -a "$P/g08" "$W/g09"; sync; du1=$(du_bytes "$WORK")
        measure ext4 newguest-alone "$t" "$r" "$(cmd_for "$t" "$W" "$STORE" g09)"
        du2=$(du_bytes "$WORK"); row ext4 newguest-alone "$t" "$r" $((du1 - du2)) "" "" "run over g09 alone (store knows g01..g08)"
      fi
      # B: first run warm (cp -a leaves the tree in the page cache), then a 9th guest joins
      restore_into "$WORK"; rs=$RESTORE_S
      measure ext4 first-warm "$t" "$r" "$(cmd_for "$t" "$W" "$STORE")"
      du1=$(du_bytes "$WORK"); row ext4 first-warm "$t" "$r" $((DU_BEFORE - du1)) "" "$rs" ""
      cp -a "$P/g08" "$W/g09"; sync; du1=$(du_bytes "$WORK")
      measure ext4 newguest "$t" "$r" "$(cmd_for "$t" "$W" "$STORE")"
      du2=$(du_bytes "$WORK"); row ext4 newguest "$t" "$r" $((du1 - du2)) "" "" "run over g01..g09, g09 = fresh copy of g08"
    done
  done
}

section_xfs() {
  local G=$XFSMNT/guests S=$XFSMNT/store tools="$XFS_PEERS" r t before after
  if HASHIFY_HOME=$DIST "$REPO/bin/hashify" run --help 2>/dev/null | grep -q -- '--mode'; then
    tools="hashify-dedupe $tools"
  else
    echo "hashify dedupe: not available yet"
    log "hashify dedupe: not available yet ('hashify run --help' lists no --mode)"
  fi
  log "### xfs (reflink=1, loop): $tools"
  if ! mountpoint -q "$XFSMNT"; then
    rm -f "$XFSIMG"; truncate -s "$XFSSIZE" "$XFSIMG"
    mkfs.xfs -q -f -m reflink=1 "$XFSIMG" || { log "mkfs.xfs failed: xfs section skipped"; return; }
    mkdir -p "$XFSMNT"; mount -o loop "$XFSIMG" "$XFSMNT" || { log "loop mount failed: xfs section skipped"; return; }
  fi
  used() { sync; df -B1 --output=used "$XFSMNT" | tail -1 | tr -d ' '; }
  for r in $(seq 1 "$XFS_RUNS"); do
    for t in $tools; do
      log "== xfs $t, run $r =="
      restore_into "$XFSMNT"; local rs=$RESTORE_S; before=$(used)
      dropcache
      measure xfs first-cold "$t" "$r" "$(cmd_for "$t" "$G" "$S")"
      after=$(used); row xfs first-cold "$t" "$r" $((before - after)) "" "$rs" "df used before $before after $after"
      before=$after
      measure xfs rerun-warm "$t" "$r" "$(cmd_for "$t" "$G" "$S")"
      after=$(used); row xfs rerun-warm "$t" "$r" $((before - after)) "" "" ""
      restore_into "$XFSMNT"; rs=$RESTORE_S; before=$(used)
      measure xfs first-warm "$t" "$r" "$(cmd_for "$t" "$G" "$S")"
      after=$(used); row xfs first-warm "$t" "$r" $((before - after)) "" "$rs" "df used before $before after $after"
    done
  done
  rm -rf "$G" "$S"
  if [ "${KEEP:-0}" != 1 ]; then umount "$XFSMNT" && rm -f "$XFSIMG"; fi
}

section_million() {
  local small=$((MILLION_N / 10)) n r
  log "### memory per file: generated trees of $small and $MILLION_N files, -Xmx1g"
  for n in $small "$MILLION_N"; do
    rm -rf "$MROOT"
    log "gen-tree.py $MROOT --files $n --guests $MILLION_GUESTS"
    python3 "$HERE/gen-tree.py" "$MROOT" --files "$n" --guests "$MILLION_GUESTS" > "$OUT/million-gen.$n.txt" || { log "gen-tree.py failed"; return; }
    sync
    local opts="-Xmx1g -Xlog:gc:file=$LOGS/million-gc.$n.log"
    measure million first "hashify-1g" "$n" "HASHIFY_JAVA_OPTS='$opts' $HASHIFY run --json --store $MROOT/store $H_PEER $MROOT/g*"
    row million first hashify-1g "$n" "" "$n" "" "files=$n guests=$MILLION_GUESTS max-heap-after-gc-MiB=$(grep -o '[0-9]*M->[0-9]*M' "$LOGS/million-gc.$n.log" | sed 's/.*->//; s/M//' | sort -n | tail -1)"
    opts="-Xmx1g -Xlog:gc:file=$LOGS/million-gc-rerun.$n.log"
    measure million rerun "hashify-1g" "$n" "HASHIFY_JAVA_OPTS='$opts' $HASHIFY run --json --store $MROOT/store $H_PEER $MROOT/g*"
    row million rerun hashify-1g "$n" "" "$n" "" "files=$n guests=$MILLION_GUESTS max-heap-after-gc-MiB=$(grep -o '[0-9]*M->[0-9]*M' "$LOGS/million-gc-rerun.$n.log" | sed 's/.*->//; s/M//' | sort -n | tail -1)"
  done
  [ "${KEEP:-0}" = 1 ] || rm -rf "$MROOT"
}

section_scaling() {
  local k r t
  log "### scaling: corpus x $SCALES, first run warm: hashify $SCALING_PEERS"
  for k in $SCALES; do
    for r in $(seq 1 "$SCALING_RUNS"); do
      for t in hashify $SCALING_PEERS; do
        restore_into "$WORK" "$k"; local rs=$RESTORE_S du0; du0=$(du_bytes "$WORK")
        measure ext4 "scale-${k}x" "$t" "$r" "$(cmd_for "$t" "$W" "$STORE")"
        row ext4 "scale-${k}x" "$t" "$r" $((du0 - $(du_bytes "$WORK"))) "$(find "$W" -type f | wc -l)" "$rs" "$((8 * k)) guests"
      done
    done
  done
}

# ------------------------------------------------------------------ main
if [ "$DUPSTATS" = 1 ]; then
  if [ ! -s "$OUT/dupstats-pristine.txt" ] || [ "$P" -nt "$OUT/dupstats-pristine.txt" ]; then
    log "independent count: dupstats.py $P"
    python3 "$SHARED/dupstats.py" "$P" > "$OUT/dupstats-pristine.txt"
  fi
fi
T0=$(now)
for s in $SECTIONS; do
  case $s in
    floors|ext4|xfs|million|scaling) "section_$s" ;;
    *) log "unknown section $s" ;;
  esac
done
if [ "${KEEP:-0}" != 1 ] && [ -d "$WORK" ]; then rm -rf "$WORK"; fi
log "done in $(since "$T0") s; results: $RES"
python3 "$HERE/report.py" "$OUT" | tee "$OUT/report.md"
