#!/usr/bin/env python3
"""gen-tree.py ROOT [--files N] [--guests G] [--shared PCT] [--per-dir K] [--seed S]

Make a synthetic guest set for hashify's memory-per-file measurement: ROOT/g01..gGG,
N regular files in total (default 1,000,000), spread over many directories
(K files per directory, 8 directories per level), small files of 24 bytes to 2 KiB.

PCT percent of the relative paths (default 30) hold the same content in every guest
(think package files): those files share content, mode, owner and mtime across guests,
so hashify can unify them; the rest are unique to their guest.  Every file gets the
same fixed mtime and mode 0644, so metadata never stands in the way of sharing.
Deterministic for a given set of arguments.  Refuses to write into a non-empty ROOT.
"""
import argparse, os, sys, time

ap = argparse.ArgumentParser()
ap.add_argument('root')
ap.add_argument('--files', type=int, default=1_000_000)
ap.add_argument('--guests', type=int, default=4)
ap.add_argument('--shared', type=int, default=30, help='percent of paths identical in every guest')
ap.add_argument('--per-dir', type=int, default=100)
ap.add_argument('--seed', type=int, default=20250520)
a = ap.parse_args()

if os.path.exists(a.root) and os.listdir(a.root):
    sys.exit(f'gen-tree.py: {a.root} exists and is not empty')
MTIME_NS = 1747699200 * 10**9          # 2025-05-20 00:00:00 UTC
per_guest = a.files // a.guests
t0 = time.time()


def mix(x):
    """a cheap deterministic 64-bit hash (splitmix64 finaliser)"""
    x = (x + 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
    return x ^ (x >> 31)


def rel_dir(i):
    d = i // a.per_dir                    # directory number, 8-way tree: usr/share/d3/d5/d1/...
    parts = []
    while True:
        parts.append('d%d' % (d % 8))
        d //= 8
        if d == 0:
            break
    return os.path.join('usr', 'share', *reversed(parts))


made = 0
total_bytes = 0
for g in range(1, a.guests + 1):
    groot = os.path.join(a.root, 'g%02d' % g)
    last_dir = None
    for i in range(per_guest):
        h = mix(a.seed * 1_000_003 + i)
        shared = (h % 100) < a.shared
        size = 24 + (h >> 8) % 2025           # 24 .. 2048 bytes
        tag = b'shared %d %d\n' % (a.seed, i) if shared else b'guest %d file %d %d\n' % (g, i, a.seed)
        data = (tag * (size // len(tag) + 1))[:size]
        d = os.path.join(groot, rel_dir(i))
        if d != last_dir:
            os.makedirs(d, exist_ok=True)
            last_dir = d
        fd = os.open(os.path.join(d, 'f%07d' % i), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        os.write(fd, data)
        os.utime(fd, ns=(MTIME_NS, MTIME_NS))
        os.close(fd)
        made += 1
        total_bytes += size
    print(f'gen-tree: g{g:02d} done, {made} files, {time.time() - t0:.0f} s', file=sys.stderr)
# directory mtimes are left as they are: hashify does not compare them
print(f'files={made} guests={a.guests} bytes={total_bytes} shared_pct={a.shared} seconds={time.time() - t0:.1f}')
