// Playwright (playwright-core driving Debian's /usr/bin/chromium) clicks through the checkout
// page: the booking is posted to the traveller's Concur itinerary in the sandbox from the
// browser, the page shows the trip, and the server checks the trip really holds the stay.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { startCheckout } from './server.mjs';

// playwright-core is a pinned dev tool of bindings-wasm/tools (not a dependency of the package).
const { chromium } = createRequire(new URL('../../bindings-wasm/tools/package.json', import.meta.url))('playwright-core');

const app = await startCheckout({ sdkDir: process.env.TRIPLINK_SDK_DIR, membersCsv: process.env.TRIPLINK_MEMBERS_CSV });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
});
try {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
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

  // The server (Node, same package) reads the trip back from the sandbox.
  const trip = await app.client.getTrip(app.config.travelerUserId, tripId);
  const stay = (trip.value.bookings ?? []).find((b) => b.recordLocator === confirmation);
  assert.ok(stay, `booking ${confirmation} is in trip ${tripId}`);
  assert.equal(stay.bookingSource, app.config.bookingSource);
  const hotel = stay.segments?.[0]?.Hotel ?? stay.segments?.find?.((s) => s.Hotel)?.Hotel;
  assert.equal(hotel?.name, 'Acme Playwright Suites');
  console.log(`checkout page: booked ${confirmation} into trip ${tripId} through the browser`);
} finally {
  await browser.close();
  app.stop();
}
