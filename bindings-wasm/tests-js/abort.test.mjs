// Cancellation in the npm package, against the sandbox over loopback: an `AbortSignal` on a
// call aborts its HTTP request (the sandbox never acts on it) and rejects as `fetch` does; an
// already-aborted signal sends nothing; auto-connect's signal stops a run of a few hundred
// requests gracefully mid-queue, and so does its deadline — every request PUT exactly once
// (and reported) or untouched.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as sdk from '@triplink/sdk';
import { startSandbox, DEMO } from './sandbox.mjs';
import { readFileSync } from 'node:fs';

const CR_PATH = '/api/v3.2/common/connectionrequests';

/** A host transport over `fetch` that passes the SDK's `request.signal` on and reports
 *  every request and answer to `seen`. */
function observedTransport(seen = {}) {
  return {
    async send(req) {
      seen.onRequest?.(req);
      const init = { method: req.method, headers: req.headers, redirect: 'manual', signal: req.signal };
      if (req.body !== null) init.body = req.body;
      const r = await fetch(req.url, init);
      const headers = [];
      r.headers.forEach((v, k) => headers.push([k, v]));
      const answer = { status: r.status, headers, body: new Uint8Array(await r.arrayBuffer()) };
      seen.onAnswer?.(req, answer);
      return answer;
    },
  };
}

function client(sb, options) {
  return new sdk.TriplinkClient(
    { baseUrl: sb.us, clientId: DEMO.clientId, clientSecret: DEMO.clientSecret, extraAllowedHosts: [sb.eu] },
    options,
  );
}

async function admin(sb, path, init) {
  const r = await fetch(`${sb.us}/_sandbox/${path}`, init);
  if (!r.ok) throw new Error(`${path}: ${r.status}`);
  return r.status === 204 ? null : r.json();
}

const injectFault = (sb, fault) => admin(sb, 'faults', {
  method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ times: 1, ...fault }),
});
const putsFor = async (sb, id) => (await admin(sb, 'puts')).filter((p) => p.id === id).length;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function withSandbox(fn) {
  const sb = await startSandbox();
  try {
    await fn(sb);
  } finally {
    sb.stop();
  }
}

async function isAbortError(promise) {
  await assert.rejects(promise, (e) => e instanceof DOMException && e.name === 'AbortError');
}

test('an abort cancels a slow call: AbortError before the answer, and the sandbox never acts', () =>
  withSandbox(async (sb) => {
    const c = client(sb);
    await c.passwordLogin('supplier', DEMO.supplierLogin, DEMO.supplierPassword);
    const [first, second] = (await c.listConnectionRequests('supplier', { limit: 2 })).value.items;

    // The status PUT waits 3 s in the sandbox before its handler runs; abort after 100 ms.
    await injectFault(sb, { method: 'PUT', path_prefix: CR_PATH, kind: { kind: 'latency', ms: 3000 } });
    const ctl = new AbortController();
    const started = Date.now();
    setTimeout(() => ctl.abort(), 100);
    await isAbortError(c.updateConnectionRequestStatus('supplier', first.id, 'CRSUC', '3.2', { signal: ctl.signal }));
    const waited = Date.now() - started;
    assert.ok(waited < 2500, `rejected after ${waited} ms: the call waited for the answer`);
    // Past the latency: the connection was closed, so the handler never ran — no PUT stored.
    await sleep(3500 - waited);
    assert.equal(await putsFor(sb, first.id), 0, 'the aborted PUT reached the handler');

    // The control: the same slow PUT, not aborted, is stored.
    await injectFault(sb, { method: 'PUT', path_prefix: CR_PATH, kind: { kind: 'latency', ms: 300 } });
    await c.updateConnectionRequestStatus('supplier', second.id, 'CRSUC', '3.2', { signal: new AbortController().signal });
    assert.equal(await putsFor(sb, second.id), 1);
  }));

test('a host transport gets the signal of the request, aborted with the call', () =>
  withSandbox(async (sb) => {
    const signals = [];
    const c = client(sb, { transport: observedTransport({ onRequest: (req) => signals.push(req.signal) }) });
    await c.passwordLogin('supplier', DEMO.supplierLogin, DEMO.supplierPassword);
    assert.ok(signals[0] instanceof AbortSignal && !signals[0].aborted, 'a finished request is not aborted');
    await injectFault(sb, { method: 'GET', path_prefix: CR_PATH, kind: { kind: 'latency', ms: 2000 } });
    const reason = new Error('the user closed the page');
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(reason), 100);
    // A reason given to abort() is what the call rejects with, as fetch does.
    await assert.rejects(c.listConnectionRequests('supplier', null, null, { signal: ctl.signal }), (e) => e === reason);
    assert.equal(signals.length, 2);
    assert.equal(signals[1].aborted, true, "the transport's request was aborted");
  }));

test('an already-aborted signal rejects at once and sends nothing; a bad one is InvalidInput', () =>
  withSandbox(async (sb) => {
    let sent = 0;
    const c = client(sb, { transport: observedTransport({ onRequest: () => sent++ }) });
    await isAbortError(c.passwordLogin('supplier', DEMO.supplierLogin, DEMO.supplierPassword, { signal: AbortSignal.abort() }));
    await isAbortError(c.getConnectionRequest('supplier', 'any', '3.2', { signal: AbortSignal.abort() }));
    await assert.rejects(c.revoke('supplier', { signal: AbortSignal.abort('no thanks') }), (e) => e === 'no thanks');
    assert.equal(sent, 0, 'a request was sent');
    // Auto-connect's signal is graceful: a run stopped before it starts resolves, reading nothing.
    const index = sdk.MemberIndex.fromCsv(readFileSync(process.env.TRIPLINK_MEMBERS_CSV, 'utf8'), sdk.matchPolicy('either'));
    const report = await c.autoConnect('supplier', index, { mode: 'PeekAll', signal: AbortSignal.abort() });
    assert.match(report.stopped, /AbortSignal was aborted \(AbortError/);
    assert.equal(report.pages, 0);
    assert.equal(sent, 0, 'a request was sent');

    await assert.rejects(c.revoke('supplier', { signal: 'soon' }),
      (e) => e instanceof sdk.TriplinkError && e.code === 'InvalidInput' && e.field === 'options.signal');
    await assert.rejects(c.revoke('supplier', 7),
      (e) => e instanceof sdk.TriplinkError && e.code === 'InvalidInput' && e.field === 'options');
    // Existing call shapes keep working without the options argument.
    await c.passwordLogin('supplier', DEMO.supplierLogin, DEMO.supplierPassword);
    assert.equal(sent, 1);
  }));

/** Every request of the sandbox is PUT once and reported once, or untouched: no PUT, no
 *  exchange, no token stored, not reported. Returns the counts. */
async function putOnceOrUntouched(sb, reports, store) {
  const requests = await admin(sb, 'connection-requests');
  const counters = await admin(sb, 'counters');
  const reported = new Map();
  for (const o of reports.flatMap((r) => r.outcomes)) {
    assert.equal(o.putDone, true, `${o.requestId} reported without its PUT`);
    reported.set(o.requestId, (reported.get(o.requestId) ?? 0) + 1);
  }
  let put = 0;
  let untouched = 0;
  for (const r of requests) {
    const puts = counters.puts_per_request[r.id] ?? 0;
    if (puts === 1) {
      assert.equal(reported.get(r.id), 1, `${r.id} PUT but not reported once`);
      put++;
    } else {
      assert.equal(puts, 0, `${r.id} PUT ${puts} times`);
      assert.equal(reported.get(r.id), undefined, `${r.id} reported but not PUT`);
      assert.equal(counters.exchanges_ok[r.id], undefined, `${r.id} exchanged`);
      assert.equal(r.token_used, false, `${r.id} token used`);
      assert.equal(store.has(r.user_id), false, `${r.id}: tokens stored and no PUT`);
      untouched++;
    }
  }
  return { put, untouched, total: requests.length };
}

const mapStore = (map) => ({ get: (k) => map.get(k) ?? null, set: (k, v) => void map.set(k, v), delete: (k) => void map.delete(k) });

async function seededQueue(sb, n) {
  await admin(sb, `seed?requests=${n}`, { method: 'POST' });
  const csv = await (await fetch(`${sb.us}/_sandbox/seed/members.csv`)).text();
  return sdk.MemberIndex.fromCsv(csv, sdk.matchPolicy('either'));
}

test("auto-connect's signal stops a run of 300 requests mid-queue: each PUT once or untouched", () =>
  withSandbox(async (sb) => {
    const index = await seededQueue(sb, 300);
    const ctl = new AbortController();
    let putsAnswered = 0;
    const onAnswer = (req) => {
      if (req.method === 'PUT' && req.url.includes('/connectionrequests/') && ++putsAnswered === 25) ctl.abort();
    };
    const store = new Map();
    const c = client(sb, { transport: observedTransport({ onAnswer }), tokenStore: mapStore(store) });
    await c.passwordLogin('supplier', DEMO.supplierLogin, DEMO.supplierPassword);
    const report = await c.autoConnect('supplier', index, { concurrency: 4, signal: ctl.signal });
    assert.match(report.stopped, /run stopped: the AbortSignal was aborted \(AbortError: .*\); requests in flight were finished/);
    const first = await putOnceOrUntouched(sb, [report], store);
    assert.ok(first.put >= 25 && first.put <= 25 + 8, `${first.put} PUT`);
    assert.ok(first.total >= 300 && first.put + first.untouched === first.total);
    assert.equal(report.handled, first.put);

    // A new run (no signal) takes the rest: then every request was PUT exactly once.
    const rest = await c.autoConnect('supplier', index, { concurrency: 4 });
    assert.equal(rest.stopped, null);
    const all = await putOnceOrUntouched(sb, [report, rest], store);
    assert.deepEqual(all, { put: first.total, untouched: 0, total: first.total });
  }));

test("auto-connect's runDeadlineMs stops taking requests once it passes", () =>
  withSandbox(async (sb) => {
    const index = await seededQueue(sb, 200);
    // Each status PUT takes 100 ms: 200+ requests 2 at a time need 10 s; the deadline is 0.5 s.
    await injectFault(sb, { method: 'PUT', path_prefix: CR_PATH, kind: { kind: 'latency', ms: 100 }, times: 1000 });
    const store = new Map();
    const c = client(sb, { tokenStore: mapStore(store) });
    await c.passwordLogin('supplier', DEMO.supplierLogin, DEMO.supplierPassword);
    const report = await c.autoConnect('supplier', index, { concurrency: 2, runDeadlineMs: 500 });
    assert.match(report.stopped, /its 500 ms deadline passed/);
    const { put, untouched } = await putOnceOrUntouched(sb, [report], store);
    assert.ok(put >= 1 && untouched >= 100, `${put} PUT, ${untouched} untouched`);
  }));
