// Playwright (playwright-core driving Debian's /usr/bin/chromium) clicks through the checkout
// page: the page (light build) builds the booking and sends it to the supplier's server (full
// build), which posts it to the traveller's Concur itinerary in the sandbox; the page shows
// the trip, the server checks the trip really holds the stay, and no request leaving the
// browser carries an `Authorization` header or goes anywhere but the supplier's own origin.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../../bindings-wasm/tests-js/browser.mjs';
import { startCheckout } from './server.mjs';

const app = await startCheckout({ sdkDir: process.env.TRIPLINK_SDK_DIR, membersCsv: process.env.TRIPLINK_MEMBERS_CSV });
// playwright-core is a pinned dev tool of bindings-wasm/tools (not a dependency of the package).
const browser = await launchChromium(fileURLToPath(new URL('../../bindings-wasm/tools/', import.meta.url)));
try {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const sent = [];
  page.on('request', (r) => sent.push(r));
  await page.goto(app.url);
  await page.waitForSelector('#result[data-ready="true"]');
  await page.fill('input[name="hotel"]', 'Acme Playwright Suites');
  await page.click('#book');
  const result = page.locator('#result.ok');
  await result.waitFor({ timeout: 15000 });
  const text = await result.textContent();
  const tripId = await result.getAttribute('data-trip-id');
  const confirmation = await result.getAttribute('data-confirmation');
  assert.match(text, /Added to your SAP Concur trip \S+/);
  assert.ok(tripId && text.includes(tripId));
  assert.deepEqual(errors, []);
  const origin = new URL(app.url).origin;
  const requests = await Promise.all(sent.map(async (r) => ({ url: r.url(), headers: await r.allHeaders() })));
  assert.ok(requests.some((r) => r.url === `${origin}/bookings`), 'the booking went to the supplier server');
  assert.ok(requests.some((r) => r.url.endsWith('/sdk/pkg-booking/triplink_wasm_bg.wasm')), 'the page loads the light build');
  assert.deepEqual(requests.filter((r) => new URL(r.url).origin !== origin).map((r) => r.url), [], 'the page talks to its own origin only');
  assert.deepEqual(requests.filter((r) => 'authorization' in r.headers).map((r) => r.url), [], 'no Authorization header leaves the browser');

  // The server (Node, same package) reads the trip back from the sandbox.
  const trip = await app.client.getTrip(app.config.travelerUserId, tripId);
  const stay = (trip.value.bookings ?? []).find((b) => b.recordLocator === confirmation);
  assert.ok(stay, `booking ${confirmation} is in trip ${tripId}`);
  assert.equal(stay.bookingSource, app.config.bookingSource);
  const hotel = stay.segments?.[0]?.Hotel ?? stay.segments?.find?.((s) => s.Hotel)?.Hotel;
  assert.equal(hotel?.name, 'Acme Playwright Suites');
  console.log(`checkout page: booked ${confirmation} into trip ${tripId} via the supplier server; ${sent.length} browser requests, none with a token`);
} finally {
  await browser.close();
  app.stop();
}
