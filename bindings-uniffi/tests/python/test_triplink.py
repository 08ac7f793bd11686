"""The Python test of the uniffi binding: the same scenario as the Kotlin program (auto-connect
oracle, a booking post, typed read-modify-write of a trip, typed travel requests, a token refresh, revoke, errors with stable codes) against the sandbox,
with the HTTP done in Python (http.client on a worker thread, redirects never followed).
It imports the installed wheel (`import triplink`; scripts/test-packaging.sh installs it into an
empty venv). Usage: test_triplink.py <us-url> <eu-url> <members.csv>; prints each check, exits 1 on failure."""

import asyncio
import csv
import http.client
import json
import socket
import sys
import urllib.parse

import triplink
from triplink import (
    AutoConnectSettings, AutoConnectStop, ClientSecret, HttpHeader, HttpTransport, HttpTransportError, IntegrationInfo, MatchPolicy,
    MemberDirectory, MemberIndex, RetrySettings,
    MemberRecord,
    SupplierBooking,
    SupplierSegment, TokenStore, TransportRequest, TransportResponse, TriplinkClient,
    TriplinkError, TriplinkSettings, build_supplier_booking_xml, normalize_email, normalize_name,
    CancelOutcome, RequestFilter, Segment, SpelledByte, Trip, View, XmlAttr, XmlElement, XmlNode, parse_booking, parse_trip,
    write_trip, version,
)

ZOE = "0d3e0000-0000-4000-8000-000000000001"
FAILURES = []


def check(name, ok, detail=""):
    print(("ok   " if ok else "FAIL ") + name + (f" — {detail}" if detail else ""))
    if not ok:
        FAILURES.append(name)


def send_blocking(req: TransportRequest) -> TransportResponse:
    url = urllib.parse.urlsplit(req.url)
    timeout = (req.timeout_ms or 30000) / 1000
    conn_cls = http.client.HTTPSConnection if url.scheme == "https" else http.client.HTTPConnection
    conn = conn_cls(url.hostname, url.port, timeout=timeout)
    path = url.path or "/"
    if url.query:
        path += "?" + url.query
    try:
        headers = {h.name: h.value for h in req.headers}
        conn.request(req.method, path, body=bytes(req.body) or None, headers=headers)
        resp = conn.getresponse()
        body = resp.read()
        return TransportResponse(status=resp.status,
                                 headers=[HttpHeader(name=k, value=v) for k, v in resp.getheaders()],
                                 body=body)
    except ConnectionRefusedError as e:
        raise HttpTransportError.Connect(str(e))
    except socket.timeout as e:
        raise HttpTransportError.Timeout(str(e))
    except OSError as e:
        raise HttpTransportError.Io(str(e))
    finally:
        conn.close()


class PyTransport(HttpTransport):
    async def send(self, request):
        return await asyncio.to_thread(send_blocking, request)


class DictStore(TokenStore):
    def __init__(self):
        self.map, self.puts = {}, 0

    def get(self, key):
        return self.map.get(key)

    def put(self, key, value):
        self.puts += 1
        self.map[key] = value

    def delete(self, key):
        self.map.pop(key, None)


class CsvDirectory(MemberDirectory):
    """The app's own member lookup (here: the demo CSV in dicts), keyed the way the policy
    normalises: loyalty numbers by `policy.loyalty_key`, emails by `normalize_email`."""

    def __init__(self, path, policy):
        self.by_loyalty, self.by_email = {}, {}
        with open(path, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                emails = [e for e in [row["email"].strip()] if e]
                rec = MemberRecord(member_id=row["member_id"],
                                   loyalty_number=row["loyalty_number"] or None,
                                   first_name=row["first_name"] or None,
                                   last_name=row["last_name"] or None,
                                   emails=emails, state=row["state"] or None)
                if rec.loyalty_number:
                    self.by_loyalty.setdefault(policy.loyalty_key(rec.loyalty_number), []).append(rec)
                for e in emails:
                    self.by_email.setdefault(normalize_email(e), []).append(rec)
        self.lookups = 0

    async def find_by_loyalty(self, key):
        self.lookups += 1
        return self.by_loyalty.get(key, [])

    async def find_by_email(self, key):
        self.lookups += 1
        return self.by_email.get(key, [])


class RecordingTransport(PyTransport):
    """The real transport, keeping each request's User-Agent and timeout."""

    def __init__(self):
        self.seen = []

    async def send(self, request):
        ua = [h.value for h in request.headers if h.name.lower() == "user-agent"]
        self.seen.append((ua[0] if ua else None, request.timeout_ms))
        return await super().send(request)


async def settings_checks(us):
    """Settings: timeout, retry policy and integration reach every request; bad ones are a
    typed InvalidInput naming the field, raised when the client is made."""
    rec = RecordingTransport()
    tuned = TriplinkClient(
        TriplinkSettings(base_url=us, client_id="triplink-demo-client",
                         client_secret=ClientSecret("triplink-demo-secret"), extra_allowed_hosts=[],
                         request_timeout_ms=4321,
                         retry=RetrySettings(max_attempts=2, base_delay_ms=10, max_delay_ms=20),
                         integration=IntegrationInfo(name="acme-checkout", version="2.4.1")),
        rec, None)
    await tuned.password_login("supplier", "supplier@example.com", "sandbox-password")
    want = (f"triplink/{version()} acme-checkout/2.4.1", 4321)
    check("settings: User-Agent names the integration, the timeout is on the request",
          rec.seen == [want], f"{rec.seen}")
    for field, kwargs in [
        ("retry.max_attempts", dict(retry=RetrySettings(max_attempts=0, base_delay_ms=1, max_delay_ms=1))),
        ("retry.base_delay_ms", dict(retry=RetrySettings(max_attempts=2, base_delay_ms=50, max_delay_ms=10))),
        ("request_timeout_ms", dict(request_timeout_ms=0)),
        ("request_timeout_ms", dict(request_timeout_ms=-5)),
        ("integration.name", dict(integration=IntegrationInfo(name="acme checkout", version="1"))),
        ("extra_allowed_hosts", dict(extra_allowed_hosts=["not a url"])),
    ]:
        args = dict(base_url=us, client_id="i", client_secret=ClientSecret("s"), extra_allowed_hosts=[])
        args.update(kwargs)
        try:
            TriplinkClient(TriplinkSettings(**args), PyTransport(), None)
            check(f"settings: bad {field} refused", False, "no error")
        except TriplinkError.InvalidInput as e:
            check(f"settings: bad {field} -> InvalidInput naming it", field in e.detail, e.detail)


async def call(f, *args):
    """A synchronous binding call as a coroutine, for `expect_error`."""
    return f(*args)


async def expect_error(name, want, coro):
    try:
        await coro
        check(name, False, "no TriplinkError")
    except TriplinkError as e:
        check(name, e.code == want, f"{type(e).__name__} code={e.code}")


class StopAfterPuts(PyTransport):
    """The real transport, pressing `stop` once the `after`-th status PUT is answered."""

    def __init__(self, stop, after):
        self.stop, self.after, self.puts = stop, after, 0

    async def send(self, request):
        resp = await super().send(request)
        if request.method == "PUT" and "/connectionrequests/" in request.url:
            self.puts += 1
            if self.puts == self.after:
                self.stop.stop("the operator pressed stop")
        return resp


def sandbox_json(us, method, path):
    resp = send_blocking(TransportRequest(method=method, url=f"{us}/_sandbox/{path}", headers=[],
                                          body=b"", timeout_ms=None))
    return json.loads(resp.body or b"null")


async def stop_checks(us, eu):
    """An AutoConnectStop pressed mid-queue on 80 seeded requests: each request is PUT once
    (and reported) or untouched (no PUT, no exchange, no tokens)."""
    before = {r["id"] for r in sandbox_json(us, "GET", "connection-requests")}
    sandbox_json(us, "POST", "seed?requests=80")
    csv_text = send_blocking(TransportRequest(method="GET", url=f"{us}/_sandbox/seed/members.csv",
                                              headers=[], body=b"", timeout_ms=None)).body.decode()
    index = MemberIndex.from_csv(csv_text, MatchPolicy.either())
    stop, store = AutoConnectStop(), DictStore()
    client = TriplinkClient(TriplinkSettings(base_url=us, client_id="triplink-demo-client",
                                             client_secret=ClientSecret("triplink-demo-secret"),
                                             extra_allowed_hosts=[eu]), StopAfterPuts(stop, 10), store)
    await client.password_login("supplier", "supplier@example.com", "sandbox-password")
    report = await client.auto_connect("supplier", index, AutoConnectSettings(mode=None, page_limit=None, concurrency=4, max_requests=None), stop)
    check("a stopped run says why", "the operator pressed stop" in (report.stopped or ""), str(report.stopped))
    counters = sandbox_json(us, "GET", "counters")
    reported = [o.request_id for o in report.outcomes]
    put = untouched = 0
    wrong = []
    for r in (r for r in sandbox_json(us, "GET", "connection-requests") if r["id"] not in before):
        n = counters["puts_per_request"].get(r["id"], 0)
        if n == 1 and reported.count(r["id"]) == 1:
            put += 1
        elif (n == 0 and r["id"] not in reported and r["id"] not in counters["exchanges_ok"]
              and not r["token_used"] and r["user_id"] not in store.map):
            untouched += 1
        else:
            wrong.append(r["id"])
    check("stopped mid-queue: each request PUT once and reported, or untouched",
          not wrong and 10 <= put <= 14 and put + untouched == 80, f"{put} PUT, {untouched} untouched, {wrong[:3]}")


async def main(us, eu, csv_path):
    store = DictStore()
    settings = TriplinkSettings(base_url=us, client_id="triplink-demo-client",
                                client_secret=ClientSecret("triplink-demo-secret"), extra_allowed_hosts=[eu])
    client = TriplinkClient(settings, PyTransport(), store)
    check("settings repr never shows the client secret", "triplink-demo-secret" not in repr(settings))
    check("version", version() != "", version())
    check("triplink is the installed package (site-packages), not the source tree",
          "site-packages" in triplink.__file__, triplink.__file__)
    info = await client.password_login("supplier", "supplier@example.com", "sandbox-password")
    check("password login", info.has_refresh_token and "supplier" in store.map)
    await settings_checks(us)
    check("normalize_name", normalize_name("Zoë O'Brien", False) == "zoeobrien")

    # Auto-connect over a Python MemberDirectory (the Kotlin test uses the built-in index).
    policy = MatchPolicy.either()
    directory = CsvDirectory(csv_path, policy)
    report = await client.auto_connect_with_directory("supplier", directory, policy, None)
    got = [report.counts.get(s, 0) for s in ("CRSUC", "CREU1", "CREU2", "CREU3", "CRPA1")]
    check("auto-connect (Python directory) counts 11/2/2/4/1", got == [11, 2, 2, 4, 1],
          f"{report.counts}, {directory.lookups} lookups")

    booking = SupplierBooking(
        booking_source="Acme Hotels", record_locator="ACME-P1", confirmation_number="HP-1",
        first_name="Zoë", last_name="O'Brien", start="2030-05-02T15:00:00",
        end="2030-05-04T11:00:00", time_zone="America/Los_Angeles", total_amount="567.00",
        currency="USD", segment=SupplierSegment.HOTEL(name="Acme Downtown", city="Seattle", country="US"))
    posted = (await client.post_booking(ZOE, parse_booking(build_supplier_booking_xml(booking)), None, None)).value

    def acme(t: Trip):
        return next(b for b in t.bookings or [] if b.booking_source == "Acme Hotels")

    check("booking posted", posted.trip_id == "TRIP-ZOE-SEATTLE"
          and acme(posted).segments[0].value.confirmation_number == "HP-1")
    # Typed read-modify-write against the sandbox, on a trip of our own (a supplier cannot
    # replace a trip holding other suppliers' bookings, whose hidden fields it never sees): the
    # hotel's check-out by name, an unknown element added to the booking; a re-read gives the
    # edit and the booking otherwise unchanged.
    own = SupplierBooking(
        booking_source="Acme Hotels", record_locator="ACME-P9", confirmation_number="HP-9",
        first_name="Zoë", last_name="O'Brien", start="2030-05-02T15:00:00",
        end="2030-05-04T11:00:00", time_zone="America/Los_Angeles", total_amount="567.00",
        currency="USD", segment=SupplierSegment.HOTEL(name="Acme Downtown", city="Seattle", country="US"))
    created = (await client.create_trip(ZOE, Trip(trip_name="Typed", trip_status=SpelledByte(value=0, text="0"),
                                                  bookings=[parse_booking(build_supplier_booking_xml(own))]), None)).value
    trip = (await client.get_trip(ZOE, created.trip_id or "", None)).value
    mine = acme(trip)
    hotel_seg = mine.segments[0]
    check("get trip: the first segment is a typed hotel", isinstance(hotel_seg, Segment.HOTEL), repr(hotel_seg)[:80])
    check("the hotel's check-out", hotel_seg.value.end_date_local == "2030-05-04T11:00:00", hotel_seg.value.end_date_local)
    hotel_seg.value.end_date_local = "2030-05-05T11:00:00"
    mine.extra.append(XmlNode.ELEMENT(element=XmlElement(
        name="VendorExtension", attrs=[XmlAttr(name="tier", value="gold")], children=[XmlNode.TEXT(text="Ünïcode & more")])))
    await client.replace_trip(ZOE, trip.trip_id or "", trip, None)
    reread = (await client.get_trip(ZOE, trip.trip_id or "", None)).value
    check("re-read gives the edit", acme(reread).segments[0].value.end_date_local == "2030-05-05T11:00:00")
    check("re-read: the booking otherwise unchanged (unknown element kept)", acme(reread) == mine,
          repr(acme(reread).extra)[:200])
    cancelled = (await client.cancel_booking(ZOE, "Acme Hotels", "NO-SUCH", None)).value
    check("cancel of an unknown booking reports NotFound as data", isinstance(cancelled, CancelOutcome.NOT_FOUND), repr(cancelled))
    no_trip = (await client.cancel_trip(ZOE, "NO-SUCH-TRIP", None)).value
    check("cancel of an unknown trip reports NotFound as data", isinstance(no_trip, CancelOutcome.NOT_FOUND), repr(no_trip))
    walk = await client.list_all_trips(ZOE, None)
    check("list_all_trips: typed summaries, no stop", walk.stopped is None and walk.pages >= 1
          and any(t.trip_id == "TRIP-ZOE-SEATTLE" for t in walk.items), repr(walk.stopped))
    trip_page = (await client.list_trips(ZOE, None)).value
    check("list_trips: typed summaries", any(t.trip_id == "TRIP-ZOE-SEATTLE" for t in trip_page.trips))
    await expect_error("unknown trip -> TriplinkError.NotFound", "NotFound",
                       client.get_trip(ZOE, "NO-SUCH-TRIP", None))
    bell = SupplierBooking(
        booking_source="Acme Hotels", record_locator="ACME-P2", confirmation_number="HP-2",
        first_name="Zoë", last_name="O'Brien\x07", start="2030-05-02T15:00:00",
        end="2030-05-04T11:00:00", time_zone="America/Los_Angeles", total_amount="567.00",
        currency="USD", segment=SupplierSegment.HOTEL(name="Acme Downtown", city="Seattle", country="US"))
    await expect_error("a control character XML cannot carry -> InvalidInput", "InvalidInput",
                       call(build_supplier_booking_xml, bell))
    doc = ('<Itinerary xmlns="http://www.concursolutions.com/api/travel/trip/2010/06"><TripName>T</TripName>'
           '<FutureField flag="yes">newer<Nested a="1"/></FutureField><TripStatus>+01</TripStatus><IsPersonal>1</IsPersonal>'
           '<Bookings><Booking><RecordLocator>R</RecordLocator><Segments><Hotel><ConfirmationNumber>C</ConfirmationNumber>'
           '</Hotel><Air><FlightNumber>0042</FlightNumber><StartDateLocal>2030-01-02T08:00</StartDateLocal></Air>'
           '</Segments></Booking></Bookings></Itinerary>')
    parsed = parse_trip(doc)
    check("spelled values typed", parsed.trip_status.value == 1 and parsed.trip_status.text == "+01"
          and parsed.is_personal.value is True)
    air = parsed.bookings[0].segments[1]
    check("the second segment's start date of the first booking", isinstance(air, Segment.AIR)
          and air.value.start_date_local == "2030-01-02T08:00")
    air.value.start_date_local = "2030-01-03T09:15"
    written = write_trip(parsed)
    kept = ['<StartDateLocal>2030-01-03T09:15</StartDateLocal>', '<FutureField flag="yes">newer<Nested a="1"/></FutureField>',
            '<TripStatus>+01</TripStatus>', '<IsPersonal>1</IsPersonal>', '<FlightNumber>0042</FlightNumber>']
    check("written: the edit, the unknown element, the spellings", all(k in written for k in kept), written)
    check("re-read equals the edited trip", parse_trip(written) == parsed)
    await expect_error("a trip XML cannot carry -> InvalidInput", "InvalidInput",
                       call(write_trip, Trip(trip_name="Seattle\u0001")))

    # Request v4, typed: a TMC's queue through a typed filter, nested fields by name.
    agent = "a9e70000-0000-4000-8000-000000000001"
    await client.client_credentials_login("tmc")
    page = (await client.list_requests("tmc", RequestFilter(view=View.PENDING_PROPOSAL), agent)).value
    check("Request v4 list (typed filter)", len(page.data) > 0, str(len(page.data)))
    every = await client.list_all_requests("tmc", RequestFilter(view=View.PENDING_PROPOSAL), agent)
    check("list_all_requests: typed requests, no stop", every.stopped is None
          and {r.id for r in page.data} <= {r.id for r in every.items}, f"{len(every.items)} {every.stopped!r}")
    req = (await client.get_request("tmc", page.data[0].id or "", agent)).value
    check("Request v4 get: typed nested fields", req.id == page.data[0].id and req.owner is not None
          and req.owner.last_name is not None and req.approval_status is not None, repr(req.owner)[:120])
    comments = (await client.request_comments("tmc", req.id or "", agent)).value
    check("Request v4 comments (typed)", all(c.value is not None for c in comments), str(len(comments)))

    before, puts = store.map["supplier"], store.puts
    await client.refresh_now("supplier")
    check("refresh stores a new token set", store.puts > puts and store.map["supplier"] != before)

    await expect_error("wrong password -> Auth", "Auth",
                       client.password_login("bad", "supplier@example.com", "nope"))
    await client.revoke("supplier")
    check("revoke forgets the tokens", "supplier" not in store.map)
    dead = TriplinkClient(TriplinkSettings(base_url="http://127.0.0.1:9", client_id="i",
                                           client_secret=ClientSecret("s"), extra_allowed_hosts=[]),
                          PyTransport(), None)
    await expect_error("Python transport failure -> Network", "Network",
                       dead.password_login("x", "u", "p"))
    await stop_checks(us, eu)
    print("python: all checks passed" if not FAILURES else f"python: {len(FAILURES)} failed")
    return 0 if not FAILURES else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main(*sys.argv[1:4])))
