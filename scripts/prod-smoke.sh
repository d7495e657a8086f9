#!/usr/bin/env bash
# Production without development tooling, as issue 8 asks: a fresh clone, `npm ci`, `npm run build`, then
# `npm prune --omit=dev`; the server starts with node on the built files (empty database) and serves pages.
# Usage: bash scripts/prod-smoke.sh   (takes a few minutes: a second npm ci)
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
git clone -q "$src" "$work/app"
cd "$work/app"
npm ci --no-audit --no-fund >/dev/null
npm run build >/dev/null
npm prune --omit=dev --no-audit --no-fund >/dev/null
for tool in vite tsx remix vitest; do [ ! -e "node_modules/.bin/$tool" ] || { echo "dev tool $tool still installed"; exit 1; }; done
port=3399
NODE_ENV=production PORT=$port DATABASE_PATH="$work/db/smoke.db" node server.js >"$work/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -sf "localhost:$port/healthz" >/dev/null && break; sleep 1; done
password=$(grep -o 'write it down): [A-Za-z0-9]*' "$work/server.log" | awk '{print $4}')
[ -n "$password" ] || { echo "no demo password printed"; cat "$work/server.log"; exit 1; }
for path in / /courses /courses/crowdfunding /courses/crowdfunding/crowdfunding-types /login /verify /ob/issuer /healthz; do
  status=$(curl -s -o /dev/null -w '%{http_code}' "localhost:$port$path")
  echo "$status $path"
  [ "$status" = 200 ] || exit 1
done
status=$(curl -s -o /dev/null -w '%{http_code}' -X POST "localhost:$port/login" -H 'Content-Type: application/x-www-form-urlencoded' --data "email=admin%40tamkeen.test&password=$password")
echo "$status POST /login with the printed password"
[ "$status" = 302 ] || exit 1
echo "production smoke test passed"
