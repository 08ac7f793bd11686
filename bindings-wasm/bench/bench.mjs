// The npm package's benchmark (numbers go in the closing note; nothing here asserts speed):
// for both builds — the full `@triplink/sdk` and the light `@triplink/sdk/booking` — raw,
// gzip -9 and brotli sizes of the .wasm and the JS glue; parsing a ~15 KB and a ~1 MB trip
// (to JS objects, and to one JSON string) vs fast-xml-parser on the same documents in the
// same process, as paired rounds in alternating order (a busy host slows both sides of a
// round, not one side of the ratio); and the cost of one call across the JS↔wasm boundary.
//   node bindings-wasm/bench/bench.mjs   (after scripts/setup-wasm.sh and scripts/build-wasm.sh)
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { createRequire } from 'node:module';
import * as full from '../npm/node.js';
import * as booking from '../npm/booking/node.js';

const require = createRequire(new URL('../tools/package.json', import.meta.url));
const { XMLParser } = require('fast-xml-parser');
const root = new URL('../../', import.meta.url);

function size(path) {
  const b = readFileSync(path);
  const brotli = brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  return { raw: b.length, gzip: gzipSync(b, { level: 9 }).length, brotli };
}
const sum = (a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli });
function walk(dir) {
  return readdirSync(dir).flatMap((n) => {
    const p = new URL(n, dir);
    return statSync(p).isDirectory() ? walk(new URL(`${n}/`, dir)) : [p];
  });
}
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

const BUILDS = [
  { name: '@triplink/sdk (full)', sdk: full, pkg: 'pkg', entries: ['index.js', 'node.js', 'slim.js'], target: 'no bigger than 447 KB gzip; parseTrip ≥ 5×' },
  { name: '@triplink/sdk/booking (light)', sdk: booking, pkg: 'pkg-booking', entries: ['booking/index.js', 'booking/node.js', 'booking/slim.js'], target: '≤ 150 KB gzip; parseTrip ≥ 3×' },
];

console.log('## sizes (gzip -9, brotli 11)');
for (const b of BUILDS) {
  const pkg = new URL(`../npm/${b.pkg}/`, import.meta.url);
  const wasm = size(new URL('triplink_wasm_bg.wasm', pkg));
  const glue = [new URL('triplink_wasm.js', pkg), ...walk(new URL('snippets/', pkg)), ...b.entries.map((e) => new URL(`../npm/${e}`, import.meta.url))]
    .map(size).reduce(sum);
  console.log(`${b.name}: .wasm ${kb(wasm.raw)} raw, ${kb(wasm.gzip)} gzip, ${kb(wasm.brotli)} brotli; ` +
    `JS glue ${kb(glue.raw)} raw, ${kb(glue.gzip)} gzip (target: ${b.target})`);
}

const src = readFileSync(new URL('tests/fixtures/itinerary/trip_all_segments.xml', root), 'utf8');
function tripWithBookings(n) {
  const start = src.indexOf('<Booking>');
  const end = src.indexOf('</Bookings>');
  return src.slice(0, start) + src.slice(start, end).repeat(n) + src.slice(end);
}
const small = tripWithBookings(4);
const large = tripWithBookings(Math.round(1_000_000 / (src.indexOf('</Bookings>') - src.indexOf('<Booking>'))));

/** Mean ms per call of the fastest of 7 batches (each ≥ minMs): robust to a busy machine. */
function time(fn, minMs = 80) {
  for (let i = 0; i < 3; i++) fn();
  let best = Infinity;
  for (let batch = 0; batch < 7; batch++) {
    let n = 0;
    const t0 = performance.now();
    let t = t0;
    while (t - t0 < minMs) { fn(); n++; t = performance.now(); }
    best = Math.min(best, (t - t0) / n);
  }
  return best;
}

/** Mean ms per call over one batch of at least `minMs`. */
function batch(fn, minMs) {
  let n = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < minMs) { fn(); n++; t = performance.now(); }
  return (t - t0) / n;
}

/**
 * The speed-up of `fast` over `slow`, paired: 21 rounds that time both back to back, in
 * alternating order, so a busy spell on the host hits both sides of a round. Reports the
 * median time of each and the median [quartiles] of the per-round ratio.
 */
function paired(slow, fast, minMs) {
  for (let i = 0; i < 3; i++) { slow(); fast(); }
  const rounds = [];
  for (let r = 0; r < 21; r++) {
    const [a, b] = r % 2 ? [batch(fast, minMs), batch(slow, minMs)].reverse() : [batch(slow, minMs), batch(fast, minMs)];
    rounds.push({ slow: a, fast: b, ratio: a / b });
  }
  const med = (k) => rounds.map((x) => x[k]).sort((x, y) => x - y);
  const ratio = med('ratio');
  return { slow: med('slow')[10], fast: med('fast')[10], ratio: ratio[10], q1: ratio[5], q3: ratio[15] };
}

const fxp = new XMLParser({ ignoreAttributes: false, parseTagValue: false });
console.log('\n## parse a trip into JS objects vs fast-xml-parser (median ms per document; 21 paired rounds, ratio median [quartiles])');
for (const b of BUILDS) {
  for (const [name, doc] of [['~15 KB', small], ['~1 MB', large]]) {
    const p = paired(() => fxp.parse(doc), () => b.sdk.parseTrip(doc), 80);
    const j = time(() => b.sdk.parseTripJson(doc));
    console.log(`${b.name} ${name} (${kb(doc.length)}): parseTrip ${p.fast.toFixed(3)} ms, fast-xml-parser ` +
      `${p.slow.toFixed(3)} ms → ${p.ratio.toFixed(2)}× [${p.q1.toFixed(2)}–${p.q3.toFixed(2)}]; ` +
      `parseTripJson ${j.toFixed(3)} ms`);
  }
}

console.log('\n## one call across the boundary');
const call = { baseUrl: 'https://us.api.concursolutions.com', accessToken: 't0k', version: '3.2' };
const v = time(() => full.version()) * 1000;
const b = time(() => full.buildListRequest(call, { limit: 10 })) * 1000;
console.log(`version(): ${v.toFixed(2)} µs; buildListRequest(): ${b.toFixed(2)} µs`);
