"""Type-checked, never run: typed use of the installed `triplink` package. scripts/test-packaging.sh
runs mypy --strict on it (the package's hints, read through py.typed, must satisfy it), then
on a copy whose WRONG_TYPE_LINE assigns a str to an int, which mypy must refuse."""

from typing import Optional

from triplink import (
    ApprovalStatusCode, CancelOutcome, ClientSecret, MatchPolicy, MemberIndex, Segment, SpelledByte, TokenInfo,
    TravelRequest, Trip, TripWalk, TriplinkClient, TriplinkSettings, normalize_email, normalize_name,
    parse_trip, version, write_trip,
)


def settings(url: str) -> TriplinkSettings:
    return TriplinkSettings(base_url=url, client_id="app", client_secret=ClientSecret("s"),
                            extra_allowed_hosts=[])


async def login(client: TriplinkClient) -> bool:
    info: TokenInfo = await client.password_login("supplier", "user", "password")
    return info.has_refresh_token


def second_start(trip: Trip) -> Optional[str]:
    """The second segment's start date of the first booking, if it is a flight (typed walk)."""
    segments = (trip.bookings or [])[0].segments or []
    seg = segments[1]
    if isinstance(seg, Segment.AIR):
        return seg.value.start_date_local
    return None


def postpone(xml: str, when: str) -> str:
    trip: Trip = parse_trip(xml)
    status: Optional[SpelledByte] = trip.trip_status
    for booking in trip.bookings or []:
        for seg in booking.segments or []:
            if isinstance(seg, Segment.HOTEL):
                seg.value.start_date_local = when
    return write_trip(trip) if status is not None else ""


def approval(request: TravelRequest) -> Optional[ApprovalStatusCode]:
    return request.approval_status.code if request.approval_status is not None else None


def trip_ids(walk: TripWalk) -> list[str]:
    """The ids of every trip a "list all" walk read, or none when it stopped early."""
    return [t.trip_id or "" for t in walk.items] if walk.stopped is None else []


def was_cancelled(outcome: CancelOutcome) -> bool:
    return isinstance(outcome, CancelOutcome.CANCELLED)


def index(csv_text: str) -> MemberIndex:
    return MemberIndex.from_csv(csv_text, MatchPolicy.either())


NAME: str = normalize_name("Zoë O'Brien", False)
EMAIL: str = normalize_email("Zoe@Example.com")
VERSION: str = version()
WRONG_TYPE_LINE = normalize_name("x", False)
