#!/usr/bin/env python3
"""report.py OUT_DIR -- markdown report of a run-bench.sh run (OUT_DIR/results.tsv and friends).

Medians over the runs of each (fs, phase, tool); "ratio" is a tool's median wall time divided
by the smallest median wall time among the peers (not hashify) in the same phase.
"""
import csv, os, re, statistics, sys
from collections import defaultdict

out = sys.argv[1] if len(sys.argv) > 1 else '/tmp/hashify-bench'
rows = list(csv.DictReader(open(os.path.join(out, 'results.tsv')), delimiter='\t'))
MiB = 1 << 20


def num(x):
    try:
        return float(x)
    except (TypeError, ValueError):
        return None


def med(vals):
    v = [x for x in vals if x is not None]
    return statistics.median(v) if v else None


def fmt(x, nd=2):
    return '' if x is None else f'{x:.{nd}f}'


groups = defaultdict(list)
for r in rows:
    groups[(r['fs'], r['phase'], r['tool'])].append(r)


def stat(key):
    rs = groups.get(key, [])
    if not rs:
        return None
    walls = [num(r['wall_s']) for r in rs]
    return dict(
        n=len(rs), busy=sum(r['busy'] == '1' for r in rs),
        wall=med(walls), wmin=min(w for w in walls if w is not None), wmax=max(w for w in walls if w is not None),
        cpu=med([(num(r['user_s']) or 0) + (num(r['sys_s']) or 0) for r in rs]),
        rss=med([num(r['maxrss_kib']) for r in rs]),
        saved=med([num(r['saved_bytes']) for r in rs]),
        bad=sum(r['rc'] not in ('0', '') for r in rs),
        h_unified=med([num(r['h_unified']) for r in rs]), h_saved=med([num(r['h_bytes_saved']) for r in rs]),
        h_already=med([num(r['h_already']) for r in rs]),
    )


def is_hashify(t):
    return t.startswith('hashify')


print(f'# hashify benchmark\n')
meta = os.path.join(out, 'meta.txt')
if os.path.exists(meta):
    for line in open(meta):
        print(f'- {line.rstrip()}')
timed = [r for r in rows if r['wall_s']]
if timed:
    loads = [num(r['load1']) for r in timed if num(r['load1']) is not None]
    nb = sum(r['busy'] == '1' for r in timed)
    print(f'- noise: {nb} of {len(timed)} timed runs overlapped a Maven build (flagged "busy"); '
          f'1-minute load average at the start of a run: median {statistics.median(loads):.2f}, max {max(loads):.2f} '
          f'(2 CPUs; an idle machine shows about 0)')
    pc = [num(r.get('psi_cpu')) for r in timed if num(r.get('psi_cpu')) is not None]
    pi = [num(r.get('psi_io')) for r in timed if num(r.get('psi_io')) is not None]
    if pc:
        print(f'- pressure stall (/proc/pressure, "some" avg10) at the start of a run: CPU median {statistics.median(pc):.0f} %, '
              f'max {max(pc):.0f} %; I/O median {statistics.median(pi):.0f} %, max {max(pi):.0f} %')
    spread = []
    for k, rs in groups.items():
        w = [num(r['wall_s']) for r in rs if num(r['wall_s'])]
        if len(w) >= 2 and min(w) >= 1:
            spread.append(max(w) / min(w))
    if spread:
        print(f'- spread of repeated runs (max/min wall, measurements ≥ 1 s): median {statistics.median(spread):.2f}×, max {max(spread):.2f}×')
    rest = [num(r['restore_s']) for r in rows if num(r['restore_s'])]
    if rest:
        print(f'- restore of the pristine copy before a first run (not part of any measurement): median {statistics.median(rest):.1f} s')
print()

PHASE_TITLE = {
    'first-cold': 'first run, cold (page cache dropped)',
    'first-warm': 'first run, warm',
    'rerun-warm': 're-run over the unified tree, warm',
    'newguest': 'a 9th guest joins (run over g01..g09), warm',
    'newguest-alone': 'a 9th guest joins, hashify run over g09 alone (its store knows g01..g08), warm',
}


def table(fs, phases, peer_phase=lambda p: p):
    seen = []
    for r in rows:
        if r['fs'] == fs and r['phase'] in phases and r['tool'] not in seen:
            seen.append(r['tool'])
    tools_order = sorted(seen, key=lambda t: (not is_hashify(t), seen.index(t)))
    print('| phase | tool | wall s (median) | wall min–max | user+sys s | peak RSS MiB | saved MiB | ratio to fastest peer | runs (busy) |')
    print('|---|---|---:|---:|---:|---:|---:|---:|---:|')
    for ph in phases:
        peers = [(stat((fs, peer_phase(ph), t)), t) for t in tools_order if not is_hashify(t)]
        peers = [(s['wall'], t) for s, t in peers if s and s['wall'] is not None and s['bad'] == 0]
        fastest = min(peers) if peers else None
        for t in tools_order:
            s = stat((fs, ph, t))
            if not s:
                continue
            ratio = ''
            if fastest and s['wall'] is not None and fastest[0] > 0:
                ratio = f"{s['wall'] / fastest[0]:.2f} (vs {fastest[1]})"
                if not is_hashify(t) and t == fastest[1]:
                    ratio = '1.00 (fastest)'
            saved = '' if s['saved'] is None else f"{s['saved'] / MiB:.0f}".replace('-0', '0')
            flag = f" **exit≠0 in {s['bad']}**" if s['bad'] else ''
            print(f"| {PHASE_TITLE.get(ph, ph)} | {t}{flag} | {fmt(s['wall'])} | {fmt(s['wmin'])}–{fmt(s['wmax'])} | "
                  f"{fmt(s['cpu'])} | {fmt(s['rss'] / 1024 if s['rss'] else None, 0)} | {saved} | {ratio} | {s['n']} ({s['busy']}) |")
    print()


if any(r['fs'] == 'ext4' and r['phase'] in PHASE_TITLE for r in rows):
    print('## ext4, hard links\n')
    print('`hashify` = `hashify run --exclude-from /dev/null --no-pkgmgmt --min-size 1` (the peers\' scope); '
          '`hashify-defaults` = built-in excludes, package databases read, min size 16 (for information, not the peers\' scope). '
          'hardlink = `hardlink DIR` (content, owner, mode, mtime), jdupes = `jdupes -r -L -q -p` (content, owner, mode), '
          'rdfind = `rdfind -makehardlinks true` (content only).\n')
    table('ext4', [p for p in PHASE_TITLE], peer_phase=lambda p: 'newguest' if p == 'newguest-alone' else p)

floors = [r for r in rows if r['phase'].startswith('floor')]
if floors:
    print('## floors (warm unless "cold"; on the restored tree)\n')
    print('| floor | wall s (median) | min–max | user+sys s | runs (busy) |')
    print('|---|---:|---:|---:|---:|')
    seen = []
    for r in floors:
        k = (r['fs'], r['phase'], r['tool'])
        if k in seen:
            continue
        seen.append(k)
        s = stat(k)
        print(f"| {r['phase'].replace('floor-', '')}: {r['tool']} ({r['note']}) | {fmt(s['wall'])} | {fmt(s['wmin'])}–{fmt(s['wmax'])} | {fmt(s['cpu'])} | {s['n']} ({s['busy']}) |")
    walk = stat(('ext4', 'floor-walk-warm', 'find-printf'))
    rer = stat(('ext4', 'rerun-warm', 'hashify'))
    hl = stat(('ext4', 'rerun-warm', 'hardlink'))
    if walk and rer:
        print(f"\nhashify re-run / warm `find -printf` walk: {rer['wall'] / walk['wall']:.1f} (target ≤ 2)"
              + (f"; hashify re-run / hardlink re-run: {rer['wall'] / hl['wall']:.2f} (target < 1)" if hl else ''))
    print()

if any(r['fs'] == 'xfs' for r in rows):
    print('## XFS (loop-mounted, reflink=1), extent dedupe\n')
    if not any(r['fs'] == 'xfs' and is_hashify(r['tool']) for r in rows):
        print('hashify dedupe: not available yet (`hashify run --help` lists no `--mode`).\n')
    print('duperemove = `duperemove -r -d -q` (128 KiB blocks: skips smaller files), jdupes-B = `jdupes -r -B -q` '
          '(whole-file FIDEDUPERANGE). Saved = `df` used before − after (hard links are not involved).\n')
    table('xfs', ['first-cold', 'first-warm', 'rerun-warm'])

# independent count
ds = os.path.join(out, 'dupstats-pristine.txt')
LINE = re.compile(r'reclaimable, (.+?)\s*:\s*(\d+) files\s+([\d.]+) MiB.*?:\s*(\d+) files\s+([\d.]+) MiB')


def parse_ds(path):
    d = {}
    if not os.path.exists(path):
        return d
    for line in open(path):
        m = LINE.search(line)
        if m:
            d[m.group(1)] = (int(m.group(2)), float(m.group(3)), int(m.group(4)), float(m.group(5)))
        m = re.search(r'distinct inodes: (\d+)', line)
        if m:
            d['inodes'] = int(m.group(1))
    return d


if os.path.exists(ds):
    p = parse_ds(ds)
    full = 'content+uid+gid+mode+mtime+xattrs'
    print('## Sharing: independent count (`dupstats.py`) versus what each tool shared\n')
    if full in p:
        f, b, fe, be = p[full]
        print(f'Pristine corpus ({p.get("inodes", "?")} distinct inodes): files that could become links to an equal file, '
              f'equal content, owner, mode, mtime and xattrs: **{f} files, {b:.1f} MiB**; outside /etc, /var/lib/dpkg, '
              f'/var/lib/apt, /var/cache/apt, /var/log: {fe} files, {be:.1f} MiB.')
        print()
    print('"still sharable" = the same count run again on the tree right after the tool\'s first (cold) run, run 1: '
          'what the tool left unshared that equal content+owner+mode+mtime+xattrs would allow; "content only" also counts '
          'files that differ in metadata only.\n')
    print('| tool | files merged (inodes before − after) | hashify: files unified / bytesSaved MiB (its report) | saved MiB (du) | '
          'still sharable: files / MiB | …outside /etc, /var/lib/{dpkg,apt}, /var/cache/apt, /var/log | still sharable, content only: files / MiB |')
    print('|---|---:|---:|---:|---:|---:|---:|')
    for k in sorted({(r['fs'], r['tool']) for r in rows if r['phase'] == 'first-cold' and r['fs'] == 'ext4'},
                    key=lambda k: (not is_hashify(k[1]), k[1])):
        t = k[1]
        rs = [r for r in rows if r['fs'] == 'ext4' and r['phase'] == 'first-cold' and r['tool'] == t]
        r1 = rs[0]
        merged = ''
        if r1['files'] and 'inodes' in p:
            merged = str(p['inodes'] - int(r1['files']))
        s = stat(('ext4', 'first-cold', t))
        hs = ''
        if is_hashify(t) and s['h_unified'] is not None:
            hs = f"{s['h_unified']:.0f} / {s['h_saved'] / MiB:.1f}"
        res = parse_ds(os.path.join(out, f'residual.{t}.txt'))
        a = res.get(full)
        co = res.get('content only')
        print(f"| {t} | {merged} | {hs} | {fmt(s['saved'] / MiB if s['saved'] is not None else None, 1)} | "
              f"{f'{a[0]} / {a[1]:.1f}' if a else ''} | {f'{a[2]} / {a[3]:.1f}' if a else ''} | {f'{co[0]} / {co[1]:.1f}' if co else ''} |")
    print()

mil = [r for r in rows if r['fs'] == 'million']
if mil:
    print('## Memory per file (generated trees, `-Xmx1g`, hashify on the peers\' scope)\n')
    print('| phase | files | wall s | peak RSS MiB | RSS bytes per file | max heap after GC MiB | exit |')
    print('|---|---:|---:|---:|---:|---:|---:|')
    pts = {}
    for r in mil:
        n = int(r['files'])
        rss = num(r['maxrss_kib']) * 1024
        m = re.search(r'max-heap-after-gc-MiB=(\d*)', r['note'])
        print(f"| {r['phase']} | {n:,} | {r['wall_s']} | {rss / MiB:.0f} | {rss / n:.0f} | {m.group(1) if m else ''} | {r['rc']} |")
        pts.setdefault(r['phase'], []).append((n, rss, int(m.group(1)) if m and m.group(1) else None))
    for ph, v in pts.items():
        if len(v) >= 2:
            (n1, r1, h1), (n2, r2, h2) = sorted(v)[0], sorted(v)[-1]
            extra = ''
            if h1 is not None and h2 is not None:
                extra = f'; heap after GC: {(h2 - h1) * MiB / (n2 - n1):.0f} bytes per additional file'
            print(f'\n{ph}: peak RSS grows by {(r2 - r1) / (n2 - n1):.0f} bytes per additional file between {n1:,} and {n2:,} files{extra}.')
    print()

sc = sorted({r['phase'] for r in rows if r['phase'].startswith('scale-')}, key=lambda p: int(p[6:-1]))
if sc:
    print('## Scaling (first run, warm; corpus copied 1, 2, 4 times with new guest names)\n')
    tools = sorted({r['tool'] for r in rows if r['phase'].startswith('scale-')}, key=lambda t: (not is_hashify(t), t))
    print('| size | files | ' + ' | '.join(f'{t} wall s | {t} s per 1× | {t} saved MiB' for t in tools) + ' |')
    print('|---|---:|' + '---:|---:|---:|' * len(tools))
    base = {}
    for ph in sc:
        k = int(ph[6:-1])
        files = next(r['files'] for r in rows if r['phase'] == ph)
        cells = []
        for t in tools:
            s = stat(('ext4', ph, t))
            if not s:
                cells += ['', '', '']
                continue
            cells += [fmt(s['wall']), fmt(s['wall'] / k), fmt(s['saved'] / MiB if s['saved'] else None, 0)]
        print(f'| {k}× | {files} | ' + ' | '.join(cells) + ' |')
    print()
    s1 = stat(('ext4', sc[0], 'hashify'))
    if s1:
        print('```')
        mx = max(stat(('ext4', ph, 'hashify'))['wall'] for ph in sc)
        for ph in sc:
            k = int(ph[6:-1])
            w = stat(('ext4', ph, 'hashify'))['wall']
            lin = s1['wall'] * k / int(sc[0][6:-1])
            print(f'{k}x {"#" * int(round(50 * w / mx)):<50} {w:7.2f} s  (linear from 1x: {lin:.2f} s)')
        print('```\n')
