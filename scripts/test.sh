#!/usr/bin/env bash
# The test command: unit and integration tests, then PostgreSQL 10.2's regression suite against
# a freshly initialised Tusk server, failing if any file listed in tests/regress/passing.txt fails.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --bins
cargo test --release --workspace

exec scripts/regress.sh --check
