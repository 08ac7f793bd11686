// Types of @triplink/sdk. Every function and method below is implemented in Rust (crate
// triplink-wasm); `tests-ts/usage.ts` is compiled with `tsc --noEmit --strict` against this
// file, and the Node tests check every runtime export is declared here.

/** Stable error classes (see `ErrorCode` in triplink-core). */
export type ErrorCode =
  | 'Network' | 'Timeout' | 'Http' | 'Auth' | 'Reauthorize' | 'TokenExpired' | 'RateLimited'
  | 'Geolocation' | 'NotFound' | 'InvalidInput' | 'Decode' | 'Protocol' | 'Internal';

/** The only thing this package throws or rejects with. Messages never carry secrets. */
export declare class TriplinkError extends Error {
  readonly name: 'TriplinkError';
  readonly code: ErrorCode;
  /** HTTP status of an API error. */
  readonly status: number | null;
  /** `concur-correlationid` of the failed call, for Concur support. */
  readonly correlationId: string | null;
  /** Concur's own error code (OAuth2 code, v4 errorId…). */
  readonly apiCode: string | null;
  /** The offending argument or field of an `InvalidInput` error. */
  readonly field: string | null;
  readonly retryAfterSecs: number | null;
}
export declare function isTriplinkError(value: unknown): value is TriplinkError;
export declare function triplinkErrorClass(): typeof TriplinkError;
export declare function version(): string;
/** Runs once when the module loads (installs the panic hook); calling it again is harmless. */
export declare function start(): void;

// ---- host seams -------------------------------------------------------------------------
export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  headers: [string, string][];
  body: string | null;
  timeoutMs: number | null;
  /** Whether the request may be sent again after it may have reached the server (its answer
   *  was lost): `false` for a call that may have acted, such as posting a booking. */
  safeToRepeat: boolean;
}
export interface HttpResponse {
  status: number;
  headers?: [string, string][] | Record<string, string>;
  body?: string | Uint8Array | ArrayBuffer | null;
}
/** A request the client gives its transport: `signal` aborts when the SDK gives up on it (the
 *  call was aborted), so pass it on to `fetch` or the HTTP library to cancel the request. */
export interface TransportRequest extends HttpRequest {
  signal: AbortSignal;
}
/** Your HTTP stack. Reject with `{kind: 'connect' | 'timeout' | 'io' | 'cancelled', message}`. */
export interface Transport {
  send(request: TransportRequest): Promise<HttpResponse>;
}
/**
 * The last, optional argument of every async call of `TriplinkClient` but auto-connect (whose
 * `options.signal` stops it gracefully instead). An abort cancels the call: the request in
 * flight is aborted and the promise rejects with the signal's reason — a `DOMException` named
 * `AbortError` unless `abort(reason)` gave another — as `fetch` does. An already-aborted
 * signal rejects at once, before anything is sent.
 *
 * ```ts
 * const page = await client.listConnectionRequests('supplier', { limit: 10 }, '3.2',
 *   { signal: AbortSignal.timeout(5_000) });
 * ```
 */
export interface CallOptions {
  signal?: AbortSignal | null;
}
/** Where token sets live (the JSON holds secrets: keep it encrypted at rest). */
export interface TokenStore {
  get(key: string): Promise<string | null> | string | null;
  set(key: string, tokenSetJson: string): Promise<void> | void;
  delete(key: string): Promise<void> | void;
}
export interface Settings {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  extraAllowedHosts?: string[];
  /** Each request's timeout in ms (default 30 s; 1..=600000). */
  requestTimeoutMs?: number;
  /** How calls are retried (default 4 attempts, 500 ms doubling to 30 s). */
  retry?: RetrySettings;
  /** Named in the User-Agent: `triplink/<version> <name>/<version>` (ignored by browsers). */
  integration?: { name: string; version: string };
  /** The retry budget all of the client's calls share (default: 500 tokens, 5 per retry). */
  retryBudget?: RetryBudgetSettings;
}
/**
 * A token bucket the client's calls draw their retries from (the AWS SDKs' standard retry
 * mode): when most calls fail the retries stop — a full outage costs at most
 * `capacity / retryCost` retries in all. A field left out keeps its default; a bad value
 * throws `InvalidInput` naming it (`retry_budget.capacity`, …).
 */
export interface RetryBudgetSettings {
  /** Tokens in a full bucket (and at the start): 1..=1000000, default 500. */
  capacity?: number;
  /** Tokens one retry after an error status or a connection failure takes: 1..=capacity, default 5. */
  retryCost?: number;
  /** Tokens one retry after a timeout takes: 1..=capacity, default 10. */
  timeoutCost?: number;
  /** Tokens a call that succeeded on its first attempt puts back: 0..=capacity, default 1. */
  successRefill?: number;
}
/** Checked when the client is made: a bad value throws `InvalidInput` naming the field. */
export interface RetrySettings {
  /** Attempts in all, the first included: 1..=10. */
  maxAttempts: number;
  /** The first backoff in ms (> 0, at most maxDelayMs), doubled each time. */
  baseDelayMs: number;
  /** Cap on one backoff in ms. */
  maxDelayMs: number;
}
export interface ClientOptions {
  transport?: Transport;
  tokenStore?: TokenStore;
  /**
   * Receives each {@link SdkEvent} as it happens, called inline (return quickly). A throw or a
   * rejected promise is ignored — the call or run goes on — and the first one per client is
   * logged with `console.warn`.
   */
  onEvent?: (event: SdkEvent) => void | Promise<void>;
}
/**
 * What the SDK did, as it happens (no secret, token or body). Later versions may add kinds:
 * ignore a `kind` you do not know (give a `switch` a `default` branch).
 *
 * ```js
 * const client = new TriplinkClient(settings, {
 *   onEvent(e) {
 *     if (e.kind === 'requestDecided') console.log(`${e.requestId}: ${e.status}`);
 *   },
 * });
 * ```
 */
export type SdkEvent =
  /** The auto-connect job read a page with this many requests new to the run. */
  | { kind: 'pageRead'; newRequests: number }
  /** The auto-connect job chose a request's status (the PUT follows). */
  | { kind: 'requestDecided'; requestId: string; status: string }
  /** A status PUT succeeded. */
  | { kind: 'putDone'; requestId: string; status: string; correlationId: string | null }
  /** A call is retried after `waitMs` (`path`: the template, ids as `{}`; `reason`: `HTTP 503`, `Timeout`…). */
  | { kind: 'retryScheduled'; method: string; path: string; attempt: number; reason: string; waitMs: number }
  /** An access token was refreshed (and stored before use); `rotated`: the refresh token too. */
  | { kind: 'tokenRefreshed'; key: string; rotated: boolean }
  /** A grant was redirected from one base URL to the account's geolocation. */
  | { kind: 'redirected'; from: string; to: string };
export interface TokenInfo {
  geolocation: string | null;
  expiresAt: number;
  refreshExpiresAt: number | null;
  scope: string | null;
  hasRefreshToken: boolean;
}
export interface Traced<T> {
  value: T;
  correlationId: string | null;
}
export interface Walked<T> {
  items: T[];
  pages: number;
  stopped: { code: ErrorCode; message: string } | null;
}
export type CrVersion = '3.0' | '3.1' | '3.2';

// ---- connection requests ------------------------------------------------------------------
export interface ConnectionRequest {
  id: string;
  uri: string | null;
  firstName: string | null;
  middleName: string | null;
  lastName: string | null;
  loyaltyNumber: string | null;
  status: string | null;
  requestToken: string | null;
  lastModified: string | null;
  userId: string | null;
  [field: string]: unknown;
}
export interface ConnectionRequestPage {
  items: ConnectionRequest[];
  nextPage: string | null;
}
export interface ListParams {
  limit?: number;
  offset?: string;
  status?: string;
}

// ---- matching -------------------------------------------------------------------------------
export type AccountState = 'active' | 'locked' | 'closed' | 'needs_attention';
export interface MemberRecord {
  memberId: string;
  loyaltyNumber?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  emails?: string[];
  state?: AccountState;
}
export interface MatchRequest {
  firstName?: string | null;
  middleName?: string | null;
  lastName?: string | null;
  loyaltyNumber?: string | null;
  emails?: string[];
}
/** A policy object (from `matchPolicy` or `checkPolicy`); its fields are the core's. */
export type MatchPolicy = Record<string, unknown>;
export interface Evidence {
  field: string;
  outcome: string;
  note: string;
}
export interface Decision {
  statusCode: 'CRSUC' | 'CREU1' | 'CREU2' | 'CREU3' | 'CRRET' | string;
  status: string;
  reason: string;
  evidence: Evidence[];
  memberId?: string | null;
}
export interface MemberDirectory {
  findByLoyalty(key: string): Promise<MemberRecord[]> | MemberRecord[];
  findByEmail(key: string): Promise<MemberRecord[]> | MemberRecord[];
}
export declare class MemberIndex {
  private constructor();
  free(): void;
  static fromMembers(members: MemberRecord[], policy?: MatchPolicy | null): MemberIndex;
  static fromCsv(text: string, policy?: MatchPolicy | null): MemberIndex;
  static fromJsonLines(text: string, policy?: MatchPolicy | null): MemberIndex;
  readonly size: number;
  policy(): MatchPolicy;
  decide(request: MatchRequest): Decision;
  decideConnectionRequest(request: ConnectionRequest): Decision;
}
export declare function matchPolicy(preset: 'lastNameAndLoyalty' | 'verifiedEmailAndLastName' | 'either'): MatchPolicy;
export declare function checkPolicy(policy: MatchPolicy | null | undefined): MatchPolicy;
export declare function normalizeName(name: string, umlauts?: boolean | null): string;
/** An email as the matching rules compare it (NFKC, trimmed, lower-cased). */
export declare function normalizeEmail(email: string): string;
export declare function decideWithDirectory(directory: MemberDirectory, policy: MatchPolicy | null | undefined, request: MatchRequest): Promise<Decision>;

export interface AutoConnectOptions {
  mode?: 'PutAsYouGo' | 'PeekAll';
  pageLimit?: number;
  concurrency?: number;
  maxRequests?: number;
  /** Stop after this many status PUTs failed in a row (default 10; 0 never stops). */
  maxFailedPutsInARow?: number;
  /** The whole run's deadline in milliseconds: once it passes no new request is started, the
   *  ones in flight finish, and the report's `stopped` names the deadline. */
  runDeadlineMs?: number | null;
  /**
   * Stops the run gracefully when aborted — unlike the other calls, the promise does not
   * reject: no new request is taken, the ones in flight finish (exchange and PUT, so no user
   * keeps tokens without a status), and it resolves with the partial report, whose `stopped`
   * names the signal's reason. Requests not started stay queued for the next run.
   *
   * ```ts
   * const stop = new AbortController();
   * process.once('SIGTERM', () => stop.abort());
   * const report = await client.autoConnect('supplier', index, { concurrency: 4, signal: stop.signal });
   * if (report.stopped) console.log('stopped early:', report.stopped);
   * ```
   */
  signal?: AbortSignal | null;
}
export interface RequestOutcome {
  requestId: string;
  userId: string | null;
  displayName: string;
  status: string;
  putDone: boolean;
  reason: string;
  evidence: Evidence[];
  error: string | null;
  correlationId: string | null;
}
export interface AutoConnectReport {
  /** Successful PUTs per status. */
  counts: Record<string, number>;
  /** Requests handled. */
  handled: number;
  /** A sample of the outcomes (the first 1,000; failed PUTs kept up to 2,000). */
  outcomes: RequestOutcome[];
  /** Ids of requests left in Concur's queue by this run (at most 1,000). */
  pending: string[];
  pages: number;
  failedPuts: number;
  /** Why the run ended with work left (an error, a limit, pending requests); null when done. */
  stopped: string | null;
}

// ---- Itinerary v1 ------------------------------------------------------------------------------
// Every Itinerary v1 record, list and enum (generated from the XSD by scripts/gen_ts_types.py).
export * from './itinerary.generated.js';
import type { Itinerary, Booking } from './itinerary.generated.js';
/** The typed trip model (every XSD element, camelCase; unknown elements in `extra`). */
export type Trip = Itinerary;
export interface TripList {
  trips: Record<string, unknown>[];
  paging: Record<string, unknown> | null;
  [field: string]: unknown;
}
export type CancelOutcome = { cancelled: unknown } | 'notFound';
export type SegmentTime =
  | { Local: { start: string; end: string; timeZone: string } }
  | { Utc: { start: string; end: string } };
export type SupplierSegment =
  | { Hotel: { name: string; city?: string | null; country?: string | null } }
  | { Car: { startCityCode: string; endCityCode?: string | null } }
  | { Air: { startCityCode: string; endCityCode: string; vendor: string; flightNumber: string } }
  | { Ride: { startLocation: string; endLocation?: string | null } };
export interface SupplierBookingSpec {
  bookingSource: string;
  recordLocator: string;
  confirmationNumber: string;
  firstName: string;
  lastName: string;
  time: SegmentTime;
  /** `[amount, ISO 4217 currency]`. */
  total?: [string, string] | null;
  segment: SupplierSegment;
}
export interface TripListParams {
  startDate?: string;
  endDate?: string;
  createdAfterDate?: string;
  createdBeforeDate?: string;
  lastModifiedDate?: string;
  bookingType?: 'Air' | 'Car' | 'Dining' | 'Hotel' | 'Parking' | 'Rail' | 'Ride';
  includeMetadata?: boolean;
  itemsPerPage?: number;
  page?: number;
  includeVirtualTrip?: boolean;
  includeCanceledTrips?: boolean;
  includeGuestBookings?: boolean;
}
export declare function parseTrip(xml: string): Trip;
export declare function parseTripJson(xml: string): string;
/**
 * Writes a trip as Itinerary XML: the object `parseTrip` gave (edited or not; everything read is
 * kept: unknown elements, their order, unusual spellings), or Itinerary XML text to re-write in
 * the SDK's canonical form.
 */
export declare function writeTrip(trip: Trip | string): string;
/** Writes a booking (the object `parseBooking` gave, or Booking XML text) as Booking XML. */
export declare function writeBooking(booking: Booking | string): string;
export declare function parseBooking(xml: string): Booking;
export declare function parseTripList(xml: string): TripList;
export declare function buildSupplierBooking(spec: SupplierBookingSpec): Booking;
/**
 * Builds a supplier booking and writes it as Booking XML for `postBooking`. Throws a
 * `TriplinkError` with code `InvalidInput` and the element in `field` when a field is missing,
 * too long, or holds a character XML 1.0 cannot carry (a control character, U+FFFE or U+FFFF).
 */
export declare function buildSupplierBookingXml(spec: SupplierBookingSpec): string;

// ---- Request v4 ------------------------------------------------------------------------------
// Every Request v4 type (generated from the core's serde model by scripts/gen_ts_types.py).
export * from './request-v4.generated.js';
import type { Request, RequestPage, AgencyProposal, Comment, RequestException, ExpectedExpense } from './request-v4.generated.js';
/** A travel request (Request v4). */
export type TravelRequest = Request;
export interface ListRequestsParams {
  view?: string;
  start?: number;
  limit?: number;
  approvedBefore?: string;
  approvedAfter?: string;
  modifiedBefore?: string;
  modifiedAfter?: string;
  sortField?: string;
  ascending?: boolean;
}
export interface ProposalBatch {
  providerMessageId: string;
  proposals: AgencyProposal[];
}
export type RequestActionName = 'submit' | 'recall' | 'cancel' | 'close' | 'reopen' | 'approve' | 'sendBack';

// ---- the client ------------------------------------------------------------------------------
export declare class TriplinkClient {
  constructor(settings: Settings, options?: ClientOptions | null);
  free(): void;
  passwordLogin(key: string, username: string, password: string, options?: CallOptions | null): Promise<TokenInfo>;
  /** Client-credentials grant (the app's own token, e.g. a TMC calling Request v4). */
  clientCredentialsLogin(key: string, options?: CallOptions | null): Promise<TokenInfo>;
  companyLogin(key: string, companyId: string, requestToken: string, issuedAt: number, options?: CallOptions | null): Promise<TokenInfo>;
  exchangeRequestToken(userId: string, requestToken: string, issuedAt: number, options?: CallOptions | null): Promise<TokenInfo>;
  refreshIfDue(key: string, options?: CallOptions | null): Promise<TokenInfo | null>;
  /** Refreshes now, as after a 401; rejects with `Reauthorize` when nothing is stored for `key`. */
  refreshNow(key: string, options?: CallOptions | null): Promise<TokenInfo | null>;
  /** What the token store holds for `key`, without secrets; `null` when nothing is stored. */
  tokenInfo(key: string, options?: CallOptions | null): Promise<TokenInfo | null>;
  revoke(key: string, options?: CallOptions | null): Promise<void>;
  listConnectionRequests(key: string, params?: ListParams | null, version?: CrVersion | null, options?: CallOptions | null): Promise<Traced<ConnectionRequestPage>>;
  nextConnectionRequestsPage(key: string, url: string, version?: CrVersion | null, options?: CallOptions | null): Promise<Traced<ConnectionRequestPage>>;
  listAllConnectionRequests(key: string, limit: number, version?: CrVersion | null, options?: CallOptions | null): Promise<Walked<ConnectionRequest>>;
  getConnectionRequest(key: string, id: string, version?: CrVersion | null, options?: CallOptions | null): Promise<Traced<ConnectionRequest>>;
  createConnectionRequest(key: string, loginId: string, version?: CrVersion | null, options?: CallOptions | null): Promise<Traced<{ id: string } | null>>;
  updateConnectionRequestStatus(key: string, id: string, status: string, version?: CrVersion | null, options?: CallOptions | null): Promise<Traced<null>>;
  deleteConnectionRequest(key: string, id: string, options?: CallOptions | null): Promise<Traced<null>>;
  autoConnect(key: string, index: MemberIndex, options?: AutoConnectOptions | null): Promise<AutoConnectReport>;
  autoConnectWithDirectory(key: string, directory: MemberDirectory, policy?: MatchPolicy | null, options?: AutoConnectOptions | null): Promise<AutoConnectReport>;
  listTrips(key: string, params?: TripListParams | null, options?: CallOptions | null): Promise<Traced<TripList>>;
  listAllTrips(key: string, params?: TripListParams | null, options?: CallOptions | null): Promise<Walked<Record<string, unknown>>>;
  getTrip(key: string, tripId: string, actingFor?: string | null, options?: CallOptions | null): Promise<Traced<Trip>>;
  createTrip(key: string, trip: Trip | string, actingFor?: string | null, options?: CallOptions | null): Promise<Traced<Trip>>;
  replaceTrip(key: string, tripId: string, trip: Trip | string, actingFor?: string | null, options?: CallOptions | null): Promise<Traced<Trip>>;
  cancelTrip(key: string, tripId: string, actingFor?: string | null, options?: CallOptions | null): Promise<Traced<CancelOutcome>>;
  postBooking(key: string, booking: Booking | string, tripId?: string | null, actingFor?: string | null, options?: CallOptions | null): Promise<Traced<Trip>>;
  cancelBooking(key: string, bookingSource: string, confirmationNumber: string, actingFor?: string | null, options?: CallOptions | null): Promise<Traced<CancelOutcome>>;
  replaceBooking(key: string, oldConfirmation: string, booking: Booking | string, actingFor?: string | null, options?: CallOptions | null): Promise<Traced<Trip>>;
  listRequests(key: string, params?: ListRequestsParams | null, actingUserId?: string | null, options?: CallOptions | null): Promise<Traced<RequestPage>>;
  listAllRequests(key: string, params?: ListRequestsParams | null, actingUserId?: string | null, options?: CallOptions | null): Promise<Walked<TravelRequest>>;
  getRequest(key: string, requestId: string, actingUserId?: string | null, options?: CallOptions | null): Promise<Traced<TravelRequest>>;
  requestAction(key: string, requestId: string, action: RequestActionName, comment?: string | null, actingUserId?: string | null, options?: CallOptions | null): Promise<Traced<TravelRequest>>;
  requestPart(key: string, requestId: string, part: 'comments', actingUserId?: string | null, options?: CallOptions | null): Promise<Traced<Comment[]>>;
  requestPart(key: string, requestId: string, part: 'exceptions', actingUserId?: string | null, options?: CallOptions | null): Promise<Traced<RequestException[]>>;
  requestPart(key: string, requestId: string, part: 'expenses', actingUserId?: string | null, options?: CallOptions | null): Promise<Traced<ExpectedExpense[]>>;
  requestProposals(key: string, requestId: string, actingUserId?: string | null, options?: CallOptions | null): Promise<Traced<AgencyProposal[]>>;
  postProposals(key: string, requestId: string, batch: ProposalBatch, actingUserId?: string | null, options?: CallOptions | null): Promise<AgencyProposal[]>;
}

// ---- sans-IO pairs ------------------------------------------------------------------------------
export interface Call {
  baseUrl: string;
  accessToken?: string;
  version?: CrVersion;
}
export type TokenReply =
  | { granted: { accessToken: string; refreshToken: string | null; expiresAt: number; refreshExpiresAt: number | null; geolocation: string | null; scope: string | null } }
  | { livesElsewhere: string };
export declare function buildListRequest(call: Call, params?: ListParams | null): HttpRequest;
export declare function parseListResponse(call: Call, response: HttpResponse): ConnectionRequestPage;
export declare function buildUpdateStatusRequest(call: Call, id: string, status: string): HttpRequest;
export declare function parseUpdateStatusResponse(call: Call, response: HttpResponse): void;
export declare function buildPostBookingRequest(call: Call, bookingXml: string, tripId?: string | null): HttpRequest;
export declare function parseTripResponse(call: Call, response: HttpResponse): Trip;
export declare function buildPasswordTokenRequest(call: Call, credentials: { clientId: string; clientSecret: string }, username: string, password: string): HttpRequest;
export declare function parseTokenResponse(call: Call, response: HttpResponse, nowSecs: number): TokenReply;

// ---- starting the wasm (the `slim` entries; the others start it on import) -------------------
/** Where the .wasm comes from: its URL, a `Response` (or its promise), its bytes, or a compiled module. */
export type WasmSource = string | URL | Request | Response | PromiseLike<Response> | BufferSource | WebAssembly.Module;
/**
 * Starts the wasm; without an argument, from the .wasm next to the package's glue. Every other
 * export throws until it resolves. A second call does nothing.
 */
export declare function init(input?: WasmSource): Promise<void>;
/** Starts the wasm at once from its bytes or a compiled module (Node, workers). */
export declare function initSync(input: BufferSource | WebAssembly.Module): void;
