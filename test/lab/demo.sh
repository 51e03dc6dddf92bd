#!/usr/bin/env bash
# demo.sh - kcdmesh's main job on a throwaway lab domain: start a Samba AD DC on a loopback
# address, create four Hyper-V hosts the way admins leave them (a foreign delegation value, a
# value in odd case, one host in the wrong mode), then discover, plan, apply and verify.
# KEEP=1 leaves the DC running and prints how to reach it; otherwise it is stopped and removed.
# DEMO_IP=127.0.0.50 picks the loopback address; without it the demo takes 127.0.0.43, or the next free
# one up to 127.0.0.62 when that one is in use.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
IP=${DEMO_IP:-127.0.0.43}
DIR=$(mktemp -d /tmp/kcdmesh-demo-XXXXXX)
rmdir "$DIR"

bash "$HERE/install.sh"
# the demo runs what ships: the bundle of the current sources (dist/cli.js and dist/chunks/)
(cd "$ROOT" && npm run --silent build)
cleanup() {
  if [ "${KEEP:-0}" = 1 ]; then
    echo; echo "The lab DC keeps running. Stop it with: bash test/lab/samba-dc.sh stop $DIR"
  else
    bash "$HERE/samba-dc.sh" stop "$DIR" >/dev/null 2>&1 || true
    rm -rf "$DIR"
  fi
}
trap cleanup EXIT
in_use() { (exec 3<>"/dev/tcp/$IP/$1") 2>/dev/null; }
busy() { in_use 636 || in_use 389; }
say_busy() {
  echo "kcdmesh demo: $1" >&2
  echo "  hint: pick another loopback address, e.g. DEMO_IP=127.0.0.50 npm run demo" >&2
  exit 1
}
if [ -n "${DEMO_IP:-}" ]; then
  busy && say_busy "address already in use: $IP answers on LDAP (another lab or demo runs there)."
  bash "$HERE/samba-dc.sh" start "$DIR" "$IP" >/dev/null || say_busy "the lab DC did not start on $IP (address already in use?)."
else
  # A busy default moves to the next free address (a test run may hold 127.0.0.43, or take it between
  # the check and the start): up to 127.0.0.62.
  started=0
  for last in $(seq 43 62); do
    IP=127.0.0.$last
    busy && continue
    if bash "$HERE/samba-dc.sh" start "$DIR" "$IP" >/dev/null 2>"$DIR.start.log"; then started=1; break; fi
    bash "$HERE/samba-dc.sh" stop "$DIR" >/dev/null 2>&1 || true
    rm -rf "$DIR"
  done
  rm -f "$DIR.start.log"
  [ "$started" = 1 ] || say_busy "no free loopback address for the lab DC in 127.0.0.43-62."
  [ "$IP" = 127.0.0.43 ] || echo "kcdmesh demo: 127.0.0.43 is in use; the lab DC runs on $IP" >&2
fi
bash "$HERE/samba-dc.sh" hosts "$DIR" 4
. "$DIR/dc.env"

# What a hand-configured site looks like: HV01 already delegates to a file server and, in odd
# case, to HV02; HV03 was set to "any authentication protocol" by someone else.
LDAPTLS_CACERT=$SAMBA_DC_CA ldapmodify -x -H "$SAMBA_DC_URL" -D "$SAMBA_DC_BIND_UPN" -w "$SAMBA_DC_PASSWORD" >/dev/null <<LDIF
dn: CN=HV01,$SAMBA_DC_COMPUTERS_DN
changetype: modify
add: msDS-AllowedToDelegateTo
msDS-AllowedToDelegateTo: cifs/fileserver01.$SAMBA_DC_DNSDOMAIN
msDS-AllowedToDelegateTo: CIFS/HV02.${SAMBA_DC_DNSDOMAIN^^}
-

dn: CN=HV03,$SAMBA_DC_COMPUTERS_DN
changetype: modify
replace: userAccountControl
userAccountControl: 16781312
-
LDIF

export KCDMESH_URL=$SAMBA_DC_URL KCDMESH_USER=$SAMBA_DC_BIND_UPN KCDMESH_CA_FILE=$SAMBA_DC_CA
export KCDMESH_PASSWORD=$SAMBA_DC_PASSWORD   # the lab's throwaway password; never a real one in the environment of a shared shell
kcdmesh() { echo; echo "\$ kcdmesh $*"; node "$ROOT/dist/cli.js" "$@"; }

kcdmesh discover
# apply shows the plan (what kcdmesh plan would print), then writes exactly that: the plan appears once.
kcdmesh apply HV01 HV02 HV03 HV04 --yes
# verify lists, under Hosts, the values kcdmesh does not manage: HV01's delegation to fileserver01 stays.
kcdmesh verify HV01 HV02 HV03 HV04
echo; echo "Demo done: the four hosts trust each other both ways; HV01 still delegates to fileserver01 (verify lists it under Hosts, \"not managed by kcdmesh\")."
