#!/usr/bin/env bash
# Installs the built hashify .deb, uses it, removes and purges it, and checks that nothing of it is left but the
# store it made. As root on Debian (CI). Usage: distros/deb/test-deb.sh [PATH.deb]; default: the newest
# distros/target/hashify_*_all.deb. Needs dpkg, apt-get, man-db (man -w) and bash. Exits non-zero on any failure,
# and purges the package on the way out whatever happened.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
export LC_ALL=C.UTF-8

here=$(cd "$(dirname "$0")" && pwd)
say() { printf 'test-deb: %s\n' "$*"; }
fail() { printf 'test-deb: FAILED: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || fail "run as root: it installs and purges a package"
command -v dpkg >/dev/null && command -v apt-get >/dev/null || fail "needs dpkg and apt-get (Debian)"
command -v man >/dev/null || fail "needs man (apt-get install man-db)"

deb=${1:-$(ls -t "$here"/../target/hashify_*_all.deb 2>/dev/null | head -1 || true)}
[ -n "$deb" ] && [ -f "$deb" ] || fail "no .deb: run 'mvn package' first, or name one"
deb=$(cd "$(dirname "$deb")" && pwd)/$(basename "$deb")
say "package: $deb"

work=$(mktemp -d /tmp/hashify-test-deb.XXXXXX)
cleanup() {
  status=$?
  if dpkg-query -W hashify >/dev/null 2>&1; then
    say "purging the package a failure left behind"
    dpkg -P hashify >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
  exit $status
}
trap cleanup EXIT

if dpkg-query -W hashify >/dev/null 2>&1; then
  say "hashify is installed already (or its configuration is): purging it first"
  dpkg -P hashify
fi

say "dpkg -i"
if ! dpkg -i "$deb"; then
  say "dpkg -i left dependencies to resolve"
fi
apt-get -f install -y -q
dpkg-query -W -f='${db:Status-Abbrev}' hashify | grep -q '^ii' || fail "hashify is not installed after apt-get -f install"

say "files"
for f in /usr/bin/hashify /usr/share/hashify/lib /usr/share/hashify/plugins /usr/share/hashify/distros \
  /etc/hashify/hashify.json /etc/hashify/plugins /etc/hashify/distros.d /lib/systemd/system/hashify.service \
  /lib/systemd/system/hashify.timer /usr/share/bash-completion/completions/hashify /usr/share/man/man1/hashify.1.gz; do
  [ -e "$f" ] || fail "$f is missing"
done
[ -x /usr/bin/hashify ] || fail "/usr/bin/hashify is not executable"
[ -s /var/cache/hashify/hashify.jsa ] || fail "the postinst wrote no class-data sharing archive /var/cache/hashify/hashify.jsa"
dpkg-query -W -f='${Conffiles}\n' hashify | grep -q '^ /etc/hashify/hashify.json ' \
  || fail "/etc/hashify/hashify.json is not a conffile"

if command -v systemctl >/dev/null; then
  say "systemd units"
  if command -v systemd-analyze >/dev/null; then
    systemd-analyze verify /lib/systemd/system/hashify.service /lib/systemd/system/hashify.timer \
      || fail "systemd-analyze verify finds fault with the units"
  fi
  # Enabled by hand as an administrator would; purging must remove the link.
  systemctl enable hashify.timer || fail "systemctl enable hashify.timer failed"
fi

say "hashify --version"
[ "$(command -v hashify)" = /usr/bin/hashify ] || fail "hashify on PATH is $(command -v hashify), not /usr/bin/hashify"
version=$(hashify --version) || fail "hashify --version failed"
printf '%s\n' "$version"
grep -q '^SHA-256 by OpenSSL libcrypto$' <<<"$version" \
  || fail "hashify does not hash with libcrypto, which the package depends on"
# The archive is used: the JVM maps it (-Xshare:on fails the start if it cannot), and loads hashify's classes from it.
loaded=$(HASHIFY_JAVA_OPTS="-Xshare:on -Xlog:class+load=info" hashify --version) \
  || fail "hashify cannot start with its class-data sharing archive mapped (-Xshare:on)"
grep -q 'org.hashify.cli.Main source: shared objects file' <<<"$loaded" \
  || fail "hashify does not load its classes from its class-data sharing archive"
upstream=$(dpkg-query -W -f='${Version}' hashify | sed 's/[~+-].*//')
printf '%s\n' "$version" | head -1 | grep -q "^hashify $upstream" \
  || fail "hashify --version does not say $upstream, the package's version"

say "hashify demo $work/demo"
(cd "$work" && hashify demo "$work/demo") || fail "hashify demo failed"
[ -d "$work/demo/store/objects" ] || fail "hashify demo made no store in $work/demo/store"

say "man -w"
for page in hashify hashify-run; do
  man -w "$page" || fail "man -w $page found no page"
done
man -P cat hashify 2>/dev/null | grep -q 'EXIT STATUS' || fail "man hashify does not render"

say "bash completion"
bash --norc --noprofile -c 'source /usr/share/bash-completion/completions/hashify && complete -p hashify' \
  || fail "the completion script does not load"

say "dpkg -r"
dpkg -r hashify
for f in /usr/bin/hashify /usr/share/hashify /var/cache/hashify /usr/share/man/man1/hashify.1.gz \
  /usr/share/bash-completion/completions/hashify /lib/systemd/system/hashify.service; do
  [ ! -e "$f" ] || fail "$f is still there after dpkg -r"
done
[ -f /etc/hashify/hashify.json ] || fail "dpkg -r removed the conffile /etc/hashify/hashify.json"

say "dpkg -P"
purge_out=$(dpkg -P hashify 2>&1) || { printf '%s\n' "$purge_out"; fail "dpkg -P failed"; }
printf '%s\n' "$purge_out"
printf '%s\n' "$purge_out" | grep -q 'untouched' || fail "purging does not say that the store and guests are untouched"

say "nothing left"
if dpkg -L hashify >/dev/null 2>&1; then fail "dpkg -L hashify still lists files"; fi
if dpkg-query -W hashify >/dev/null 2>&1; then fail "dpkg still knows hashify"; fi
for f in /usr/share/hashify /usr/bin/hashify /etc/hashify /lib/systemd/system/hashify.service \
  /lib/systemd/system/hashify.timer /etc/systemd/system/hashify.timer /etc/systemd/system/hashify.service \
  /etc/systemd/system/timers.target.wants/hashify.timer \
  /usr/share/bash-completion/completions/hashify /usr/share/man/man1/hashify.1.gz; do
  [ ! -e "$f" ] && [ ! -L "$f" ] || fail "$f is still there after dpkg -P"
done
if ls /var/lib/systemd/deb-systemd-helper-enabled/ /var/lib/systemd/deb-systemd-helper-masked/ 2>/dev/null \
  | grep -q hashify; then
  fail "deb-systemd-helper state of hashify is still there after dpkg -P"
fi
[ -d "$work/demo/store/objects" ] || fail "purging removed the store $work/demo/store"
[ -d "$work/demo/alpha" ] || fail "purging removed the demo guest $work/demo/alpha"

say "all checks passed"
