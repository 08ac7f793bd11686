// Serves the Vite build of this folder and opens it in Chromium (playwright-core): the
// bundled package must load its .wasm and work. Run from the scratch project after
// `vite build` (scripts/test-wasm.sh does both).
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { launchChromium } from '../browser.mjs';

const dist = join(process.cwd(), 'dist');
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };
const server = createServer(async (req, res) => {
  const rel = normalize(new URL(req.url, 'http://x').pathname).replace(/^\/+/, '') || 'index.html';
  try {
    const body = await readFile(join(dist, rel));
    res.writeHead(200, { 'content-type': TYPES[extname(rel)] ?? 'application/octet-stream' });
    res.end(body);
  } catch {
    res.writeHead(404);
    res.end();
  }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const browser = await launchChromium(process.env.TRIPLINK_TOOLS_DIR);
try {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.waitForSelector('#out[data-done="true"]', { timeout: 15000 }).catch((e) => { throw new Error(`page did not finish: ${errors.join('; ') || e.message}`); });
  const result = JSON.parse(await page.textContent('#out'));
  assert.deepEqual(errors, []);
  assert.equal(result.tripName, 'Bundled');
  assert.equal(result.status, 'CRSUC');
  assert.equal(result.code, 'Decode');
  assert.match(result.version, /^\d+\.\d+\.\d+/);
  console.log(`bundler: Vite build of the package runs in Chromium (${JSON.stringify(result)})`);
} finally {
  await browser.close();
  server.close();
}
