#!/usr/bin/env bash
# The API contract test (issue #11, docs/api.md "The contract"): schemathesis, every check, against
# the running app on a throwaway PostgreSQL database seeded with the demo (`seed_demo`), once per
# role (resident, window staff, grid worker, community admin, street admin, anonymous).
#
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/taijiang_contract scripts/contract.sh
#
# The database named in DATABASE_URL is DROPPED and recreated. Reports go to
# $CONTRACT_REPORT_DIR (default ci-artefacts/contract/, gitignored): one JUnit file and one
# log per role, and summary.txt. Exit status non-zero on any failure of any check, unless
# CONTRACT_STRICT=0 (a report without failing the build; CI runs strict, docs/api.md "Status").
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
BIN=$(dirname "$PY")
: "${DATABASE_URL:?set DATABASE_URL to a throwaway PostgreSQL database}"
case "$DATABASE_URL" in postgres*) ;; *) echo "contract.sh runs on PostgreSQL only" >&2; exit 2;; esac
REPORT_DIR=${CONTRACT_REPORT_DIR:-ci-artefacts/contract}
EXAMPLES=${CONTRACT_EXAMPLES:-4}      # generated cases per operation and phase: keeps the run near 5 minutes
SEED=${CONTRACT_SEED:-11}             # same cases every run; change it to explore
ROLES=${CONTRACT_ROLES:-"anonymous demo-resident demo-window demo-grid demo-community demo-street"}
export DATABASE_URL DJANGO_ENV=development
# --limit-request-line 0: gunicorn's own 4 KB request-line limit answers an HTML 400 before the app
# sees the request; in production the front proxy bounds URLs, so the contract is the app's.
# Limits high enough that the fuzzer's hundreds of requests per role do not all end in 429 (the
# 429 answers are documented and checked in tests/; here they would hide every other answer).
export APPEAL_SUBMIT_RATE=100000/h API_LOGIN_RATE=100000/m OPEN311_READ_RATE=100000/h \
  OPEN311_WRITE_RATE=100000/h KIOSK_TICKET_RATE=100000/m REGISTER_RATE=100000/h
export MEDIA_ROOT=${MEDIA_ROOT:-$(mktemp -d /tmp/taijiang-contract-media.XXXX)}

dbname=${DATABASE_URL##*/}; server=${DATABASE_URL%/*}
psql "$server/postgres" -qc "DROP DATABASE IF EXISTS \"$dbname\"" -c "CREATE DATABASE \"$dbname\""
"$PY" manage.py migrate --noinput >/dev/null
"$PY" manage.py seed_demo >/dev/null

port=$("$PY" -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
base="http://127.0.0.1:$port"
mkdir -p "$REPORT_DIR"; rm -f "$REPORT_DIR"/*
# The demo's ids and codes, which the hooks put in generated bodies (scripts/contract/hooks.py).
"$PY" manage.py shell --no-imports -v 0 < scripts/contract/ids.py > "$REPORT_DIR/ids.json"
export CONTRACT_IDS="$REPORT_DIR/ids.json" SCHEMATHESIS_HOOKS=scripts/contract/hooks.py
pidfile=$(mktemp /tmp/taijiang-contract-gunicorn.XXXX)
"$BIN/gunicorn" taijiang.wsgi:application --bind "127.0.0.1:$port" --workers 2 --timeout 60 --limit-request-line 0 \
  --pid "$pidfile" --daemon --error-logfile "$REPORT_DIR/gunicorn.log"
stop() { [ -s "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true; rm -f "$pidfile"; }
trap stop EXIT
for _ in $(seq 30); do curl -fsS -o /dev/null "$base/healthz" 2>/dev/null && break; sleep 1; done

# Tokens first: the fuzzing of POST /api/v1/auth/token/ below counts failed logins (django-axes).
declare -A tokens
for role in $ROLES; do
  [ "$role" = anonymous ] && continue
  tokens[$role]=$(curl -fsS -X POST "$base/api/v1/auth/token/" -H 'Content-Type: application/json' \
    -d "{\"username\": \"$role\", \"password\": \"taijiang-demo\"}" | "$PY" -c "import json,sys; print(json.load(sys.stdin)['token'])")
done

status=0
: > "$REPORT_DIR/summary.txt"
for role in $ROLES; do
  args=()
  if [ "$role" != anonymous ]; then
    # Logging out would end the token this run uses: the logout calls are fuzzed anonymously
    # (401) and tested with real tokens in tests/users.
    args=(-H "Authorization: Token ${tokens[$role]}" --exclude-path-regex '^/api/v1/auth/logout')
  fi
  echo "==> contract as $role"
  set +e
  "$BIN/schemathesis" --config-file scripts/contract/schemathesis.toml run "$base/api/schema/" \
    "${args[@]}" --checks all --max-examples "$EXAMPLES" --seed "$SEED" --no-shrink \
    --report junit --report-junit-path "$REPORT_DIR/$role.junit.xml" \
    >"$REPORT_DIR/$role.log" 2>&1
  rc=$?
  set -e
  result=$(grep -E '^=+ .* in [0-9.]+s =+$' "$REPORT_DIR/$role.log" | tail -1 | tr -d '=' | xargs || true)
  failures=$(sed -n '/^Failures:/,/^$/p' "$REPORT_DIR/$role.log" | grep -E '^\s+❌' | xargs || true)
  printf '%-15s exit %s  %s  %s\n' "$role" "$rc" "$result" "$failures" | tee -a "$REPORT_DIR/summary.txt"
  [ "$rc" = 0 ] || status=1
done
echo
if [ "$status" != 0 ] && [ "${CONTRACT_STRICT:-1}" = 0 ]; then
  echo "contract: failures above (reports in $REPORT_DIR); CONTRACT_STRICT=0, so not failing the build"
  exit 0
fi
exit $status
