#!/usr/bin/env bash
# private-hosts.sh CMD... - run CMD (the test runner) in a private mount namespace whose /etc/hosts
# is a throwaway copy of the shared file, named in KCDMESH_LAB_HOSTS.
#
# The lab's two DCs find each other by name (<ntds-guid>._msdcs.lab.test) and kcdmesh reaches the
# second DC by its dNSHostName (dc2.lab.test). Other labs on this machine use the same names with
# other loopback addresses, so the names go into this run's copy: the lab (samba-dc.sh with
# SAMBA_DC_HOSTS_FILE=$KCDMESH_LAB_HOSTS) appends them, and CMD, the DCs and every child see them;
# the shared /etc/hosts is never written. Without root or unshare, CMD runs as is (the two-DC tests
# then fail, saying why).
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: private-hosts.sh CMD..." >&2; exit 2; }
if [ -n "${KCDMESH_LAB_HOSTS:-}" ] || [ "$(id -u)" != 0 ]; then exec "$@"; fi
if ! command -v unshare >/dev/null || ! unshare --mount true 2>/dev/null; then
  echo "private-hosts.sh: cannot enter a mount namespace (unshare --mount needs CAP_SYS_ADMIN): running without a private /etc/hosts; the two-DC tests will fail" >&2
  exec "$@"
fi
f=$(mktemp "${TMPDIR:-/tmp}/kcdmesh-hosts.XXXXXX")
trap 'rm -f "$f" "$f.lock"' EXIT
cp /etc/hosts "$f"
chmod 644 "$f"
export KCDMESH_LAB_HOSTS=$f
# --mount gives private propagation: the bind mount stays inside this namespace
unshare --mount -- sh -c 'mount --bind "$KCDMESH_LAB_HOSTS" /etc/hosts && exec "$@"' sh "$@"
