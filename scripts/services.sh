#!/usr/bin/env bash
# Real PostgreSQL and Redis for the tests of the shared stores: `start` installs them from
# Debian's packages when missing, starts each on loopback with its data in a temporary
# directory and prints the `export` lines of their URLs (eval them); `stop` stops both and
# removes the directory. Usage:
#   eval "$(bash scripts/services.sh start)"; ...; bash scripts/services.sh stop
set -euo pipefail
STATE=${TRIPLINK_SERVICES_DIR:-/tmp/triplink-services-$(id -u)}

log() { echo "services: $*" >&2; }

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

pg_bin() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && { echo "$d"; return; }
  done
}

install_missing() {
  local need=()
  [ -n "$(pg_bin)" ] || need+=(postgresql)
  command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
  if [ ${#need[@]} -gt 0 ]; then
    log "apt-get install ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
  fi
}

# Runs a command as the PostgreSQL owner: the `postgres` user when we are root (PostgreSQL
# refuses to run as root), else ourselves.
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  if [ -f "$STATE/env" ]; then
    log "already running (state in $STATE)"
    cat "$STATE/env"
    return
  fi
  install_missing
  mkdir -p "$STATE"
  chmod 755 "$STATE"
  local bin pg_port redis_port
  bin=$(pg_bin)
  pg_port=$(free_port)
  mkdir -p "$STATE/pg"
  [ "$(id -u)" = 0 ] && chown postgres: "$STATE/pg"
  as_pg "$bin/initdb" -D "$STATE/pg/data" -U postgres -A trust --no-sync >"$STATE/pg-init.log" 2>&1 \
    || { cat "$STATE/pg-init.log" >&2; exit 1; }
  as_pg "$bin/pg_ctl" -D "$STATE/pg/data" -l "$STATE/pg/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $STATE/pg -c fsync=off -c max_connections=200" \
    start >&2 || { cat "$STATE/pg/server.log" >&2; exit 1; }
  redis_port=$(free_port)
  mkdir -p "$STATE/redis"
  redis-server --bind 127.0.0.1 --port "$redis_port" --dir "$STATE/redis" --save '' \
    --appendonly no --daemonize yes --pidfile "$STATE/redis/redis.pid" \
    --logfile "$STATE/redis/server.log" >&2
  for _ in $(seq 50); do
    redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break
    sleep 0.1
  done
  cat >"$STATE/env" <<ENV
export TRIPLINK_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:$pg_port/postgres
export TRIPLINK_TEST_REDIS_URL=redis://127.0.0.1:$redis_port/
ENV
  log "PostgreSQL on 127.0.0.1:$pg_port, Redis on 127.0.0.1:$redis_port (state in $STATE)"
  cat "$STATE/env"
}

stop() {
  [ -d "$STATE" ] || return 0
  local bin
  bin=$(pg_bin)
  if [ -n "$bin" ] && [ -f "$STATE/pg/data/postmaster.pid" ]; then
    as_pg "$bin/pg_ctl" -D "$STATE/pg/data" -m fast -w stop >&2 || true
  fi
  if [ -f "$STATE/redis/redis.pid" ]; then
    kill "$(cat "$STATE/redis/redis.pid")" 2>/dev/null || true
  fi
  rm -rf "$STATE"
  log "stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
