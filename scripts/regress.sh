#!/usr/bin/env bash
# Run PostgreSQL 10.2's regression suite against a fresh Tusk server built in target/release.
#   scripts/regress.sh            run and report
#   scripts/regress.sh --check    also fail if a file in tests/regress/passing.txt did not pass
#   scripts/regress.sh --update   rewrite tests/regress/passing.txt with the files that passed
# Extra arguments after the mode go to pg-regress-run (e.g. --tests boolean,int4).
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-}"
[ $# -gt 0 ] && shift

shared="${TUSK_SHARED:-../shared}"
runner="$shared/tools/pg-regress-run"
bindir="$(pg_config --bindir 2>/dev/null || echo /usr/lib/postgresql/15/bin)"
work="$(mktemp -d /tmp/tusk-regress.XXXXXX)"
port="${TUSK_REGRESS_PORT:-}"
if [ -z "$port" ]; then
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
    # keep below 32768 as the house rule asks
    if [ "$port" -ge 32768 ]; then port=$(( 20000 + RANDOM % 10000 )); fi
fi

cleanup() {
    if [ -f "$work/data/postmaster.pid" ]; then
        kill -INT "$(head -1 "$work/data/postmaster.pid")" 2>/dev/null || true
        for _ in $(seq 1 50); do [ -f "$work/data/postmaster.pid" ] || break; sleep 0.2; done
    fi
    rm -rf "$work"
}
trap cleanup EXIT

"${TUSK_BIN:-target/release}"/initdb -D "$work/data" -U postgres --auth=trust >"$work/initdb.log" 2>&1 || {
    cat "$work/initdb.log"; exit 1; }
"${TUSK_BIN:-target/release}"/postgres -D "$work/data" -p "$port" -k "$work" -c listen_addresses=127.0.0.1 \
    >"$work/server.log" 2>&1 &
for _ in $(seq 1 100); do
    "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" && break
    sleep 0.1
done

status=0
python3 "$runner" --host 127.0.0.1 --port "$port" --bindir "$bindir" \
    --timeout "${TUSK_REGRESS_TIMEOUT:-15}" --outdir "${TUSK_REGRESS_OUT:-pg-regress-out}" \
    --json "$work/regress.json" "$@" | tee "$work/regress.txt" || status=$?
if [ "$status" -ne 0 ]; then
    echo "pg-regress-run could not run (exit $status); server log:" >&2
    tail -50 "$work/server.log" >&2
    exit 1
fi
python3 scripts/regress_ratchet.py "$work/regress.json" tests/regress/passing.txt "$mode"
