// The packed package from a CommonJS project under Node's test runner: `require` resolves the
// `require` condition of both builds, which start synchronously and work at once.
const test = require('node:test');
const assert = require('node:assert/strict');
const { check } = require('./check.cjs');

test('require("@triplink/sdk") and require("@triplink/sdk/booking") work in CommonJS', () => {
  const full = require('@triplink/sdk');
  const booking = require('@triplink/sdk/booking');
  assert.equal(require.resolve('@triplink/sdk').endsWith('index.cjs'), true);
  check(full, assert);
  check(booking, assert);
  assert.equal(typeof full.TriplinkClient, 'function', 'the full build has the client');
  assert.equal(booking.TriplinkClient, undefined, 'the light build has no client');
});
