// What the CommonJS tests ask of a build: a trip parses, a booking builds and validates, a
// sans-IO request builds, a name folds, and bad input throws a TriplinkError with its code.
const TRIP = '<Itinerary><TripId>T-1</TripId><TripName>Required</TripName></Itinerary>';
const SPEC = {
  bookingSource: 'Acme Hotels', recordLocator: 'R-1', confirmationNumber: 'H-1',
  firstName: 'Zoë', lastName: "O'Brien",
  time: { Local: { start: '2031-03-02T15:00:00', end: '2031-03-04T11:00:00', timeZone: 'America/Los_Angeles' } },
  total: ['321.00', 'USD'],
  segment: { Hotel: { name: 'Acme Downtown', city: 'Seattle', country: 'US' } },
};

exports.SPEC = SPEC;

exports.check = function check(sdk, assert) {
  assert.match(sdk.version(), /^\d+\.\d+\.\d+/);
  assert.equal(sdk.parseTrip(TRIP).tripName, 'Required');
  const xml = sdk.buildSupplierBookingXml(SPEC);
  assert.equal(sdk.parseBooking(xml).recordLocator, 'R-1');
  const req = sdk.buildPostBookingRequest({ baseUrl: 'https://us.api.concursolutions.com', accessToken: 't' }, xml);
  assert.equal(req.method, 'POST');
  assert.equal(sdk.normalizeName('Zoë'), 'zoe');
  let code = 'none';
  try {
    sdk.buildSupplierBookingXml({ ...SPEC, lastName: '' });
  } catch (e) {
    code = sdk.isTriplinkError(e) && e instanceof sdk.TriplinkError ? e.code : `not a TriplinkError: ${e}`;
  }
  assert.equal(code, 'InvalidInput');
};
