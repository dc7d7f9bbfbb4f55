#!/usr/bin/env bash
# .ci/cluster.sh: the scale-out end-to-end tests against real servers.
#
# Installs Debian's slurmctld, slurmd, slurm-client, munge and postgresql
# when missing, then starts, under one temporary directory and on private
# loopback ports (nothing in /etc is read or changed):
#   - munged with its own key, socket, pid, log and seed files;
#   - a single-node Slurm cluster (slurmctld + slurmd, node "localhost"
#     with every core, accounting and job completion logging off);
#   - a PostgreSQL server (initdb as the postgres user, listening on
#     127.0.0.1 only, trust authentication, its own socket directory);
# builds emergo, and runs the tests that need them:
#   go test -run 'Cluster|Postgres' ./store ./internal/cli
# with EMERGO_PG_URL, EMERGO_SLURM=1, SLURM_CONF and EMERGO_BIN set.
# Everything it started is stopped on exit, pass or fail (trap).
#
#   bash .ci/cluster.sh              run the tests
#   bash .ci/cluster.sh -- CMD ...   run CMD instead, with the same
#                                    environment (for development)
set -euo pipefail
cd "$(dirname "$0")/.."

t0=${EPOCHREALTIME/./}
stamp() {
  local ms=$(( (${EPOCHREALTIME/./} - t0) / 1000 ))
  printf '[cluster %4d.%03ds] %s\n' $((ms / 1000)) $((ms % 1000)) "$*"
}

if [ "$(id -u)" != 0 ]; then
  echo "cluster.sh: must run as root (it starts slurmd and runs initdb as the postgres user)" >&2
  exit 1
fi

need=()
for p in slurmctld slurmd slurm-client munge postgresql; do
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  stamp "install: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  # policy-rc.d-less machines would start the packaged services: harmless
  # (they use the default ports and files; ours use private ones).
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
[ -x "$PGBIN/initdb" ] || { echo "cluster.sh: no PostgreSQL binaries under /usr/lib/postgresql" >&2; exit 1; }

T=$(mktemp -d /tmp/emergo-cluster.XXXXXX)
chmod 755 "$T"   # the postgres user must reach its data directory

pg_started=0; munge_pid=""; ctld_pid=""; slurmd_pid=""
cleanup() {
  local rc=$?
  set +e
  if [ -n "$ctld_pid" ]; then
    # Cancel what is still queued or running before the daemons go.
    scancel --full --quiet $(squeue -h -o %i 2>/dev/null) 2>/dev/null
    sleep 0.5
  fi
  for pidvar in slurmd_pid ctld_pid munge_pid; do
    pid=${!pidvar}
    [ -n "$pid" ] && kill "$pid" 2>/dev/null
  done
  for pidvar in slurmd_pid ctld_pid munge_pid; do
    pid=${!pidvar}
    for _ in $(seq 50); do
      [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null
  done
  if [ "$pg_started" = 1 ]; then
    runuser -u postgres -- "$PGBIN/pg_ctl" -D "$T/pg/data" -m immediate -w stop >/dev/null 2>&1
  fi
  if [ "$rc" != 0 ]; then
    for f in "$T"/slurm/*.log "$T"/pg/log "$T"/munge/log; do
      [ -s "$f" ] && { echo "--- $f (last 30 lines)"; tail -n 30 "$f"; }
    done
  fi
  rm -rf "$T"
  stamp "stopped everything (exit $rc)"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# freeport prints a TCP port on 127.0.0.1 that nothing listens on.
freeport() {
  local p
  while :; do
    p=$((20000 + RANDOM % 20000))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
}

# --- munge -----------------------------------------------------------------
stamp "munged"
mkdir -m 700 "$T/munge"
mungekey --create --keyfile="$T/munge/key" 2>/dev/null || dd if=/dev/urandom of="$T/munge/key" bs=1024 count=1 status=none
chmod 400 "$T/munge/key"
munged --force --socket="$T/munge/sock" --key-file="$T/munge/key" --pid-file="$T/munge/pid" \
  --log-file="$T/munge/log" --seed-file="$T/munge/seed"
munge_pid=$(cat "$T/munge/pid")

# --- Slurm -----------------------------------------------------------------
stamp "slurmctld + slurmd"
mkdir -p "$T/slurm/state" "$T/slurm/spool"
export SLURM_CONF="$T/slurm/slurm.conf"
cat >"$SLURM_CONF" <<EOF
ClusterName=emergo-ci
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=$(freeport)
SlurmdPort=$(freeport)
CommunicationParameters=NoInAddrAny,NoCtldInAddrAny
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$T/munge/sock
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$T/slurm/state
SlurmdSpoolDir=$T/slurm/spool
SlurmctldPidFile=$T/slurm/slurmctld.pid
SlurmdPidFile=$T/slurm/slurmd.pid
SlurmctldLogFile=$T/slurm/slurmctld.log
SlurmdLogFile=$T/slurm/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
SchedulerType=sched/backfill
SchedulerParameters=sched_min_interval=0,batch_sched_delay=0
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MinJobAge=600
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=ci Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF
slurmctld -c -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF" -N localhost
for _ in $(seq 300); do
  [ -s "$T/slurm/slurmctld.pid" ] && ctld_pid=$(cat "$T/slurm/slurmctld.pid")
  [ -s "$T/slurm/slurmd.pid" ] && slurmd_pid=$(cat "$T/slurm/slurmd.pid")
  state=$(sinfo -h -N -o %t 2>/dev/null || true)
  [ "$state" = idle ] && break
  sleep 0.1
done
[ "${state:-}" = idle ] || { echo "cluster.sh: the Slurm node did not become idle (state: ${state:-none})" >&2; exit 1; }
stamp "Slurm node idle"

# --- PostgreSQL ------------------------------------------------------------
stamp "PostgreSQL"
mkdir -p "$T/pg/sock"
chown -R postgres:postgres "$T/pg"
PGPORT=$(freeport)
runuser -u postgres -- "$PGBIN/initdb" -D "$T/pg/data" -U emergo -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$T/pg/data" -l "$T/pg/log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $T/pg/sock -c max_connections=200 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
pg_started=1
"$PGBIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U emergo emergo_ci
export EMERGO_PG_URL="postgres://emergo@127.0.0.1:$PGPORT/emergo_ci?sslmode=disable"
stamp "PostgreSQL ready on 127.0.0.1:$PGPORT"

# --- emergo ----------------------------------------------------------------
stamp "go build ./cmd/emergo"
mkdir -p "$T/bin"
go build -o "$T/bin/emergo" ./cmd/emergo
export EMERGO_BIN="$T/bin/emergo" EMERGO_SLURM=1

if [ "${1:-}" = "--" ]; then
  shift
  stamp "running: $*"
  "$@"
else
  stamp "go test -run 'Cluster|Postgres' ./store ./internal/cli"
  set +e
  go test -count=1 -v -run 'Cluster|Postgres' ./store ./internal/cli >"$T/test.log" 2>&1
  rc=$?
  set -e
  # The results and the timings the tests log, not every line.
  grep -E '^(--- |PASS|FAIL|ok |panic)|^ +--- |cluster_test:|stored whole' "$T/test.log" || true
  if [ "$rc" != 0 ]; then
    echo "--- test output (last 100 lines)"; tail -n 100 "$T/test.log"
    exit "$rc"
  fi
fi
stamp "done"
