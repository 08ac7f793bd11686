// Bundled (Vite dev server, Vite build, webpack 5) from the installed `npm pack` tarball: the
// full build's auto-starting entry (its .wasm asset and top-level await), and the light
// build's `slim` entry started explicitly with `init()` (no top-level await).
import { version, parseTrip, MemberIndex, isTriplinkError, TriplinkError } from '@triplink/sdk';
import { init, parseTrip as parseTripLight, buildSupplierBookingXml, TriplinkError as LightError } from '@triplink/sdk/booking/slim';

const out = document.getElementById('out');
const trip = parseTrip('<Itinerary><TripId>T-1</TripId><TripName>Bundled</TripName></Itinerary>');
const index = MemberIndex.fromCsv('member_id,loyalty_number,last_name\nM1,42,Smith\n');
const decision = index.decide({ lastName: 'Smith', loyaltyNumber: '42' });
let code = 'none';
try {
  parseTrip('<broken');
} catch (e) {
  code = isTriplinkError(e) && e instanceof TriplinkError ? e.code : 'not a TriplinkError';
}
let before = 'none';
try {
  parseTripLight('<Itinerary/>');
} catch (e) {
  before = e instanceof Error ? 'threw' : String(e);
}
await init();
const light = parseTripLight('<Itinerary><TripName>Light</TripName></Itinerary>').tripName;
let lightCode = 'none';
try {
  buildSupplierBookingXml({});
} catch (e) {
  lightCode = e instanceof LightError ? e.code : 'not a TriplinkError';
}
out.textContent = JSON.stringify({ version: version(), tripName: trip.tripName, status: decision.statusCode, code, before, light, lightCode });
out.dataset.done = 'true';
