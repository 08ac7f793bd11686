// Types of @triplink/sdk/booking, the light build for checkout pages: the subset of the full
// package's exports that this build ships (the Node tests check the runtime has exactly these).
export type {
  ErrorCode, HttpRequest, HttpResponse, Trip, Booking, TripList, SegmentTime, SupplierSegment,
  SupplierBookingSpec, Call, WasmSource,
} from './index.js';
export {
  TriplinkError, isTriplinkError, triplinkErrorClass, version, start, init, initSync,
  parseTrip, parseTripJson, parseBooking, parseTripList, buildSupplierBooking,
  buildSupplierBookingXml, buildPostBookingRequest, parseTripResponse, normalizeName,
  normalizeEmail,
} from './index.js';
/**
 * Re-writes Itinerary XML text in the SDK's canonical form. This build reads no model objects:
 * writing an edited `parseTrip` object is the full build's `writeTrip`.
 */
export declare function writeTrip(xml: string): string;
/** Re-writes Booking XML text (objects: the full build's `writeBooking`). */
export declare function writeBooking(xml: string): string;
