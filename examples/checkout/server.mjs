// The checkout example's supplier server: starts the sandbox, connects the demo travellers
// with the auto-connect job (Node, same package), then serves the checkout page, the package
// files, and each traveller's current access token (never the refresh token or the secret).
//
//   node examples/checkout/server.mjs   (after scripts/build-wasm.sh and a sandbox build)
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startSandbox, DEMO } from '../../bindings-wasm/tests-js/sandbox.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
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
  const config = { baseUrl: sandbox.us, clientId: DEMO.clientId, bookingSource: DEMO.bookingSource, travelerUserId: DEMO.zoeUserId };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    const send = (status, type, body) => { res.writeHead(status, { 'content-type': type }); res.end(body); };
    try {
      if (url.pathname === '/') return send(200, TYPES['.html'], await readFile(join(here, 'index.html')));
      if (url.pathname === '/checkout.js') return send(200, TYPES['.js'], await readFile(join(here, 'checkout.js')));
      if (url.pathname === '/config') return send(200, 'application/json', JSON.stringify(config));
      if (url.pathname.startsWith('/tokens/')) {
        const set = tokens.get(decodeURIComponent(url.pathname.slice('/tokens/'.length)));
        if (!set) return send(404, 'text/plain', 'not connected');
        const { refresh_token, id_token, ...accessOnly } = JSON.parse(set);
        void refresh_token; void id_token;
        return send(200, 'application/json', JSON.stringify({ ...accessOnly, refresh_token: null, id_token: null }));
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
