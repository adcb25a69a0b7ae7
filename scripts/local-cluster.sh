#!/usr/bin/env bash
# A local cluster to try several machines on one (issue 14, docs/deploy.md): PostgreSQL,
# Redis, three Kring nodes and nginx in front, all from Debian's packages, all in one
# folder that goes when you stop it (Ctrl-C).
#
#   scripts/local-cluster.sh            # then open http://localhost:8080
#   PORT=9090 scripts/local-cluster.sh  # nginx on another port
#   scripts/local-cluster.sh --check    # start, check that it works through nginx, stop
#
# Installs postgresql, redis-server and nginx with apt-get when they are missing (as root,
# or with sudo). PostgreSQL refuses to run as root: as root it runs as the `postgres` user.
# Nothing here is for production: trust auth, no TLS, no persistence in Redis.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${PORT:-8080}"
NODES=3
CHECK=false
[ "${1:-}" = "--check" ] && CHECK=true

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

pg_bin() {
  if command -v pg_config >/dev/null && [ -x "$(pg_config --bindir)/initdb" ]; then pg_config --bindir; return; fi
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1
}

missing=()
[ -n "$(pg_bin)" ] || missing+=(postgresql)
command -v redis-server >/dev/null || missing+=(redis-server)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} from Debian's packages…"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
PG="$(pg_bin)"
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"

free_port() { node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }

DIR="$(mktemp -d /tmp/kring-cluster-XXXXXX)"
chmod 755 "$DIR"
PIDS=()
run_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

stop() {
  trap - EXIT INT TERM
  echo "Stopping the cluster…"
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -f "$DIR/nginx.pid" ] && kill "$(cat "$DIR/nginx.pid")" 2>/dev/null || true
  [ -f "$DIR/redis.pid" ] && kill "$(cat "$DIR/redis.pid")" 2>/dev/null || true
  run_pg "$PG/pg_ctl" -D "$DIR/pg" -m fast -w stop >/dev/null 2>&1 || true
  wait 2>/dev/null || true
  rm -rf "$DIR"
}
trap stop EXIT INT TERM

# ---- PostgreSQL: a fresh cluster in $DIR/pg ---------------------------------------------
mkdir -p "$DIR/pg"
[ "$(id -u)" = 0 ] && chown postgres: "$DIR/pg"
PG_PORT="$(free_port)"
run_pg "$PG/initdb" -D "$DIR/pg" -U postgres --auth=trust --encoding=UTF8 --locale=C >/dev/null
run_pg "$PG/pg_ctl" -D "$DIR/pg" -l "$DIR/pg/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -c port=$PG_PORT -c unix_socket_directories=$DIR/pg" start >/dev/null
run_pg "$PG/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres kring
DATABASE_URL="postgresql://postgres@127.0.0.1:$PG_PORT/kring"

# ---- Redis: nothing kept on disk (docs/privacy.md) --------------------------------------
REDIS_PORT="$(free_port)"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$DIR" \
  --daemonize yes --pidfile "$DIR/redis.pid" --logfile "$DIR/redis.log"
REDIS_URL="redis://127.0.0.1:$REDIS_PORT"

# ---- Kring: the client once, then three nodes -------------------------------------------
if [ ! -f dist/index.html ]; then npx vite build --logLevel warn; fi
UPSTREAMS=""
for i in $(seq 1 $NODES); do
  port="$(free_port)"
  mkdir -p "$DIR/node-$i"
  DATABASE_URL="$DATABASE_URL" REDIS_URL="$REDIS_URL" KRING_DATA_DIR="$DIR/node-$i" KRING_NODE_ID="node-$i" \
    PORT="$port" HOST=127.0.0.1 TRUST_PROXY=1 PUBLIC_URL="http://localhost:$PORT" \
    KRING_ADMIN_PASSWORD="${KRING_ADMIN_PASSWORD:-kring-local-cluster}" \
    node --import tsx server/main.ts >"$DIR/node-$i.log" 2>&1 &
  PIDS+=("$!")
  UPSTREAMS="$UPSTREAMS    server 127.0.0.1:$port;"$'\n'
  for _ in $(seq 1 100); do grep -q '"port"' "$DIR/node-$i.log" 2>/dev/null && break; sleep 0.2; done
  grep -q '"port"' "$DIR/node-$i.log" || { echo "node $i did not start:"; cat "$DIR/node-$i.log"; exit 1; }
done

# ---- nginx: one address, sticky by client address (long-polling), WebSocket upgrade -------
cat >"$DIR/nginx.conf" <<EOF
worker_processes 1;
pid $DIR/nginx.pid;
error_log $DIR/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $DIR/nginx-body;
  proxy_temp_path $DIR/nginx-proxy;
  fastcgi_temp_path $DIR/nginx-fastcgi;
  uwsgi_temp_path $DIR/nginx-uwsgi;
  scgi_temp_path $DIR/nginx-scgi;
  client_max_body_size 25m;
  upstream kring {
    ip_hash;
$UPSTREAMS  }
  map \$http_upgrade \$connection_upgrade { default upgrade; '' close; }
  server {
    listen 127.0.0.1:$PORT;
    location / {
      proxy_pass http://kring;
      proxy_http_version 1.1;
      proxy_set_header Upgrade \$http_upgrade;
      proxy_set_header Connection \$connection_upgrade;
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_read_timeout 60s;
    }
  }
}
EOF
"$NGINX" -c "$DIR/nginx.conf" -p "$DIR" -e "$DIR/nginx-error.log"

echo "Kring on http://localhost:$PORT: $NODES nodes behind nginx, PostgreSQL $DATABASE_URL, Redis $REDIS_URL"
echo "Logs in $DIR (node-1.log …). Organiser password: ${KRING_ADMIN_PASSWORD:-kring-local-cluster}. Ctrl-C stops everything."

if $CHECK; then
  # Through nginx: the health of the cluster, a session made there, and its join page on every node.
  curl -fsS "http://127.0.0.1:$PORT/api/health" >/dev/null
  code="$(curl -fsS -X POST -H 'content-type: application/json' -d '{"title":"Proef","lang":"nl"}' \
    "http://127.0.0.1:$PORT/api/sessions" | node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>console.log(JSON.parse(s).code))")"
  for port in $(grep -o '127.0.0.1:[0-9]*;' "$DIR/nginx.conf" | tr -d ';' | cut -d: -f2); do
    curl -fsS "http://127.0.0.1:$port/api/join/$code" >/dev/null
  done
  # A phone through nginx: long-polling first, then the WebSocket upgrade (ip_hash keeps the
  # polling requests on one node), joining the session with its code.
  node --input-type=module -e "
    import { io } from 'socket.io-client';
    const s = io('http://127.0.0.1:$PORT', { reconnection: false });
    const t = setTimeout(() => { console.error('check: no answer to the hello'); process.exit(1); }, 10000);
    s.on('connect', async () => {
      const ack = await s.emitWithAck('hello', { v: 1, role: 'participant', code: '$code' });
      await new Promise((r) => setTimeout(r, 500));
      if (!ack.ok) { console.error('check: hello refused', JSON.stringify(ack)); process.exit(1); }
      console.log('check: a phone joined through nginx over ' + s.io.engine.transport.name);
      clearTimeout(t); s.close();
    });
  "
  echo "check: the cluster answers through nginx, and every node finds session $code in PostgreSQL"
  exit 0
fi
wait
