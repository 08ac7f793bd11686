#!/usr/bin/env bash
# Builds the Python wheel (distribution `triplink`, package `triplink`) into dist/ with maturin
# in uniffi mode (bindings-uniffi/pyproject.toml): the release-mobile library, the Python that
# the workspace's uniffi-bindgen generates from it, and bindings-uniffi/python/triplink
# (__init__.py, py.typed). maturin is pinned here and installed into target/packaging-venv.
# Prints the wheel's path.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
MATURIN_VERSION=1.16.0
VENV=$ROOT/target/packaging-venv
if [ "$("$VENV/bin/maturin" --version 2>/dev/null)" != "maturin $MATURIN_VERSION" ]; then
  python3 -c 'import ensurepip' 2>/dev/null || {
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends python3-venv >/dev/null
  }
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q "maturin==$MATURIN_VERSION"
fi
VERSION=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -1)
mkdir -p dist
rm -f dist/triplink-"$VERSION"-*.whl
"$VENV/bin/maturin" build --quiet --locked -m bindings-uniffi/Cargo.toml --out dist >&2
ls dist/triplink-"$VERSION"-*.whl
