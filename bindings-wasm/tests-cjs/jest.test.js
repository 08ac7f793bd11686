// The packed package under Jest with its default configuration (CommonJS modules, no
// transform settings): `require` resolves the `require` condition.
const { check } = require('./check.cjs');

test('the full and the light build load and work under Jest', () => {
  const full = require('@triplink/sdk');
  const booking = require('@triplink/sdk/booking');
  const assert = { equal: (a, b, m) => expect([a, m]).toEqual([b, m]), match: (s, re) => expect(s).toMatch(re), deepEqual: (a, b) => expect(a).toEqual(b) };
  check(full, assert);
  check(booking, assert);
  expect(typeof full.MemberIndex).toBe('function');
  expect(booking.MemberIndex).toBeUndefined();
});
