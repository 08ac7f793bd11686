#!/usr/bin/env bash
# The committed generated code is what its generator gives: the Itinerary model's types
# (core/src/model/itinerary/generated) and XML codec (core/src/wire/itinerary/generated) from
# scripts/gen_itinerary_model.py, the npm package's TypeScript declarations of the models from
# scripts/gen_ts_types.py, and the uniffi records from scripts/gen_uniffi_types.py.
set -euo pipefail
cd "$(dirname "$0")/.."
GEN=$(mktemp -d)
trap 'rm -rf "$GEN"' EXIT
python3 scripts/gen_itinerary_model.py "$GEN" >/dev/null
rustfmt --edition 2021 "$GEN"/model/*.rs "$GEN"/wire/*.rs
diff -r "$GEN/model" core/src/model/itinerary/generated \
  || { echo "core/src/model/itinerary/generated/ differs from scripts/gen_itinerary_model.py's output"; exit 1; }
diff -r "$GEN/wire" core/src/wire/itinerary/generated \
  || { echo "core/src/wire/itinerary/generated/ differs from scripts/gen_itinerary_model.py's output"; exit 1; }
echo "generated Itinerary model and codec: as the generator writes them"

# The bindings' typed models: TypeScript declarations and uniffi records (same XSD walk).
python3 scripts/gen_ts_types.py "$GEN/ts" >/dev/null
for f in itinerary.generated.d.ts request-v4.generated.d.ts; do
  diff "$GEN/ts/$f" "bindings-wasm/npm/$f" \
    || { echo "bindings-wasm/npm/$f differs from scripts/gen_ts_types.py's output"; exit 1; }
done
python3 scripts/gen_uniffi_types.py "$GEN/uniffi" >/dev/null
rustfmt --edition 2021 "$GEN"/uniffi/*.rs
diff -r "$GEN/uniffi" bindings-uniffi/src/generated \
  || { echo "bindings-uniffi/src/generated/ differs from scripts/gen_uniffi_types.py's output"; exit 1; }
echo "generated TypeScript declarations and uniffi records: as the generators write them"
