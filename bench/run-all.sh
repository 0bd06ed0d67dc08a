#!/usr/bin/env bash
# Runs every benchmark in this folder, one after the other (each measures its own baseline in the
# same run).
set -euo pipefail
cd "$(dirname "$0")"
for bench in *.bench.ts; do
  echo "== ${bench}"
  npx tsx "${bench}"
done
