#!/usr/bin/env bash
# A real streaming replica of the local PostgreSQL, for the replica tests (.ci/run) and for developers:
#   scripts/replica.sh start    recreate it from a fresh base backup, start it, wait until it has caught up
#   scripts/replica.sh stop     stop it and remove its data directory
#   scripts/replica.sh status   say whether it runs and how far it has replayed
# The replica listens on 127.0.0.1:${REPLICA_PORT:-5433} (trust, like the primary); its data directory is
# recreated on every start with `pg_basebackup -X stream -R`, which streams through a temporary slot that
# ends with the backup, so no replication slot is left on the primary. Tests make lag on demand with
# pg_wal_replay_pause()/pg_wal_replay_resume() on the replica, never by waiting.
set -euo pipefail

primary_host=127.0.0.1
primary_port=${PRIMARY_PORT:-5432}
port=${REPLICA_PORT:-5433}
data_dir=${REPLICA_DIR:-${TMPDIR:-/tmp}/gaza-negotiations-replica-$port}
version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -1)
bin=/usr/lib/postgresql/$version/bin
hba=/etc/postgresql/$version/main/pg_hba.conf
replication_line="host replication all 127.0.0.1/32 trust"

# The cluster's files belong to the postgres user; as root, act as that user.
as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

psql_at() {
  psql -h 127.0.0.1 -p "$1" -U postgres -d postgres -Atqc "$2"
}

# The primary's pg_hba.conf has no replication line on these machines: add one (once) and reload.
allow_replication() {
  if ! grep -qxF "$replication_line" "$hba"; then
    printf '%s\n' "$replication_line" >>"$hba"
    psql_at "$primary_port" "SELECT pg_reload_conf()" >/dev/null
  fi
  # No slot holds WAL back for a replica (none may be left behind), so the primary keeps some itself: a
  # replica paused by a test while the primary writes a lot (the bench's load) could otherwise find the WAL
  # it needs recycled, and fall off for good.
  if [ "$(psql_at "$primary_port" "SELECT pg_size_bytes(current_setting('wal_keep_size')) < 256 * 1024 * 1024")" = t ]; then
    psql_at "$primary_port" "ALTER SYSTEM SET wal_keep_size = '256MB'" >/dev/null
    psql_at "$primary_port" "SELECT pg_reload_conf()" >/dev/null
  fi
}

stop_replica() {
  if [ -f "$data_dir/postmaster.pid" ]; then
    as_postgres "$bin/pg_ctl" -D "$data_dir" -m fast -w stop >/dev/null || true
  fi
  rm -rf "$data_dir"
}

wait_caught_up() {
  local target
  target=$(psql_at "$primary_port" "SELECT pg_current_wal_lsn()")
  for _ in $(seq 1 300); do
    if [ "$(psql_at "$port" "SELECT coalesce(pg_last_wal_replay_lsn() >= '$target'::pg_lsn, false)" 2>/dev/null)" = t ]; then
      return 0
    fi
    sleep 0.1
  done
  echo "replica on port $port did not replay up to $target within 30 s" >&2
  return 1
}

# A replica left on the port by another data directory (an earlier run with another REPLICA_DIR) is
# stopped too; a server there that is not a replica is never touched.
stop_other_replica_on_port() {
  local other
  if [ "$(psql_at "$port" "SELECT pg_is_in_recovery()" 2>/dev/null)" = t ]; then
    other=$(psql_at "$port" "SHOW data_directory")
    if [ "$other" != "$data_dir" ]; then as_postgres "$bin/pg_ctl" -D "$other" -m fast -w stop >/dev/null || true; fi
  elif psql_at "$port" "SELECT 1" >/dev/null 2>&1; then
    echo "port $port is taken by a server that is not a replica; set REPLICA_PORT" >&2
    exit 1
  fi
}

start_replica() {
  allow_replication
  stop_replica
  stop_other_replica_on_port
  mkdir -p "$(dirname "$data_dir")"
  install -d -m 700 -o "$(stat -c %U "$hba")" "$data_dir" 2>/dev/null || mkdir -m 700 -p "$data_dir"
  as_postgres "$bin/pg_basebackup" -h "$primary_host" -p "$primary_port" -U postgres -D "$data_dir" \
    -X stream -R --checkpoint=fast
  # Debian keeps the configuration outside the data directory, so the copy has none: give it its own.
  as_postgres tee "$data_dir/postgresql.conf" >/dev/null <<EOF
port = $port
listen_addresses = '127.0.0.1'
unix_socket_directories = '$data_dir'
hot_standby = on
hba_file = '$data_dir/pg_hba.conf'
ident_file = '$data_dir/pg_ident.conf'
max_connections = 100
shared_buffers = 64MB
fsync = off
EOF
  as_postgres tee "$data_dir/pg_hba.conf" >/dev/null <<'EOF'
local all all trust
host all all 127.0.0.1/32 trust
EOF
  as_postgres touch "$data_dir/pg_ident.conf"
  as_postgres "$bin/pg_ctl" -D "$data_dir" -l "$data_dir/server.log" -w -t 60 start >/dev/null
  if [ "$(psql_at "$port" "SELECT pg_is_in_recovery()")" != t ]; then
    echo "the server on port $port is not a replica" >&2
    exit 1
  fi
  wait_caught_up
  if [ -n "$(psql_at "$primary_port" "SELECT slot_name FROM pg_replication_slots")" ]; then
    echo "warning: the primary has replication slots (not made by this script)" >&2
  fi
  echo "replica running: postgres://postgres@127.0.0.1:$port (data in $data_dir)"
}

case "${1:-}" in
  start) start_replica ;;
  stop) stop_replica ;;
  status)
    if psql_at "$port" "SELECT 'replaying, at ' || pg_last_wal_replay_lsn()" 2>/dev/null; then :; else
      echo "no replica on port $port"
      exit 1
    fi
    ;;
  *)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
