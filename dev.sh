#!/usr/bin/env bash
# Starts everything for development: the vendor mock servers (OPERA 4101, Mews 4102, Cloudbeds
# 4103) and the API in watch mode (with the embedded PostgreSQL unless DATABASE_URL is set).
# Ctrl-C stops them all.
set -euo pipefail
cd "$(dirname "$0")"
[ -d node_modules ] || npm install
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT INT TERM
npm run dev:mock:opera & pids+=($!)
npm run dev:mock:mews & pids+=($!)
npm run dev:mock:cloudbeds & pids+=($!)
npm run dev:backend & pids+=($!)
wait -n
