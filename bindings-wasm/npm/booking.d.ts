// Types of @triplink/sdk/booking, the light build for checkout pages: the subset of the full
// package's exports that this build ships (the Node tests check the runtime has exactly these).
export type {
  ErrorCode, HttpRequest, HttpResponse, Trip, Booking, TripList, SegmentTime, SupplierSegment,
  SupplierBookingSpec, Call, WasmSource,
} from './index.js';
export {
  TriplinkError, isTriplinkError, triplinkErrorClass, version, start, init, initSync,
  parseTrip, parseTripJson, writeTrip, parseBooking, parseTripList, buildSupplierBooking,
  buildSupplierBookingXml, buildPostBookingRequest, parseTripResponse, normalizeName,
  normalizeEmail,
} from './index.js';
