#!/usr/bin/env bash
# Starts everything for development: the vendor mock servers (OPERA 4101, Mews 4102, Cloudbeds
# 4103, Twilio 4104, push 4105), the SMTP sink (2525, mailbox http://127.0.0.1:4106), the API in
# watch mode (with the embedded PostgreSQL unless DATABASE_URL is set) and, once the API answers,
# the notifications worker on the same database. Ctrl-C stops them all.
set -euo pipefail
cd "$(dirname "$0")"
[ -d node_modules ] || npm install
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT INT TERM
npm run dev:mock:opera & pids+=($!)
npm run dev:mock:mews & pids+=($!)
npm run dev:mock:cloudbeds & pids+=($!)
npm run dev:mock:twilio & pids+=($!)
npm run dev:mock:push & pids+=($!)
npm run dev:mock:smtp & pids+=($!)
npm run dev:backend & pids+=($!)
# The worker reuses the API's embedded PostgreSQL, so it starts once the API is up.
(until curl -sf "http://127.0.0.1:${PORT:-4000}/health" >/dev/null; do sleep 1; done
 DATABASE_URL="${DATABASE_URL:-postgres://innkeeper:innkeeper-local@127.0.0.1:${EMBEDDED_POSTGRES_PORT:-54329}/innkeeper}" \
   exec npm run dev:worker:notifications) & pids+=($!)
wait -n
