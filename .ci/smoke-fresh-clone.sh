#!/usr/bin/env bash
# What a newcomer does, on a fresh clone of the committed HEAD (never the working tree, whose built
# web app, node_modules and ./data would hide a missing step): the README's `npm install && npm
# start`, then /api/health and a demo account's sign-in over HTTP; then `homeroom serve --demo` on
# its own, with HOMEROOM_DATA_DIR in a folder that does not exist yet. Runs with whichever node is
# first on PATH (CI runs it on Node 20 and on Node 24). Bounded in time; cleans up after itself.
#
#   .ci/smoke-fresh-clone.sh            # SMOKE_TIMEOUT=seconds per wait (default 600)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
limit="${SMOKE_TIMEOUT:-600}"
work="$(mktemp -d "${TMPDIR:-/tmp}/homeroom-smoke.XXXXXX")"
server_pid=""

stop_server() {
  [ -n "$server_pid" ] || return 0
  # The server runs in a session of its own: npm, the web build and node go together.
  kill -TERM -- "-$server_pid" 2>/dev/null || true
  for _ in $(seq 1 20); do kill -0 -- "-$server_pid" 2>/dev/null || break; sleep 0.5; done
  kill -KILL -- "-$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}
cleanup() {
  stop_server
  rm -rf "$work"
}
trap cleanup EXIT

say() { echo "smoke [$(node --version)] $*"; }
fail() {
  echo "smoke [$(node --version)] FAILED: $*" >&2
  for log in "$work"/*.log; do [ -f "$log" ] && { echo "--- $(basename "$log") (last 40 lines)" >&2; tail -n 40 "$log" >&2; }; done
  exit 1
}
free_port() { node -e "const s = require('node:net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })"; }

# Waits for /api/health, then signs in as a demo account and checks who the server says it is.
check_server() {
  local port="$1" username="$2" log="$3" started="$4"
  local deadline=$((SECONDS + limit))
  until node -e "fetch('http://127.0.0.1:$port/api/health').then(async (r) => process.exit(r.ok && (await r.json()).status === 'ok' ? 0 : 1), () => process.exit(1))" 2>/dev/null; do
    kill -0 "$server_pid" 2>/dev/null || fail "the server stopped before it answered /api/health"
    [ "$SECONDS" -lt "$deadline" ] || fail "no answer on /api/health within ${limit} s"
    sleep 1
  done
  say "/api/health ok on port $port, $((SECONDS - started)) s after the start"
  grep -q "demo district loaded" "$log" || fail "the start did not say that it loaded the demo district"
  node --input-type=module -e "
    const response = await fetch('http://127.0.0.1:$port/api/auth/sign-in', { method: 'POST', headers: { 'content-type': 'application/json', origin: 'http://127.0.0.1:$port' }, body: JSON.stringify({ username: '$username', password: 'homeroom-demo' }) });
    const body = await response.json().catch(() => ({}));
    if (response.status !== 200 || body.user?.username !== '$username' || !/homeroom_session=/.test(response.headers.get('set-cookie') ?? '')) {
      console.error('sign-in of $username answered', response.status, JSON.stringify(body));
      process.exit(1);
    }
  " || fail "the demo account $username could not sign in"
  say "signed in as $username"
}

begun=$SECONDS
started=$SECONDS
sha="$(git -C "$root" rev-parse HEAD)"
clone="$work/homeroom"
git init --quiet "$clone"
git -C "$clone" fetch --quiet --depth 1 "file://$root" HEAD
git -C "$clone" checkout --quiet --detach FETCH_HEAD
[ "$(git -C "$clone" rev-parse HEAD)" = "$sha" ] || fail "the clone is not at $sha"
say "fresh clone of ${sha:0:12} in $((SECONDS - started)) s"

# The README's command, as a newcomer types it: no DATABASE_URL, no data folder, nothing built.
port="$(free_port)"
started=$SECONDS
(cd "$clone" && exec setsid env -u DATABASE_URL -u HOMEROOM_DATA_DIR PORT="$port" LOG_LEVEL=warn bash -c 'npm install --no-audit --no-fund && npm start') > "$work/npm-start.log" 2>&1 &
server_pid=$!
check_server "$port" teacher "$work/npm-start.log" "$started"
started=$SECONDS
stop_server
say "stopped in $((SECONDS - started)) s"
[ -d "$clone/data/homeroom" ] || fail "npm start did not keep its data in ./data/homeroom"

# `homeroom serve --demo` on its own, its data folder's parents not made yet.
port="$(free_port)"
started=$SECONDS
(cd "$clone" && exec setsid env -u DATABASE_URL HOMEROOM_DATA_DIR="$work/elsewhere/not/made/yet" PORT="$port" LOG_LEVEL=warn npx homeroom serve --demo) > "$work/serve-demo.log" 2>&1 &
server_pid=$!
check_server "$port" counselor "$work/serve-demo.log" "$started"
stop_server
say "passed in $((SECONDS - begun)) s"
