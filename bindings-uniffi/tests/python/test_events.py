"""Events in Python against a fresh sandbox: the demo queue's auto-connect run with an
EventListener, its SdkEvents checked against the report (pages read, each request decided then
PUT with the report's status, a retry under an injected 503, a token refresh, the EU users'
redirects); a listener that raises on every event leaves a second run whole; a bad retry budget
is an InvalidInput naming the field and a small one is honoured.
Usage: test_events.py <us-url> <eu-url> <members.csv> (scripts/test-packaging.sh runs it next to
test_triplink.py, whose transport and checks it reuses); exits 1 on failure."""

import asyncio
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from test_triplink import FAILURES, PyTransport, check, send_blocking  # noqa: E402
from triplink import (  # noqa: E402
    ClientSecret, CrApiVersion, EventListener, HttpHeader, MatchPolicy, MemberIndex, RetryBudgetSettings,
    RetrySettings, SdkEvent, TransportRequest, TriplinkClient, TriplinkError, TriplinkSettings,
)

LIST = "/api/v3.2/common/connectionrequests"
ORACLE = {"CRSUC": 11, "CREU1": 2, "CREU2": 2, "CREU3": 4, "CRPA1": 1}


class Recorder(EventListener):
    def __init__(self):
        self.events = []

    def on_event(self, event):
        self.events.append(event)


class Raising(EventListener):
    def __init__(self):
        self.calls = 0

    def on_event(self, event):
        self.calls += 1
        raise RuntimeError("listener broke")


def listing_fault(us, kind, times=1):
    body = json.dumps({"method": "GET", "path_prefix": LIST, "kind": kind, "times": times}).encode()
    r = send_blocking(TransportRequest(method="POST", url=f"{us}/_sandbox/faults",
                                       headers=[HttpHeader(name="content-type", value="application/json")],
                                       body=body, timeout_ms=None))
    check(f"fault armed: {kind}", 200 <= r.status < 300, str(r.status))


def settings(us, eu, **more):
    return TriplinkSettings(base_url=us, client_id="triplink-demo-client",
                            client_secret=ClientSecret("triplink-demo-secret"), extra_allowed_hosts=[eu],
                            retry=RetrySettings(max_attempts=4, base_delay_ms=5, max_delay_ms=20), **more)


async def main(us, eu, csv_path):
    with open(csv_path, encoding="utf-8") as f:
        members = f.read()
    rec = Recorder()
    client = TriplinkClient.with_events(settings(us, eu), PyTransport(), None, rec)
    await client.password_login("supplier", "supplier@example.com", "sandbox-password")
    # The first listing finds the token expired (a refresh with rotation), the next gets a 503.
    listing_fault(us, {"kind": "expired_token"})
    listing_fault(us, {"kind": "status", "status": 503})
    report = await client.auto_connect("supplier", MemberIndex.from_csv(members, MatchPolicy.either()), None)
    check("events run: counts 11/2/2/4/1", dict(report.counts) == ORACLE, repr(report.counts))
    events = list(rec.events)

    read = sum(e.new_requests for e in events if isinstance(e, SdkEvent.PAGE_READ))
    check("events: pageRead counts every request", read == len(report.outcomes), str(read))
    decided = [e for e in events if isinstance(e, SdkEvent.REQUEST_DECIDED)]
    check("events: one requestDecided per request", len(decided) == len(report.outcomes), str(len(decided)))
    retries = [e for e in events if isinstance(e, SdkEvent.RETRY_SCHEDULED)]
    check("events: retryScheduled for the 503 on the listing", any(
        r.method == "GET" and r.path.startswith(LIST) and r.reason == "HTTP 503" and r.attempt == 1
        for r in retries), repr(retries))
    check("events: tokenRefreshed (rotated) for the supplier", any(
        isinstance(e, SdkEvent.TOKEN_REFRESHED) and e.key == "supplier" and e.rotated for e in events))
    check("events: the EU users' grants redirected", any(
        isinstance(e, SdkEvent.REDIRECTED) and e.to_url == eu for e in events))
    for o in report.outcomes:
        d = next((i for i, e in enumerate(events) if isinstance(e, SdkEvent.REQUEST_DECIDED)
                  and e.request_id == o.request_id and e.status == o.status), -1)
        p = next((i for i, e in enumerate(events) if isinstance(e, SdkEvent.PUT_DONE)
                  and e.request_id == o.request_id and e.status == o.status
                  and e.correlation_id == o.correlation_id), -1)
        if not (d >= 0 and p > d):
            check(f"events: {o.request_id} decided ({d}) then PUT ({p})", False)
            break
    else:
        check("events: each request decided with the report's status, then PUT", True)
    kinds = set()
    for e in events:
        # A match with a catch-all arm: later versions may add kinds.
        match e:
            case SdkEvent.PAGE_READ() | SdkEvent.REQUEST_DECIDED() | SdkEvent.PUT_DONE():
                kinds.add("job")
            case _:
                kinds.add("other")
    check("events: matched with a catch-all arm", kinds == {"job", "other"}, repr(kinds))

    # A listener that raises on every event: ignored, the run goes on.
    raising = Raising()
    broken = TriplinkClient.with_events(settings(us, eu), PyTransport(), None, raising)
    await broken.password_login("supplier", "supplier@example.com", "sandbox-password")
    seeded = json.loads(bytes(send_blocking(TransportRequest(
        method="POST", url=f"{us}/_sandbox/seed?requests=6", headers=[], body=b"", timeout_ms=None)).body))
    more = bytes(send_blocking(TransportRequest(method="GET", url=f"{us}{seeded['members_csv']}",
                                                headers=[], body=b"", timeout_ms=None)).body).decode()
    again = await broken.auto_connect("supplier", MemberIndex.from_csv(more, MatchPolicy.either()), None)
    check("a listener that raises leaves the run whole", len(again.outcomes) == 6 and again.failed_puts == 0
          and again.stopped is None and raising.calls >= 12, f"{len(again.outcomes)} {raising.calls}")

    # The retry budget: bad sizes refused by name; a small one honoured.
    for field, budget in [("retry_budget.capacity", RetryBudgetSettings(capacity=0, retry_cost=5, timeout_cost=10, success_refill=1)),
                          ("retry_budget.retry_cost", RetryBudgetSettings(capacity=10, retry_cost=11, timeout_cost=10, success_refill=1)),
                          ("retry_budget.capacity", RetryBudgetSettings(capacity=-1, retry_cost=5, timeout_cost=10, success_refill=1))]:
        try:
            TriplinkClient(settings(us, eu, retry_budget=budget), PyTransport(), None)
            check(f"retry budget: bad {field} refused", False, "no error")
        except TriplinkError.InvalidInput as e:
            check(f"retry budget: bad {field} -> InvalidInput naming it", field in e.detail, e.detail)
    small = Recorder()
    tight = TriplinkClient.with_events(settings(us, eu, retry_budget=RetryBudgetSettings(capacity=7, retry_cost=5, timeout_cost=7, success_refill=0)),
                                       PyTransport(), None, small)
    await tight.password_login("supplier", "supplier@example.com", "sandbox-password")
    listing_fault(us, {"kind": "status", "status": 503}, times=8)
    for _ in range(2):
        try:
            await tight.list_connection_requests("supplier", CrApiVersion.V32, 1, None, None)
            check("retry budget: the outage fails the call", False)
        except TriplinkError:
            pass
    n = sum(isinstance(e, SdkEvent.RETRY_SCHEDULED) for e in small.events)
    check("retry budget: room for one retry, one retry made across two failing calls", n == 1, str(n))

    print("python events: all checks passed" if not FAILURES else f"python events: {len(FAILURES)} failed")
    return 0 if not FAILURES else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main(*sys.argv[1:4])))
