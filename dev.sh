#!/usr/bin/env bash
# Starts everything for development: the API (with the embedded PostgreSQL unless DATABASE_URL is
# set) in watch mode. Mock servers and the worker join here as their issues land.
set -euo pipefail
cd "$(dirname "$0")"
[ -d node_modules ] || npm install
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT INT TERM
npm run dev:backend & pids+=($!)
wait -n
