// The npm package from its `npm pack` tarball, in plain Node ESM, against the sandbox over
// loopback: auto-connect (built-in fetch and a host transport), a booking post, token
// refreshes and grants through a host token store, typed errors, and the sans-IO pairs.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as sdk from '@triplink/sdk';
import { startSandbox, DEMO } from './sandbox.mjs';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

const MEMBERS = readFileSync(process.env.TRIPLINK_MEMBERS_CSV, 'utf8');
const ORACLE = { CRSUC: 11, CREU1: 2, CREU2: 2, CREU3: 4, CRPA1: 1 };

function client(sb, options) {
  return new sdk.TriplinkClient(
    { baseUrl: sb.us, clientId: DEMO.clientId, clientSecret: DEMO.clientSecret, extraAllowedHosts: [sb.eu] },
    options,
  );
}

async function withSandbox(fn) {
  const sb = await startSandbox();
  try {
    await fn(sb);
  } finally {
    sb.stop();
  }
}

test('auto-connect with the built-in fetch transport matches the sandbox oracle', () =>
  withSandbox(async (sb) => {
    const c = client(sb);
    const info = await c.passwordLogin('supplier', DEMO.supplierLogin, DEMO.supplierPassword);
    assert.equal(info.hasRefreshToken, true);
    assert.equal(JSON.stringify(info).includes('access'), false, 'no token in the info');
    const index = sdk.MemberIndex.fromCsv(MEMBERS, sdk.matchPolicy('either'));
    const report = await c.autoConnect('supplier', index, { concurrency: 4 });
    assert.deepEqual(report.counts, ORACLE);
    assert.equal(report.failedPuts, 0);
    assert.equal(JSON.stringify(report).includes('100200300'), false, 'loyalty numbers masked');

    // Zoë's tokens were stored under her user id: post a hotel booking as the supplier.
    const spec = {
      bookingSource: DEMO.bookingSource, recordLocator: 'ACME-NODE-1', confirmationNumber: 'HN-1',
      firstName: 'Zoë', lastName: "O'Brien",
      time: { Local: { start: '2031-03-02T15:00:00', end: '2031-03-04T11:00:00', timeZone: 'America/Los_Angeles' } },
      total: ['321.00', 'USD'],
      segment: { Hotel: { name: 'Acme Node Hotel', city: 'Seattle', country: 'US' } },
    };
    // A control character XML cannot carry is refused by field, before anything is posted.
    assert.throws(() => sdk.buildSupplierBookingXml({ ...spec, lastName: "O'Brien\u0007" }),
      (e) => e instanceof sdk.TriplinkError && e.code === 'InvalidInput' && e.field === 'NameLast' && e.message.includes('U+0007'));
    assert.throws(() => sdk.buildSupplierBooking({ ...spec, segment: { Hotel: { name: 'Acme\u0000' } } }),
      (e) => e instanceof sdk.TriplinkError && e.code === 'InvalidInput' && e.field === 'Name');
    const xml = sdk.buildSupplierBookingXml(spec);
    const posted = await c.postBooking(DEMO.zoeUserId, xml);
    const mine = posted.value.bookings.filter((b) => b.bookingSource === DEMO.bookingSource);
    assert.equal(mine.length, 1);
    assert.equal(mine[0].recordLocator, 'ACME-NODE-1');
    assert.ok(posted.value.tripId, 'the booking landed in a trip');
    const fetched = await c.getTrip(DEMO.zoeUserId, posted.value.tripId);
    assert.equal(fetched.value.tripId, posted.value.tripId);

    // Read-modify-write with objects: the booking gains an unknown element, its hotel a later
    // check-out; the edited trip object goes back as is, and a re-read gives the edit with
    // everything else of the booking unchanged.
    const trip = fetched.value;
    const booking = trip.bookings.find((b) => b.bookingSource === DEMO.bookingSource);
    const hotel = booking.segments[0].Hotel;
    assert.equal(hotel.endDateLocal, '2031-03-04T11:00:00');
    hotel.endDateLocal = '2031-03-05T11:00:00';
    booking.extra = [...(booking.extra ?? []),
      { Element: { name: 'VendorExtension', attrs: [['tier', 'gold']], children: [{ Text: 'Ünïcode & more' }] } }];
    await c.replaceTrip(DEMO.zoeUserId, trip.tripId, trip);
    const reread = (await c.getTrip(DEMO.zoeUserId, trip.tripId)).value;
    const back = reread.bookings.find((b) => b.bookingSource === DEMO.bookingSource);
    assert.equal(back.segments[0].Hotel.endDateLocal, '2031-03-05T11:00:00');
    assert.deepEqual(back, booking);
    const cancel = await c.cancelBooking(DEMO.zoeUserId, DEMO.bookingSource, 'HN-1');
    assert.ok('cancelled' in cancel.value, JSON.stringify(cancel.value));
    const again = await c.cancelBooking(DEMO.zoeUserId, DEMO.bookingSource, 'HN-NOPE');
    assert.equal(again.value, 'notFound');
    await assert.rejects(c.getTrip(DEMO.zoeUserId, 'NO-SUCH-TRIP'),
      (e) => e instanceof sdk.TriplinkError && e.code === 'NotFound');
  }));

test('a host transport and a host token store carry every call', () =>
  withSandbox(async (sb) => {
    const sent = [];
    const transport = {
      async send(req) {
        sent.push(`${req.method} ${new URL(req.url).pathname}`);
        const r = await fetch(req.url, { method: req.method, headers: req.headers, body: req.body ?? undefined });
        return { status: r.status, headers: [...r.headers], body: await r.text() };
      },
    };
    const saved = new Map();
    let sets = 0;
    const tokenStore = {
      get: async (k) => saved.get(k) ?? null,
      set: async (k, v) => { sets += 1; saved.set(k, v); },
      delete: (k) => { saved.delete(k); },
    };
    const c = client(sb, { transport, tokenStore });
    await c.passwordLogin('supplier', DEMO.supplierLogin, DEMO.supplierPassword);
    assert.ok(saved.has('supplier'));
    const first = JSON.parse(saved.get('supplier'));
    const index = sdk.MemberIndex.fromCsv(MEMBERS);
    const report = await c.autoConnect('supplier', index);
    assert.deepEqual(report.counts, ORACLE);
    assert.ok(sent.some((s) => s.startsWith('PUT /api/v3.2/common/connectionrequests/')), sent.join('\n'));
    assert.ok(saved.has(DEMO.zoeUserId), 'user tokens stored through the host store');
    const all = await c.listAllConnectionRequests('supplier', 10);
    assert.equal(all.stopped, null);
    assert.ok(all.pages >= 1 && Array.isArray(all.items));
    await assert.rejects(c.requestAction('supplier', 'R1', 'launch'), (e) => e.code === 'InvalidInput' && e.field === 'action');
    // What the core decides for both bindings, through the npm API: the token info (no
    // secrets), the part names, the batch rules — the last two refused before anything is sent.
    const info = await c.refreshIfDue('supplier');
    assert.equal(info.hasRefreshToken, true);
    assert.ok(info.expiresAt > 0 && !('accessToken' in info) && !('refreshToken' in info), JSON.stringify(Object.keys(info)));
    const sentBefore = sent.length;
    await assert.rejects(c.requestPart('supplier', 'R1', 'cashadvances'), (e) => e.code === 'InvalidInput' && e.field === 'part');
    await assert.rejects(c.postProposals('supplier', 'R1', { providerMessageId: 'M1', proposals: [] }),
      (e) => e.code === 'InvalidInput' && /1 to 3/.test(e.message));
    assert.equal(sent.length, sentBefore, 'refused before sending');

    // Token refresh: the sandbox's clock moves past the access token's hour; the next call
    // gets a 401, the SDK refreshes once, stores the rotated set, and retries.
    const setsBefore = sets;
    await sb.advanceClock(3700);
    const page = await c.listConnectionRequests('supplier', { limit: 5 });
    assert.ok(Array.isArray(page.value.items));
    assert.ok(sets > setsBefore, 'the refreshed set was saved');
    assert.notEqual(JSON.parse(saved.get('supplier')).access_token, first.access_token);

    // A refresh on demand (as after a 401 the host saw itself): the rotated set is stored
    // and its info (no secrets) is what tokenInfo reads back from the store.
    const beforeNow = JSON.parse(saved.get('supplier'));
    const now = await c.refreshNow('supplier');
    const rotated = JSON.parse(saved.get('supplier'));
    assert.notEqual(rotated.refresh_token, beforeNow.refresh_token, 'the rotated refresh token was stored');
    assert.notEqual(rotated.access_token, beforeNow.access_token);
    assert.equal(now.hasRefreshToken, true);
    assert.deepEqual(await c.tokenInfo('supplier'), now);
    assert.ok(!('accessToken' in now) && !('refreshToken' in now), JSON.stringify(Object.keys(now)));
    const shown = JSON.stringify(now);
    assert.ok(!shown.includes(rotated.access_token) && !shown.includes(rotated.refresh_token), 'no token in the info');
    assert.equal(await c.tokenInfo('nobody'), null);
    await assert.rejects(c.refreshNow('nobody'), (e) => sdk.isTriplinkError(e) && e.code === 'Reauthorize');

    // The app's own token (client credentials), stored under its key like any other.
    const tokenPosts = sent.filter((s) => s === 'POST /oauth2/v0/token').length;
    const app = await c.clientCredentialsLogin('tmc');
    assert.ok(saved.has('tmc') && app.expiresAt > 0);
    assert.equal(sent.filter((s) => s === 'POST /oauth2/v0/token').length, tokenPosts + 1);
    assert.deepEqual(await c.tokenInfo('tmc'), app);

    await c.revoke('supplier');
    assert.equal(saved.has('supplier'), false);
    await assert.rejects(c.listConnectionRequests('supplier'),
      (e) => sdk.isTriplinkError(e) && e.code === 'Reauthorize');
  }));

test('settings: timeout, retry policy and integration reach each request; bad ones throw InvalidInput naming the field', () =>
  withSandbox(async (sb) => {
    const seen = [];
    const transport = {
      async send(req) {
        seen.push([new Headers(req.headers).get('user-agent'), req.timeoutMs]);
        const r = await fetch(req.url, { method: req.method, headers: req.headers, body: req.body ?? undefined });
        return { status: r.status, headers: [...r.headers], body: await r.text() };
      },
    };
    const base = { baseUrl: sb.us, clientId: DEMO.clientId, clientSecret: DEMO.clientSecret };
    const c = new sdk.TriplinkClient({
      ...base,
      requestTimeoutMs: 4321,
      retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 20 },
      integration: { name: 'acme-checkout', version: '2.4.1' },
    }, { transport });
    await c.passwordLogin('supplier', DEMO.supplierLogin, DEMO.supplierPassword);
    assert.deepEqual(seen, [[`triplink/${sdk.version()} acme-checkout/2.4.1`, 4321]]);
    for (const [field, bad] of [
      ['retry.max_attempts', { retry: { maxAttempts: 0, baseDelayMs: 1, maxDelayMs: 1 } }],
      ['retry.base_delay_ms', { retry: { maxAttempts: 2, baseDelayMs: 50, maxDelayMs: 10 } }],
      ['request_timeout_ms', { requestTimeoutMs: 0 }],
      ['integration.name', { integration: { name: 'acme checkout', version: '1' } }],
      ['extra_allowed_hosts', { extraAllowedHosts: ['not a url'] }],
    ]) {
      assert.throws(() => new sdk.TriplinkClient({ ...base, ...bad }),
        (e) => sdk.isTriplinkError(e) && e.code === 'InvalidInput' && e.field === field, field);
    }
  }));

test('errors are TriplinkError instances with stable codes and no secrets', () =>
  withSandbox(async (sb) => {
    const c = client(sb);
    await assert.rejects(c.passwordLogin('supplier', DEMO.supplierLogin, 'wrong-password-xyz'), (e) => {
      assert.ok(e instanceof Error && e instanceof sdk.TriplinkError);
      assert.equal(e.name, 'TriplinkError');
      assert.equal(e.code, 'Auth');
      assert.equal(typeof e.status, 'number');
      assert.equal(e.message.includes('wrong-password-xyz'), false);
      assert.equal(e.message.includes(DEMO.clientSecret), false);
      return true;
    });
    assert.throws(() => sdk.parseTrip('<Itinerary><TripId>1'), (e) => e.code === 'Decode');
    assert.throws(() => new sdk.TriplinkClient({ baseUrl: 'not a url', clientId: 'a', clientSecret: 'b' }),
      (e) => e.code === 'InvalidInput');
    assert.throws(() => new sdk.TriplinkClient({ baseUrl: sb.us }), (e) => e.code === 'InvalidInput' && e.field === 'settings');
    assert.throws(() => sdk.buildSupplierBookingXml({ bookingSource: '' }), (e) => e.code === 'InvalidInput');
    // A refused connection is a Network error after the retries, not a hang or a string.
    const dead = new sdk.TriplinkClient({ baseUrl: 'http://127.0.0.1:9', clientId: 'a', clientSecret: 'b' });
    await assert.rejects(dead.passwordLogin('k', 'u', 'p'), (e) => e.code === 'Network');
    // No test hook ships in the package (the panic mapping is tested in tests/panic.rs).
    assert.equal(sdk.__panicForTests, undefined);
  }));

test('sans-IO pairs: the caller does the HTTP', () =>
  withSandbox(async (sb) => {
    const call = { baseUrl: sb.us };
    const tokenReq = sdk.buildPasswordTokenRequest(call, { clientId: DEMO.clientId, clientSecret: DEMO.clientSecret },
      DEMO.supplierLogin, DEMO.supplierPassword);
    assert.equal(tokenReq.method, 'POST');
    const send = async (req) => {
      const r = await fetch(req.url, { method: req.method, headers: req.headers, body: req.body ?? undefined });
      return { status: r.status, headers: [...r.headers], body: new Uint8Array(await r.arrayBuffer()) };
    };
    const reply = sdk.parseTokenResponse(call, await send(tokenReq), Math.floor(Date.now() / 1000));
    assert.ok(reply.granted.accessToken);
    const authed = { baseUrl: sb.us, accessToken: reply.granted.accessToken, version: '3.2' };
    const listReq = sdk.buildListRequest(authed, { limit: 10 });
    assert.match(listReq.url, /\/api\/v3\.2\/common\/connectionrequests/);
    const page = sdk.parseListResponse(authed, await send(listReq));
    assert.equal(page.items.length, 10);
    const put = sdk.buildUpdateStatusRequest(authed, page.items[0].id, 'CRRET');
    sdk.parseUpdateStatusResponse(authed, await send(put));
    // Each request says whether it may be resent after its answer was lost: the builder's rule,
    // not the method's guess. A booking POST may have acted; a password-grant POST may repeat.
    const bookingReq = sdk.buildPostBookingRequest(authed,
      '<Booking><RecordLocator>HX42QZ</RecordLocator><BookingSource>Demo</BookingSource></Booking>');
    assert.deepEqual([bookingReq.method, bookingReq.safeToRepeat], ['POST', false]);
    assert.deepEqual([tokenReq.method, tokenReq.safeToRepeat], ['POST', true]);
    assert.deepEqual([listReq.safeToRepeat, put.safeToRepeat], [true, true]);
    assert.throws(() => sdk.parseListResponse(authed, { status: 401, headers: [], body: '{}' }),
      (e) => e.code === 'Auth' && e.status === 401);
    assert.throws(() => sdk.parseListResponse(authed, { status: 'x' }), (e) => e.code === 'InvalidInput');
  }));

test('matching: presets, decisions with status codes, bad input', () => {
  const index = sdk.MemberIndex.fromCsv(MEMBERS, sdk.matchPolicy('lastNameAndLoyalty'));
  assert.ok(index.size >= 20);
  const d = index.decide({ lastName: "O'Brien", loyaltyNumber: '100200300', emails: [] });
  assert.equal(d.statusCode, 'CRSUC');
  assert.equal(d.memberId, 'M-0001');
  assert.equal(index.decide({ lastName: 'Nobody', loyaltyNumber: '000999', emails: [] }).statusCode, 'CREU1');
  assert.equal(sdk.normalizeName('Zoë  Müller-Lüdenscheidt'), sdk.normalizeName('zoe muller ludenscheidt'));
  // Folding that needs NFKC/NFKD/NFC (the package normalises with String.prototype.normalize).
  assert.equal(sdk.normalizeName('Ｚöë'), 'zoe');
  assert.equal(sdk.normalizeName('ﬁnn'), 'finn');
  assert.equal(sdk.normalizeName('A\u030astro\u0308m', true), 'astroem');
  assert.equal(sdk.normalizeName('한국'), '한국');
  assert.throws(() => sdk.matchPolicy('nope'), (e) => e.code === 'InvalidInput');
  assert.throws(() => sdk.MemberIndex.fromCsv('member_id,last_name\nM1,X\n'), (e) => e.code === 'InvalidInput' || e.code === 'Decode');
  assert.equal(typeof sdk.version(), 'string');
});

test('every runtime export is declared in index.d.ts, and nothing declared is missing', () => {
  const dts = readFileSync(new URL('./node_modules/@triplink/sdk/index.d.ts', import.meta.url), 'utf8');
  const declared = new Set([...dts.matchAll(/^export declare (?:function|class|const) (\w+)/gm)].map((m) => m[1]));
  const runtime = new Set(Object.keys(sdk));
  const undeclared = [...runtime].filter((n) => !declared.has(n));
  const missing = [...declared].filter((n) => !runtime.has(n));
  assert.deepEqual({ undeclared, missing }, { undeclared: [], missing: [] });
  // Methods of the classes, too.
  for (const cls of ['TriplinkClient', 'MemberIndex']) {
    const body = dts.split(`export declare class ${cls} {`)[1].split('\n}')[0];
    const names = [...body.matchAll(/^\s+(?:static |readonly )?(\w+)[(:]/gm)].map((m) => m[1]).filter((n) => n !== 'constructor');
    const proto = Object.getOwnPropertyNames(sdk[cls].prototype).concat(Object.getOwnPropertyNames(sdk[cls]));
    const runtimeMethods = proto.filter((n) => !['constructor', 'length', 'name', 'prototype', '__wrap', '__destroy_into_raw'].includes(n) && !n.startsWith('__'));
    assert.deepEqual(runtimeMethods.filter((n) => !names.includes(n) && n !== Symbol.dispose?.toString()), [], `${cls}: undeclared methods`);
    assert.deepEqual(names.filter((n) => !proto.includes(n)), [], `${cls}: declared but missing`);
  }
});

test('writeTrip and writeBooking take edited objects and keep unknown elements and spellings', () => {
  const xml = '<Itinerary xmlns="http://www.concursolutions.com/api/travel/trip/2010/06"><TripName>T</TripName>' +
    '<FutureField flag="yes">newer<Nested a="1"/></FutureField><TripStatus>+01</TripStatus><IsPersonal>1</IsPersonal>' +
    '<Bookings><Booking><RecordLocator>R</RecordLocator><Segments><Hotel><ConfirmationNumber>C</ConfirmationNumber>' +
    '</Hotel><Air><FlightNumber>0042</FlightNumber><StartDateLocal>2030-01-02T08:00</StartDateLocal></Air>' +
    '</Segments></Booking></Bookings></Itinerary>';
  const trip = sdk.parseTrip(xml);
  assert.equal(sdk.writeTrip(trip), sdk.writeTrip(xml), 'an unedited object writes what its XML writes');
  trip.bookings[0].segments[1].Air.startDateLocal = '2030-01-03T09:15';
  const written = sdk.writeTrip(trip);
  for (const kept of ['<FutureField flag="yes">newer<Nested a="1"/></FutureField>', '<TripStatus>+01</TripStatus>',
    '<IsPersonal>1</IsPersonal>', '<FlightNumber>0042</FlightNumber>', '<StartDateLocal>2030-01-03T09:15</StartDateLocal>']) {
    assert.ok(written.includes(kept), `${kept} in ${written}`);
  }
  assert.deepEqual(sdk.parseTrip(written), trip);
  const booking = trip.bookings[0];
  assert.deepEqual(sdk.parseBooking(sdk.writeBooking(booking)), booking);
  assert.throws(() => sdk.writeTrip({ bookings: 'no' }), (e) => e.code === 'InvalidInput' && e.field === 'trip');
});

test('every key parseTrip gives is declared in the generated typings', () => {
  const dts = readFileSync(new URL('./node_modules/@triplink/sdk/itinerary.generated.d.ts', import.meta.url), 'utf8');
  const declared = new Set([...dts.matchAll(/^ {2}(\w+)\??:/gm)].map((m) => m[1]));
  const kinds = new Set(['Element', 'Text', ...[...dts.matchAll(/^ {2}\| \{ (\w+):/gm)].map((m) => m[1])]);
  const trip = sdk.parseTrip(readFileSync(new URL('./trip_all_segments.xml', import.meta.url), 'utf8'));
  const undeclared = new Set();
  const walk = (v, parentIsChoice) => {
    if (Array.isArray(v)) return v.forEach((x) => walk(x, true));
    if (v === null || typeof v !== 'object') return;
    for (const [k, x] of Object.entries(v)) {
      const ok = parentIsChoice && Object.keys(v).length === 1 ? kinds.has(k) || declared.has(k) : declared.has(k);
      if (!ok) undeclared.add(k);
      walk(x, false);
    }
  };
  walk(trip, false);
  assert.deepEqual([...undeclared], []);
  assert.ok(declared.has('startDateLocal') && kinds.has('Air'));
});

test('the model stream reader: UTF-16 lengths, long varints, the shared key table, bad input', async () => {
  // The reader the package ships (a wasm-bindgen snippet, the same module the package uses),
  // fed streams by hand; each starts with the number of field names its writer believes the
  // reader holds (0: start afresh).
  const snippets = new URL('./node_modules/@triplink/sdk/pkg/snippets/', import.meta.url);
  const dir = readdirSync(snippets).find((d) => existsSync(new URL(`${d}/js/model.js`, snippets)));
  const { decodeModel } = await import(new URL(`${dir}/js/model.js`, snippets));
  const [END, OBJ, ARR, STR, NULL, TRUE, FALSE, NUM, KEY_NEW, KEY, KEY_STR] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const trip = '<Itinerary xmlns="http://www.concursolutions.com/api/travel/trip/2010/06"><TripName>T</TripName>' +
    '<Bookings><Booking><RecordLocator>R</RecordLocator><Segments><Hotel><ConfirmationNumber>C</ConfirmationNumber>' +
    '</Hotel></Segments></Booking></Bookings></Itinerary>';
  const before = JSON.stringify(sdk.parseTrip(trip));

  const long = 'é😀'.repeat(100); // 300 UTF-16 units: a two-byte length (0xAC 0x02)
  const num = [...new Uint8Array(new Float64Array([-1.5]).buffer)];
  const first = decodeModel(
    new Uint8Array([0, OBJ, KEY_NEW, 1, STR, 3, KEY_NEW, 1, ARR, NUM, ...num, NULL, TRUE, FALSE, END, KEY_STR, 2, STR, 0xac, 0x02, END]),
    `aé😀b10${long}`,
  );
  assert.deepEqual(first, { a: 'é😀', b: [-1.5, null, true, false], 10: long });
  // Names sent once are referred to by number afterwards.
  assert.deepEqual(decodeModel(new Uint8Array([2, OBJ, KEY, 1, TRUE, KEY, 0, FALSE, END]), ''), { b: true, a: false });
  // A stream expecting a table the reader does not hold is refused; bad ops are errors.
  assert.throws(() => decodeModel(new Uint8Array([5, OBJ, KEY, 4, TRUE, END]), ''), /expects 5 field names, 2 held/);
  assert.throws(() => decodeModel(new Uint8Array([2, OBJ, KEY, 0, 99, END]), ''), /bad model stream at 4/);
  // A map key `__proto__` stays data, as JSON.parse keeps it.
  const proto = decodeModel(new Uint8Array([2, OBJ, KEY_STR, 9, TRUE, END]), '__proto__');
  assert.equal(Object.getPrototypeOf(proto), Object.prototype);
  assert.equal(JSON.stringify(proto), '{"__proto__":true}');
  // The package's own table is now out of step with its reader: it notices and starts afresh.
  assert.equal(JSON.stringify(sdk.parseTrip(trip)), before);
  assert.equal(JSON.stringify(sdk.parseTrip(trip)), before);
});
