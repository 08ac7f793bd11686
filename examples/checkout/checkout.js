// The checkout page's script (the light build, `@triplink/sdk/booking`): after the customer
// books, it builds and validates the stay as Booking XML and sends it to the supplier's own
// server, which posts it to SAP Concur with the traveller's stored token. The page never
// holds a Concur token, the app's client secret, or any other credential: nothing it sends
// carries an `Authorization` header, and it talks to its own origin only.
import { init, buildSupplierBookingXml, isTriplinkError } from '/sdk/booking/slim.js';

// Started explicitly (no top-level await in the package): the page is usable meanwhile.
const started = init();
const config = await (await fetch('/config')).json();

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
    await started;
    // Validated here (a typed InvalidInput naming the field) before anything leaves the page.
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
    const r = await fetch('/bookings', {
      method: 'POST',
      headers: { 'content-type': 'application/xml' },
      body: xml,
    });
    const answer = await r.json();
    if (!r.ok) throw new Error(answer.error);
    show('ok', `Booked: confirmation ${confirmation}. Added to your SAP Concur trip ${answer.tripId}.`);
    result.dataset.tripId = answer.tripId;
    result.dataset.confirmation = confirmation;
  } catch (e) {
    const why = isTriplinkError(e) ? `${e.code}: ${e.message}` : String(e.message ?? e);
    show('error', `Booked: confirmation ${confirmation}, but it could not be added to SAP Concur (${why}).`);
  }
});
result.dataset.ready = 'true';
