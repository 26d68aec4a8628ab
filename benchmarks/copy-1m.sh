#!/usr/bin/env bash
# Bulk load benchmark (issue 3): COPY FROM STDIN of 1M rows (int, text, float8, date) into an
# empty table, and COPY TO STDOUT of the same rows, in text, csv and binary formats, against
# PostgreSQL (A) and Tusk (B) side by side in one run. Prints seconds per server and the
# ratio B/A (time, so below 1.0 means Tusk was faster), and checks that both servers
# return identical data. Runs PostgreSQL as the user `pgbench` when run as root.
#   benchmarks/copy-1m.sh [rows]
set -euo pipefail
cd "$(dirname "$0")/.."
rows="${1:-1000000}"
pgbin="$(pg_config --bindir)"
work="$(mktemp -d /tmp/tusk-copy.XXXXXX)"
chmod 755 "$work"
opts="-c fsync=on -c shared_buffers=128MB -c listen_addresses=127.0.0.1"
as_pg() { if [ "$(id -u)" = 0 ]; then id pgbench >/dev/null 2>&1 || useradd -m pgbench; su pgbench -c "$*"; else bash -c "$*"; fi; }
mkdir -p "$work/a" && [ "$(id -u)" = 0 ] && chown pgbench "$work/a" 2>/dev/null || true
as_pg "$pgbin/initdb -D $work/a/data -U postgres --auth=trust >/dev/null"
as_pg "$pgbin/pg_ctl -D $work/a/data -l $work/a/log -o '-p 5452 -k $work/a $opts' -w start >/dev/null"
target/release/initdb -D "$work/b" -U postgres >/dev/null
target/release/postgres -D "$work/b" -p 5453 -k "$work" $opts >"$work/b.log" 2>&1 &
trap 'kill -INT %1 2>/dev/null; as_pg "$pgbin/pg_ctl -D $work/a/data -m fast stop" >/dev/null 2>&1; sleep 1; rm -rf "$work"' EXIT
sleep 2
python3 - "$rows" > "$work/data.txt" <<'PY'
import sys
n = int(sys.argv[1])
out = sys.stdout
for i in range(n):
    out.write("%d\tname %d\t%s\t2020-01-%02d\n" % (i, i * 7, i / 8.0, i % 28 + 1))
PY
q() { psql -X -q -h 127.0.0.1 -p "$1" -U postgres -d postgres "${@:2}"; }
secs() { python3 -c "import time,subprocess,sys; t=time.time(); subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL); print('%.3f' % (time.time()-t))" "$@"; }
ratio() { python3 -c "print('%-22s A %6.2f s   B %6.2f s   B/A %.2f' % ('$1', $2, $3, $3 / $2))"; }
for port in 5452 5453; do
    q "$port" -c "create table t (a int, b text, c float8, d date)"
done
a=$(secs psql -X -q -h 127.0.0.1 -p 5452 -U postgres -d postgres -c "\\copy t from '$work/data.txt'")
b=$(secs psql -X -q -h 127.0.0.1 -p 5453 -U postgres -d postgres -c "\\copy t from '$work/data.txt'")
ratio "copy from (text)" "$a" "$b"
for fmt in text csv binary; do
    a=$(secs psql -X -q -h 127.0.0.1 -p 5452 -U postgres -d postgres -c "\\copy t to '$work/a.$fmt' with (format $fmt)")
    b=$(secs psql -X -q -h 127.0.0.1 -p 5453 -U postgres -d postgres -c "\\copy t to '$work/b.$fmt' with (format $fmt)")
    ratio "copy to ($fmt)" "$a" "$b"
    cmp -s "$work/a.$fmt" "$work/b.$fmt" && echo "  $fmt output identical" || echo "  $fmt output DIFFERS"
done
for fmt in csv binary; do
    for port in 5452 5453; do q "$port" -c "truncate t"; done
    a=$(secs psql -X -q -h 127.0.0.1 -p 5452 -U postgres -d postgres -c "\\copy t from '$work/a.$fmt' with (format $fmt)")
    b=$(secs psql -X -q -h 127.0.0.1 -p 5453 -U postgres -d postgres -c "\\copy t from '$work/a.$fmt' with (format $fmt)")
    ratio "copy from ($fmt)" "$a" "$b"
    sa=$(q 5452 -At -c "select count(*), sum(a), md5(string_agg(b || c || d, ',' order by a)) from t")
    sb=$(q 5453 -At -c "select count(*), sum(a), md5(string_agg(b || c || d, ',' order by a)) from t")
    [ "$sa" = "$sb" ] && echo "  $fmt round trip identical ($sa)" || echo "  $fmt round trip DIFFERS: $sa vs $sb"
done
