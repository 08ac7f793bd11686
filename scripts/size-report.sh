#!/usr/bin/env bash
# Size of the shipped native library for linux-x86-64 (the one in the jar and the wheel):
# builds triplink-uniffi with the release-mobile profile, as maturin and build-jvm-jar.sh do,
# then prints its size stripped (what the jar ships), gzipped, by ELF section, and the largest
# parts by crate, by module of triplink-core and by function (from the symbol table `nm --size-sort` reads before stripping).
# Usage: bash scripts/size-report.sh [N]   (N rows per table, default 12)
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-12}
cargo rustc -q --locked -p triplink-uniffi --lib --crate-type cdylib --profile release-mobile
LIB=target/release-mobile/libtriplink_uniffi.so
OUT=target/size-report
mkdir -p "$OUT"
strip --strip-all -o "$OUT/libtriplink_uniffi.stripped.so" "$LIB"
gzip -9 -c "$OUT/libtriplink_uniffi.stripped.so" >"$OUT/libtriplink_uniffi.stripped.so.gz"
nm --size-sort -S -C --defined-only "$LIB" >"$OUT/nm.txt"
size -A "$OUT/libtriplink_uniffi.stripped.so" >"$OUT/sections.txt"

python3 - "$LIB" "$OUT" "$ROWS" <<'PY'
import collections, os, re, sys

lib, out, rows = sys.argv[1], sys.argv[2], int(sys.argv[3])
stripped = os.path.getsize(f"{out}/libtriplink_uniffi.stripped.so")
print(f"libtriplink_uniffi.so, linux-x86-64, release-mobile (opt-level z, LTO, 1 codegen unit)")
print(f"  as built (symbols kept for uniffi-bindgen): {os.path.getsize(lib):>9,} bytes")
print(f"  stripped (what the jar ships):              {stripped:>9,} bytes")
print(f"  stripped, gzip -9:                          {os.path.getsize(out + '/libtriplink_uniffi.stripped.so.gz'):>9,} bytes")

print("\nLargest sections (stripped):")
sections = []
for line in open(f"{out}/sections.txt"):
    parts = line.split()
    if len(parts) >= 2 and parts[0].startswith(".") and parts[1].isdigit():
        sections.append((int(parts[1]), parts[0]))
for size, name in sorted(sections, reverse=True)[:8]:
    print(f"  {size:>9,}  {100 * size / stripped:5.1f} %  {name}")

def crate_of(name):
    if name.startswith("UNIFFI_META"):
        return "[uniffi metadata statics]"
    if name.startswith(("uniffi_", "ffi_")):
        return "[uniffi FFI exports]"
    n = name.lstrip("<&*").removeprefix("dyn ").removeprefix("mut ")
    m = re.match(r"([A-Za-z_][A-Za-z0-9_]*)::", n)
    return m.group(1) if m else "[C / runtime / other]"

by_crate, symbols, total = collections.Counter(), [], 0
for line in open(f"{out}/nm.txt"):
    parts = line.rstrip("\n").split(" ", 3)
    if len(parts) < 4 or parts[2] in "Uuw":
        continue
    size = int(parts[1], 16)
    name = re.sub(r"::h[0-9a-f]{16}$", "", parts[3])
    total += size
    by_crate[crate_of(name)] += size
    symbols.append((size, name))

print(f"\nLargest crates (symbol sizes; {total:,} bytes in symbols):")
for crate, size in by_crate.most_common(rows):
    print(f"  {size:>9,}  {100 * size / total:5.1f} %  {crate}")
by_module = collections.Counter()
for size, name in symbols:
    if crate_of(name) == "triplink_core":
        path = re.match(r"[<&*]*((?:[A-Za-z_][A-Za-z0-9_]*::){1,4})", name)
        by_module[path.group(1).rstrip(":") if path else "triplink_core"] += size
print("\nLargest parts of triplink_core (by module path):")
for module, size in by_module.most_common(rows):
    print(f"  {size:>9,}  {100 * size / total:5.1f} %  {module}")

print("\nLargest symbols:")
for size, name in sorted(symbols, reverse=True)[:rows]:
    short = name if len(name) <= 110 else name[:60] + " … " + name[-47:]
    print(f"  {size:>9,}  {short}")
PY
