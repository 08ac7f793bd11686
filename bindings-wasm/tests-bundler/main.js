// Bundled by Vite from the installed `npm pack` tarball: the package's browser entry, its
// .wasm asset and top-level await must survive a production build.
import { version, parseTrip, MemberIndex, isTriplinkError, TriplinkError } from '@triplink/sdk';

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
out.textContent = JSON.stringify({ version: version(), tripName: trip.tripName, status: decision.statusCode, code });
out.dataset.done = 'true';
