#!/usr/bin/env bash
# Set up everything the tests need, then lint, check the architecture and dead code, and run
# the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
.venv/bin/ruff check .
.venv/bin/lint-imports
# dead code: [tool.vulture] in pyproject.toml; what only a framework calls is in
# vulture_whitelist.py
.venv/bin/vulture
.venv/bin/python -m pytest -q "$@"
