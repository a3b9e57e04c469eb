#!/usr/bin/env bash
# Osprey against Mosquitto on this machine: the same scenarios, run in alternation (Osprey, Mosquitto, Osprey, …)
# against a copy of the assembled node and a throwaway Mosquitto, both on loopback; each figure per round, then the
# median of each side and the Osprey/Mosquitto ratio. Absolute figures swing with the machine's other work: only the
# ratios of one session mean something.
#
#   itests/bench/compare.sh                       # every scenario, 3 rounds of 10 s (+2 s warm-up)
#   itests/bench/compare.sh --rounds 5 --duration 30 --scenarios "fanin0 fanin1"
#   itests/bench/compare.sh --jvm "-XX:+UseZGC" --scenarios fanin0     # the node with other JVM options
#   itests/bench/compare.sh --env OSPREY_BROKER__STORE=disk --bench "--no-clean" --scenarios "fanin1 p2p1"
#
# The node runs with store = memory unless --env says otherwise (the issue's targets are for the in-memory store).
#
# Needs: the assembled node (mvn -B -q install -DskipTests), Java 17+, mosquitto (installed with apt-get when
# missing and running as root), jcmd (for the idle-connection heap).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
ROOT="$(cd "$HERE/../.." && pwd -P)"

ROUNDS=3
DURATION=10
WARMUP=2
IDLE=19000
SCENARIOS="fanin0 fanin1 fanout0 p2p1 latency idle"
NODE="$ROOT/distribution/target/osprey"
JAR=""
JVM_EXTRA=""
NODE_ENV=("OSPREY_BROKER__STORE=memory")
BENCH_EXTRA=""
KEEP=0

usage() {
    cat <<USAGE
Usage: compare.sh [options]
  --rounds N        alternations per scenario ($ROUNDS)
  --duration S      measured seconds per run ($DURATION)
  --warmup S        warm-up seconds per run ($WARMUP)
  --scenarios LIST  from: fanin0 fanin1 fanout0 p2p1 latency idle ("$SCENARIOS")
  --idle N          connections for the idle scenario ($IDLE; the fd limit must allow it)
  --node DIR        the assembled Osprey node to copy ($NODE)
  --jar FILE        the load tool (default: the node's system/tools/osprey-bench.jar)
  --jvm "OPTIONS"   extra JVM options for the Osprey node (appended to its etc/jvm.options; a -XX:+Use…GC
                    replaces the shipped collector)
  --env KEY=VALUE   an environment override for the node, e.g. OSPREY_BROKER__STORE=disk (repeatable;
                    default OSPREY_BROKER__STORE=memory)
  --bench "ARGS"    extra load tool arguments for every run, e.g. "--no-clean" or "--mqtt 5"
  --keep            keep the work folder (configs, logs, every JSON result)
USAGE
}

while [ $# -gt 0 ]; do
    case "$1" in
        --rounds) ROUNDS="$2"; shift 2 ;;
        --duration) DURATION="$2"; shift 2 ;;
        --warmup) WARMUP="$2"; shift 2 ;;
        --scenarios) SCENARIOS="$2"; shift 2 ;;
        --idle) IDLE="$2"; shift 2 ;;
        --node) NODE="$2"; shift 2 ;;
        --jar) JAR="$2"; shift 2 ;;
        --jvm) JVM_EXTRA="$2"; shift 2 ;;
        --env) NODE_ENV+=("$2"); shift 2 ;;
        --bench) BENCH_EXTRA="$2"; shift 2 ;;
        --keep) KEEP=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "compare.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
    esac
done

die() { echo "compare.sh: $*" >&2; exit 1; }

[ -x "$NODE/bin/osprey" ] || die "no assembled node at $NODE (build it: mvn -B -q install -DskipTests)"
[ -n "$JAR" ] || JAR="$NODE/system/tools/osprey-bench.jar"
[ -f "$JAR" ] || die "no load tool at $JAR"
command -v java >/dev/null || die "java is not on the PATH"

if ! command -v mosquitto >/dev/null 2>&1; then
    [ "$(id -u)" = 0 ] || die "mosquitto is not installed (sudo apt-get install mosquitto)"
    echo "Installing Debian's mosquitto…"
    apt-get install -y mosquitto >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y mosquitto >/dev/null; }
fi
MOSQUITTO="$(command -v mosquitto || echo /usr/sbin/mosquitto)"

WORK="$(mktemp -d /tmp/osprey-compare.XXXXXX)"
mkdir -p "$WORK/results"
MPID=""
OPID=""
TPID=""
IPID=""

cleanup() {
    for pid in $TPID $OPID $MPID $IPID; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in $TPID $OPID $MPID $IPID; do
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
    done
    if [ "$KEEP" = 1 ]; then echo "Work folder kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

USED_PORTS=" "
free_port() {
    local p
    while :; do
        p=$((20000 + RANDOM % 10000))
        case "$USED_PORTS" in *" $p "*) continue ;; esac
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
            USED_PORTS="$USED_PORTS$p "
            echo "$p"
            return
        fi
    done
}

wait_port() { # port timeout_seconds
    for _ in $(seq 1 $(( $2 * 10 ))); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
        sleep 0.1
    done
    return 1
}

now_ms() { date +%s%3N; }

# ---- brokers ------------------------------------------------------------------------------------------------------

MPORT="$(free_port)"
cat > "$WORK/mosquitto.conf" <<CONF
listener $MPORT 127.0.0.1
allow_anonymous true
persistence false
CONF
"$MOSQUITTO" -c "$WORK/mosquitto.conf" > "$WORK/mosquitto.log" 2>&1 &
MPID=$!
wait_port "$MPORT" 10 || die "mosquitto did not start: $(tail -3 "$WORK/mosquitto.log")"
MVERSION="$( ("$MOSQUITTO" -h 2>&1 || true) | head -1 | sed "s/mosquitto version //")"

OPORT="$(free_port)"
cp -RL "$NODE" "$WORK/osprey"
rm -rf "$WORK/osprey/data/cache" "$WORK/osprey/log/"*
if [ -n "$JVM_EXTRA" ]; then
    case " $JVM_EXTRA " in
        # a collector given here replaces the shipped one (the JVM refuses two)
        *" -XX:+Use"*GC" "*) sed -i '/^-XX:+Use[A-Za-z0-9]*GC[[:space:]]*$/d' "$WORK/osprey/etc/jvm.options" ;;
    esac
    for opt in $JVM_EXTRA; do echo "$opt" >> "$WORK/osprey/etc/jvm.options"; done
fi
# every listener the node ships (tcp, internal, ssl, ws, wss …) gets a free loopback port; tcp is the measured one
LISTENER_ENV=()
for f in "$WORK/osprey/etc/"osprey.listener-*.cfg; do
    name="$(basename "$f" .cfg)"
    name="${name#osprey.listener-}"
    var="OSPREY_LISTENER_$(echo "$name" | tr 'a-z.-' 'A-Z__')__BIND"
    if [ "$name" = tcp ]; then port="$OPORT"; else port="$(free_port)"; fi
    LISTENER_ENV+=("$var=127.0.0.1:$port")
done
MGMT_PORT="$(free_port)"
start_osprey() { # bin/osprey start, which waits for 'running now' itself; sets OPID and STARTED_MS
    local t0
    t0="$(now_ms)"
    env "${NODE_ENV[@]}" "${LISTENER_ENV[@]}" OSPREY_MANAGEMENT__BIND="127.0.0.1:$MGMT_PORT" \
        "$WORK/osprey/bin/osprey" start > "$WORK/osprey.log" 2>&1 \
        || die "the Osprey node did not start: $(tail -5 "$WORK/osprey.log")"
    STARTED_MS=$(( $(now_ms) - t0 ))
    read -r OPID < "$WORK/osprey/data/osprey.pid" || [ -n "$OPID" ] # the pid file has no final newline
}
stop_osprey() {
    "$WORK/osprey/bin/osprey" stop > /dev/null || true
    OPID=""
}
# the first start of the copy makes its bundle cache and its class-data-sharing archive (written when it stops);
# every later start is a restart, which is what the start-up target is about
start_osprey
FIRST_START_MS="$STARTED_MS"
RESTART_MS=()
for i in 1 2 3; do
    stop_osprey
    start_osprey
    RESTART_MS+=("$STARTED_MS")
done
echo "Osprey node $WORK/osprey on 127.0.0.1:$OPORT (pid $OPID; first start $FIRST_START_MS ms, restarts ${RESTART_MS[*]} ms; JVM: $(grep -v -E '^\s*(#|$)' "$WORK/osprey/etc/jvm.options" | tr '\n' ' '))"
echo "Node environment: ${NODE_ENV[*]}"
echo "Mosquitto $MVERSION on 127.0.0.1:$MPORT (pid $MPID)"
echo "Load tool $JAR ${BENCH_EXTRA}; $ROUNDS rounds of ${DURATION} s after ${WARMUP} s warm-up; $(nproc) CPUs"
echo

# ---- runs ---------------------------------------------------------------------------------------------------------

field() { # json-file field
    grep -o "\"$2\":[^,}]*" "$1" | head -1 | cut -d: -f2 | tr -d '"'
}

median() { # values…
    printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {if (NR==0) print "nan"; else if (NR%2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'
}

fmt() { # number → 1,234,567 (integers) or 12.3
    awk -v x="$1" 'BEGIN { if (x == "nan" || x == "") { print "-"; exit }
        if (x >= 100) { s = sprintf("%.0f", x); n = length(s); o = "";
            for (i = 1; i <= n; i++) { o = o substr(s, i, 1); if ((n - i) % 3 == 0 && i < n) o = o "," } print o }
        else printf "%.2f\n", x }'
}

args_of() { # scenario → tool arguments
    case "$1" in
        fanin0) echo "fanin --count 50 --qos 0 --size 64" ;;
        fanin1) echo "fanin --count 50 --qos 1 --size 64" ;;
        fanout0) echo "fanout --count 100 --qos 0 --size 64" ;;
        p2p1) echo "p2p --count 500 --qos 1 --size 64" ;;
        latency) echo "fanin --count 50 --qos 0 --size 64 --rate $LATENCY_RATE" ;;
        *) die "unknown scenario $1" ;;
    esac
}

run_one() { # scenario broker port round → prints a line, leaves the JSON in results/
    local scenario="$1" broker="$2" port="$3" round="$4"
    local out="$WORK/results/$scenario.$broker.$round.json"
    # shellcheck disable=SC2046
    if ! java ${BENCH_JAVA_OPTS:-} -jar "$JAR" $(args_of "$scenario") $BENCH_EXTRA --host 127.0.0.1 --port "$port" \
            --duration "$DURATION" --warmup "$WARMUP" --json --quiet > "$out" 2> "$WORK/results/$scenario.$broker.$round.log"; then
        echo "  round $round  $scenario  $broker: the load tool failed, see $WORK/results/$scenario.$broker.$round.log"
        return
    fi
    printf '  round %s  %-8s %-9s recv %10s/s  sent %10s/s  lost %6s  dup %4s  p50 %8s µs  p99 %9s µs  gen cpu %s cores\n' \
        "$round" "$scenario" "$broker" "$(fmt "$(field "$out" recv_rate)")" "$(fmt "$(field "$out" sent_rate)")" \
        "$(field "$out" lost)" "$(field "$out" duplicated)" "$(fmt "$(field "$out" latency_p50_us)")" \
        "$(fmt "$(field "$out" latency_p99_us)")" "$(field "$out" cpu_cores)"
    sleep 1
}

values() { # scenario broker field → one value per round
    local f
    for f in "$WORK/results/$1.$2".*.json; do
        [ -s "$f" ] && field "$f" "$3"
    done
}

declare -a TABLE=()
add_row() { # label metric osprey mosquitto ratio target
    TABLE+=("$(printf '%-34s %-16s %14s %14s %8s   %s' "$1" "$2" "$3" "$4" "$5" "$6")")
}

compare_throughput() { # scenario label target
    local s="$1" o m r lost_o lost_m
    o="$(median $(values "$s" osprey recv_rate))"
    m="$(median $(values "$s" mosquitto recv_rate))"
    r="$(awk -v a="$o" -v b="$m" 'BEGIN { if (b > 0) printf "%.1fx", a / b; else print "-" }')"
    lost_o="$(values "$s" osprey lost | tr '\n' ' ')"
    lost_m="$(values "$s" mosquitto lost | tr '\n' ' ')"
    add_row "$2" "$4" "$(fmt "$o")" "$(fmt "$m")" "$r" "$3; lost per round: osprey ${lost_o}/ mosquitto ${lost_m}"
}

LATENCY_RATE=0
for s in $SCENARIOS; do
    case "$s" in
        idle) continue ;;
        latency)
            if [ -z "$(values fanin0 mosquitto recv_rate)" ]; then
                echo "Calibrating the latency load on Mosquitto's fanin QoS 0…"
                for r in $(seq 1 "$ROUNDS"); do run_one fanin0 mosquitto "$MPORT" "$r"; done
            fi
            LATENCY_RATE="$(awk -v x="$(median $(values fanin0 mosquitto recv_rate))" 'BEGIN { printf "%.0f", x / 2 / 50 }')"
            echo "latency: fanin QoS 0 at half Mosquitto's median fanin rate: 50 publishers x $LATENCY_RATE msgs/s"
            ;;
    esac
    echo "$s: $(args_of "$s")"
    for r in $(seq 1 "$ROUNDS"); do
        run_one "$s" osprey "$OPORT" "$r"
        run_one "$s" mosquitto "$MPORT" "$r"
    done
done

# ---- idle connections ---------------------------------------------------------------------------------------------

live_heap() { # pid → bytes of live objects (GC.class_histogram runs a full GC first)
    jcmd "$1" GC.class_histogram 2>/dev/null | awk '/^Total/ { print $3 }'
}
rss() { # pid → bytes
    awk '/^VmRSS/ { print $2 * 1024 }' "/proc/$1/status"
}

idle_run() { # broker port pid → sets IDLE_HEAP IDLE_RSS IDLE_COUNT
    local broker="$1" port="$2" pid="$3" heap0="" heap1="" rss0 rss1 connected
    [ "$broker" = osprey ] && heap0="$(live_heap "$pid")"
    rss0="$(rss "$pid")"
    java ${BENCH_JAVA_OPTS:-} -jar "$JAR" conn --host 127.0.0.1 --port "$port" --count "$IDLE" --duration 0 --quiet \
        > "$WORK/results/idle.$broker.out" 2> "$WORK/results/idle.$broker.log" &
    TPID=$!
    connected=""
    for _ in $(seq 1 1200); do
        connected="$(sed -n 's/^connected: \([0-9]*\) of.*/\1/p' "$WORK/results/idle.$broker.log" 2>/dev/null)"
        [ -n "$connected" ] && break
        kill -0 "$TPID" 2>/dev/null || break
        sleep 0.1
    done
    sleep 3
    [ "$broker" = osprey ] && heap1="$(live_heap "$pid")"
    rss1="$(rss "$pid")"
    kill -TERM "$TPID" 2>/dev/null || true
    wait "$TPID" 2>/dev/null || true
    TPID=""
    IDLE_COUNT="${connected:-0}"
    IDLE_RSS="$(awk -v a="$rss0" -v b="$rss1" -v n="$IDLE_COUNT" 'BEGIN { if (n > 0) printf "%.0f", (b - a) / n; else print "nan" }')"
    IDLE_HEAP="nan"
    if [ -n "$heap0" ] && [ -n "$heap1" ]; then
        IDLE_HEAP="$(awk -v a="$heap0" -v b="$heap1" -v n="$IDLE_COUNT" 'BEGIN { if (n > 0) printf "%.0f", (b - a) / n; else print "nan" }')"
    fi
    echo "  idle $broker: $IDLE_COUNT of $IDLE connections; RSS $(fmt "$rss0") -> $(fmt "$rss1") B${heap0:+; live heap $(fmt "$heap0") -> $(fmt "$heap1") B}"
}

case " $SCENARIOS " in
    *" idle "*)
        echo "idle: conn --count $IDLE, held; live heap after a full GC (jcmd GC.class_histogram) and RSS, before and after"
        idle_run osprey "$OPORT" "$OPID"
        O_HEAP="$IDLE_HEAP"; O_RSS="$IDLE_RSS"; O_COUNT="$IDLE_COUNT"
        sleep 2
        # a fresh Mosquitto: the one that served the throughput runs keeps the memory it grew to
        IPORT="$(free_port)"
        printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\n' "$IPORT" > "$WORK/mosquitto-idle.conf"
        "$MOSQUITTO" -c "$WORK/mosquitto-idle.conf" > "$WORK/mosquitto-idle.log" 2>&1 &
        IPID=$!
        wait_port "$IPORT" 10 || die "the idle mosquitto did not start"
        idle_run mosquitto "$IPORT" "$IPID"
        M_RSS="$IDLE_RSS"; M_COUNT="$IDLE_COUNT"
        kill -TERM "$IPID" 2>/dev/null || true
        ;;
esac

# ---- table --------------------------------------------------------------------------------------------------------

for s in $SCENARIOS; do
    case "$s" in
        fanin0) compare_throughput fanin0 "fanin 50->1, QoS 0, 64 B" ">= 4x, 0 lost" "msgs/s" ;;
        fanin1) compare_throughput fanin1 "fanin 50->1, QoS 1, 64 B" ">= 4x, 0 lost" "msgs/s" ;;
        fanout0) compare_throughput fanout0 "fanout 1->100, QoS 0, 64 B" ">= 4x" "deliveries/s" ;;
        p2p1) compare_throughput p2p1 "p2p 500 pairs, QoS 1, 64 B" ">= 4x" "msgs/s" ;;
        latency)
            o="$(median $(values latency osprey latency_p99_us))"
            m="$(median $(values latency mosquitto latency_p99_us))"
            r="$(awk -v a="$o" -v b="$m" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "-" }')"
            add_row "latency p99 @ $((LATENCY_RATE * 50)) msgs/s (fanin)" "µs" "$(fmt "$o")" "$(fmt "$m")" "$r" "<= 0.5x (lower is better)"
            o="$(median $(values latency osprey latency_p50_us))"
            m="$(median $(values latency mosquitto latency_p50_us))"
            add_row "latency p50 (same runs)" "µs" "$(fmt "$o")" "$(fmt "$m")" "$(awk -v a="$o" -v b="$m" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "-" }')" ""
            ;;
        idle)
            add_row "idle: live heap per connection" "bytes" "$(fmt "$O_HEAP")" "-" "" "<= 3 KB ($O_COUNT connections); 1M connections: $(awk -v x="$O_HEAP" 'BEGIN { if (x == "nan") print "-"; else printf "%.2f GB", x * 1e6 / 2^30 }') of heap"
            add_row "idle: RSS per connection" "bytes" "$(fmt "$O_RSS")" "$(fmt "$M_RSS")" "$(awk -v a="$O_RSS" -v b="$M_RSS" 'BEGIN { if (b > 0) printf "%.1fx", a / b; else print "-" }')" "1M connections: osprey $(awk -v x="$O_RSS" 'BEGIN { if (x == "nan") print "-"; else printf "%.2f GB", x * 1e6 / 2^30 }'), mosquitto $(awk -v x="$M_RSS" 'BEGIN { if (x == "nan") print "-"; else printf "%.2f GB", x * 1e6 / 2^30 }') ($M_COUNT connections)"
            ;;
    esac
done
add_row "start to 'running now', restart" "ms" "$(median "${RESTART_MS[@]}")" "-" "" "<= 1500 ms (median of 3 restarts: ${RESTART_MS[*]} ms)"
add_row "start, first of a fresh copy" "ms" "$FIRST_START_MS" "-" "" "makes the bundle cache and the class-data-sharing archive"

echo
printf '%-34s %-16s %14s %14s %8s   %s\n' "scenario" "unit" "osprey (med)" "mosquitto (med)" "ratio" "target / notes"
printf '%s\n' "${TABLE[@]}"
