// The checkout example's supplier server (Node, the full build `@triplink/sdk`): starts the
// sandbox, connects the demo travellers with the auto-connect job, then serves the checkout
// page and the light build's files, and takes the page's Booking XML at `POST /bookings`: it
// checks it and posts it to the traveller's Concur itinerary with the token only this server
// holds. No token ever goes to the browser.
//
//   node examples/checkout/server.mjs   (after scripts/build-wasm.sh and a sandbox build)
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startSandbox, DEMO } from '../../bindings-wasm/tests-js/sandbox.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));

/** A request body as text (at most 1 MB). */
async function text(req) {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 1 << 20) throw new Error('body too large');
  }
  return body;
}
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; style-src 'self' 'unsafe-inline'";
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.ts': 'text/plain' };

export async function startCheckout({ sdkDir, membersCsv }) {
  const sdk = await import(pathToFileURL(join(sdkDir, 'node.js')).href);
  const sandbox = await startSandbox();
  const tokens = new Map();
  const store = { get: (k) => tokens.get(k) ?? null, set: (k, v) => { tokens.set(k, v); }, delete: (k) => { tokens.delete(k); } };
  const client = new sdk.TriplinkClient(
    { baseUrl: sandbox.us, clientId: DEMO.clientId, clientSecret: DEMO.clientSecret, extraAllowedHosts: [sandbox.eu] },
    { tokenStore: store },
  );
  await client.passwordLogin('supplier', DEMO.supplierLogin, DEMO.supplierPassword);
  const report = await client.autoConnect('supplier', sdk.MemberIndex.fromCsv(readFileSync(membersCsv, 'utf8')));
  const config = { bookingSource: DEMO.bookingSource, travelerUserId: DEMO.zoeUserId };
  const pageConfig = { bookingSource: DEMO.bookingSource };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    const send = (status, type, body) => { res.writeHead(status, { 'content-type': type }); res.end(body); };
    try {
      if (url.pathname === '/') {
        // The CSP the page needs (README): its own scripts, wasm compilation, its own origin.
        res.setHeader('content-security-policy', CSP);
        return send(200, TYPES['.html'], await readFile(join(here, 'index.html')));
      }
      if (url.pathname === '/checkout.js') return send(200, TYPES['.js'], await readFile(join(here, 'checkout.js')));
      if (url.pathname === '/config') return send(200, 'application/json', JSON.stringify(pageConfig));
      if (url.pathname === '/bookings' && req.method === 'POST') {
        // The signed-in traveller comes from the supplier's session (here: the demo's one).
        const xml = await text(req);
        try {
          const posted = await client.postBooking(config.travelerUserId, xml);
          const booked = sdk.parseBooking(xml);
          return send(200, 'application/json', JSON.stringify({ tripId: posted.value.tripId, recordLocator: booked.recordLocator }));
        } catch (e) {
          // The error's code and message only: they never carry a secret.
          const status = e.code === 'InvalidInput' || e.code === 'Decode' ? 400 : 502;
          return send(status, 'application/json', JSON.stringify({ error: `${e.code}: ${e.message}` }));
        }
      }
      if (url.pathname.startsWith('/sdk/')) {
        const rel = normalize(url.pathname.slice('/sdk/'.length));
        if (rel.startsWith('..')) return send(403, 'text/plain', 'no');
        return send(200, TYPES[extname(rel)] ?? 'application/octet-stream', await readFile(join(sdkDir, rel)));
      }
      send(404, 'text/plain', 'not found');
    } catch {
      send(404, 'text/plain', 'not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    report,
    client,
    config,
    stop() { server.close(); sandbox.stop(); },
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  process.env.TRIPLINK_SANDBOX_BIN ??= join(root, 'target/debug/triplink-sandbox');
  const app = await startCheckout({ sdkDir: join(root, 'bindings-wasm/npm'), membersCsv: join(root, 'sandbox/data/members.csv') });
  console.log(`checkout page: ${app.url} (connected: ${JSON.stringify(app.report.counts)}); Ctrl-C to stop`);
  process.on('SIGINT', () => { app.stop(); process.exit(0); });
}
