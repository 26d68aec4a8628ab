#!/usr/bin/env bash
# Small-write-transaction benchmark (issue 4): one INSERT per transaction with fsync and
# synchronous_commit on, PostgreSQL (A) and Tusk (B) side by side in one run, 1 and 8 clients.
#   benchmarks/insert-commit.sh [seconds]
# Prints tps per server and the ratio B/A. PostgreSQL refuses to run as root: when run as root
# it starts PostgreSQL as the user `pgbench` (created if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-15}"
pgbin="$(pg_config --bindir)"
work="$(mktemp -d /tmp/tusk-bench.XXXXXX)"
chmod 755 "$work"
script="$work/ins.sql"
printf '\\set id random(1, 1000000)\nINSERT INTO bench (a, b) VALUES (:id, %s);\n' "'some text value'" > "$script"
opts="-c fsync=on -c synchronous_commit=on -c shared_buffers=128MB -c listen_addresses=127.0.0.1"
as_pg() { if [ "$(id -u)" = 0 ]; then id pgbench >/dev/null 2>&1 || useradd -m pgbench; su pgbench -c "$*"; else bash -c "$*"; fi; }
mkdir -p "$work/a" && [ "$(id -u)" = 0 ] && chown pgbench "$work/a" 2>/dev/null || true
as_pg "$pgbin/initdb -D $work/a/data -U postgres --auth=trust >/dev/null"
as_pg "$pgbin/pg_ctl -D $work/a/data -l $work/a/log -o '-p 5450 -k $work/a $opts' -w start >/dev/null"
target/release/initdb -D "$work/b" -U postgres >/dev/null
target/release/postgres -D "$work/b" -p 5451 -k "$work" $opts >"$work/b.log" 2>&1 &
trap 'kill -INT %1 2>/dev/null; as_pg "$pgbin/pg_ctl -D $work/a/data -m fast stop" >/dev/null 2>&1; sleep 1; rm -rf "$work"' EXIT
sleep 2
for port in 5450 5451; do
    psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -qc "create table bench (a int, b text)"
done
for clients in 1 8; do
    a=$(pgbench -h 127.0.0.1 -p 5450 -U postgres -d postgres -n -f "$script" -c "$clients" -j 2 -T "$secs" 2>/dev/null | sed -n 's/^tps = \([0-9.]*\).*/\1/p')
    b=$(pgbench -h 127.0.0.1 -p 5451 -U postgres -d postgres -n -f "$script" -c "$clients" -j 2 -T "$secs" 2>/dev/null | sed -n 's/^tps = \([0-9.]*\).*/\1/p')
    python3 -c "print('clients %s: A %.0f tps, B %.0f tps, B/A %.2f' % ('$clients', $a, $b, $b / $a))"
done
