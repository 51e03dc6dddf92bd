#!/usr/bin/env bash
# install.sh - install what the lab DC and the report test need (Debian 12 packages), once. A no-op when present.
set -euo pipefail
# chromium: the HTML report is tested in a real browser (playwright-core drives it; it downloads none).
# libkrb5-dev, build-essential, python3: npm builds the optional Kerberos binding from source.
# tcpdump: the Kerberos test captures the loopback traffic of a sealed session.
PKGS=(samba samba-ad-dc samba-ad-provision samba-dsdb-modules samba-vfs-modules winbind
      ldap-utils ldb-tools krb5-user openssl chromium
      libkrb5-dev build-essential python3 tcpdump)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
[ "$(id -u)" = 0 ] || { echo "install.sh: missing packages ${missing[*]}; run as root (or apt-get install them)" >&2; exit 1; }
echo "install.sh: installing ${missing[*]} ..." >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
# krb5-user asks for a default realm; the lab realm keeps it quiet (the lab uses its own krb5.conf).
echo "krb5-config krb5-config/default_realm string LAB.TEST" | debconf-set-selections
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install.sh: done" >&2
