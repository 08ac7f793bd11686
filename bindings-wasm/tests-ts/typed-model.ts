// Compiled with `tsc --noEmit --strict`: the generated declarations let an app walk a trip's and
// a travel request's nested fields by name and type, edit them and write them back, with no
// cast (`as`), no `any` and no index signature in the way.
import {
  TriplinkClient, parseTrip, writeTrip, writeBooking,
  type Trip, type Booking, type Segment, type Air, type Hotel, type XmlNode, type TravelRequest,
  type AgencyProposal, type ProposalSegmentType, type ApprovalStatusCode, type Comment,
} from '@triplink/sdk';

/** The second segment's start date of the first booking, if that segment is a flight. */
export function secondFlightStart(trip: Trip): string | null {
  const seg: Segment | undefined = trip.bookings?.[0]?.segments?.[1];
  if (seg === undefined || !('Air' in seg)) return null;
  const air: Air = seg.Air;
  return air.startDateLocal ?? null;
}

/** Moves every hotel of every booking one night later (edits in place) and writes the trip. */
export function postponeHotels(trip: Trip, newStart: string): string {
  for (const booking of trip.bookings ?? []) {
    for (const seg of booking.segments ?? []) {
      if ('Hotel' in seg) {
        const hotel: Hotel = seg.Hotel;
        hotel.startDateLocal = newStart;
        const rooms: number | string | null | undefined = hotel.numRooms;
        void rooms;
      }
    }
  }
  return writeTrip(trip);
}

/** Unknown elements stay reachable, typed as XML. */
export function unknownNames(trip: Trip): string[] {
  const names: string[] = [];
  const walk = (nodes: XmlNode[] | undefined): void => {
    for (const n of nodes ?? []) {
      if ('Element' in n) {
        names.push(n.Element.name);
        walk(n.Element.children);
      }
    }
  };
  walk(trip.extra);
  for (const b of trip.bookings ?? []) walk(b.extra);
  return names;
}

export function firstPassenger(booking: Booking): string {
  const p = booking.passengers?.[0];
  return `${p?.nameFirst ?? ''} ${p?.nameLast ?? ''}`;
}

export async function editOnServer(client: TriplinkClient, id: string): Promise<string> {
  const got = await client.getTrip('user-1', id);
  const trip: Trip = got.value;
  trip.tripName = `${trip.tripName ?? ''} (moved)`;
  const status: number | string | null | undefined = trip.tripStatus;
  void status;
  const booking: Booking | undefined = trip.bookings?.[0];
  if (booking) writeBooking(booking);
  return writeTrip(parseTrip(writeTrip(trip)));
}

export async function requests(client: TriplinkClient, id: string): Promise<number> {
  const r: TravelRequest = (await client.getRequest('tmc', id)).value;
  const code: ApprovalStatusCode | undefined = r.approvalStatus?.code;
  const owner: string | null | undefined = r.owner?.lastName;
  const city: string | null | undefined = r.mainDestination?.city;
  const total: number | undefined = r.totalPostedAmount?.value;
  const comments: Comment[] = (await client.requestPart('tmc', id, 'comments')).value;
  const proposals: AgencyProposal[] = (await client.requestProposals('tmc', id)).value;
  const kind: ProposalSegmentType | undefined =
    proposals[0]?.agencyProposalEntries[0]?.agencyProposalSegments[1]?.proposalSegmentType;
  void code; void owner; void city; void kind;
  return (total ?? 0) + comments.length;
}
