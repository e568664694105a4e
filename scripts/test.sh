#!/usr/bin/env bash
# The whole suite: lint, Python and browser tests on SQLite, then again on PostgreSQL when one answers.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

echo "== ruff (lint and format check)"
$BIN/ruff check .
$BIN/ruff format --check .

echo "== import contract (the apps' layers)"
$BIN/lint-imports --no-cache

bash scripts/install_chromium.sh

# Two workers keep both cores busy; each worker gets its own test database.
PYTEST=("$BIN/pytest" -n 2 --dist loadfile -q)

echo "== tests on SQLite"
DATABASE_URL="sqlite:///var/test-sqlite.sqlite3" "${PYTEST[@]}"

PG_URL="${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/opportune}"
if $BIN/python scripts/postgres_answers.py "$PG_URL"; then
  echo "== tests on PostgreSQL ($PG_URL)"
  DATABASE_URL="$PG_URL" "${PYTEST[@]}"
else
  echo "== tests on PostgreSQL SKIPPED: no server answers at $PG_URL"
fi
