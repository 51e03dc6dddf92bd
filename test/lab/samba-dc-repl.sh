# samba-dc-repl.sh - sourced by samba-dc.sh: what a lab of two replicating DCs needs.
#
# - DRS binds with the DCs' machine accounts, Kerberos only: a DC that runs drepl gets
#   KRB5_CONFIG=DIR/krb5.conf (the copy Samba writes under private/ is not read).
# - A DC reaches its partner as <ntds-guid>._msdcs.<domain>, clients reach other DCs by their
#   dNSHostName: both must resolve to the lab's loopback addresses. Other labs use the same names
#   with other addresses, so the names live in a hosts file of this lab, bind-mounted over
#   /etc/hosts in a private mount namespace for each DC (and for `exec`). The lab's file is
#   rewritten in place, never replaced: bind mounts hold the inode.
# - The first DC's DRS SPNs come from samba_spnupdate (the dnsupdate service is left out).

REPL_SERVICES="rpc drepl kcc"

lab_hosts_path() { # $1 path -> absolute path of a lab hosts file (never the shared /etc/hosts)
  local p
  p=$(realpath -m -- "$1")
  [ "$p" != /etc/hosts ] || die "the lab's hosts file must be a private file, not /etc/hosts"
  echo "$p"
}

server_services() { # $1 smb.conf -> the "server services" words ("" = Samba's default set)
  sed -n 's/^[[:space:]]*server services[[:space:]]*=[[:space:]]*//p' "$1" | tail -1 | tr ',' ' ' | xargs
}

replicates() { # $1 DIR -> 0 if its DC runs drepl
  local s
  s=$(server_services "$1/etc/smb.conf")
  [ -z "$s" ] || [[ " $s " == *" drepl "* ]]
}

ldif_unwrap() { awk 'NR > 1 && !/^ /{print prev; prev=""} /^ /{prev = prev substr($0, 2); next} {prev=$0} END{print prev}'; }

ntds_guid() { # $1 DIR -> objectGUID of its DC's NTDS Settings object, read from its sam.ldb
  local dsn
  dsn=$(ldbsearch -H "$1/private/sam.ldb" -s base -b '' dsServiceName 2>/dev/null | ldif_unwrap | sed -n 's/^dsServiceName: //p')
  [ -n "$dsn" ] || return 1
  ldbsearch -H "$1/private/sam.ldb" -s base -b "$dsn" objectGUID 2>/dev/null | ldif_unwrap | sed -n 's/^objectGUID: //p' | grep .
}

hosts_set_line() { # $1 DIR (dc.env loaded): its line "IP fqdn guid._msdcs.domain" in the lab's hosts file
  local d=$1 f=$SAMBA_DC_HOSTS tag=" # kcdmesh-lab $1" tmp
  f=$(lab_hosts_path "$f")
  [ -n "${SAMBA_DC_NTDS_GUID:-}" ] || die "$d has no NTDS GUID in dc.env"
  tmp=$(mktemp)
  (
    flock -w 30 8 || exit 1
    [ -s "$f" ] || cp /etc/hosts "$f"
    # drop this DC's old line, and any lab line for the same name (a failed earlier start of the run
    # on another address left one: the first line for a name is the one that resolves)
    { awk -v t="$tag" -v n="${SAMBA_DC_FQDN,,}" '(length($0) < length(t) || substr($0, length($0) - length(t) + 1) != t) && !(index($0, "# kcdmesh-lab ") && $2 == n)' "$f"
      printf '%s %s %s._msdcs.%s%s\n' "$SAMBA_DC_IP" "${SAMBA_DC_FQDN,,}" "$SAMBA_DC_NTDS_GUID" "$SAMBA_DC_DNSDOMAIN" "$tag"
    } >"$tmp" && cat "$tmp" >"$f"
  ) 8>>"$f.lock"
  local r=$?
  rm -f "$tmp"
  [ $r = 0 ] || die "could not write the lab's hosts file $f"
}

lab_ns() { # CMD...: run CMD seeing the lab's hosts file ($SAMBA_DC_HOSTS) as /etc/hosts, when there is one
  if [ -z "${SAMBA_DC_HOSTS:-}" ]; then "$@"; return; fi
  command -v unshare >/dev/null || die "missing command 'unshare' (util-linux): a replicating DC needs a private /etc/hosts"
  # --mount gives private propagation: the bind mount never reaches the shared namespace
  unshare --mount -- sh -c 'mount --bind "$0" /etc/hosts && exec "$@"' "$SAMBA_DC_HOSTS" "$@"
}

start_samba() { # $1 DIR (dc.env loaded): samba -D with the lab's hosts and, for replication, its krb5.conf
  if replicates "$1"; then
    lab_ns env KRB5_CONFIG="$SAMBA_DC_KRB5_CONFIG" samba -D -s "$SAMBA_DC_SMB_CONF"
  else
    lab_ns samba -D -s "$SAMBA_DC_SMB_CONF"
  fi
}

admin_cred() { # (dc.env loaded) -> samba-tool credentials; NTLM, so no Kerberos set-up for the tool
  # the password goes through the environment (PASSWD, read by Samba's credentials), never argv
  export PASSWD=$SAMBA_DC_PASSWORD
  ADMIN_CRED=(-U "$SAMBA_DC_DOMAIN\\${SAMBA_DC_BIND_UPN%@*}" --use-kerberos=off)
}

cmd_join() {
  local d2 ip2 d1 t0 tj s port host2=${SAMBA_DC_HOSTNAME:-DC2}
  local services2=${SAMBA_DC_SERVICES:-ldap cldap kdc $REPL_SERVICES}
  d2=$(absdir "${1:-}"); ip2=${2:-}
  [ -n "$ip2" ] && [ -n "${3:-}" ] || usage
  d1=$(absdir "$3")
  need samba samba-tool samba_spnupdate ldbsearch openssl flock unshare
  [ "$(id -u)" = 0 ] || die "must run as root"
  [[ $ip2 =~ ^127\.[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "IP2 must be a loopback IPv4 address (127.x.y.z), got '$ip2'"
  [ "$d1" != "$d2" ] || die "DIR2 and DIR1 must differ"
  [[ $host2 =~ ^[A-Za-z][A-Za-z0-9-]{0,14}$ ]] || die "SAMBA_DC_HOSTNAME must be a NetBIOS name, got '$host2'"
  t0=$(now)
  mkdir -p "$d2"
  if [ -f "$d2/.provisioned" ]; then # joined before: start it again
    cmd_start "$d2" "$ip2"
    return
  fi
  [ -z "$(ls -A "$d2")" ] || die "$d2 is neither empty nor a finished join; remove it"
  for port in 389 636; do
    ! port_open "$ip2" $port || die "$ip2:$port is already in use (another DC?); use another 127.x address"
  done
  load_env "$d1"
  running_pid "$d1" >/dev/null || die "the DC of $d1 is not running; start it first"
  [ -n "${SAMBA_DC_HOSTS:-}" ] && replicates "$d1" \
    || die "the DC of $d1 does not replicate; provision it with SAMBA_DC_SERVICES=\"ldap cldap kdc $REPL_SERVICES\""
  [ -f "$d1/tls/ca.key" ] || die "$d1 has no lab CA key (tls/ca.key)"
  local fqdn2="${host2,,}.$SAMBA_DC_DNSDOMAIN" host1=${SAMBA_DC_FQDN%%.*} ip1=$SAMBA_DC_IP
  [ "${host1^^}" != "${host2^^}" ] || die "the new DC needs another name than $host1 (SAMBA_DC_HOSTNAME)"
  admin_cred
  mkdir -p "$d2/log" "$d2/run"
  # DC1's DRS SPN (E3514235-.../<ntds-guid>/<domain>): DC2's KDC issues tickets for it
  samba_spnupdate -s "$SAMBA_DC_SMB_CONF" >"$d2/log/spnupdate.log" 2>&1 \
    || die "samba_spnupdate for the DC of $d1 failed (see $d2/log/spnupdate.log)"
  # LDAPS certificate from DC1's lab CA: one ca.pem verifies both DCs
  mkdir -p "$d2/tls"
  cp "$d1/tls/ca.pem" "$d2/tls/ca.pem"
  gen_cert "$d2" "$ip2" "$fqdn2" "$host2" "$d1/tls"
  dc_opts "$d2" "$ip2" "$services2"
  log "joining $host2 to $SAMBA_DC_REALM through $ip1 ..."
  tj=$(now)
  if ! lab_ns samba-tool domain join "$SAMBA_DC_DNSDOMAIN" DC --server="$ip1" "${ADMIN_CRED[@]}" --targetdir="$d2" \
        --dns-backend=SAMBA_INTERNAL "--option=netbios name=$host2" "${DC_OPTS[@]}" >"$d2/log/join.log" 2>&1; then
    tail -20 "$d2/log/join.log" >&2
    die "join failed (log: $d2/log/join.log); remove $d2 before retrying"
  fi
  log "samba-tool domain join took $(since "$tj")s"
  write_krb5 "$d2" "$SAMBA_DC_REALM" "$ip2"
  write_env "$d2" \
    "SAMBA_DC_DIR=$d2" "SAMBA_DC_IP=$ip2" "SAMBA_DC_URL=ldaps://$ip2" "SAMBA_DC_URL_PLAIN=ldap://$ip2" \
    "SAMBA_DC_REALM=$SAMBA_DC_REALM" "SAMBA_DC_DOMAIN=$SAMBA_DC_DOMAIN" "SAMBA_DC_DNSDOMAIN=$SAMBA_DC_DNSDOMAIN" \
    "SAMBA_DC_FQDN=$fqdn2" "SAMBA_DC_BASE_DN=$SAMBA_DC_BASE_DN" "SAMBA_DC_COMPUTERS_DN=$SAMBA_DC_COMPUTERS_DN" \
    "SAMBA_DC_BIND_UPN=$SAMBA_DC_BIND_UPN" "SAMBA_DC_BIND_DN=$SAMBA_DC_BIND_DN" \
    "SAMBA_DC_PASSWORD=$SAMBA_DC_PASSWORD" "SAMBA_DC_CA=$d2/tls/ca.pem" "SAMBA_DC_KRB5_CONFIG=$d2/krb5.conf" \
    "SAMBA_DC_SMB_CONF=$d2/etc/smb.conf" "SAMBA_DC_HOSTS=$SAMBA_DC_HOSTS" "SAMBA_DC_NTDS_GUID=$(ntds_guid "$d2")" \
    "SAMBA_DC_PARTNER_DIR=$d1"
  touch "$d2/.provisioned"
  cmd_start "$d2" "$ip2" >/dev/null
  # prove DRS both ways before anyone relies on it
  "$SELF" repl "$d2" sync "$d1" || die "replication $host1 -> $host2 failed; $host2 is left running"
  "$SELF" repl "$d1" sync "$d2" || die "replication $host2 -> $host1 failed; $host2 is left running"
  log "$host2 joined and replicating both ways $(since "$t0")s after the join began"
  cat "$d2/dc.env"
}

cmd_repl() {
  local d action from from_host t0 sign=+
  d=$(absdir "${1:-}"); action=${2:-}
  need samba-tool unshare
  load_env "$d"
  running_pid "$d" >/dev/null || die "DC in $d is not running"
  admin_cred
  case $action in
    off|on)
      [ "$action" = on ] && sign=-
      samba-tool drs options "$SAMBA_DC_IP" "--dsa-option=${sign}DISABLE_INBOUND_REPL" "${ADMIN_CRED[@]}" >/dev/null \
        || die "samba-tool drs options on $SAMBA_DC_IP failed"
      log "inbound replication of ${SAMBA_DC_FQDN%%.*}: $action"
      ;;
    sync)
      from=$(absdir "${3:-}")
      [ -f "$from/dc.json" ] || die "$from is not a lab DC directory"
      # shellcheck disable=SC1091
      from_host=$(. "$from/dc.env"; echo "${SAMBA_DC_FQDN%%.*}")
      t0=$(now)
      # forced: it also pulls while inbound replication is paused
      # a DRS call on a loaded machine sometimes loses its connection (WERR_NETNAME_DELETED): three tries
      local try
      for try in 1 2 3; do
        lab_ns samba-tool drs replicate "$SAMBA_DC_IP" "$from_host" "$SAMBA_DC_BASE_DN" --sync-forced "${ADMIN_CRED[@]}" >/dev/null && break
        [ "$try" = 3 ] && die "replication $from_host -> ${SAMBA_DC_FQDN%%.*} failed (3 tries)"
        log "replication $from_host -> ${SAMBA_DC_FQDN%%.*} failed (try $try of 3); again in 2 s"
        sleep 2
      done
      log "pulled the domain from $from_host into ${SAMBA_DC_FQDN%%.*} in $(since "$t0")s"
      ;;
    show) lab_ns samba-tool drs showrepl "$SAMBA_DC_IP" "${ADMIN_CRED[@]}" ;;
    *) usage ;;
  esac
}

cmd_exec() {
  local d
  d=$(absdir "${1:-}"); shift || true
  [ $# -gt 0 ] || usage
  load_env "$d"
  [ -n "${SAMBA_DC_HOSTS:-}" ] || die "the DC of $d has no lab hosts file (it was not provisioned to replicate)"
  lab_ns "$@"
}
