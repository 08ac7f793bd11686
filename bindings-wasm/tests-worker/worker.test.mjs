// The `workerd` condition in Cloudflare's runtime (workerd, driven by miniflare from npm):
// `@triplink/sdk` and `@triplink/sdk/booking` resolve to their worker entries under the
// conditions wrangler uses, which import the .wasm as a module (workerd refuses to compile
// bytes at run time); a worker built from them answers a request with a parsed trip and a
// validated booking. Run with `node --conditions=workerd` from a scratch project holding the
// installed `npm pack` tarball (scripts/test-wasm.sh does that).
//   TRIPLINK_TOOLS_DIR=…/bindings-wasm/tools node --conditions=workerd worker.test.mjs
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = process.cwd();
const entry = (spec) => {
  const path = fileURLToPath(import.meta.resolve(spec));
  assert.match(path, /workerd\.js$/, `${spec} resolves to its worker entry`);
  return `./${relative(here, path)}`;
};
writeFileSync(join(here, 'worker.mjs'), `
import * as full from '${entry('@triplink/sdk')}';
import * as booking from '${entry('@triplink/sdk/booking')}';
export default {
  async fetch(request) {
    const xml = await request.text();
    let code = 'none';
    try { booking.buildSupplierBookingXml({}); } catch (e) { code = e instanceof booking.TriplinkError ? e.code : String(e); }
    return Response.json({
      full: full.parseTrip(xml).tripName,
      light: booking.parseTrip(xml).tripName,
      client: typeof full.TriplinkClient,
      code,
    });
  },
};
`);

const { Miniflare } = createRequire(join(process.env.TRIPLINK_TOOLS_DIR, 'package.json'))('miniflare');
const mf = new Miniflare({
  modules: true,
  scriptPath: join(here, 'worker.mjs'),
  modulesRoot: here,
  modulesRules: [{ type: 'ESModule', include: ['**/*.js', '**/*.mjs'] }, { type: 'CompiledWasm', include: ['**/*.wasm'] }],
  compatibilityDate: '2024-09-23',
});
try {
  const res = await mf.dispatchFetch('http://worker.test/', {
    method: 'POST',
    body: '<Itinerary><TripId>T-1</TripId><TripName>At the edge</TripName></Itinerary>',
  });
  const body = await res.json();
  assert.deepEqual(body, { full: 'At the edge', light: 'At the edge', client: 'function', code: 'InvalidInput' });
  console.log('worker: both builds run in workerd (miniflare) through the `workerd` condition');
} finally {
  await mf.dispose();
}
