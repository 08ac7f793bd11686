#!/usr/bin/env bash
# Proves the repository stands alone: clones HEAD into an empty temporary folder (nothing
# beside it: no shared/ specs, no sibling checkout) and runs the README's two commands there —
# the main job against the built-in sandbox, then the whole test suite.
#
#   bash scripts/check-fresh-clone.sh            # both commands, cold build (19 min on 2 cores, measured)
#   KEEP=1 bash scripts/check-fresh-clone.sh     # keep the clone for inspection
#
# Not part of .ci/run: CI already runs on a fresh clone (with shared/ beside it); this one has
# nothing beside it. Uncommitted changes are not in the clone: commit first.
set -euo pipefail
cd "$(dirname "$0")/.."
SRC=$PWD
OUTER=$(mktemp -d -t triplink-fresh-XXXXXX)
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$OUTER"' EXIT
git clone --quiet --no-local "$SRC" "$OUTER/triplink"
cd "$OUTER/triplink"
echo "check-fresh-clone: $(git log -1 --format='%h %s') in $OUTER/triplink"
[ "$(ls -A "$OUTER")" = "triplink" ] || { echo "check-fresh-clone: the clone is not alone"; exit 1; }

# The README's two commands, read from the README itself so they cannot drift apart.
mapfile -t commands < <(sed -n '/^```bash$/,/^```$/p' README.md | sed -n '2,3p' | sed 's/ *#.*$//')
[ "${#commands[@]}" = 2 ] || { echo "check-fresh-clone: README's first code block should hold two commands"; exit 1; }
for c in "${commands[@]}"; do
  echo "check-fresh-clone: \$ $c"
  start=$SECONDS
  bash -c "$c"
  echo "check-fresh-clone: ok in $((SECONDS - start)) s: $c"
done
echo "check-fresh-clone: both README commands passed on a clone with nothing beside it"
