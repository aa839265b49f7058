#!/usr/bin/env bash
# Set up, build the database from the shipped data, and serve the app on http://127.0.0.1:8050
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/chainmap build
exec .venv/bin/chainmap serve "$@"
