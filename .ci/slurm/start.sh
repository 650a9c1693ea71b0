#!/usr/bin/env bash
# Starts a one-node SLURM cluster on this machine for CI (as root): installs slurm-wlm and munge when missing,
# writes /etc/slurm/slurm.conf from .ci/slurm/slurm.conf.in (this host, its CPUs and memory), creates a munge key,
# starts munged, slurmctld and slurmd, and waits until sinfo shows the node idle. Running it again when the node
# is already up (idle, mixed or allocated, and responding) does nothing.
# A /etc/slurm/slurm.conf that is not ours (no "# san2n-ci" marker on its first line, no ClusterName=san2nci) is a real
# cluster's: start.sh
# refuses to replace it. The daemons it started are listed, one "name pid" a line, in STARTED_FILE (default
# /run/san2n-ci-slurm.started) for .ci/slurm.sh's trap to stop; daemons that were already running are not listed.
# Usage: bash .ci/slurm/start.sh [STARTED_FILE]
set -euo pipefail
cd "$(dirname "$0")"
STARTED="${1:-/run/san2n-ci-slurm.started}"
MARKER="# san2n-ci"
if [ "$(id -u)" != 0 ]; then echo "start.sh: slurmctld and slurmd are started as root; run it as root" >&2; exit 1; fi
if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -q slurm-wlm munge >/dev/null
fi
# "idle*" (a trailing * or ~ or #…) is a node that does not respond, or is powered down: not up.
if sinfo -h -o '%T' 2>/dev/null | grep -Eqx '(idle|mixed|allocated)'; then echo "SLURM is already up: $(sinfo -h -o '%N %T')"; exit 0; fi

# A process of this name running? From /proc (procps's pgrep may be missing in a container).
running() { local d; for d in /proc/[0-9]*; do [ "$(cat "$d/comm" 2>/dev/null)" = "$1" ] && { echo "${d#/proc/}"; return 0; }; done; return 1; }

host=$(hostname -s)
cpus=$(nproc)
# RealMemory a little under the machine's (slurmd refuses a node that has less than its configuration says).
mem_mb=$(awk '/MemTotal/ { printf "%d", $2 / 1024 * 0.9 }' /proc/meminfo)
mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm /run/munge /var/log/munge /var/lib/munge /etc/munge
conf=/etc/slurm/slurm.conf
# Ours: the marker on its first line, or (written before the marker) CI's cluster name.
if [ -e "$conf" ] && [ "$(head -n 1 "$conf")" != "$MARKER" ] && ! grep -qx 'ClusterName=san2nci' "$conf"; then
  echo "start.sh: $conf is there and not written by this script (no '$MARKER' first line): a real cluster's configuration;" \
    "it is left alone. Run CI's SLURM test on a machine without one, or move it away (e.g. to $conf.orig) yourself." >&2
  exit 1
fi
{ echo "$MARKER"; sed -e "s/@HOST@/$host/g" -e "s/@CPUS@/$cpus/" -e "s/@MEMORY_MB@/$mem_mb/" slurm.conf.in; } > "$conf.new"
mv "$conf.new" "$conf"
# Debian's slurm-wlm reads cgroup.conf only with cgroup plugins; none are configured.

if [ ! -s /etc/munge/munge.key ]; then
  dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key status=none
fi
chown -R munge:munge /etc/munge /run/munge /var/log/munge /var/lib/munge
chmod 0700 /etc/munge /var/lib/munge /var/log/munge
chmod 0400 /etc/munge/munge.key
chmod 0755 /run/munge
: > "$STARTED"
if ! running munged >/dev/null; then runuser -u munge -- munged; echo "munged $(running munged)" >> "$STARTED"; fi
for i in $(seq 50); do munge -n >/dev/null 2>&1 && break; sleep 0.2; done
munge -n | unmunge >/dev/null || { echo "start.sh: munge does not work (see /var/log/munge/munged.log)" >&2; exit 1; }

for d in slurmctld slurmd; do
  if ! running "$d" >/dev/null; then "$d"; for i in $(seq 20); do running "$d" >/dev/null && break; sleep 0.1; done
    echo "$d $(running "$d" || echo '?')" >> "$STARTED"; fi
done
for i in $(seq 60); do
  state=$(sinfo -h -n "$host" -o '%T' 2>/dev/null || true)
  case "$state" in idle) echo "SLURM is up: node $host idle ($cpus CPUs, $mem_mb MB)"; exit 0 ;; esac
  sleep 1
done
echo "start.sh: the node did not become idle within 60 s (state: '${state:-none}')" >&2
tail -n 20 /var/log/slurm/slurmctld.log /var/log/slurm/slurmd.log >&2 || true
exit 1
