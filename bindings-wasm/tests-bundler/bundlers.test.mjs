// The package through the bundlers users have, each page opened in Chromium (playwright-core):
// the Vite production build, webpack 5's production build, and the Vite dev server. Each must
// load both builds' .wasm and run `main.js`. Run from a scratch project holding this folder
// and the installed `npm pack` tarball (scripts/test-wasm.sh does that).
//   TRIPLINK_TOOLS_DIR=…/bindings-wasm/tools node bundlers.test.mjs
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { copyFile, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { extname, join, normalize } from 'node:path';
import { launchChromium } from '../browser.mjs';

const here = process.cwd();
const tools = createRequire(join(process.env.TRIPLINK_TOOLS_DIR, 'package.json'));
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };

/** Serves `dir` on loopback; resolves to its URL and a stop function. */
async function serve(dir) {
  const server = createServer(async (req, res) => {
    const rel = normalize(new URL(req.url, 'http://x').pathname).replace(/^\/+/, '') || 'index.html';
    try {
      const body = await readFile(join(dir, rel));
      res.writeHead(200, { 'content-type': TYPES[extname(rel)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}/`, stop: () => server.close() };
}

async function check(browser, name, url) {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(url);
  await page.waitForSelector('#out[data-done="true"]', { timeout: 30000 })
    .catch((e) => { throw new Error(`${name}: page did not finish: ${errors.join('; ') || e.message}`); });
  const result = JSON.parse(await page.textContent('#out'));
  await page.close();
  assert.deepEqual(errors, [], name);
  assert.deepEqual({ ...result, version: undefined }, {
    version: undefined, tripName: 'Bundled', status: 'CRSUC', code: 'Decode', before: 'threw', light: 'Light', lightCode: 'InvalidInput',
  }, name);
  assert.match(result.version, /^\d+\.\d+\.\d+/);
  console.log(`bundlers: ${name} runs both builds in Chromium`);
}

const vite = await import(tools.resolve('vite'));
const webpack = tools('webpack');
const browser = await launchChromium(process.env.TRIPLINK_TOOLS_DIR);
try {
  await vite.build({ root: here, configFile: join(here, 'vite.config.mjs') });
  let site = await serve(join(here, 'dist'));
  try { await check(browser, 'Vite production build', site.url); } finally { site.stop(); }

  const config = createRequire(import.meta.url)(join(here, 'webpack.config.cjs'));
  const stats = await new Promise((resolve, reject) => webpack(config, (e, s) => (e ? reject(e) : resolve(s))));
  assert.equal(stats.hasErrors(), false, stats.toString('errors-only'));
  await copyFile(join(here, 'index.html'), join(here, 'dist-webpack', 'index.html'));
  site = await serve(join(here, 'dist-webpack'));
  try { await check(browser, 'webpack 5 production build', site.url); } finally { site.stop(); }

  const dev = await vite.createServer({ root: here, configFile: join(here, 'vite.config.mjs'), server: { host: '127.0.0.1', port: 0 } });
  await dev.listen();
  try { await check(browser, 'Vite dev server', dev.resolvedUrls.local[0]); } finally { await dev.close(); }
} finally {
  await browser.close();
}
