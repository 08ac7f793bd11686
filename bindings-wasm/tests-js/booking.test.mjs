// The light build (`@triplink/sdk/booking`) and the `slim` entry, from the `npm pack` tarball
// in plain Node ESM: the light build ships exactly what booking.d.ts declares and works
// offline; the slim entry starts nothing until `init()` and then works.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as booking from '@triplink/sdk/booking';
import * as slim from '@triplink/sdk/slim';

const pkg = new URL('./node_modules/@triplink/sdk/', import.meta.url);
// The booking the CommonJS tests build too (tests-cjs/check.cjs, copied beside this file).
const { SPEC } = createRequire(import.meta.url)('./check.cjs');

test('the light build exports exactly what booking.d.ts declares', () => {
  const dts = readFileSync(new URL('booking.d.ts', pkg), 'utf8');
  const values = dts.split('export {')[1].split('}')[0];
  const declared = values.split(',').map((s) => s.trim()).filter(Boolean).sort();
  assert.deepEqual(Object.keys(booking).sort(), declared);
});

test('the light build reads and writes trips, builds and validates bookings, folds names', () => {
  const xml = booking.buildSupplierBookingXml(SPEC);
  const parsed = booking.parseBooking(xml);
  assert.equal(parsed.recordLocator, 'R-1');
  const trip = booking.parseTrip(`<Itinerary><TripName>Light</TripName><Bookings>${xml.replace(/^<\?xml[^>]*>/, '')}</Bookings></Itinerary>`);
  assert.equal(trip.tripName, 'Light');
  assert.equal(trip.bookings.length, 1);
  assert.match(booking.writeTrip('<Itinerary><TripName>W</TripName></Itinerary>'), /<TripName>W<\/TripName>/);
  const req = booking.buildPostBookingRequest({ baseUrl: 'https://us.api.concursolutions.com', accessToken: 'tok' }, xml, 'T-9');
  assert.equal(req.method, 'POST');
  assert.match(req.url, /tripId=T-9/);
  const answer = booking.parseTripResponse({ baseUrl: 'https://us.api.concursolutions.com' },
    { status: 200, headers: [['content-type', 'application/xml']], body: '<Itinerary><TripId>T-9</TripId></Itinerary>' });
  assert.equal(answer.tripId, 'T-9');
  assert.equal(booking.normalizeName('Zoë  O\'Brien'), 'zoeobrien');
  assert.equal(booking.normalizeEmail('  Zoe@Example.COM '), 'zoe@example.com');
  assert.throws(() => booking.buildSupplierBookingXml({ ...SPEC, lastName: '' }),
    (e) => e instanceof booking.TriplinkError && e.code === 'InvalidInput');
});

test('the slim entry starts nothing until init(), then works', async () => {
  assert.equal(slim.TriplinkError, undefined);
  assert.throws(() => slim.parseTrip('<Itinerary/>'));
  const bytes = readFileSync(new URL('pkg/triplink_wasm_bg.wasm', pkg));
  await slim.init(new Response(bytes, { headers: { 'content-type': 'application/wasm' } }));
  assert.equal(slim.parseTrip('<Itinerary><TripName>Slim</TripName></Itinerary>').tripName, 'Slim');
  assert.equal(typeof slim.TriplinkError, 'function');
  assert.throws(() => slim.parseTrip('<broken'), (e) => e instanceof slim.TriplinkError && e.code === 'Decode');
  await slim.init(); // a second start does nothing
});
