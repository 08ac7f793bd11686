#!/usr/bin/env bash
# The committed Itinerary model and codec are what scripts/gen_itinerary_model.py gives: the
# types (core/src/model/itinerary/generated) and their XML codec (core/src/wire/itinerary/generated).
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
