#!/usr/bin/env bash
# Write rates of the database backends under the load tool's fanin scenario (50 QoS 1 publishers, 64-byte payloads,
# one wildcard subscriber, closed loop), and publish latency at a fixed rate with the database running and stopped.
# Each backend runs alone in a copy of the assembled node (store = memory) against a private server on loopback
# started here (PostgreSQL 15 with initdb, redis-server with an append-only file fsynced every second, MariaDB), all
# with their durable defaults. Figures swing with the machine's other work.
#
#   plugins/backend-core/bench/backends.sh                                   # pgsql redis mysql, 10 s runs
#   plugins/backend-core/bench/backends.sh --backends "pgsql redis" --duration 20 --rate 40
#
# Needs: the assembled node (mvn -B -q package -DskipTests), Java 17+, root (PostgreSQL runs as the postgres user),
# postgresql, redis-server, mariadb-server.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
ROOT="$(cd "$HERE/../../.." && pwd -P)"
NODE="$ROOT/distribution/target/osprey"
BACKENDS="pgsql redis mysql"
DURATION=10
RATE=40
KEEP=0

while [ $# -gt 0 ]; do
    case "$1" in
        --backends) BACKENDS="$2"; shift 2 ;;
        --duration) DURATION="$2"; shift 2 ;;
        --rate) RATE="$2"; shift 2 ;;
        --node) NODE="$2"; shift 2 ;;
        --keep) KEEP=1; shift ;;
        *) echo "usage: backends.sh [--backends \"pgsql redis mysql\"] [--duration S] [--rate N] [--node DIR] [--keep]" >&2
           exit 2 ;;
    esac
done
[ -x "$NODE/bin/osprey" ] || { echo "no assembled node at $NODE (mvn -B -q package -DskipTests)" >&2; exit 1; }
JAR="$NODE/system/tools/osprey-bench.jar"
WORK="$(mktemp -d /tmp/osprey-backends-bench-XXXXXX)"
chmod 755 "$WORK"
PGBIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"

die() { echo "backends.sh: $*" >&2; exit 1; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 1 $(( $2 * 10 ))); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; return 1; }
field() { grep -o "\"$2\":[^,}]*" "$1" | head -1 | cut -d: -f2 | tr -d '"'; }

# ---- the databases -------------------------------------------------------------------------------------------------
PGPORT="$(free_port)"; REDISPORT="$(free_port)"; MYPORT="$(free_port)"
pg_start() {
    if [ ! -d "$WORK/pg/data" ]; then
        mkdir -p "$WORK/pg" && chown postgres "$WORK/pg"
        runuser -u postgres -- "$PGBIN/initdb" -D "$WORK/pg/data" -U postgres --auth=trust --no-locale -E UTF8 \
            > "$WORK/pg/initdb.log" 2>&1
    fi
    runuser -u postgres -- "$PGBIN/pg_ctl" start -w -D "$WORK/pg/data" -l "$WORK/pg/server.log" \
        -o "-p $PGPORT -k $WORK/pg -c listen_addresses=127.0.0.1 -c shared_buffers=128MB" > /dev/null
    "$PGBIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -tAc "select 1 from pg_database where datname = 'mqtt'" \
        | grep -q 1 || "$PGBIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -qc "create database mqtt"
}
pg_stop() { runuser -u postgres -- "$PGBIN/pg_ctl" stop -w -D "$WORK/pg/data" -m fast > /dev/null; }
redis_start() {
    mkdir -p "$WORK/redis"
    redis-server --port "$REDISPORT" --bind 127.0.0.1 --dir "$WORK/redis" --save '' --appendonly yes \
        --appendfsync everysec --daemonize yes --pidfile "$WORK/redis/redis.pid" --logfile "$WORK/redis/redis.log"
    wait_port "$REDISPORT" 10 || die "redis-server did not start"
}
redis_stop() { redis-cli -p "$REDISPORT" shutdown nosave > /dev/null 2>&1 || true; sleep 0.5; }
my_start() {
    if [ ! -d "$WORK/my/data" ]; then
        mkdir -p "$WORK/my"
        mariadb-install-db --no-defaults --datadir="$WORK/my/data" --auth-root-authentication-method=normal \
            --skip-test-db --user=root > "$WORK/my/install.log" 2>&1
    fi
    mariadbd --no-defaults --datadir="$WORK/my/data" --socket="$WORK/my/sock" --port="$MYPORT" \
        --bind-address=127.0.0.1 --skip-name-resolve --user=root --skip-log-bin \
        --log-error="$WORK/my/error.log" --pid-file="$WORK/my/pid" > /dev/null 2>&1 &
    wait_port "$MYPORT" 60 || die "mariadbd did not start"
    sleep 1
    mariadb -h 127.0.0.1 -P "$MYPORT" -u root -e "create database if not exists mqtt" 2>/dev/null
}
my_stop() { kill "$(cat "$WORK/my/pid")"; for _ in $(seq 1 100); do wait_port "$MYPORT" 0 || return 0; sleep 0.1; done; }

cleanup() {
    [ -x "$WORK/osprey/bin/osprey" ] && "$WORK/osprey/bin/osprey" stop > /dev/null 2>&1 || true
    [ -d "$WORK/pg/data" ] && runuser -u postgres -- "$PGBIN/pg_ctl" stop -D "$WORK/pg/data" -m immediate > /dev/null 2>&1 || true
    redis_stop
    [ -f "$WORK/my/pid" ] && kill "$(cat "$WORK/my/pid")" 2>/dev/null || true
    [ "$KEEP" = 1 ] && echo "kept $WORK" || rm -rf "$WORK"
}
trap cleanup EXIT

# ---- the node ------------------------------------------------------------------------------------------------------
cp -RL "$NODE" "$WORK/osprey"
rm -rf "$WORK/osprey/data/cache" "$WORK/osprey/log/"*
echo "-Xlog:gc:file=$WORK/gc.log" >> "$WORK/osprey/etc/jvm.options" # GC pauses, to tell them from the backend's
MQTT_PORT="$(free_port)"
export OSPREY_BROKER__STORE=memory OSPREY_MANAGEMENT__BIND="127.0.0.1:$(free_port)"
for f in "$WORK/osprey/etc/"osprey.listener-*.cfg; do
    name="$(basename "$f" .cfg)"; name="${name#osprey.listener-}"
    port="$MQTT_PORT"; [ "$name" = tcp ] || port="$(free_port)"
    export "OSPREY_LISTENER_$(echo "$name" | tr 'a-z.-' 'A-Z__')__BIND=127.0.0.1:$port"
done
export OSPREY_BACKEND_PGSQL__SERVER="127.0.0.1:$PGPORT" OSPREY_BACKEND_PGSQL__USERNAME=postgres
export OSPREY_BACKEND_REDIS__SERVER="127.0.0.1:$REDISPORT"
export OSPREY_BACKEND_MYSQL__SERVER="127.0.0.1:$MYPORT" OSPREY_BACKEND_MYSQL__PASSWORD=
"$WORK/osprey/bin/osprey" start > "$WORK/osprey.log" 2>&1 || die "the node did not start: $(tail -5 "$WORK/osprey.log")"
ctl() { "$WORK/osprey/bin/osprey" ctl "$@"; }
stat() { ctl "backend-$1" status | awk -v k="$2" '$1 == k { print $2; exit }'; } # backend line-label
written() { stat "$1" written; }
dropped() { stat "$1" dropped; }
queued() { stat "$1" queue; }
bench() { # out args…
    local out="$1"; shift
    GC_FROM="$(wc -l < "$WORK/gc.log")"
    java -jar "$JAR" "$@" --host 127.0.0.1 --port "$MQTT_PORT" --json --quiet > "$out" 2> "$out.log" \
        || die "the load tool failed: $(tail -3 "$out.log")"
    tail -n +"$((GC_FROM + 1))" "$WORK/gc.log" | grep Pause | grep -o '[0-9.]*ms$' | tr -d 'ms' | sort -g \
        | tail -1 > "$out.gcmax" || true # no pause at all: an empty file
}
gcmax() { cat "$1.gcmax" 2>/dev/null | cut -d. -f1; }
now_ms() { date +%s%3N; }
db() { case "$1" in pgsql) echo pg ;; mysql) echo my ;; *) echo "$1" ;; esac; }

echo "Node $WORK/osprey (store = memory), load tool $JAR, $(nproc) CPUs; ${DURATION} s runs; load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '\n%-7s %12s %14s %10s %9s   %-34s %-34s\n' backend "fanin msg/s" "persisted/s" "dropped" "drain ms" \
    "latency up p50/p99 µs (GC max ms)" "latency down p50/p99 µs (GC max ms)"
for b in $BACKENDS; do
    "$(db "$b")_start"
    ctl plugins load "backend-$b" > /dev/null
    for _ in $(seq 1 100); do
        bench "$WORK/probe.json" pub --count 1 --qos 1 --duration 1 --warmup 0 > /dev/null 2>&1 || true
        ctl "backend-$b" status | grep -qE '  up$' && break
        sleep 0.3
    done
    # throughput: closed-loop fanin, the backend storing every QoS 1 message
    w0="$(written "$b")"; d0="$(dropped "$b")"; t0="$(now_ms)"
    bench "$WORK/$b.fanin.json" fanin --count 50 --qos 1 --size 64 --duration "$DURATION" --warmup 2
    t1="$(now_ms)"; w1="$(written "$b")"
    while [ "$(queued "$b")" != 0 ]; do sleep 0.2; done
    t2="$(now_ms)"; d1="$(dropped "$b")"
    persisted="$(awk -v w="$((w1 - w0))" -v ms="$((t1 - t0))" 'BEGIN { printf "%.0f", w * 1000 / ms }')"
    # latency at a fixed rate (50 publishers × --rate), the database running, then stopped
    bench "$WORK/$b.up.json" fanin --count 50 --qos 1 --size 64 --rate "$RATE" --duration "$DURATION" --warmup 2
    "$(db "$b")_stop"
    sleep 1
    bench "$WORK/$b.down.json" fanin --count 50 --qos 1 --size 64 --rate "$RATE" --duration "$DURATION" --warmup 2
    dd="$(dropped "$b")"; qd="$(queued "$b")"
    "$(db "$b")_start"
    while [ "$(queued "$b")" != 0 ]; do sleep 0.2; done
    printf '%-7s %12s %14s %10s %9s   %-34s %-34s\n' "$b" "$(field "$WORK/$b.fanin.json" recv_rate | cut -d. -f1)" \
        "$persisted" "$((d1 - d0))" "$((t2 - t1))" \
        "$(field "$WORK/$b.up.json" latency_p50_us | cut -d. -f1)/$(field "$WORK/$b.up.json" latency_p99_us | cut -d. -f1) ($(gcmax "$WORK/$b.up.json"))" \
        "$(field "$WORK/$b.down.json" latency_p50_us | cut -d. -f1)/$(field "$WORK/$b.down.json" latency_p99_us | cut -d. -f1) ($(gcmax "$WORK/$b.down.json")); queued $qd, dropped $((dd - d1))"
    ctl plugins unload "backend-$b" > /dev/null
    "$(db "$b")_stop"
done
echo "load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
