// The checkout page's script: after the customer books, post the stay to the traveller's
// Concur itinerary with @triplink/sdk, straight from the browser (the sandbox answers CORS).
// The page never sees the app's client secret or a refresh token: its token store asks the
// supplier's server for the traveller's current access token only.
import { TriplinkClient, buildSupplierBookingXml, isTriplinkError } from '/sdk/index.js';

const config = await (await fetch('/config')).json();
const tokenStore = {
  get: async (key) => {
    const r = await fetch(`/tokens/${encodeURIComponent(key)}`);
    return r.ok ? r.text() : null;
  },
  set: async () => { throw new Error('the page does not store tokens'); },
  delete: async () => {},
};
const client = new TriplinkClient(
  { baseUrl: config.baseUrl, clientId: config.clientId, clientSecret: '' },
  { tokenStore },
);

const form = document.getElementById('checkout');
const result = document.getElementById('result');

function show(kind, text) {
  result.className = kind;
  result.textContent = text;
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const f = new FormData(form);
  const confirmation = `ACME-${Date.now().toString(36).toUpperCase()}`;
  show('', `Booked: confirmation ${confirmation}.`);
  if (!f.get('sendToConcur')) return;
  try {
    const xml = buildSupplierBookingXml({
      bookingSource: config.bookingSource,
      recordLocator: confirmation,
      confirmationNumber: confirmation,
      firstName: f.get('firstName'),
      lastName: f.get('lastName'),
      time: { Local: { start: `${f.get('checkIn')}:00`, end: `${f.get('checkOut')}:00`, timeZone: 'America/Los_Angeles' } },
      total: [f.get('total'), 'USD'],
      segment: { Hotel: { name: f.get('hotel'), city: 'Seattle', country: 'US' } },
    });
    const posted = await client.postBooking(config.travelerUserId, xml);
    show('ok', `Booked: confirmation ${confirmation}. Added to your SAP Concur trip ${posted.value.tripId}.`);
    result.dataset.tripId = posted.value.tripId;
    result.dataset.confirmation = confirmation;
  } catch (e) {
    const why = isTriplinkError(e) ? `${e.code}: ${e.message}` : String(e);
    show('error', `Booked: confirmation ${confirmation}, but it could not be added to SAP Concur (${why}).`);
  }
});
result.dataset.ready = 'true';
