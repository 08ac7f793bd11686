#!/usr/bin/env bash
# Design rule 1: the core never depends on a binding crate.
set -euo pipefail
cd "$(dirname "$0")/.."
# Crate names only (`--prefix none`, first field): paths such as a checkout in a directory
# named `uniffi` must not match.
names=$(cargo tree -p triplink-core -e normal --locked --prefix none | awk '{print $1}' | sort -u)
if grep -Eqx 'wasm-bindgen.*|uniffi.*|tokio' <<<"$names"; then
  echo "triplink-core depends on a binding crate or tokio:" >&2
  grep -Ex 'wasm-bindgen.*|uniffi.*|tokio' <<<"$names" >&2
  exit 1
fi
echo "triplink-core: no wasm-bindgen, no uniffi, no tokio"
# The uniffi binding brings no async runtime: the foreign executor drives its futures.
if cargo tree -p triplink-uniffi -e normal --locked --prefix none | awk '{print $1}' | grep -qx tokio; then
  echo "triplink-uniffi depends on tokio" >&2
  exit 1
fi
echo "triplink-uniffi: no tokio"
# Design rule 2: inside the core, layers point one way (bindings → client → api/flow → wire →
# model). The model is plain data: it imports none of the layers above it (tests included).
if grep -rnE '(crate|triplink_core)::(wire|api|client|flow|matching)\b' core/src/model; then
  echo "core/src/model imports another layer (wire, api, client, flow or matching): see above" >&2
  exit 1
fi
echo "core/src/model: imports no wire, api, client, flow or matching"
# The codecs sit on the model only: wire imports no api, client, flow or matching.
if grep -rnE '(crate|triplink_core)::(api|client|flow|matching)\b' core/src/wire; then
  echo "core/src/wire imports a layer above it (api, client, flow or matching): see above" >&2
  exit 1
fi
echo "core/src/wire: imports no api, client, flow or matching"
# The state machines and the sans-IO pairs sit below the async client: flow and api import no
# client (tests included), and flow imports no api (a pair's helper it needs lives lower).
if grep -rnE '(crate|triplink_core)::client\b' core/src/flow core/src/api; then
  echo "core/src/flow or core/src/api imports the client layer: see above" >&2
  exit 1
fi
if grep -rnE '(crate|triplink_core)::api\b' core/src/flow; then
  echo "core/src/flow imports the api layer: see above" >&2
  exit 1
fi
echo "core/src/flow, core/src/api: import no client; flow imports no api"
