#!/usr/bin/env bash
# Makes sure a local PostgreSQL server answers on 127.0.0.1:5432 for user postgres, starting it
# (or, as root on Debian, installing it) when needed. Prints the server's URL on stdout.
set -euo pipefail
url="postgresql://postgres@127.0.0.1:5432/postgres"
log() { echo "[ensure-postgres] $*" >&2; }
can_connect() { PGCONNECT_TIMEOUT=3 psql "$url" -Atqc "select 1" >/dev/null 2>&1; }

if command -v psql >/dev/null && can_connect; then echo "$url"; exit 0; fi

if ! command -v pg_lsclusters >/dev/null; then
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
    log "PostgreSQL is not installed. Install it (Debian: sudo apt-get install -y postgresql) or set DATABASE_URL."
    exit 1
  fi
  log "installing PostgreSQL from Debian's packages…"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi

version=$(pg_lsclusters -h | awk 'NR==1 {print $1}')
if [ -z "$version" ]; then
  version=$(ls /usr/lib/postgresql | sort -V | tail -1)
  log "creating cluster $version/main…"
  pg_createcluster "$version" main >&2
fi
if ! pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $4}' | grep -q online; then
  log "starting PostgreSQL $version…"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start >&2
fi
for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done

if ! can_connect; then
  # A fresh Debian cluster wants a password over TCP; trust loopback as this machine's CI does.
  hba="/etc/postgresql/$version/main/pg_hba.conf"
  if [ "$(id -u)" -eq 0 ] && [ -w "$hba" ]; then
    log "allowing trusted loopback connections in $hba"
    sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
    pg_ctlcluster --skip-systemctl-redirect "$version" main reload >&2
    sleep 1
  fi
fi
if ! can_connect; then
  log "cannot connect to $url; set DATABASE_URL to a server you can reach."
  exit 1
fi
echo "$url"
