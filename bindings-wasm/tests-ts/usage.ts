// Compiled with `tsc --noEmit --strict` against the package's index.d.ts: the typings must
// describe how a supplier back end or checkout page actually uses the SDK.
import {
  TriplinkClient, TriplinkError, isTriplinkError, MemberIndex, matchPolicy, normalizeName,
  buildSupplierBookingXml, parseTrip, buildListRequest, parseListResponse, version,
  type Transport, type TokenStore, type AutoConnectReport, type Decision, type ErrorCode,
  type SdkEvent,
} from '@triplink/sdk';

const transport: Transport = {
  async send(req) {
    const r = await fetch(req.url, { method: req.method, headers: req.headers, body: req.body ?? undefined });
    return { status: r.status, headers: [...r.headers] as [string, string][], body: await r.text() };
  },
};
const kept = new Map<string, string>();
const tokenStore: TokenStore = {
  get: (k) => kept.get(k) ?? null,
  set: (k, v) => { kept.set(k, v); },
  delete: async (k) => { kept.delete(k); },
};

export async function nightly(csv: string): Promise<number> {
  const client = new TriplinkClient(
    { baseUrl: 'https://us.api.concursolutions.com', clientId: 'id', clientSecret: 'secret' },
    { transport, tokenStore },
  );
  await client.passwordLogin('supplier', 'user@example.com', 'pw');
  const index = MemberIndex.fromCsv(csv, matchPolicy('either'));
  const report: AutoConnectReport = await client.autoConnect('supplier', index, { concurrency: 4 });
  const d: Decision = index.decide({ lastName: 'OBrien', loyaltyNumber: '1' });
  const xml: string = buildSupplierBookingXml({
    bookingSource: 'Acme', recordLocator: 'R1', confirmationNumber: 'C1', firstName: 'A', lastName: 'B',
    time: { Local: { start: '2030-01-01T15:00:00', end: '2030-01-02T11:00:00', timeZone: 'Europe/Paris' } },
    segment: { Hotel: { name: 'Acme Paris' } },
  });
  const posted = await client.postBooking('user-1', xml);
  const tripId: string | null | undefined = posted.value.tripId;
  const page = await client.listConnectionRequests('supplier', { limit: 10 }, '3.2');
  for (const cr of page.value.items) {
    const name: string | null = cr.lastName;
    void name;
  }
  const req = buildListRequest({ baseUrl: 'https://x.example', accessToken: 't' }, { limit: 1 });
  const parsed = parseListResponse({ baseUrl: 'https://x.example' }, { status: 200, body: '{}' });
  void parsed; void req; void tripId; void d; void parseTrip; void normalizeName('Zoë'); void version();
  return report.counts['CRSUC'] ?? 0;
}

export function describe(e: unknown): string {
  if (isTriplinkError(e)) {
    const code: ErrorCode = e.code;
    return `${code} ${e.status ?? ''} ${e.correlationId ?? ''}`;
  }
  if (e instanceof TriplinkError) return e.message;
  return String(e);
}

// The light build and the `slim` entries, resolved through the tarball's `exports` as a
// consumer resolves them (no `paths` mapping).
import * as light from '@triplink/sdk/booking';
import { init, initSync, parseTrip as parseTripSlim } from '@triplink/sdk/booking/slim';
import type { WasmSource } from '@triplink/sdk/slim';

export async function checkout(wasmUrl: string): Promise<string> {
  const source: WasmSource = new URL(wasmUrl);
  await init(source);
  const bytes = new Uint8Array(0);
  if (bytes.length > 0) initSync(bytes);
  const name: string = light.normalizeName('Zoë') + light.normalizeEmail(' A@B.example ');
  return `${name} ${parseTripSlim('<Itinerary/>').tripName ?? ''}`;
}

// Events: a discriminated union narrowed by `kind`, with a default branch for later kinds.
export function watched(): TriplinkClient {
  const decided = new Map<string, string>();
  return new TriplinkClient(
    { baseUrl: 'https://us.api.concursolutions.com', clientId: 'id', clientSecret: 'secret',
      retryBudget: { capacity: 50, retryCost: 5 } },
    {
      transport,
      onEvent(e: SdkEvent) {
        switch (e.kind) {
          case 'requestDecided': decided.set(e.requestId, e.status); break;
          case 'retryScheduled': { const ms: number = e.waitMs; void ms; break; }
          case 'putDone': { const id: string | null = e.correlationId; void id; break; }
          default: break;
        }
      },
    },
  );
}
