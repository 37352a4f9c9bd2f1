#!/usr/bin/env bash
# A single-node Slurm on loopback for the sweep's Slurm runner test:
# munged, slurmctld and slurmd from Debian, every file (key, sockets,
# state, logs, slurm.conf) inside DIR, ports picked free on 127.0.0.1.
#
#   slurm_local.sh start DIR   start the three daemons, wait until the node
#                              is idle; prints "export SLURM_CONF=DIR/slurm.conf"
#   slurm_local.sh stop DIR    stop what `start` started (by its pid files)
#
# On failure `start` prints the daemons' log tails and exits 1; the caller
# still runs `stop`.
set -euo pipefail
cmd=$1 dir=$(realpath -m "$2")

stop() {
  for d in slurmd slurmctld munged; do
    local pf="$dir/$d.pid"
    [ -f "$pf" ] || continue
    local pid
    pid=$(cat "$pf")
    if kill "$pid" 2>/dev/null; then
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$pf"
  done
}

fail() {
  echo "slurm_local: $*" >&2
  for f in "$dir"/*.log; do
    [ -f "$f" ] && { echo "--- $f" >&2; tail -n 8 "$f" >&2; }
  done
  exit 1
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

if [ "$cmd" = stop ]; then stop; exit 0; fi
[ "$cmd" = start ] || { echo "usage: slurm_local.sh start|stop DIR" >&2; exit 2; }

for t in munged slurmctld slurmd sbatch sinfo; do
  command -v "$t" >/dev/null || fail "no $t; run scripts/setup.sh slurm"
done
mkdir -p "$dir"/{state,spool,munge}
chmod 700 "$dir/munge"
# munged checks that nobody else can write the key's directories; a temp
# directory under a world-writable /tmp fails that, so --force.
dd if=/dev/urandom of="$dir/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$dir/munge/munge.key"
sock="$dir/munge/munge.socket"
munged --force --socket="$sock" --key-file="$dir/munge/munge.key" \
  --pid-file="$dir/munged.pid" --log-file="$dir/munged.log" \
  --seed-file="$dir/munge/seed" 2>>"$dir/munged.log" || fail "munged did not start"

node=$(hostname -s)
cpus=$(nproc)
cat >"$dir/slurm.conf" <<EOF
ClusterName=mmcosim-test
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=$(free_port)
SlurmdPort=$(free_port)
SlurmUser=$(id -un)
SlurmdUser=$(id -un)
AuthType=auth/munge
AuthInfo=socket=$sock
CredType=cred/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/builtin
MpiDefault=none
ReturnToService=2
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SlurmctldTimeout=30
SlurmdTimeout=30
MinJobAge=600
NodeName=$node NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=sweep Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF=$dir/slurm.conf
slurmctld -i 2>>"$dir/slurmctld.log" || fail "slurmctld did not start"
slurmd 2>>"$dir/slurmd.log" || fail "slurmd did not start"
for _ in $(seq 100); do
  state=$(sinfo -h -N -o %t 2>/dev/null || true)
  case "$state" in idle*) echo "export SLURM_CONF=$dir/slurm.conf"; exit 0 ;; esac
  sleep 0.2
done
fail "node not idle after 20 s (state '${state:-none}')"
