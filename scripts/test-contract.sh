#!/usr/bin/env bash
# The contract layer: the SDK's real HTTP traffic (the auto-connect example, the tmc_proposals
# example, the Itinerary integration tests) goes through Prism validating proxies started from
# the official swagger files in spec/ (with their documented defects patched) and an OpenAPI
# description of the OAuth2 token endpoint; every request violation (the SDK) and response
# violation (the sandbox) fails the layer. The Itinerary v1 XML bodies the SDK sends are
# validated with xmllint against the XSD. Prism's `sl-violations` header is cut at about 8 KB,
# so the verdict is read from its logs.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$(mktemp -d)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

echo "-- patched specs match scripts/patch-contract-specs.py"
python3 scripts/patch-contract-specs.py "$OUT/spec"
for f in connection-requests-v3-2/ConnectionRequests.patched.json request-v4/ConcurRequest.patched.json; do
  cmp -s "$OUT/spec/$f" "spec/$f" || { echo "spec/$f differs from the patch script's output"; exit 1; }
done

echo "-- Prism (contract/package-lock.json)"
if ! cmp -s contract/package-lock.json contract/node_modules/.installed-lock.json 2>/dev/null; then
  (cd contract && npm ci --no-audit --no-fund --loglevel=error && cp package-lock.json node_modules/.installed-lock.json)
fi
PRISM=$ROOT/contract/node_modules/.bin/prism

echo "-- building the examples and the Itinerary tests"
cargo build --locked --quiet -p triplink --example auto_connect --example tmc_proposals
ITIN_TEST=$(cargo test --locked --no-run --message-format=json -p triplink --test itinerary 2>/dev/null \
  | python3 -c 'import json,sys
for l in sys.stdin:
    m = json.loads(l)
    if m.get("reason") == "compiler-artifact" and m.get("executable") and m["target"]["name"] == "itinerary":
        print(m["executable"])')

read -r FRONT BACK P_OAUTH P_CR P_V4 < <(python3 -c 'import socket
socks = [socket.socket() for _ in range(5)]
for s in socks: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in socks])')

start_prism() { # spec port log
  "$PRISM" proxy "$1" "http://127.0.0.1:$BACK" --port "$2" --host 127.0.0.1 >"$3" 2>&1 &
  PIDS+=($!)
}
start_prism spec/oauth2/oauth2-token.openapi.yaml "$P_OAUTH" "$OUT/prism-oauth2.log"
start_prism spec/connection-requests-v3-2/ConnectionRequests.patched.json "$P_CR" "$OUT/prism-cr-v3.2.log"
start_prism spec/request-v4/ConcurRequest.patched.json "$P_V4" "$OUT/prism-request-v4.log"
node contract/router.mjs "$FRONT" "$BACK" "$OUT" \
  "+/oauth2/v0=$P_OAUTH" "/api/v3.2=$P_CR" "/travelrequest/v4=$P_V4" &
PIDS+=($!)
for api in oauth2 cr-v3.2 request-v4; do
  log=$OUT/prism-$api.log
  for _ in $(seq 1 120); do
    grep -q "Prism is listening" "$log" 2>/dev/null && break
    sleep 0.5
  done
  grep -q "Prism is listening" "$log" 2>/dev/null || { cat "$log"; echo "Prism did not start"; exit 1; }
done

echo "-- the SDK's traffic through the proxies"
unset NO_PROXY no_proxy HTTPS_PROXY https_proxy ALL_PROXY all_proxy
export http_proxy=http://127.0.0.1:$FRONT HTTP_PROXY=http://127.0.0.1:$FRONT
TMP_RUN=$(mktemp -d)
(cd "$TMP_RUN" && "$ROOT/target/debug/examples/auto_connect" >"$OUT/auto_connect.out" 2>&1) \
  || { cat "$OUT/auto_connect.out"; echo "the auto_connect example failed"; exit 1; }
"$ROOT/target/debug/examples/tmc_proposals" >"$OUT/tmc_proposals.out" 2>&1 \
  || { cat "$OUT/tmc_proposals.out"; echo "the tmc_proposals example failed"; exit 1; }
"$ITIN_TEST" --test-threads=2 -q >"$OUT/itinerary.out" 2>&1 \
  || { cat "$OUT/itinerary.out"; echo "the Itinerary tests failed through the proxies"; exit 1; }
unset http_proxy HTTP_PROXY
rm -rf "$TMP_RUN"
sleep 0.5

echo "-- verdict"
fail=0
for api in oauth2 cr-v3.2 request-v4; do
  log=$OUT/prism-$api.log
  calls=$(grep -c "Request received" "$log" || true)
  bad=$(grep -c "Violation:" "$log" || true)
  unresolved=$(grep -ciE "route not resolved|NO_PATH_MATCHED|NO_METHOD_MATCHED" "$log" || true)
  echo "$api: $calls exchanges, $bad violations, $unresolved calls outside the description"
  if [ "$calls" -eq 0 ] || [ "$bad" -ne 0 ] || [ "$unresolved" -ne 0 ]; then
    grep -iE "Violation:|not resolved|NO_PATH|NO_METHOD" "$log" | sed 's/^.*\] › *//' | sort | uniq -c | sed 's/^/    /'
    fail=1
  fi
done
docs=("$OUT"/itinerary-*.xml)
[ -e "${docs[0]}" ] || { echo "no Itinerary body was captured"; exit 1; }
NS=http://www.concursolutions.com/api/travel/trip/2010/06
for doc in "${docs[@]}"; do
  if grep -q "xmlns=\"$NS\"" "$doc"; then xsd=spec/itinerary-v1/patched/ItinServices_Public_0.patched.ns.xsd
  else xsd=spec/itinerary-v1/patched/ItinServices_Public_0.patched.xsd; fi
  xmllint --noout --schema "$xsd" "$doc" 2>"$doc.err" || { cat "$doc.err" "$doc"; fail=1; }
done
echo "itinerary: ${#docs[@]} XML bodies valid against the XSD"
echo "direct (no swagger): $(grep -c '^direct' "$OUT/exchanges.log" || true) exchanges"
[ "$fail" -eq 0 ] || { echo "contract violations (logs in $OUT)"; exit 1; }
rm -rf "$OUT"
echo "-- contract layer: 0 violations"
