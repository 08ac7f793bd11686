// `onEvent` in plain Node ESM against the sandbox over loopback: an auto-connect run reports
// its pages, each request's decision and PUT (as the report has them), a retry under an
// injected 503 and a token refresh; a callback that throws (or rejects) is logged once with
// console.warn and the run goes on; a bad `onEvent` or retry budget is an InvalidInput.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as sdk from '@triplink/sdk';
import { startSandbox, DEMO } from './sandbox.mjs';
import { readFileSync } from 'node:fs';

const MEMBERS = readFileSync(process.env.TRIPLINK_MEMBERS_CSV, 'utf8');
const ORACLE = { CRSUC: 11, CREU1: 2, CREU2: 2, CREU3: 4, CRPA1: 1 };
const LIST = '/api/v3.2/common/connectionrequests';

function client(sb, options, more = {}) {
  return new sdk.TriplinkClient({
    baseUrl: sb.us, clientId: DEMO.clientId, clientSecret: DEMO.clientSecret, extraAllowedHosts: [sb.eu],
    retry: { maxAttempts: 4, baseDelayMs: 5, maxDelayMs: 20 }, ...more,
  }, options);
}

async function fault(sb, kind, times = 1) {
  const r = await fetch(`${sb.us}/_sandbox/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ method: 'GET', path_prefix: LIST, kind, times }),
  });
  assert.ok(r.ok, `fault not armed: ${r.status}`);
}

async function withSandbox(fn) {
  const sb = await startSandbox();
  try {
    await fn(sb);
  } finally {
    sb.stop();
  }
}

/** Replaces console.warn while `fn` runs; resolves to what was warned. */
async function capturingWarnings(fn) {
  const warned = [];
  const original = console.warn;
  console.warn = (...args) => warned.push(args);
  try {
    await fn();
    // Let rejected promises' handlers run.
    await new Promise((r) => setTimeout(r, 20));
  } finally {
    console.warn = original;
  }
  return warned;
}

test('an auto-connect run reports pages, decisions, PUTs, a retry and a token refresh', () =>
  withSandbox(async (sb) => {
    const events = [];
    const c = client(sb, { onEvent: (e) => events.push(e) });
    await c.passwordLogin('supplier', DEMO.supplierLogin, DEMO.supplierPassword);
    // The first listing finds the token expired (a refresh with rotation), the next gets a 503.
    await fault(sb, { kind: 'expired_token' });
    await fault(sb, { kind: 'status', status: 503 });
    const report = await c.autoConnect('supplier', sdk.MemberIndex.fromCsv(MEMBERS), { concurrency: 4 });
    assert.deepEqual(report.counts, ORACLE);

    assert.ok(events.some((e) => e.kind === 'tokenRefreshed' && e.key === 'supplier' && e.rotated === true),
      JSON.stringify(events));
    const retry = events.find((e) => e.kind === 'retryScheduled');
    assert.ok(retry, JSON.stringify(events));
    assert.equal(retry.method, 'GET');
    assert.ok(retry.path.startsWith(LIST), retry.path);
    assert.equal(retry.reason, 'HTTP 503');
    assert.equal(retry.attempt, 1);
    assert.equal(typeof retry.waitMs, 'number');
    const read = events.filter((e) => e.kind === 'pageRead').reduce((n, e) => n + e.newRequests, 0);
    assert.equal(read, report.outcomes.length);
    const decided = events.filter((e) => e.kind === 'requestDecided');
    assert.equal(decided.length, report.outcomes.length, 'one decision per request');
    for (const o of report.outcomes) {
      const d = events.findIndex((e) => e.kind === 'requestDecided' && e.requestId === o.requestId);
      const p = events.findIndex((e) => e.kind === 'putDone' && e.requestId === o.requestId);
      assert.ok(d >= 0 && p > d, `${o.requestId}: decided at ${d}, PUT at ${p}`);
      assert.equal(events[d].status, o.status);
      assert.equal(events[p].status, o.status);
      assert.equal(events[p].correlationId, o.correlationId);
    }
    // The EU users' grants were redirected to their geolocation.
    assert.ok(events.some((e) => e.kind === 'redirected' && e.to === sb.eu), JSON.stringify(events));
    const text = JSON.stringify(events);
    assert.equal(text.includes(DEMO.clientSecret) || text.includes(DEMO.supplierPassword), false);
  }));

test('a callback that throws or rejects is logged once and the run goes on', () =>
  withSandbox(async (sb) => {
    let calls = 0;
    const c = client(sb, { onEvent: () => { calls += 1; throw new Error('listener broke'); } });
    let report;
    const warned = await capturingWarnings(async () => {
      await c.passwordLogin('supplier', DEMO.supplierLogin, DEMO.supplierPassword);
      report = await c.autoConnect('supplier', sdk.MemberIndex.fromCsv(MEMBERS));
    });
    assert.deepEqual(report.counts, ORACLE);
    assert.ok(calls > 20, `every event still offered: ${calls}`);
    assert.equal(warned.length, 1, JSON.stringify(warned));
    assert.match(String(warned[0][0]), /onEvent/);
    assert.equal(warned[0][1].message, 'listener broke');

    const async = client(sb, { onEvent: async () => { throw new Error('async listener broke'); } });
    let again;
    const warnedAsync = await capturingWarnings(async () => {
      await async.passwordLogin('supplier', DEMO.supplierLogin, DEMO.supplierPassword);
      again = await async.listAllConnectionRequests('supplier', 10);
      await fault(sb, { kind: 'status', status: 503 });
      await async.listConnectionRequests('supplier', { limit: 1 });
    });
    assert.equal(again.stopped, null);
    assert.equal(warnedAsync.length, 1, JSON.stringify(warnedAsync));
    assert.equal(warnedAsync[0][1].message, 'async listener broke');
  }));

test('a bad onEvent or retry budget is an InvalidInput naming it; a small budget is taken', () =>
  withSandbox(async (sb) => {
    assert.throws(() => client(sb, { onEvent: 42 }),
      (e) => sdk.isTriplinkError(e) && e.code === 'InvalidInput' && e.field === 'options.onEvent');
    for (const [field, retryBudget] of [
      ['retry_budget.capacity', { capacity: 0 }],
      ['retry_budget.retry_cost', { retryCost: 0 }],
      ['retry_budget.timeout_cost', { capacity: 10, retryCost: 5, timeoutCost: 11 }],
      ['retry_budget.success_refill', { capacity: 10, retryCost: 5, timeoutCost: 5, successRefill: 11 }],
    ]) {
      assert.throws(() => client(sb, undefined, { retryBudget }),
        (e) => sdk.isTriplinkError(e) && e.code === 'InvalidInput' && e.field === field, field);
    }
    // Room for one retry: a 503 outage on the listing costs the first call one retry, the
    // second none.
    const events = [];
    const c = client(sb, { onEvent: (e) => events.push(e) },
      { retryBudget: { capacity: 7, retryCost: 5, timeoutCost: 7, successRefill: 0 } });
    await c.passwordLogin('supplier', DEMO.supplierLogin, DEMO.supplierPassword);
    await fault(sb, { kind: 'status', status: 503 }, 8);
    await assert.rejects(c.listConnectionRequests('supplier'), (e) => e.status === 503);
    await assert.rejects(c.listConnectionRequests('supplier'), (e) => e.status === 503);
    assert.equal(events.filter((e) => e.kind === 'retryScheduled').length, 1, JSON.stringify(events));
  }));
